// A sweep's tables from hand-made records, checked against the formulas: per-point mean, sd (n − 1) and type-7
// quantiles over ok runs only; paired differences with a t interval; failed runs counted, not averaged.
import { describe, expect, it } from 'vitest';
import { column, type ColumnTable } from '../../src/core/table.js';
import { okRuns, pairedEffects, statsOf, sweepView } from '../../src/results/sweep-stats.js';
import { effectsTable, metricNames, pointsTable, runsTable, sweepTables } from '../../src/results/sweep-tables.js';
import type { SweepSpec } from '../../src/scenario/sweep-schema.js';
import { buildPlan, runAt } from '../../src/sweep/plan.js';
import type { RunRecord } from '../../src/sweep/store.js';

const SPEC: SweepSpec = {
  name: 't', description: '', base: 'b.yaml', set: {}, vary: { a: [1, 2] }, replicates: 4, seed: 7, crn: 'across-points', counterfactuals: ['k'],
};
const plan = buildPlan(SPEC);
const DIFFS = [1, 2, 4, 5];

/** m = 10·point + replicate for full runs, minus DIFFS[replicate] without k; x NaN in one run; run 15 failed. */
const records: RunRecord[] = Array.from({ length: plan.runCount }, (_, id) => {
  const r = runAt(plan, id);
  const m = 10 * r.pointId + r.replicate - (r.variant === 1 ? DIFFS[r.replicate]! : 0);
  const x = id === 0 ? NaN : 1;
  const base = { run_id: id, point_id: r.pointId, replicate: r.replicate, counterfactual: r.counterfactual, seed: r.seed, wall_s: 0.5 };
  if (id === 15) return { ...base, status: 'failed', error: 'Error: boom', wall_s: NaN, summary: {} };
  return { ...base, status: 'ok', error: '', summary: { m, x } };
});

/** Type-7 quantiles compute (n − 1)·p in floating point (3 × 0.05 = 0.15000000000000002): compare to 1e-14. */
function close(actual: number[], expected: number[]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => expect(a).toBeCloseTo(expected[i]!, 14));
}

const values = (t: ColumnTable, name: string): (number | string)[] => Array.from(column(t, name).values as ArrayLike<number | string>);

