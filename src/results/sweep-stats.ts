// Statistics of a sweep directory, computed from its `runs` table (issue 5's contract: run_id, point_id, replicate,
// counterfactual ('none' = all agents), seed, one column per varied parameter, one per summary metric, status,
// error, wall_s). Per point and counterfactual: n and mean, sd, p05, p50, p95 of each metric over ok runs. Effects:
// paired differences (all agents − without the kind) over replicates that finished both runs, with a 95% Student-t
// interval. Both with sample-stats.ts, the same code that wrote the sweep's points and effects tables, so the report
// and the tables agree. Parameters are the manifest's varied paths, else columns named like scenario paths.
import { FULL_RUN } from '../core/full-run.js';
import type { ColumnTable } from '../core/table.js';
import { hasCol, numCol, strCol } from './columns.js';
import { formatParam } from './format.js';
import { describe, meanInterval, type MeanInterval, type Stats } from './sample-stats.js';
import type { Json, SweepData } from './run-data.js';

const FIXED = new Set(['run_id', 'point_id', 'replicate', 'counterfactual', 'seed', 'computed_by', 'status', 'error', 'wall_s']);
const PARAM_PREFIXES = ['agents.', 'market.', 'fundamentals.', 'calendar.', 'params.', 'outputs.'];
const HEADLINE = [/^index_return$/, /^return\./, /^letf_rebalance_value$/, /^margin_forced_sale_multiple$/, /^realized_vol\./, /^max_drawdown\./];

/** A sweep's runs with the columns sorted into parameters and metrics. */
export interface SweepView {
  readonly runs: ColumnTable;
  readonly params: readonly string[];
  readonly metrics: readonly string[];
  readonly pointIds: readonly number[];
  readonly counterfactuals: readonly string[];
}

/** The varied parameter paths the manifest names (plan.paths, paths, or the sweep's vary / sample.ranges keys). */
function manifestParams(m: Json): string[] {
  const o = (x: unknown): Json => (x !== null && typeof x === 'object' && !Array.isArray(x) ? (x as Json) : {});
  for (const c of [o(m['plan'])['paths'], m['paths'], m['params']]) {
    if (Array.isArray(c) && c.every((x) => typeof x === 'string')) return c as string[];
  }
  const sweep = o(m['sweep'] ?? m['spec']);
  return [...Object.keys(o(sweep['vary'])), ...Object.keys(o(o(sweep['sample'])['ranges']))];
}

/** Sort the runs table's columns into parameters and metrics. @throws Error when a required column is missing */
export function sweepView(sweep: SweepData): SweepView {
  const runs = sweep.tables.get('runs');
  if (runs === undefined) throw new Error(`${sweep.dir} has no runs table`);
  for (const c of ['point_id', 'counterfactual', 'status']) if (!hasCol(runs, c)) throw new Error(`runs table has no ${c} column`);
  const names = runs.columns.map((c) => c.name);
  const named = manifestParams(sweep.manifest).filter((p) => names.includes(p));
  const params = named.length > 0 ? named : names.filter((n) => !FIXED.has(n) && PARAM_PREFIXES.some((p) => n.startsWith(p)));
  const metrics = runs.columns.filter((c) => !FIXED.has(c.name) && !params.includes(c.name) && c.type !== 'string').map((c) => c.name);
  const pointIds = [...new Set(numCol(runs, 'point_id'))].sort((a, b) => a - b);
  const cf = [...new Set(strCol(runs, 'counterfactual'))];
  const counterfactuals = [FULL_RUN, ...cf.filter((c) => c !== FULL_RUN).sort()].filter((c) => cf.includes(c));
  return { runs, params, metrics, pointIds, counterfactuals };
}

/** Up to `n` headline metrics present in the sweep (returns first), or the ones asked for. */
export function headlineMetrics(view: SweepView, n = 4, asked?: readonly string[]): string[] {
  if (asked && asked.length > 0) {
    const unknown = asked.filter((m) => !view.metrics.includes(m));
    if (unknown.length > 0) throw new Error(`unknown metric(s) ${unknown.join(', ')}; the sweep has ${view.metrics.join(', ')}`);
    return [...asked];
  }
  const picked: string[] = [];
  for (const re of HEADLINE) for (const m of view.metrics) if (re.test(m) && !picked.includes(m)) picked.push(m);
  return picked.slice(0, n);
}

