// Statistics of a sweep directory, computed from its `runs` table (issue 5's contract: run_id, point_id, replicate,
// counterfactual ('none' = all agents), seed, one column per varied parameter, one per summary metric, status,
// error, wall_s). Per point and counterfactual: n and mean, sd, p05, p50, p95 of each metric over ok runs (R-7
// quantiles). Effects: paired differences (all agents − without the kind) over replicates that finished both
// runs, with a 95% Student-t interval (as the sweep's effects table). Parameters are the manifest's varied paths, else columns named like
// scenario paths (agents., market., …).
import type { ColumnTable } from '../core/table.js';
import { hasCol, numCol, strCol } from './columns.js';
import { mean, quantileSorted } from './estimators.js';
import { formatParam } from './format.js';
import { tQuantile } from './student-t.js';
import type { Json, SweepData } from './run-data.js';

/** The `counterfactual` value of a run with every agent present. */
export const FULL_RUN = 'none';
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

/** Distribution summary of one metric over a set of runs. */
export interface Stats {
  readonly n: number;
  readonly mean: number;
  readonly sd: number;
  readonly p05: number;
  readonly p50: number;
  readonly p95: number;
}

/** n, mean, sample sd, and the 5th/50th/95th percentiles of the finite values. */
export function describe(values: readonly number[]): Stats {
  const x = Float64Array.from(values.filter(Number.isFinite)).sort();
  const mu = mean(x);
  let ss = 0;
  for (const v of x) ss += (v - mu) ** 2;
  return { n: x.length, mean: mu, sd: x.length > 1 ? Math.sqrt(ss / (x.length - 1)) : NaN, p05: quantileSorted(x, 0.05), p50: quantileSorted(x, 0.5), p95: quantileSorted(x, 0.95) };
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

/** The 0.975 quantile of Student's t with `df` degrees of freedom (the sweep's own effects table uses the same). */
export function tQuantile975(df: number): number {
  return tQuantile(0.975, df);
}

/** A paired counterfactual effect with its 95% interval. */
export interface Effect {
  readonly pointId: number;
  readonly counterfactual: string;
  readonly metric: string;
  readonly n: number;
  readonly mean: number;
  readonly lo: number;
  readonly hi: number;
}

/** Paired effects (all agents − without the kind) per point, counterfactual and metric. */
export function pairedEffects(view: SweepView, metrics: readonly string[]): Effect[] {
  const rep = hasCol(view.runs, 'replicate') ? numCol(view.runs, 'replicate') : numCol(view.runs, 'seed');
  const out: Effect[] = [];
  for (const p of view.pointIds) {
    const full = new Map(okRuns(view, (q, c) => q === p && c === FULL_RUN).map((r) => [rep[r]!, r]));
    for (const cf of view.counterfactuals.filter((c) => c !== FULL_RUN)) {
      const rows = okRuns(view, (q, c) => q === p && c === cf).filter((r) => full.has(rep[r]!));
      for (const m of metrics) {
        const v = numCol(view.runs, m);
        const d = describe(rows.map((r) => v[full.get(rep[r]!)!]! - v[r]!));
        const half = tQuantile975(d.n - 1) * (d.sd / Math.sqrt(d.n));
        out.push({ pointId: p, counterfactual: cf, metric: m, n: d.n, mean: d.mean, lo: d.mean - half, hi: d.mean + half });
      }
    }
  }
  return out;
}
