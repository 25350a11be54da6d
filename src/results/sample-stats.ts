// Summaries of one sample, the single implementation behind every sweep statistic: the sweep's own points and
// effects tables (sweep-tables.ts), the report's sweep figures and tables (sweep-stats.ts), point comparisons and
// the impact fit. Non-finite values (NaN from a failed or missing metric, ±Infinity) are left out; sd divides by
// n − 1; quantiles interpolate linearly between order statistics (R type 7); a mean's 95% interval is
// mean ± t(0.975, n − 1)·sd/√n, NaN below 2 values.
import { mean, quantileSorted } from './estimators.js';
import { tQuantile } from './student-t.js';

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

/** The 0.975 quantile of Student's t with `df` degrees of freedom (NaN for df <= 0). */
export function tQuantile975(df: number): number {
  return tQuantile(0.975, df);
}

/** A sample mean with its 95% Student-t interval. */
export interface MeanInterval {
  readonly n: number;
  readonly mean: number;
  readonly lo: number;
  readonly hi: number;
}

/** The half-width t(0.975, n − 1)·sd/√n of the 95% interval of a mean (NaN below 2 values). */
export function halfWidth95(s: Pick<Stats, 'n' | 'sd'>): number {
  return s.n >= 2 ? (tQuantile975(s.n - 1) * s.sd) / Math.sqrt(s.n) : NaN;
}

/** The 95% t interval of the mean of `s` (bounds NaN below 2 values). */
export function tInterval(s: Pick<Stats, 'n' | 'mean' | 'sd'>): MeanInterval {
  const half = halfWidth95(s);
  return { n: s.n, mean: s.mean, lo: s.mean - half, hi: s.mean + half };
}

/** The mean of the finite `values` with its 95% t interval. */
export function meanInterval(values: readonly number[]): MeanInterval {
  return tInterval(describe(values));
}