describe('sweep tables', () => {
  it('runs: one row per run with ids, seed, computed_by, swept values, metrics, status, error, wall_s', () => {
    const t = runsTable(plan, records, metricNames(records));
    expect(t.columns.map((c) => c.name)).toEqual(['run_id', 'point_id', 'replicate', 'counterfactual', 'seed', 'computed_by', 'a', 'm', 'x', 'status', 'error', 'wall_s']);
    expect(values(t, 'computed_by')).toEqual(values(t, 'run_id'));
    const copied = runsTable(plan, records.map((r) => (r.run_id === 9 ? { ...r, computed_by: 1, wall_s: 0 } : r)), metricNames(records));
    expect(values(copied, 'computed_by')[9]).toBe(1);
    expect(column(copied, 'computed_by').type).toBe('int');
    expect(t.rowCount).toBe(16);
    expect(values(t, 'a')).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2]);
    expect(values(t, 'counterfactual').slice(0, 4)).toEqual(['none', 'k', 'none', 'k']);
    expect(values(t, 'm').slice(0, 4)).toEqual([0, -1, 1, -1]);
    expect(values(t, 'status')[15]).toBe('failed');
    expect(values(t, 'error')[15]).toBe('Error: boom');
    expect(column(t, 'seed').type).toBe('int');
  });

  it('points: n_ok, n_failed, and mean, sd, p05, p50, p95 over ok runs (NaN left out)', () => {
    const t = pointsTable(plan, records, ['m', 'x']);
    expect(t.columns.slice(0, 10).map((c) => c.name)).toEqual(['point_id', 'counterfactual', 'a', 'n_ok', 'n_failed', 'm.mean', 'm.sd', 'm.p05', 'm.p50', 'm.p95']);
    expect(values(t, 'point_id')).toEqual([0, 0, 1, 1]);
    expect(values(t, 'counterfactual')).toEqual(['none', 'k', 'none', 'k']);
    expect(values(t, 'n_ok')).toEqual([4, 4, 4, 3]);
    expect(values(t, 'n_failed')).toEqual([0, 0, 0, 1]);
    // point 0, all agents: m = 0, 1, 2, 3
    close([0, 1, 2, 3, 4].map((i) => t.columns[5 + i]!.values[0] as number), [1.5, Math.sqrt(5 / 3), 0.15, 1.5, 2.85]);
    // point 0 without k: m = -1, -1, -2, -2
    close([0, 1, 2, 3, 4].map((i) => t.columns[5 + i]!.values[1] as number), [-1.5, Math.sqrt(1 / 3), -2, -1.5, -1]);
    expect(values(t, 'x.mean')[0]).toBe(1);
  });

  it('effects: paired all-agents minus counterfactual, mean and 95% t interval, over pairs that both ran', () => {
    const t = effectsTable(plan, records, ['m']);
    expect(t.columns.map((c) => c.name)).toEqual(['point_id', 'counterfactual', 'a', 'n_pairs', 'm.diff_mean', 'm.ci_low', 'm.ci_high']);
    expect(values(t, 'counterfactual')).toEqual(['k', 'k']);
    expect(values(t, 'n_pairs')).toEqual([4, 3]);
    const [mean0, mean1] = values(t, 'm.diff_mean') as number[];
    expect(mean0).toBe(3);
    expect(mean1).toBeCloseTo(7 / 3, 14);
    const half0 = (3.1824463052837078 * Math.sqrt(10 / 3)) / 2; // t(0.975, 3) · sd / √4, diffs 1, 2, 4, 5
    const half1 = (4.302652729749464 * Math.sqrt(7 / 3)) / Math.sqrt(3); // t(0.975, 2) · sd / √3, diffs 1, 2, 4
    expect((values(t, 'm.ci_low') as number[])[0]).toBeCloseTo(3 - half0, 11);
    expect((values(t, 'm.ci_high') as number[])[0]).toBeCloseTo(3 + half0, 11);
    expect((values(t, 'm.ci_high') as number[])[1]).toBeCloseTo(7 / 3 + half1, 11);
  });

  it('a sweep without counterfactuals has an empty effects table; non-numeric swept values are text', () => {
    const p = buildPlan({ ...SPEC, vary: { b: [[1, 2], 'w', true] }, replicates: 1, counterfactuals: [] });
    const recs: RunRecord[] = [0, 1, 2].map((id) => ({
      run_id: id, point_id: id, replicate: 0, counterfactual: 'none', seed: 1, status: 'ok', error: '', wall_s: 1, summary: { m: id },
    }));
    const [runs, points, effects] = sweepTables(p, recs);
    expect(values(runs!, 'b')).toEqual(['[1,2]', 'w', 'true']);
    expect(values(points!, 'm.mean')).toEqual([0, 1, 2]);
    expect(effects!.rowCount).toBe(0);
    expect(effects!.columns.map((c) => c.name)).toEqual(['point_id', 'counterfactual', 'b', 'n_pairs', 'm.diff_mean', 'm.ci_low', 'm.ci_high']);
  });

  it('the report, reading the runs table back, gets exactly the numbers of the points and effects tables', () => {
    const [runs, points, effects] = sweepTables(plan, records);
    const view = sweepView({ kind: 'sweep', dir: 'd', manifest: { plan: { paths: ['a'] } }, tables: new Map([['runs', runs!]]) });
    const pointRows = values(points!, 'point_id').map((p, i) => [p, values(points!, 'counterfactual')[i]] as const);
    for (const m of ['m', 'x']) {
      pointRows.forEach(([p, cf], i) => {
        const s = statsOf(view, okRuns(view, (q, c) => q === p && c === cf), m);
        expect([s.mean, s.sd, s.p05, s.p50, s.p95]).toEqual(['mean', 'sd', 'p05', 'p50', 'p95'].map((k) => values(points!, `${m}.${k}`)[i]));
      });
      const e = pairedEffects(view, [m]);
      expect(e).toHaveLength(effects!.rowCount);
      expect(e.map((x) => [x.mean, x.lo, x.hi])).toEqual(e.map((_, i) => ['diff_mean', 'ci_low', 'ci_high'].map((k) => values(effects!, `${m}.${k}`)[i])));
    }
  });
});
