// A sweep's tables from its finished runs (given in run_id order): `runs` (one row per run: ids, seed, computed_by,
// swept values, summary metrics, status, error, wall_s); `points` (per point × counterfactual: n_ok, n_failed and the
// mean, sd, p05, p50, p95 of each metric over ok runs); `effects` (per point × counterfactual kind: the paired
// difference all-agents minus counterfactual over replicates where both ran, its mean and 95% t interval).
// The statistics are sample-stats.ts's, the code the report uses on the runs table (type-7 quantiles, sd over
// n − 1, non-finite metrics left out). Rows come out ordered by (point_id, variant): same input bytes, same output
// bytes.
import { FULL_RUN } from '../core/full-run.js';
import { makeTable, type Column, type ColumnTable } from '../core/table.js';
import type { SweepPlan } from '../sweep/plan.js';
import type { RunRecord } from '../sweep/store.js';
import { describe, meanInterval } from './sample-stats.js';

/** The statistics of `points`, each a column `<metric>.<stat>`. */
export const POINT_STATS = ['mean', 'sd', 'p05', 'p50', 'p95'] as const;
/** The columns of `effects` per metric: `<metric>.<part>`. */
export const EFFECT_PARTS = ['diff_mean', 'ci_low', 'ci_high'] as const;

/** The runs, points and effects tables. */
export function sweepTables(plan: SweepPlan, records: readonly RunRecord[]): ColumnTable[] {
  const metrics = metricNames(records);
  return [runsTable(plan, records, metrics), pointsTable(plan, records, metrics), effectsTable(plan, records, metrics)];
}

/** Summary metric names over the ok runs, in order of first appearance (run_id order). */
export function metricNames(records: readonly RunRecord[]): string[] {
  const names = new Set<string>();
  for (const r of records) if (r.status === 'ok') for (const k of Object.keys(r.summary)) names.add(k);
  return [...names];
}

/** One row per record. */
export function runsTable(plan: SweepPlan, records: readonly RunRecord[], metrics: readonly string[]): ColumnTable {
  const pointIds = Int32Array.from(records, (r) => r.point_id);
  const columns: Column[] = [
    { name: 'run_id', type: 'int', values: Int32Array.from(records, (r) => r.run_id) },
    { name: 'point_id', type: 'int', values: pointIds },
    { name: 'replicate', type: 'int', values: Int32Array.from(records, (r) => r.replicate) },
    { name: 'counterfactual', type: 'string', values: records.map((r) => r.counterfactual) },
    { name: 'seed', type: 'int', values: Float64Array.from(records, (r) => r.seed) },
    // The run whose simulation the row reports: itself, or the identical earlier run it was copied from.
    { name: 'computed_by', type: 'int', values: Int32Array.from(records, (r) => r.computed_by ?? r.run_id) },
    ...paramColumns(plan, pointIds),
    ...metrics.map((m): Column => ({ name: m, type: 'float', values: Float64Array.from(records, (r) => r.summary[m] ?? NaN) })),
    { name: 'status', type: 'string', values: records.map((r) => r.status) },
    { name: 'error', type: 'string', values: records.map((r) => r.error) },
    { name: 'wall_s', type: 'float', values: Float64Array.from(records, (r) => r.wall_s) },
  ];
  const clash = columns.map((c) => c.name).find((n, i, all) => all.indexOf(n) !== i);
  if (clash !== undefined) throw new Error(`runs table: two columns are named "${clash}" (a swept path equals a metric or key column)`);
  return makeTable('runs', columns);
}

/**
 * One column per swept path, its value at each row's point: integers when every value is a safe integer (so the
 * column is INT64 in Parquet and reads back as an integer from CSV too), floats when all are numbers, else text.
 */
function paramColumns(plan: SweepPlan, pointIds: Int32Array): Column[] {
  return plan.paths.map((name, i): Column => {
    const numeric = plan.points.every((p) => typeof p[i] === 'number');
    const values = (): Float64Array => Float64Array.from(pointIds, (p) => plan.points[p]![i] as number);
    if (numeric && plan.points.every((p) => Number.isSafeInteger(p[i]))) return { name, type: 'int', values: values() };
    if (numeric) return { name, type: 'float', values: values() };
    return { name, type: 'string', values: Array.from(pointIds, (p) => valueText(plan.points[p]![i])) };
  });
}

