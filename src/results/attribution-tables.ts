// The tables of a Shapley attribution (cascade attribute) from its finished runs. Per seed and metric the 2^k subset
// runs form a game v (v(S) = the metric with only the kinds of S among the listed ones present), whose exact
// Shapley values φ_i and pairwise interaction indices I_ij come from core/shapley.ts. A seed enters a metric's
// statistics only if all its 2^k runs are ok and the metric is finite in each. Tables:
//   runs                one row per run: run_id, seed, subset, counterfactual (kinds disabled), present.<kind> (0/1),
//                       every summary metric, status, error, wall_s
//   attribution         metric, kind, shapley, ci_low, ci_high, share_of_total, n_seeds — per metric the rows
//                       `baseline` (v(∅): none of the listed kinds; the exogenous shock and the background), one per
//                       kind (φ_i), `total` (v(N) − v(∅) = Σ φ_i) and `all-agents` (v(N)); means over seeds with a
//                       95% Student-t interval; share_of_total = mean φ_i / mean total
//   interactions        metric, kind_a, kind_b, interaction, ci_low, ci_high, n_seeds
//   attribution_seeds   metric, seed, kind, value: the same rows per seed (the efficiency identity holds per row set)
// Rows follow the metrics' and kinds' order; same records, same bytes.
import { makeTable, type Column, type ColumnTable } from '../core/table.js';
import { efficiencyError, shapleyInteractions, shapleyValues } from '../core/shapley.js';
import type { AttributionPlan } from '../sweep/attribution-plan.js';
import type { RunRecord } from '../sweep/store.js';
import { tQuantile } from './student-t.js';

/** Row names besides the kinds in `attribution` and `attribution_seeds`. */
export const BASELINE_ROW = 'baseline';
export const TOTAL_ROW = 'total';
export const ALL_AGENTS_ROW = 'all-agents';

/** One metric's games: per usable seed, v over the 2^k subsets; with their Shapley values and interactions. */
export interface MetricGames {
  readonly metric: string;
  readonly seeds: readonly number[];
  readonly values: readonly Float64Array[];
  readonly phi: readonly Float64Array[];
  /** Per seed, I_ij for pairs (0,1), (0,2), … */
  readonly interactions: readonly Float64Array[];
  /** Largest |Σφ − (v(N) − v(∅))| over the seeds. */
  readonly efficiencyError: number;
}

/** The games of every metric, from the records (any order). */
export function attributionGames(plan: AttributionPlan, records: readonly RunRecord[], metrics: readonly string[]): MetricGames[] {
  const bySeed = new Map<number, (RunRecord | undefined)[]>();
  for (const r of records) {
    const seed = r.replicate + 1;
    let row = bySeed.get(seed);
    if (row === undefined) bySeed.set(seed, (row = new Array<RunRecord | undefined>(plan.subsets).fill(undefined)));
    row[r.point_id] = r;
  }
  const seeds = [...bySeed.keys()].sort((a, b) => a - b);
  const k = plan.kinds.length;
  return metrics.map((metric) => {
    const used: number[] = [];
    const values: Float64Array[] = [];
    for (const seed of seeds) {
      const runs = bySeed.get(seed)!;
      const v = Float64Array.from(runs, (r) => (r?.status === 'ok' ? (r.summary[metric] ?? NaN) : NaN));
      if (!v.every(Number.isFinite)) continue;
      used.push(seed);
      values.push(v);
    }
    const phi = values.map((v) => shapleyValues(v, k));
    const interactions = values.map((v) => Float64Array.from(k >= 2 ? shapleyInteractions(v, k) : [], (p) => p.value));
    const err = values.reduce((m, v, s) => Math.max(m, efficiencyError(v, phi[s]!)), 0);
    return { metric, seeds: used, values, phi, interactions, efficiencyError: err };
  });
}

/** Mean and 95% t interval (NaN bounds below 2 values). */
function meanCi(xs: readonly number[]): { mean: number; lo: number; hi: number } {
  const n = xs.length;
  if (n === 0) return { mean: NaN, lo: NaN, hi: NaN };
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { mean, lo: NaN, hi: NaN };
  const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1));
  const half = (tQuantile(0.975, n - 1) * sd) / Math.sqrt(n);
  return { mean, lo: mean - half, hi: mean + half };
}

/** Per seed of a metric's games: the rows baseline, each kind, total, all-agents, as (name, values over seeds). */
function seedRows(plan: AttributionPlan, g: MetricGames): [string, number[]][] {
  const full = plan.subsets - 1;
  return [
    [BASELINE_ROW, g.values.map((v) => v[0]!)],
    ...plan.kinds.map((kind, i): [string, number[]] => [kind, g.phi.map((p) => p[i]!)]),
    [TOTAL_ROW, g.values.map((v) => v[full]! - v[0]!)],
    [ALL_AGENTS_ROW, g.values.map((v) => v[full]!)],
  ];
}

/** The pairs (i, j), i < j, in the order of shapleyInteractions. */
function pairs(k: number): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) out.push([i, j]);
  return out;
}

