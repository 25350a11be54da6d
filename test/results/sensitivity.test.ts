// Sobol' indices from the Saltelli design: the Ishigami function's analytic indices, and the sensitivity table of
// a planned sweep built from synthetic run records.
import { describe, expect, it } from 'vitest';
import { deriveRng } from '../../src/core/rng.js';
import { sobolIndicesFigure } from '../../src/results/figures/sobol-indices.js';
import { sensitivityTables, sobolIndices } from '../../src/results/sensitivity.js';
import { buildPlan } from '../../src/sweep/plan.js';
import { fromUnit, saltelliPoints } from '../../src/sweep/sample.js';
import type { RunRecord } from '../../src/sweep/store.js';
import { sweepSchema } from '../../src/scenario/sweep-schema.js';
import { SobolSequence } from '../../src/sweep/sobol.js';

const A = 7;
const B = 0.1;
const ishigami = (x: readonly number[]): number => Math.sin(x[0]!) + A * Math.sin(x[1]!) ** 2 + B * x[2]! ** 4 * Math.sin(x[0]!);

/** Analytic indices (Ishigami & Homma 1990; Sobol' & Levitan 1999). */
function analytic(): { first: number[]; total: number[] } {
  const pi4 = Math.PI ** 4;
  const v1 = 0.5 * (1 + (B * pi4) / 5) ** 2;
  const v2 = A ** 2 / 8;
  const v13 = ((B ** 2 * pi4 ** 2) * 8) / 225;
  const v = v1 + v2 + v13;
  return { first: [v1 / v, v2 / v, 0], total: [(v1 + v13) / v, v2 / v, v13 / v] };
}

describe("Sobol' sequence", () => {
  it('matches the first points of Joe and Kuo\'s reference generator (Gray-code order)', () => {
    const s = new SobolSequence(3);
    expect([0, 1, 2, 3, 4, 9].map((i) => s.point(i))).toEqual([
      [0, 0, 0], [0.5, 0.5, 0.5], [0.75, 0.25, 0.25], [0.25, 0.75, 0.75], [0.375, 0.375, 0.625], [0.6875, 0.8125, 0.4375],
    ]);
  });

  it('puts exactly one of the first 2^m points in each dyadic interval of every dimension', () => {
    const s = new SobolSequence(32, deriveRng(1, 'shift'));
    for (let d = 0; d < 32; d++) {
      const cells = new Set(Array.from({ length: 64 }, (_, i) => Math.floor(s.point(i)[d]! * 64)));
      expect(cells.size).toBe(64);
    }
  });
});

describe("Sobol' indices (Saltelli design)", () => {
  it('recovers the Ishigami indices within 0.02 of the analytic values (n = 4096 base rows)', () => {
    const n = 4096;
    const pts = saltelliPoints(3, n, deriveRng(7, 'sweep:sample'));
    const range = { min: -Math.PI, max: Math.PI, scale: 'linear', type: 'float' } as const;
    const f = pts.map((u) => ishigami(u.map((x) => fromUnit(range, x))));
    const at = (k: number): Float64Array => Float64Array.from({ length: n }, (_, j) => f[j * 5 + k]!);
    const ix = sobolIndices(at(0), at(1), [at(2), at(3), at(4)], 1);
    const want = analytic();
    ix.forEach((x, i) => {
      expect(Math.abs(x.first - want.first[i]!)).toBeLessThan(0.02);
      expect(Math.abs(x.total - want.total[i]!)).toBeLessThan(0.02);
      expect(x.firstLow).toBeLessThanOrEqual(x.first);
      expect(x.firstHigh).toBeGreaterThanOrEqual(x.first);
      expect(x.totalHigh - x.totalLow).toBeLessThan(0.1);
    });
  });

  it("plans n x (d + 2) points for 'sobol' sampling and refuses more than 16 ranges", () => {
    const ranges = (k: number): Record<string, { min: number; max: number }> => Object.fromEntries(Array.from({ length: k }, (_, i) => [`params.p${i}`, { min: 0, max: 1 }]));
    const ok = sweepSchema.safeParse({ name: 's', base: 'x.yaml', sample: { method: 'sobol', n: 64, ranges: ranges(16) } });
    expect(ok.success && buildPlan(ok.data).points.length).toBe(64 * 18);
    const bad = sweepSchema.safeParse({ name: 's', base: 'x.yaml', sample: { method: 'sobol', n: 64, ranges: ranges(17) } });
    expect(bad.error?.issues.map((i) => i.message)).toEqual(["'sobol' sampling needs 1 to 16 ranges (the Saltelli design uses 2 Sobol' dimensions per range)"]);
  });

  it('builds the sensitivity table of a sobol sweep from its run records', () => {
    const spec = sweepSchema.parse({
      name: 'sens', base: 'x.yaml', replicates: 2,
      sample: { method: 'sobol', n: 256, ranges: { 'params.a': { min: 0, max: 1 }, 'params.b': { min: 0, max: 1 } } },
    });
    const plan = buildPlan(spec);
    expect(plan.points.length).toBe(256 * 4);
    const records: RunRecord[] = [];
    for (let id = 0; id < plan.runCount; id++) {
      const point = Math.floor(id / 2);
      const [a, b] = plan.points[point] as number[];
      records.push({ run_id: id, point_id: point, replicate: id % 2, counterfactual: 'none', seed: 1, status: 'ok', error: '', wall_s: 0, summary: { y: 3 * a! + b! } });
    }
    const [t] = sensitivityTables(plan, records);
    const col = (name: string): ArrayLike<unknown> => t!.columns.find((c) => c.name === name)!.values;
    expect(Array.from(col('parameter') as string[])).toEqual(['params.a', 'params.b']);
    // y = 3a + b with a, b uniform: S_a = 9/10, S_b = 1/10, no interaction.
    expect(Math.abs((col('S1') as Float64Array)[0]! - 0.9)).toBeLessThan(0.05);
    expect(Math.abs((col('ST') as Float64Array)[1]! - 0.1)).toBeLessThan(0.05);
    const fig = sobolIndicesFigure(t);
    expect('spec' in fig && JSON.stringify(fig.spec)).toContain('"text":"y"');
    expect(sobolIndicesFigure(undefined)).toMatchObject({ skipped: expect.stringContaining('no sensitivity table') });
  });
});
