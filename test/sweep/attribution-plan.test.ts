// The attribution plan: run ids as arithmetic on (seed, subset), seeds 1..N as given to `cascade run --seed`, the
// kinds outside a subset disabled, at most 10 kinds.
import { describe, expect, it } from 'vitest';
import { attributionPlanHash, attributionRunAt, attributionRunId, buildAttributionPlan, MAX_ATTRIBUTION_KINDS } from '../../src/sweep/attribution-plan.js';

describe('attribution plan', () => {
  it('numbers runs (seed − 1)·2^k + subset, bit i of the subset = kind i present', () => {
    const plan = buildAttributionPlan(['a', 'b', 'c'], 2);
    expect(plan).toEqual({ kinds: ['a', 'b', 'c'], seeds: 2, subsets: 8, runCount: 16 });
    expect(attributionRunAt(plan, 0)).toEqual({ runId: 0, seed: 1, subset: 0, disabled: ['a', 'b', 'c'], counterfactual: 'a+b+c' });
    expect(attributionRunAt(plan, 5)).toEqual({ runId: 5, seed: 1, subset: 5, disabled: ['b'], counterfactual: 'b' });
    expect(attributionRunAt(plan, 15)).toEqual({ runId: 15, seed: 2, subset: 7, disabled: [], counterfactual: 'none' });
    for (let id = 0; id < plan.runCount; id++) {
      const r = attributionRunAt(plan, id);
      expect(attributionRunId(plan, r.seed, r.subset)).toBe(id);
    }
    expect(() => attributionRunAt(plan, 16)).toThrow('run_id 16 is outside the plan (0..15)');
  });

  it('refuses more than 10 kinds, no kinds and no seeds', () => {
    expect(MAX_ATTRIBUTION_KINDS).toBe(10);
    expect(buildAttributionPlan(Array.from({ length: 10 }, (_, i) => `k${i}`), 1).runCount).toBe(1024);
    expect(() => buildAttributionPlan(Array.from({ length: 11 }, (_, i) => `k${i}`), 1)).toThrow('an attribution needs 1..10 kinds, got 11');
    expect(() => buildAttributionPlan([], 1)).toThrow('got 0');
    expect(() => buildAttributionPlan(['a'], 0)).toThrow('seeds must be a positive integer, got 0');
  });

  it('hashes the scenario, the kinds in order and the seeds', () => {
    const h = (kinds: string[], seeds: number, sc: unknown): string => attributionPlanHash(sc, buildAttributionPlan(kinds, seeds));
    expect(h(['a', 'b'], 2, { x: 1 })).toBe(h(['a', 'b'], 2, { x: 1 }));
    expect(new Set([h(['a', 'b'], 2, { x: 1 }), h(['b', 'a'], 2, { x: 1 }), h(['a', 'b'], 3, { x: 1 }), h(['a', 'b'], 2, { x: 2 })]).size).toBe(4);
  });
});
