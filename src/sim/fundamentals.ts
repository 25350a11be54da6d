// Fundamental values: one process per instrument in log space, stepped on a fixed grid of `stepUs` during the
// session [open, close) of each day (no drift overnight):
//   random walk:  x += σ·√Δ·z
//   OU:           x += θΔ·(μ − x) + σ·√Δ·z      (θ per trading day, μ = log initial price, moved by shocks)
//   jumps:        with probability λΔ per step, x += s·z'       (λ per trading day, s = jumpSizeSd)
// with Δ the step in trading days (σ converted from volAnnual with 252 trading days), and σ of day d multiplied by
// m_d = exp(s·z_d − s²/2) (s = dailyVolSd, z_d iid N(0,1) from the instrument's own `fundamental-vol` stream, so
// E[m_d] = 1): the mixture-of-distributions view of varying news intensity (Clark 1973;
// Andersen 1996; docs/model.md §3.2). Steps are taken lazily
// when a value is asked for, but always on the same grid from each instrument's own stream, so the path does not
// depend on when (or whether) agents look. Scripted shocks multiply the value by (1 + size) at their time.
import type { Rng } from '../core/rng.js';
import { TRADING_DAYS_PER_YEAR } from '../core/time.js';

export interface FundamentalSpec {
  readonly process: 'random-walk' | 'ou';
  readonly volAnnual: number;
  readonly meanReversionPerDay: number;
  readonly jumpIntensityPerDay: number;
  readonly jumpSizeSd: number;
  readonly dailyVolSd: number;
  readonly newsPerDay: number;
}

export interface SessionWindow {
  /** Times of day (µs) of the session's start and end; the process moves only in between. */
  readonly openTod: number;
  readonly closeTod: number;
  readonly dayUs: number;
}

export class Fundamentals {
  private readonly x: Float64Array;
  private readonly mu: Float64Array;
  /** Start time of the next step not yet taken, per instrument. */
  private readonly nextStep: Float64Array;
  private readonly stepDays: number;

  constructor(
    initialPrices: readonly number[],
    private readonly specs: readonly FundamentalSpec[],
    private readonly rngs: readonly Rng[],
    private readonly session: SessionWindow,
    /** Per instrument, the volatility multiplier of each day (missing days: 1). */
    private readonly dayVol: readonly Float64Array[] = [],
    private readonly stepUs = 1_000_000,
  ) {
    const n = initialPrices.length;
    if (specs.length !== n || rngs.length !== n) throw new Error('fundamentals: one spec and one stream per instrument');
    this.x = Float64Array.from(initialPrices, (p) => Math.log(p));
    this.mu = Float64Array.from(this.x);
    this.nextStep = new Float64Array(n);
    this.stepDays = stepUs / (session.closeTod - session.openTod);
  }

  /** Fundamental value of `inst` at time `t` (times must not decrease per instrument). */
  value(inst: number, t: number): number {
    this.advance(inst, t);
    return Math.exp(this.x[inst]!);
  }

  /** Multiply the fundamental of `inst` by (1 + size) at time `t`; an OU process's mean moves with it. */
  shock(inst: number, t: number, size: number): void {
    this.advance(inst, t);
    const dx = Math.log1p(size);
    this.x[inst]! += dx;
    this.mu[inst]! += dx;
  }

  /** Take every step of `inst` that starts at or before `t`. */
  private advance(inst: number, t: number): void {
    const { openTod, closeTod, dayUs } = this.session;
    const step = this.stepUs;
    let s = this.nextStep[inst]!;
    while (s <= t) {
      const tod = s % dayUs;
      if (tod < openTod) s += openTod - tod;
      else if (tod >= closeTod) s += dayUs - tod + openTod;
      else {
        this.step(inst, Math.floor(s / dayUs));
        s += step;
      }
    }
    this.nextStep[inst] = s;
  }

  private step(inst: number, day: number): void {
    const sp = this.specs[inst]!;
    const rng = this.rngs[inst]!;
    const d = this.stepDays;
    const sigma = (sp.volAnnual / Math.sqrt(TRADING_DAYS_PER_YEAR)) * (this.dayVol[inst]?.[day] ?? 1);
    let x = this.x[inst]!;
    if (sp.process === 'ou') x += sp.meanReversionPerDay * d * (this.mu[inst]! - x);
    x += sigma * Math.sqrt(d) * rng.normal();
    if (sp.jumpIntensityPerDay > 0 && rng.next() < sp.jumpIntensityPerDay * d) x += sp.jumpSizeSd * rng.normal();
    this.x[inst] = x;
  }
}

/** Each day's volatility multipliers exp(s·z − s²/2) for `days` days (all 1 when s = 0; no draws then). */
export function dayVolMultipliers(days: number, dailyVolSd: number, rng: Rng): Float64Array {
  const out = new Float64Array(days).fill(1);
  if (dailyVolSd > 0) for (let d = 0; d < days; d++) out[d] = Math.exp(dailyVolSd * rng.normal() - (dailyVolSd * dailyVolSd) / 2);
  return out;
}
