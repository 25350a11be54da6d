// The plan: grid order, run ids as arithmetic on (point, replicate, variant), seeds as a pure function of (sweep
// seed, point, replicate) shared by a run's counterfactuals, and sampled points (Latin hypercube strata).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deriveSeed } from '../../src/core/rng.js';
import type { SweepSpec } from '../../src/scenario/sweep-schema.js';
import { FULL_RUN } from '../../src/core/full-run.js';
import { buildPlan, pointValues, runAt, runSeed } from '../../src/sweep/plan.js';
import { fromUnit, samplePoints } from '../../src/sweep/sample.js';

function spec(over: Partial<SweepSpec>): SweepSpec {
  return { name: 't', description: '', base: 'b.yaml', set: {}, vary: {}, replicates: 1, seed: 7, crn: 'across-points', counterfactuals: [], ...over };
}

describe('plan', () => {
  it('enumerates the grid with the first path slowest, crossed with the sampled points', () => {
    const p = buildPlan(spec({ vary: { a: [1, 2], b: ['x', 'y', 'z'] } }));
    expect(p.paths).toEqual(['a', 'b']);
    expect(p.points).toEqual([[1, 'x'], [1, 'y'], [1, 'z'], [2, 'x'], [2, 'y'], [2, 'z']]);
    const q = buildPlan(spec({ vary: { a: [1, 2] }, sample: { method: 'random', n: 3, ranges: { r: { min: 0, max: 1, scale: 'linear', type: 'float' } } } }));
    expect(q.paths).toEqual(['a', 'r']);
    expect(q.points.map((x) => x[0])).toEqual([1, 1, 1, 2, 2, 2]);
    expect(q.points.slice(3).map((x) => x[1])).toEqual(q.points.slice(0, 3).map((x) => x[1]));
    expect(pointValues(q, 4)).toEqual([{ path: 'a', value: 2 }, { path: 'r', value: q.points[4]![1] }]);
  });

  it('has one point when nothing varies, and counts points x replicates x variants', () => {
    const p = buildPlan(spec({ replicates: 5, counterfactuals: ['value-trader', 'market-maker'] }));
    expect(p.points).toEqual([[]]);
    expect(p.variants).toBe(3);
    expect(p.runCount).toBe(15);
  });

  it('numbers runs ((point x replicates) + replicate) x variants + variant, and back', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 2 }), (nA, reps, ncf) => {
        const cfs = ['k1', 'k2'].slice(0, ncf);
        const p = buildPlan(spec({ vary: { a: Array.from({ length: nA }, (_, i) => i) }, replicates: reps, counterfactuals: cfs }));
        for (let id = 0; id < p.runCount; id++) {
          const r = runAt(p, id);
          expect(((r.pointId * reps) + r.replicate) * (1 + ncf) + r.variant).toBe(id);
          expect(r.counterfactual).toBe(r.variant === 0 ? FULL_RUN : cfs[r.variant - 1]);
        }
      }),
    );
    expect(() => runAt(buildPlan(spec({})), 1)).toThrow('run_id 1 is outside the plan (0..0)');
  });

  it('derives seeds from (sweep seed, replicate) across points, or (seed, point, replicate) within points', () => {
    expect(runSeed({ seed: 7, crn: 'across-points' }, 3, 0)).toBe(4053078774);
    expect(runSeed({ seed: 7, crn: 'across-points' }, 0, 1)).toBe(3957600247);
    expect(runSeed({ seed: 7, crn: 'across-points' }, 2, 5)).toBe(deriveSeed(7, 'replicate:5'));
    expect(runSeed({ seed: 7, crn: 'within-point' }, 2, 5)).toBe(deriveSeed(7, 'point:2/replicate:5'));
    expect(runSeed({ seed: 7, crn: 'within-point' }, 2, 5)).not.toBe(runSeed({ seed: 7, crn: 'within-point' }, 3, 5));
  });

  it('gives every variant of a (point, replicate) the same seed, and distinct replicates distinct seeds', () => {
    const p = buildPlan(spec({ vary: { a: [1, 2, 3] }, replicates: 50, counterfactuals: ['k'], crn: 'within-point' }));
    const byPair = new Map<string, Set<number>>();
    for (let id = 0; id < p.runCount; id++) {
      const r = runAt(p, id);
      const key = `${r.pointId}/${r.replicate}`;
      byPair.set(key, (byPair.get(key) ?? new Set()).add(r.seed));
    }
    expect([...byPair.values()].every((s) => s.size === 1)).toBe(true);
    expect(new Set([...byPair.values()].map((s) => [...s][0])).size).toBe(150);
  });
});

describe('sampled points', () => {
  const linear = { min: 10, max: 20, scale: 'linear', type: 'float' } as const;

  it('maps a unit draw through the range: linear, log, and whole numbers with equal shares', () => {
    expect(fromUnit(linear, 0)).toBe(10);
    expect(fromUnit(linear, 0.25)).toBe(12.5);
    expect(fromUnit({ min: 1, max: 100, scale: 'log', type: 'float' }, 0.5)).toBeCloseTo(10, 12);
    const ints = { min: 1, max: 4, scale: 'linear', type: 'int' } as const;
    expect([0, 0.2499, 0.25, 0.5, 0.9999].map((u) => fromUnit(ints, u))).toEqual([1, 1, 2, 3, 4]);
  });

  it('Latin hypercube: each of n strata of every range is used exactly once', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 1e6 }), (n, seed) => {
        const ranges = { a: linear, b: { min: 1, max: 1000, scale: 'log', type: 'float' } as const };
        const rows = samplePoints({ method: 'lhs', n, ranges }, seed);
        const strata = (d: number, f: (x: number) => number): number[] => rows.map((r) => Math.floor(f(r[d]!) * n)).sort((x, y) => x - y);
        const all = Array.from({ length: n }, (_, i) => i);
        expect(strata(0, (x) => (x - 10) / 10)).toEqual(all);
        expect(strata(1, (x) => Math.log(x) / Math.log(1000) - 1e-12)).toEqual(all);
      }),
      { numRuns: 50 },
    );
  });

  it('an int range with as many points as values gets each value once', () => {
    const rows = samplePoints({ method: 'lhs', n: 6, ranges: { k: { min: 5, max: 10, scale: 'linear', type: 'int' } } }, 3);
    expect(rows.map((r) => r[0]).sort((x, y) => x! - y!)).toEqual([5, 6, 7, 8, 9, 10]);
  });

  it('is a pure function of the sweep seed', () => {
    const s = { method: 'random', n: 5, ranges: { a: linear } } as const;
    expect(samplePoints(s, 1)).toEqual(samplePoints(s, 1));
    expect(samplePoints(s, 1)).not.toEqual(samplePoints(s, 2));
    for (const [x] of samplePoints(s, 9)) expect(x! >= 10 && x! < 20).toBe(true);
  });
});
