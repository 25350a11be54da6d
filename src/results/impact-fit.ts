// The square-root law fit of the impact experiment (docs/model.md §5; Tóth et al. 2011; Bouchaud et al., Trades,
// Quotes and Prices, ch. 12): per fraction Q/V the mean impact in units of σ_D with a 95% t interval over seeds,
// then I/σ_D = Y·(Q/V)^δ fitted by least squares on log(mean completion impact) against log(Q/V) over the
// fractions whose mean is positive (a noise-level mean at a tiny Q/V cannot enter a log fit). Persistence is the
// pooled ratio Σ I(end + 120 min) / Σ peak over fractions ≥ 1% (the small ones are noise) — the share of the peak
// impact still there two hours after completion.
import type { ImpactRow } from '../sweep/impact.js';
import { tQuantile } from './student-t.js';

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
  readonly levels: readonly ImpactLevel[];
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

function halfWidth(xs: readonly number[]): number {
  if (xs.length < 2) return NaN;
  const m = mean(xs);
  const sd = Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
  return (tQuantile(0.975, xs.length - 1) * sd) / Math.sqrt(xs.length);
}

/** Ordinary least squares y = a + b·x: intercept, slope and the slope's standard error. */
export function ols(x: readonly number[], y: readonly number[]): { a: number; b: number; seB: number } {
  const n = x.length;
  if (n < 2) return { a: NaN, b: NaN, seB: NaN };
  const mx = mean(x);
  const my = mean(y);
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (x[i]! - mx) ** 2;
    sxy += (x[i]! - mx) * (y[i]! - my);
  }
  const b = sxy / sxx;
  const a = my - b * mx;
  let sse = 0;
  for (let i = 0; i < n; i++) sse += (y[i]! - a - b * x[i]!) ** 2;
  const seB = n > 2 ? Math.sqrt(sse / (n - 2) / sxx) : NaN;
  return { a, b, seB };
}

/** Levels, fit and persistence from measured rows (impacts in log-price units) and σ_D. */
export function fitImpact(rows: readonly ImpactRow[], sigmaDaily: number): ImpactFit {
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
      completionHalfWidth: halfWidth(c),
      after30: mean(rs.map((r) => r.after30 / sigmaDaily)),
      after120: mean(rs.map((r) => r.after120 / sigmaDaily)),
    };
  });
  const usable = levels.filter((l) => l.completion > 0 && Number.isFinite(l.completion));
  const { a, b, seB } = ols(usable.map((l) => Math.log(l.fraction)), usable.map((l) => Math.log(l.completion)));
  const big = levels.filter((l) => l.fraction >= 0.01);
  const sum = (k: 'peak' | 'after30' | 'after120') => big.reduce((s, l) => s + (Number.isFinite(l[k]) ? l[k] : 0), 0);
  return {
    sigmaDaily, delta: b, deltaSe: seB, y: Math.exp(a), fitted: usable.length,
    persistence120: sum('after120') / sum('peak'), persistence30: sum('after30') / sum('peak'), levels,
  };
}
