// A sweep's tables from its finished runs (given in run_id order): `runs` (one row per run: ids, seed, computed_by,
// swept values, summary metrics, status, error, wall_s); `points` (per point × counterfactual: n_ok, n_failed and the
// mean, sd, p05, p50, p95 of each metric over ok runs); `effects` (per point × counterfactual kind: the paired
// difference all-agents minus counterfactual over replicates where both ran, its mean and 95% t interval).
// Grouping is done by arquero over the whole table at once. Quantiles interpolate linearly (type 7); sd uses
// n − 1; NaN metrics are left out of a statistic. Rows come out ordered by (point_id, variant): same input bytes,
// same output bytes.
import * as aq from 'arquero';
import type { ColumnTable as AqTable } from 'arquero';
import { makeTable, type Column, type ColumnTable } from '../core/table.js';
import { FULL_RUN, type SweepPlan } from '../sweep/plan.js';
import type { RunRecord } from '../sweep/store.js';
import { tQuantile } from './student-t.js';

const { op } = aq;
/** What rollup takes: output column name -> aggregate expression. */
type ExprObject = Exclude<Parameters<AqTable['rollup']>[0], undefined>;

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

/** Point id, variant, ok flag, replicate key and metrics of every record, as an arquero table. */
function recordsTable(plan: SweepPlan, records: readonly RunRecord[], metrics: readonly string[]): AqTable {
  const variantOf = (r: RunRecord): number => (r.counterfactual === FULL_RUN ? 0 : 1 + plan.counterfactuals.indexOf(r.counterfactual));
  const data: Record<string, Int32Array | Float64Array> = {
    point_id: Int32Array.from(records, (r) => r.point_id),
    variant: Int32Array.from(records, variantOf),
    pr: Float64Array.from(records, (r) => r.point_id * plan.replicates + r.replicate),
    ok: Int32Array.from(records, (r) => (r.status === 'ok' ? 1 : 0)),
  };
  for (const m of metrics) data[m] = Float64Array.from(records, (r) => (r.status === 'ok' ? (r.summary[m] ?? NaN) : NaN));
  return aq.table(data);
}

/** Per (point, variant): n_ok, n_failed and POINT_STATS of every metric over the ok runs. */
export function pointsTable(plan: SweepPlan, records: readonly RunRecord[], metrics: readonly string[]): ColumnTable {
  const spec: ExprObject = { n: op.count(), n_ok: op.sum('ok') };
  for (const m of metrics) {
    Object.assign(spec, {
      [`${m}.mean`]: op.mean(m), [`${m}.sd`]: op.stdev(m),
      [`${m}.p05`]: op.quantile(m, 0.05), [`${m}.p50`]: op.quantile(m, 0.5), [`${m}.p95`]: op.quantile(m, 0.95),
    });
  }
  const g = recordsTable(plan, records, metrics).groupby('point_id', 'variant').rollup(spec).orderby('point_id', 'variant');
  const nOk = ints(g, 'n_ok');
  const n = ints(g, 'n');
  const stats = metrics.flatMap((m) => POINT_STATS.map((s): Column => ({ name: `${m}.${s}`, type: 'float', values: floats(g, `${m}.${s}`) })));
  return makeTable('points', [
    ...groupKeys(plan, g),
    { name: 'n_ok', type: 'int', values: nOk },
    { name: 'n_failed', type: 'int', values: n.map((x, i) => x - nOk[i]!) },
    ...stats,
  ]);
}

/** Per (point, counterfactual kind): pairs where both runs are ok, and each metric's mean difference and 95% CI. */
export function effectsTable(plan: SweepPlan, records: readonly RunRecord[], metrics: readonly string[]): ColumnTable {
  const t = recordsTable(plan, records, metrics);
  const fullName = (m: string): string => `full:${m}`;
  const full = t
    .filter((d: { variant: number; ok: number }) => d.variant === 0 && d.ok === 1)
    .select('pr', ...metrics)
    .rename(Object.fromEntries(metrics.map((m) => [m, fullName(m)])))
    .derive({ full_ok: () => 1 });
  const diffs: Record<string, string> = { paired: 'd => (d.full_ok === 1 && d.ok === 1) ? 1 : 0' };
  for (const m of metrics) diffs[`diff:${m}`] = `d => d[${JSON.stringify(fullName(m))}] - d[${JSON.stringify(m)}]`;
  const spec: ExprObject = { n_pairs: op.sum('paired') };
  for (const m of metrics) Object.assign(spec, { [`${m}:mean`]: op.mean(`diff:${m}`), [`${m}:sd`]: op.stdev(`diff:${m}`), [`${m}:n`]: op.valid(`diff:${m}`) });
  const g = t
    .filter((d: { variant: number }) => d.variant > 0)
    .lookup(full, ['pr', 'pr'], 'full_ok', ...metrics.map(fullName))
    .derive(diffs)
    .groupby('point_id', 'variant')
    .rollup(spec)
    .orderby('point_id', 'variant');
  const parts = metrics.flatMap((m) => confidenceColumns(m, floats(g, `${m}:mean`), floats(g, `${m}:sd`), ints(g, `${m}:n`)));
  return makeTable('effects', [...groupKeys(plan, g), { name: 'n_pairs', type: 'int', values: ints(g, 'n_pairs') }, ...parts]);
}

/** `<m>.diff_mean`, `<m>.ci_low`, `<m>.ci_high`: mean ± t(0.975, n − 1) · sd / √n (NaN bounds below 2 pairs). */
function confidenceColumns(m: string, mean: Float64Array, sd: Float64Array, n: Int32Array): Column[] {
  const half = Float64Array.from(n, (k, i) => (k >= 2 ? (tQuantile(0.975, k - 1) * sd[i]!) / Math.sqrt(k) : NaN));
  return [
    { name: `${m}.diff_mean`, type: 'float', values: mean },
    { name: `${m}.ci_low`, type: 'float', values: mean.map((x, i) => x - half[i]!) },
    { name: `${m}.ci_high`, type: 'float', values: mean.map((x, i) => x + half[i]!) },
  ];
}

/** point_id, counterfactual (by variant) and the swept values of each grouped row. */
function groupKeys(plan: SweepPlan, g: AqTable): Column[] {
  const pointIds = ints(g, 'point_id');
  const variants = ints(g, 'variant');
  const names = Array.from(variants, (v) => (v === 0 ? FULL_RUN : plan.counterfactuals[v - 1]!));
  return [
    { name: 'point_id', type: 'int', values: pointIds },
    { name: 'counterfactual', type: 'string', values: names },
    ...paramColumns(plan, pointIds),
  ];
}

function floats(t: AqTable, name: string): Float64Array {
  return Float64Array.from(t.array(name) as ArrayLike<unknown>, (v) => (typeof v === 'number' ? v : NaN));
}

function ints(t: AqTable, name: string): Int32Array {
  return Int32Array.from(t.array(name) as ArrayLike<unknown>, (v) => (typeof v === 'number' ? v : 0));
}
