// Sobol' sensitivity indices from a Saltelli design (sample: { method: sobol } in a sweep file). First order by
// Saltelli et al. (2010): S_i = mean(f_B · (f_ABi − f_A)) / V; total by Jansen (1999): ST_i = mean((f_A − f_ABi)²) / 2V;
// V the variance of f over A and B together. Intervals: percentile bootstrap (resampling base rows, B = 500, seeded,
// so the same sweep gives the same table). The `sensitivity` table holds one row per (grid point, metric,
// parameter); a metric's value at a point is its mean over the point's ok full runs (replicates).
import { FULL_RUN } from '../core/full-run.js';
import { deriveRng } from '../core/rng.js';
import { makeTable, type ColumnTable } from '../core/table.js';
import type { SweepPlan } from '../sweep/plan.js';
import type { RunRecord } from '../sweep/store.js';
import { quantileSorted } from './estimators.js';

/** One parameter's indices with 95% bootstrap intervals. */
export interface SobolIndex {
  readonly first: number;
  readonly firstLow: number;
  readonly firstHigh: number;
  readonly total: number;
  readonly totalLow: number;
  readonly totalHigh: number;
}

/** Bootstrap resamples behind each interval. */
export const BOOTSTRAP_RESAMPLES = 500;

/** Point estimates over base rows `rows` (indices into fA, fB, fAB[i]). NaN rows must be removed beforehand. */
function estimate(fA: Float64Array, fB: Float64Array, fABi: Float64Array, rows: ArrayLike<number>): { first: number; total: number } {
  const n = rows.length;
  let mu = 0;
  for (let k = 0; k < n; k++) mu += fA[rows[k]!]! + fB[rows[k]!]!;
  mu /= 2 * n;
  let v = 0, s1 = 0, st = 0;
  for (let k = 0; k < n; k++) {
    const j = rows[k]!;
    v += (fA[j]! - mu) ** 2 + (fB[j]! - mu) ** 2;
    s1 += fB[j]! * (fABi[j]! - fA[j]!);
    st += (fA[j]! - fABi[j]!) ** 2;
  }
  v /= 2 * n;
  return v > 0 ? { first: s1 / n / v, total: st / (2 * n) / v } : { first: NaN, total: NaN };
}

/**
 * First-order and total indices of each parameter from model values at the design's points: fA[j], fB[j] and
 * fAB[i][j] for base row j. Rows with any non-finite value are left out. `seed` drives the bootstrap.
 */
export function sobolIndices(fA: Float64Array, fB: Float64Array, fAB: readonly Float64Array[], seed: number): SobolIndex[] {
  const ok: number[] = [];
  for (let j = 0; j < fA.length; j++) if ([fA[j]!, fB[j]!, ...fAB.map((f) => f[j]!)].every(Number.isFinite)) ok.push(j);
  const rng = deriveRng(seed, 'sensitivity:bootstrap');
  const draws = Array.from({ length: BOOTSTRAP_RESAMPLES }, () => Int32Array.from(ok, () => ok[rng.int(ok.length)]!));
  return fAB.map((fABi) => {
    const point = ok.length >= 2 ? estimate(fA, fB, fABi, ok) : { first: NaN, total: NaN };
    const boot = ok.length >= 2 ? draws.map((rows) => estimate(fA, fB, fABi, rows)) : [];
    const ci = (pick: (e: { first: number; total: number }) => number): [number, number] => {
      const xs = Float64Array.from(boot.map(pick).filter(Number.isFinite)).sort();
      return xs.length > 0 ? [quantileSorted(xs, 0.025), quantileSorted(xs, 0.975)] : [NaN, NaN];
    };
    const [firstLow, firstHigh] = ci((e) => e.first);
    const [totalLow, totalHigh] = ci((e) => e.total);
    return { first: point.first, firstLow, firstHigh, total: point.total, totalLow, totalHigh };
  });
}

/** The `sensitivity` table of a Saltelli sweep (none for other sweeps). */
export function sensitivityTables(plan: SweepPlan, records: readonly RunRecord[]): ColumnTable[] {
  const sal = plan.saltelli;
  if (sal === undefined) return [];
  const d = sal.params.length;
  const block = d + 2;
  const sampled = sal.n * block;
  const gridPoints = plan.points.length / sampled;
  const metrics = [...new Set(records.flatMap((r) => (r.status === 'ok' ? Object.keys(r.summary) : [])))];
  const means = pointMeans(plan.points.length, records, metrics);
  const rows: { grid: number; metric: string; param: string; ix: SobolIndex }[] = [];
  for (let g = 0; g < gridPoints; g++) {
    metrics.forEach((metric, m) => {
      const at = (j: number, k: number): number => means[m]![g * sampled + j * block + k]!;
      const fA = Float64Array.from({ length: sal.n }, (_, j) => at(j, 0));
      const fB = Float64Array.from({ length: sal.n }, (_, j) => at(j, 1));
      const fAB = sal.params.map((_, i) => Float64Array.from({ length: sal.n }, (_, j) => at(j, 2 + i)));
      sobolIndices(fA, fB, fAB, plan.seed).forEach((ix, i) => rows.push({ grid: g, metric, param: sal.params[i]!, ix }));
    });
  }
  const f = (pick: (ix: SobolIndex) => number): Float64Array => Float64Array.from(rows, (r) => pick(r.ix));
  return [
    makeTable('sensitivity', [
      { name: 'grid_point', type: 'int', values: Int32Array.from(rows, (r) => r.grid) },
      { name: 'metric', type: 'string', values: rows.map((r) => r.metric) },
      { name: 'parameter', type: 'string', values: rows.map((r) => r.param) },
      { name: 'S1', type: 'float', values: f((x) => x.first) },
      { name: 'S1_low', type: 'float', values: f((x) => x.firstLow) },
      { name: 'S1_high', type: 'float', values: f((x) => x.firstHigh) },
      { name: 'ST', type: 'float', values: f((x) => x.total) },
      { name: 'ST_low', type: 'float', values: f((x) => x.totalLow) },
      { name: 'ST_high', type: 'float', values: f((x) => x.totalHigh) },
    ]),
  ];
}

/** Per metric, per point: the mean over the point's ok full runs (NaN when none). */
function pointMeans(points: number, records: readonly RunRecord[], metrics: readonly string[]): Float64Array[] {
  const sum = metrics.map(() => new Float64Array(points));
  const cnt = metrics.map(() => new Float64Array(points));
  for (const r of records) {
    if (r.status !== 'ok' || r.counterfactual !== FULL_RUN) continue;
    metrics.forEach((m, k) => {
      const x = r.summary[m];
      if (x !== undefined && Number.isFinite(x)) {
        sum[k]![r.point_id] = sum[k]![r.point_id]! + x;
        cnt[k]![r.point_id] = cnt[k]![r.point_id]! + 1;
      }
    });
  }
  return sum.map((s, k) => s.map((x, p) => (cnt[k]![p]! > 0 ? x / cnt[k]![p]! : NaN)));
}