/** A swept value in a text column: a string as is, anything else (true, a list, null) as JSON. */
function valueText(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** The variant of a record: 0 for the full run, k for the run without plan.counterfactuals[k − 1]. */
function variantOf(plan: SweepPlan, r: RunRecord): number {
  return r.counterfactual === FULL_RUN ? 0 : 1 + plan.counterfactuals.indexOf(r.counterfactual);
}

/** A metric's value in a record: NaN for a failed run or a metric it lacks, so the statistics leave it out. */
function valueOf(r: RunRecord, metric: string): number {
  return r.status === 'ok' ? (r.summary[metric] ?? NaN) : NaN;
}

/** The records by (point_id, variant), groups in ascending order of both, records in their given order. */
function groupRecords(plan: SweepPlan, records: readonly RunRecord[]): { point: number; variant: number; records: RunRecord[] }[] {
  const groups = new Map<number, { point: number; variant: number; records: RunRecord[] }>();
  for (const r of records) {
    const variant = variantOf(plan, r);
    const key = r.point_id * plan.variants + variant;
    let g = groups.get(key);
    if (g === undefined) groups.set(key, (g = { point: r.point_id, variant, records: [] }));
    g.records.push(r);
  }
  return [...groups.keys()].sort((a, b) => a - b).map((k) => groups.get(k)!);
}

/** Per (point, variant): n_ok, n_failed and POINT_STATS of every metric over the ok runs. */
export function pointsTable(plan: SweepPlan, records: readonly RunRecord[], metrics: readonly string[]): ColumnTable {
  const groups = groupRecords(plan, records);
  const stats = metrics.map((m) => groups.map((g) => describe(g.records.map((r) => valueOf(r, m)))));
  const nOk = Int32Array.from(groups, (g) => g.records.filter((r) => r.status === 'ok').length);
  return makeTable('points', [
    ...groupKeys(plan, groups),
    { name: 'n_ok', type: 'int', values: nOk },
    { name: 'n_failed', type: 'int', values: Int32Array.from(groups, (g, i) => g.records.length - nOk[i]!) },
    ...metrics.flatMap((m, k) => POINT_STATS.map((s): Column => ({ name: `${m}.${s}`, type: 'float', values: Float64Array.from(stats[k]!, (x) => x[s]) }))),
  ]);
}

/** Per (point, counterfactual kind): pairs where both runs are ok, and each metric's mean difference and 95% CI. */
export function effectsTable(plan: SweepPlan, records: readonly RunRecord[], metrics: readonly string[]): ColumnTable {
  const replicateKey = (r: RunRecord): number => r.point_id * plan.replicates + r.replicate;
  const full = new Map(records.filter((r) => variantOf(plan, r) === 0 && r.status === 'ok').map((r) => [replicateKey(r), r]));
  const groups = groupRecords(plan, records).filter((g) => g.variant > 0);
  const pairs = groups.map((g) => g.records.flatMap((r) => {
    const f = full.get(replicateKey(r));
    return r.status === 'ok' && f !== undefined ? [[f, r] as const] : [];
  }));
  const effects = metrics.map((m) => pairs.map((ps) => meanInterval(ps.map(([f, r]) => valueOf(f, m) - valueOf(r, m)))));
  return makeTable('effects', [
    ...groupKeys(plan, groups),
    { name: 'n_pairs', type: 'int', values: Int32Array.from(pairs, (ps) => ps.length) },
    ...metrics.flatMap((m, k): Column[] => [
      { name: `${m}.diff_mean`, type: 'float', values: Float64Array.from(effects[k]!, (e) => e.mean) },
      { name: `${m}.ci_low`, type: 'float', values: Float64Array.from(effects[k]!, (e) => e.lo) },
      { name: `${m}.ci_high`, type: 'float', values: Float64Array.from(effects[k]!, (e) => e.hi) },
    ]),
  ]);
}

/** point_id, counterfactual (by variant) and the swept values of each group's row. */
function groupKeys(plan: SweepPlan, groups: readonly { point: number; variant: number }[]): Column[] {
  const pointIds = Int32Array.from(groups, (g) => g.point);
  return [
    { name: 'point_id', type: 'int', values: pointIds },
    { name: 'counterfactual', type: 'string', values: groups.map((g) => (g.variant === 0 ? FULL_RUN : plan.counterfactuals[g.variant - 1]!)) },
    ...paramColumns(plan, pointIds),
  ];
}
