// Identical runs in a plan: with crn across-points, a counterfactual leaving out the only kind a swept parameter
// acts on is the same run at every point (the shipped letf-aum sweep: 80 of its 200 runs); with within-point seeds,
// or when the parameter acts on a kind that stays, nothing is duplicated. Each copy maps to a source that ran, and
// the manifest form of the copies reads back (a damaged one is named).
import { describe, expect, it } from 'vitest';
import { loadSweep } from '../../src/scenario/sweep-load.js';
import { materialize } from '../../src/sweep/execute.js';
import type { SweepSpec } from '../../src/scenario/sweep-schema.js';
import { buildPlan, copiesFromJson, copiesToJson, duplicateRuns, findCopies, pointValues, runAt, runInputKey, sourceRun } from '../../src/sweep/plan.js';

function spec(over: Partial<SweepSpec>): SweepSpec {
  return { name: 't', description: '', base: 'b.yaml', set: {}, vary: {}, replicates: 1, seed: 7, crn: 'across-points', counterfactuals: [], ...over };
}

/** A toy resolved scenario: `size` sets the LETF group's AUM, `noise` the noise traders' count. */
const scenario = (size: unknown, noise = 10): Record<string, unknown> => ({
  name: 's', params: { size }, agents: [{ kind: 'noise-trader', count: noise }, { kind: 'leveraged-etf', count: 1, params: { aum: size } }],
});

describe('duplicate runs', () => {
  it('across points: the counterfactual without the swept kind runs once per replicate', () => {
    const plan = buildPlan(spec({ vary: { 'params.size': [1, 2, 3] }, replicates: 2, counterfactuals: ['leveraged-etf'] }));
    const key = (p: number, v: number): string => runInputKey(scenario(plan.points[p]![0]), v === 0 ? null : 'leveraged-etf');
    const dups = duplicateRuns(plan, key);
    // runs: point p, replicate r, variant v → id (p·2 + r)·2 + v; the counterfactuals of points 1 and 2 repeat point 0's
    expect([...dups]).toEqual([[5, 1], [7, 3], [9, 1], [11, 3]]);
    for (const [id, first] of dups) {
      expect(runAt(plan, id).seed).toBe(runAt(plan, first).seed);
      expect(runAt(plan, id).variant).toBe(1);
    }
  });

  it('within points, or when the parameter acts on a kind that stays, no run repeats', () => {
    const within = buildPlan(spec({ vary: { 'params.size': [1, 2] }, replicates: 2, counterfactuals: ['leveraged-etf'], crn: 'within-point' }));
    expect(duplicateRuns(within, (p, v) => runInputKey(scenario(within.points[p]![0]), v === 0 ? null : 'leveraged-etf')).size).toBe(0);
    const noise = buildPlan(spec({ vary: { 'params.noise': [10, 20] }, replicates: 2, counterfactuals: ['leveraged-etf'] }));
    expect(duplicateRuns(noise, (p, v) => runInputKey(scenario(1, noise.points[p]![0] as number), v === 0 ? null : 'leveraged-etf')).size).toBe(0);
  });

  it('copies are found per (point, variant) slot and map each run to its source, which is never a copy', () => {
    const plan = buildPlan(spec({ vary: { 'params.size': [1, 2, 1] }, replicates: 2, counterfactuals: ['leveraged-etf'] }));
    const copies = findCopies(plan, (p, v) => runInputKey(scenario(plan.points[p]![0]), v === 0 ? null : 'leveraged-etf'));
    // point 2 repeats point 0 whole (same value); point 1's counterfactual repeats point 0's
    expect(copiesToJson(plan, copies)).toEqual([[1, 1, 0], [2, 0, 0], [2, 1, 0]]);
    const sources = Array.from({ length: plan.runCount }, (_, id) => sourceRun(plan, copies, id));
    expect(sources).toEqual([0, 1, 2, 3, 4, 1, 6, 3, 0, 1, 2, 3]);
    for (const s of sources) expect(sources[s]).toBe(s);
    expect(copiesFromJson(plan, copiesToJson(plan, copies))).toEqual(copies);
    expect(copiesFromJson(plan, undefined).size).toBe(0);
    expect(() => copiesFromJson(plan, [[1, 1, 1]])).toThrow('runCopies entry [1,1,1] is not [point, variant, earlier point] of this plan');
    expect(() => copiesFromJson(plan, [[3, 0, 0]])).toThrow('runCopies entry [3,0,0] is not');
    expect(() => copiesFromJson(plan, {})).toThrow('runCopies is not a list');
  });

  it('a left-out kind the point does not have is not the full run (that run fails; it is not a copy)', () => {
    const s = scenario(1);
    expect(runInputKey(s, 'option-dealer')).not.toBe(runInputKey(s, null));
    expect(runInputKey(s, 'leveraged-etf')).toBe(runInputKey({ ...s, params: { size: 9 } }, 'leveraged-etf'));
  });

  // Its counterfactual arm (no leveraged ETFs) no longer repeats across AUM points: korea-2026's SK hynix option
  // dealers start with the hedge of the options fund's calls, which scales with letfAumScale (docs/korea-2026.md,
  // Known gaps), so the runs without the funds differ between points.
  it('finds no duplicate among the 200 runs of the shipped letf-aum sweep', () => {
    const loaded = loadSweep('scenarios/sweeps/letf-aum.yaml');
    const plan = buildPlan(loaded.spec);
    const resolved = plan.points.map((_, p) => loaded.scenarioFor(pointValues(plan, p)).resolved);
    const dups = duplicateRuns(plan, (p, v) => runInputKey(resolved[p]!, v === 0 ? null : plan.counterfactuals[v - 1]!));
    expect(plan.runCount).toBe(200);
    expect(dups.size).toBe(0);
    // and a sweep session finds the same: nothing to run once
    expect(materialize(loaded).copies.size).toBe(0);
  }, 60_000);
});
