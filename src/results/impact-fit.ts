// The square-root law fit of the impact experiment (docs/model.md §5; Tóth et al. 2011; Bouchaud et al., Trades,
// Quotes and Prices, ch. 12): per fraction Q/V the mean impact in units of σ_D with a 95% t interval over seeds,
// then I/σ_D = Y·(Q/V)^δ fitted over fractions up to `fitMax` (default 10%: the range in which the square-root
// law is documented, DOMAIN S8 / Tóth et al. 2011 — larger metaorders are reported but not fitted) by weighted least squares on log(mean completion impact) against log(Q/V) over
// the fractions whose mean is positive, each weighted by its precision in log space, (mean / standard error)²
// (delta method): a small metaorder's mean is mostly the noise of two diverging paths and weighs little. Persistence is the
// pooled ratio Σ I(end + 120 min) / Σ peak over fractions ≥ 1% (the small ones are noise) — the share of the peak
// impact still there two hours after completion.
import type { ImpactRow } from '../sweep/impact.js';
import { mean } from './estimators.js';
import { describe, halfWidth95, tQuantile975 } from './sample-stats.js';

export interface ImpactLevel {
  readonly fraction: number;
  readonly n: number;
  readonly durationMin: number;
  /** Means over seeds (in units of σ_D) and the 95% half-width of the completion impact. */
  readonly peak: number;
  readonly completion: number;
  readonly completionHalfWidth: number;
  readonly after30: number;
  readonly after120: number;
}

export interface ImpactFit {
  readonly sigmaDaily: number;
  readonly delta: number;
  readonly deltaSe: number;
  readonly y: number;
  readonly persistence120: number;
  readonly persistence30: number;
  readonly fitted: number;
  readonly fitMax: number;
  readonly levels: readonly ImpactLevel[];
}

/**
 * Weighted least squares y = a + b·x (weights w, default 1): intercept, slope and the slope's standard error
 * from the weights as inverse variances, 1/√(Σw(x − x̄_w)²) (n > 2; NaN otherwise).
 */
export function wls(x: readonly number[], y: readonly number[], w: readonly number[] = x.map(() => 1)): { a: number; b: number; seB: number } {
  const n = x.length;
  if (n < 2) return { a: NaN, b: NaN, seB: NaN };
  let sw = 0;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    sw += w[i]!;
    mx += w[i]! * x[i]!;
    my += w[i]! * y[i]!;
  }
  mx /= sw;
  my /= sw;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += w[i]! * (x[i]! - mx) ** 2;
    sxy += w[i]! * (x[i]! - mx) * (y[i]! - my);
  }
  const b = sxy / sxx;
  return { a: my - b * mx, b, seB: n > 2 ? 1 / Math.sqrt(sxx) : NaN };
}

/** Levels, fit and persistence from measured rows (impacts in log-price units) and σ_D. */
export function fitImpact(rows: readonly ImpactRow[], sigmaDaily: number, fitMax = 0.1): ImpactFit {
  const fractions = [...new Set(rows.map((r) => r.fraction))].sort((a, b) => a - b);
  const levels: ImpactLevel[] = fractions.map((f) => {
    const rs = rows.filter((r) => r.fraction === f && Number.isFinite(r.completion));
    const c = rs.map((r) => r.completion / sigmaDaily);
    return {
      fraction: f,
      n: rs.length,
      durationMin: rs.length ? mean(rs.map((r) => r.durationMin)) : NaN,
      peak: mean(rs.map((r) => r.peak / sigmaDaily)),
      completion: mean(c),
      completionHalfWidth: halfWidth95(describe(c)),
      after30: mean(rs.map((r) => r.after30 / sigmaDaily)),
      after120: mean(rs.map((r) => r.after120 / sigmaDaily)),
    };
  });
  const usable = levels.filter((l) => l.fraction <= fitMax && l.completion > 0 && Number.isFinite(l.completion) && l.completionHalfWidth > 0);
  // Standard error of the mean from the 95% half-width; weight (mean/se)² is the precision of log(mean).
  const weight = (l: ImpactLevel) => (l.completion / (l.completionHalfWidth / tQuantile975(l.n - 1))) ** 2;
  const { a, b, seB } = wls(usable.map((l) => Math.log(l.fraction)), usable.map((l) => Math.log(l.completion)), usable.map(weight));
  const big = levels.filter((l) => l.fraction >= 0.01);
  const sum = (k: 'peak' | 'after30' | 'after120') => big.reduce((s, l) => s + (Number.isFinite(l[k]) ? l[k] : 0), 0);
  return {
    sigmaDaily, delta: b, deltaSe: seB, y: Math.exp(a), fitted: usable.length, fitMax,
    persistence120: sum('after120') / sum('peak'), persistence30: sum('after30') / sum('peak'), levels,
  };
}
