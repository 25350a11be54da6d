// The attribution tables from hand-made run records: per seed the exact Shapley values of the game the records
// form, the baseline / total / all-agents rows, means with 95% t intervals, share of the total, interactions, and
// seeds with a failed run or a non-finite metric left out of that metric.
import { describe, expect, it } from 'vitest';
import type { ColumnTable } from '../../src/core/table.js';
import { attributionTables } from '../../src/results/attribution-tables.js';
import { tQuantile } from '../../src/results/student-t.js';
import { buildAttributionPlan } from '../../src/sweep/attribution-plan.js';
import type { RunRecord } from '../../src/sweep/store.js';

const plan = buildAttributionPlan(['a', 'b'], 3);

/** Records of seed s with v over subsets 0..3 (metric m), optionally one failed. */
function seedRecords(seed: number, v: readonly number[], failed = -1): RunRecord[] {
  return v.map((x, subset) => ({
    run_id: (seed - 1) * 4 + subset, point_id: subset, replicate: seed - 1, counterfactual: ['a+b', 'b', 'a', 'none'][subset]!, seed,
    status: subset === failed ? 'failed' : 'ok', error: subset === failed ? 'Error: boom' : '', wall_s: 0.1,
    summary: subset === failed ? {} : { m: x, other: seed },
  }));
}

const rows = (t: ColumnTable): Record<string, unknown>[] =>
  Array.from({ length: t.rowCount }, (_, r) => Object.fromEntries(t.columns.map((c) => [c.name, c.values[r]])));

describe('attribution tables', () => {
  // seed 1: v = [0, 2, 4, 10] → φa = ½(2 + 6) = 4, φb = ½(4 + 8) = 6, I = 4; seed 2: [1, 1, 3, 3] → φa = 0, φb = 2, I = 0
  // seed 3: a failed run, so it is left out.
  const records = [...seedRecords(1, [0, 2, 4, 10]), ...seedRecords(2, [1, 1, 3, 3]), ...seedRecords(3, [5, 5, 5, 5], 2)];
  const { tables, games } = attributionTables(plan, records, ['m']);
  const [runs, attribution, interactions, perSeed] = tables as [ColumnTable, ColumnTable, ColumnTable, ColumnTable];

  it('uses only the seeds whose 2^k runs all finished', () => {
    expect(games[0]!.seeds).toEqual([1, 2]);
    expect(games[0]!.efficiencyError).toBe(0);
  });

  it('gives each seed its exact Shapley values and the baseline, total and all-agents rows', () => {
    expect(rows(perSeed)).toEqual([
      { metric: 'm', seed: 1, kind: 'baseline', value: 0 }, { metric: 'm', seed: 1, kind: 'a', value: 4 }, { metric: 'm', seed: 1, kind: 'b', value: 6 },
      { metric: 'm', seed: 1, kind: 'total', value: 10 }, { metric: 'm', seed: 1, kind: 'all-agents', value: 10 },
      { metric: 'm', seed: 2, kind: 'baseline', value: 1 }, { metric: 'm', seed: 2, kind: 'a', value: 0 }, { metric: 'm', seed: 2, kind: 'b', value: 2 },
      { metric: 'm', seed: 2, kind: 'total', value: 2 }, { metric: 'm', seed: 2, kind: 'all-agents', value: 3 },
    ]);
  });

  it('averages over seeds with a 95% t interval and the share of the total', () => {
    const half = (sd: number): number => (tQuantile(0.975, 1) * sd) / Math.SQRT2;
    const a = rows(attribution).find((r) => r['kind'] === 'a')!;
    expect(a).toEqual({ metric: 'm', kind: 'a', shapley: 2, ci_low: 2 - half(Math.SQRT2 * 2), ci_high: 2 + half(Math.SQRT2 * 2), share_of_total: 2 / 6, n_seeds: 2 });
    const byKind = Object.fromEntries(rows(attribution).map((r) => [r['kind'], r]));
    expect(Object.keys(byKind)).toEqual(['baseline', 'a', 'b', 'total', 'all-agents']);
    expect([byKind['baseline']!['shapley'], byKind['b']!['shapley'], byKind['total']!['shapley'], byKind['all-agents']!['shapley']]).toEqual([0.5, 4, 6, 6.5]);
    expect([byKind['total']!['share_of_total'], byKind['baseline']!['share_of_total']]).toEqual([1, NaN]);
  });

  it('gives the pair interaction, averaged over seeds', () => {
    expect(rows(interactions)).toEqual([{ metric: 'm', kind_a: 'a', kind_b: 'b', interaction: 2, ci_low: 2 - (tQuantile(0.975, 1) * 2 * Math.SQRT2) / Math.SQRT2, ci_high: 2 + (tQuantile(0.975, 1) * 2 * Math.SQRT2) / Math.SQRT2, n_seeds: 2 }]);
  });

  it('lists every run with the kinds present as 0/1 columns', () => {
    expect(runs.columns.map((c) => c.name)).toEqual(['run_id', 'seed', 'subset', 'counterfactual', 'present.a', 'present.b', 'm', 'other', 'status', 'error', 'wall_s']);
    expect(Array.from(runs.columns[4]!.values as Int32Array).slice(0, 4)).toEqual([0, 1, 0, 1]);
    expect(Array.from(runs.columns[5]!.values as Int32Array).slice(0, 4)).toEqual([0, 0, 1, 1]);
  });
});