const str = (name: string, values: string[]): Column => ({ name, type: 'string', values });
const flt = (name: string, values: number[]): Column => ({ name, type: 'float', values: Float64Array.from(values) });
const int = (name: string, values: number[]): Column => ({ name, type: 'int', values: Int32Array.from(values) });

/** The attribution table. */
export function attributionTable(plan: AttributionPlan, games: readonly MetricGames[]): ColumnTable {
  const cols = { metric: [] as string[], kind: [] as string[], shapley: [] as number[], lo: [] as number[], hi: [] as number[], share: [] as number[], n: [] as number[] };
  for (const g of games) {
    const rows = seedRows(plan, g);
    const total = meanCi(rows.find(([name]) => name === TOTAL_ROW)![1]).mean;
    for (const [name, xs] of rows) {
      const s = meanCi(xs);
      const isKind = name !== BASELINE_ROW && name !== ALL_AGENTS_ROW;
      cols.metric.push(g.metric);
      cols.kind.push(name);
      cols.shapley.push(s.mean);
      cols.lo.push(s.lo);
      cols.hi.push(s.hi);
      cols.share.push(isKind ? s.mean / total : NaN);
      cols.n.push(g.seeds.length);
    }
  }
  return makeTable('attribution', [
    str('metric', cols.metric), str('kind', cols.kind), flt('shapley', cols.shapley), flt('ci_low', cols.lo), flt('ci_high', cols.hi),
    flt('share_of_total', cols.share), int('n_seeds', cols.n),
  ]);
}

/** The interactions table (empty for one kind). */
export function interactionsTable(plan: AttributionPlan, games: readonly MetricGames[]): ColumnTable {
  const cols = { metric: [] as string[], a: [] as string[], b: [] as string[], value: [] as number[], lo: [] as number[], hi: [] as number[], n: [] as number[] };
  for (const g of games) {
    pairs(plan.kinds.length).forEach(([i, j], p) => {
      const s = meanCi(g.interactions.map((x) => x[p]!));
      cols.metric.push(g.metric);
      cols.a.push(plan.kinds[i]!);
      cols.b.push(plan.kinds[j]!);
      cols.value.push(s.mean);
      cols.lo.push(s.lo);
      cols.hi.push(s.hi);
      cols.n.push(g.seeds.length);
    });
  }
  return makeTable('interactions', [
    str('metric', cols.metric), str('kind_a', cols.a), str('kind_b', cols.b), flt('interaction', cols.value), flt('ci_low', cols.lo),
    flt('ci_high', cols.hi), int('n_seeds', cols.n),
  ]);
}

/** The per-seed rows of every metric. */
export function attributionSeedsTable(plan: AttributionPlan, games: readonly MetricGames[]): ColumnTable {
  const cols = { metric: [] as string[], seed: [] as number[], kind: [] as string[], value: [] as number[] };
  for (const g of games) {
    const rows = seedRows(plan, g);
    g.seeds.forEach((seed, s) => {
      for (const [name, xs] of rows) {
        cols.metric.push(g.metric);
        cols.seed.push(seed);
        cols.kind.push(name);
        cols.value.push(xs[s]!);
      }
    });
  }
  return makeTable('attribution_seeds', [str('metric', cols.metric), int('seed', cols.seed), str('kind', cols.kind), flt('value', cols.value)]);
}

/** Summary metric names over the ok runs, in order of first appearance. */
function metricNames(records: readonly RunRecord[]): string[] {
  const names = new Set<string>();
  for (const r of records) if (r.status === 'ok') for (const k of Object.keys(r.summary)) names.add(k);
  return [...names];
}

/** One row per run, in the records' order (run_id order). */
export function attributionRunsTable(plan: AttributionPlan, records: readonly RunRecord[]): ColumnTable {
  const metrics = metricNames(records);
  const columns: Column[] = [
    int('run_id', records.map((r) => r.run_id)),
    int('seed', records.map((r) => r.seed)),
    int('subset', records.map((r) => r.point_id)),
    str('counterfactual', records.map((r) => r.counterfactual)),
    ...plan.kinds.map((kind, i) => int(`present.${kind}`, records.map((r) => (r.point_id >> i) & 1))),
    ...metrics.map((m) => flt(m, records.map((r) => r.summary[m] ?? NaN))),
    str('status', records.map((r) => r.status)),
    str('error', records.map((r) => r.error)),
    flt('wall_s', records.map((r) => r.wall_s)),
  ];
  return makeTable('runs', columns);
}

/** Every table of the attribution, and the games they came from. */
export function attributionTables(plan: AttributionPlan, records: readonly RunRecord[], metrics: readonly string[]): { tables: ColumnTable[]; games: MetricGames[] } {
  const games = attributionGames(plan, records, metrics);
  return {
    tables: [attributionRunsTable(plan, records), attributionTable(plan, games), interactionsTable(plan, games), attributionSeedsTable(plan, games)],
    games,
  };
}