/** A counterfactual as readers say it. */
export function counterfactualLabel(cf: string): string {
  return cf === FULL_RUN ? 'all agents' : `without ${cf}`;
}

/** A parameter's value at a point (from the point's first run), as number or text. */
export function paramValue(view: SweepView, pointId: number, param: string): number | string {
  const pid = numCol(view.runs, 'point_id');
  const r = pid.indexOf(pointId);
  const col = view.runs.columns.find((c) => c.name === param)!;
  return col.values[r]!;
}

/** "p2: aumUsd = 1.00e+10, gamma = −1" — the point id and its parameters by their last path segment. */
export function pointLabel(view: SweepView, pointId: number): string {
  const parts = view.params.map((p) => {
    const v = paramValue(view, pointId, p);
    return `${p.split('.').at(-1)} = ${formatParam(v)}`;
  });
  return parts.length > 0 ? `p${pointId}: ${parts.join(', ')}` : `p${pointId}`;
}

/** Row indices of ok runs matching a predicate on (point id, counterfactual). */
export function okRuns(view: SweepView, pred: (pointId: number, cf: string) => boolean): number[] {
  const pid = numCol(view.runs, 'point_id');
  const cf = strCol(view.runs, 'counterfactual');
  const status = strCol(view.runs, 'status');
  const out: number[] = [];
  for (let r = 0; r < view.runs.rowCount; r++) if (status[r] === 'ok' && pred(pid[r]!, cf[r]!)) out.push(r);
  return out;
}

/** Stats of `metric` over the given runs. */
export function statsOf(view: SweepView, rows: readonly number[], metric: string): Stats {
  const v = numCol(view.runs, metric);
  return describe(rows.map((r) => v[r]!));
}

/** A paired counterfactual effect with its 95% interval. */
export interface Effect extends MeanInterval {
  readonly pointId: number;
  readonly counterfactual: string;
  readonly metric: string;
}

/** The replicate key of each row: the replicate column, else the seed (older sweeps). */
export function replicateKeys(view: SweepView): ArrayLike<number> {
  return hasCol(view.runs, 'replicate') ? numCol(view.runs, 'replicate') : numCol(view.runs, 'seed');
}

/** Row pairs [all agents, without `cf`] at `pointId`: one per replicate whose two runs are ok. */
function pairedRows(view: SweepView, pointId: number, cf: string): (readonly [number, number])[] {
  const rep = replicateKeys(view);
  const full = new Map(okRuns(view, (q, c) => q === pointId && c === FULL_RUN).map((r) => [rep[r]!, r]));
  return okRuns(view, (q, c) => q === pointId && c === cf).filter((r) => full.has(rep[r]!)).map((r) => [full.get(rep[r]!)!, r] as const);
}

/** Differences of `metric` over row pairs (non-finite ones are left out by the statistics that use them). */
function differences(view: SweepView, pairs: readonly (readonly [number, number])[], metric: string): number[] {
  const v = numCol(view.runs, metric);
  return pairs.map(([full, without]) => v[full]! - v[without]!);
}

/** Paired differences of `metric` at `pointId`, all agents − without `cf`, over replicates whose two runs are ok. */
export function pairedDifferences(view: SweepView, pointId: number, cf: string, metric: string): number[] {
  return differences(view, pairedRows(view, pointId, cf), metric);
}

/** Paired effects (all agents − without the kind) per point, counterfactual and metric. */
export function pairedEffects(view: SweepView, metrics: readonly string[]): Effect[] {
  return view.pointIds.flatMap((p) => view.counterfactuals.filter((c) => c !== FULL_RUN).flatMap((cf) => {
    const pairs = pairedRows(view, p, cf);
    return metrics.map((m) => ({ pointId: p, counterfactual: cf, metric: m, ...meanInterval(differences(view, pairs, m)) }));
  }));
}
