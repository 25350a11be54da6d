// The impact experiment (docs/model.md §5; DOMAIN §8.2 S8): synthetic TWAP metaorders of Q/V of the day's volume,
// each paired with a run of the same scenario and seed without it (common random numbers), so the difference of
// the two price paths is the metaorder's own impact. This file plans the runs and measures them; the runs go
// through the worker pool (workers/impact-run.ts) or, for a calibration's impact moments, one seed at a time inside
// a calibration worker (src/calibrate/impact-moments.ts); both build the runs and rows with the functions below, so
// the same scenario, seeds and Q/V grid give the same numbers. The fit lives in src/results/impact-fit.ts.
//   sign ε = +1 buy, −1 sell; I(t) = ε·(ln P_with(t) − ln P_without(t)), P = last trade at the end of a minute;
//   duration T = clamp((Q/V)/participation · session minutes, minMinutes, maxMinutes);
//   peak = max of I over [start, end], completion = I(end), and I(end + 30 min), I(end + 120 min).
import { parseClock, US_PER_MIN } from '../core/time.js';
import type { Scenario } from '../scenario/schema.js';
import type { RunSpec } from '../sim/run.js';

export interface ImpactDesign {
  readonly instrument: string;
  readonly side: 'buy' | 'sell';
  /** Trading day of the metaorders (0-based); the runs are cut after it. */
  readonly day: number;
  readonly startTime: string;
  readonly fractions: readonly number[];
  readonly seeds: readonly number[];
  /** Participation that sets the duration, and the duration's bounds (minutes). */
  readonly participation: number;
  readonly minMinutes: number;
  readonly maxMinutes: number;
}

/** What a worker sends back about one run: the instrument's minute closes on the day and its volumes. */
export interface ImpactProbe {
  /** Last trade price at the end of each minute from the session open (index 0 = the open's minute). */
  readonly closes: Float64Array;
  /** The instrument's volume on the experiment day (shares). */
  readonly volume: number;
  /** Sum of squared 5-minute log returns of the instrument, per day up to the experiment day (intraday variance). */
  readonly dayVariance: Float64Array;
}

/** One measured metaorder. */
export interface ImpactRow {
  readonly fraction: number;
  readonly seed: number;
  readonly qty: number;
  readonly dayVolume: number;
  readonly durationMin: number;
  readonly peak: number;
  readonly completion: number;
  readonly after30: number;
  readonly after120: number;
}

/** `cascade impact`'s defaults (one home: the CLI and the calibration's impact moments). */
export const IMPACT_DEFAULTS = {
  fractions: [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2],
  day: 2,
  startTime: '09:30',
  side: 'sell',
  participation: 0.15,
  minMinutes: 5,
  maxMinutes: 180,
  fitMax: 0.1,
} as const;

/** The scenario cut to the experiment day with only the tables the probe needs. */
export function impactScenario(sc: Scenario, day: number): Scenario {
  if (day >= sc.calendar.days) throw new RangeError(`--day ${day} is past the scenario's last day (${sc.calendar.days - 1})`);
  return { ...sc, calendar: { ...sc.calendar, days: day + 1 }, outputs: { ...sc.outputs, tables: ['bars', 'daily'] } } as Scenario;
}

/** The experiment's base scenario: 1-minute bars (the probe reads minute closes), cut after the experiment day. */
export function impactBase(sc: Scenario, day: number): Scenario {
  return impactScenario({ ...sc, outputs: { ...sc.outputs, barSeconds: 60 } } as Scenario, day);
}

/** Time of day of the continuous session's open and its length in minutes (up to the closing auction). */
export function sessionClock(sc: Scenario): { openTod: number; sessionMinutes: number } {
  const openTod = parseClock(sc.calendar.session.open);
  return { openTod, sessionMinutes: (parseClock(sc.calendar.session.closingAuctionStart) - openTod) / US_PER_MIN };
}

/** One metaorder run of a seed: its size Q = fraction × the seed's day volume (at least one share). */
export interface MetaorderJob {
  readonly fraction: number;
  readonly qty: number;
  readonly durationMin: number;
  readonly spec: RunSpec;
}

/** A seed's metaorder runs, one per fraction in design order, sized on the day volume of its run without one. */
export function metaorderJobs(base: Scenario, seed: number, dayVolume: number, d: ImpactDesign, sessionMinutes: number): MetaorderJob[] {
  return d.fractions.map((fraction) => {
    const qty = Math.max(1, Math.round(fraction * dayVolume));
    const durationMin = durationMinutes(fraction, d, sessionMinutes);
    return { fraction, qty, durationMin, spec: metaorderSpec(base, seed, d, qty, durationMin) };
  });
}

/** A seed's rows from its metaorder probes (in job order) and its probe without a metaorder. */
export function seedRows(
  jobs: readonly MetaorderJob[], probes: readonly ImpactProbe[], without: ImpactProbe, d: ImpactDesign, openTod: number,
): ImpactRow[] {
  return jobs.map((j, i) => ({
    fraction: j.fraction, seed: j.spec.seed, qty: j.qty, dayVolume: without.volume, durationMin: j.durationMin,
    ...measureImpact(probes[i]!, without, d, openTod, j.durationMin),
  }));
}

/** TWAP duration (minutes) for a fraction Q/V of daily volume. */
export function durationMinutes(fraction: number, d: ImpactDesign, sessionMinutes: number): number {
  const t = (fraction / d.participation) * sessionMinutes;
  return Math.min(d.maxMinutes, Math.max(d.minMinutes, Math.round(t)));
}

/** The run with a metaorder of `qty` shares added to the (cut) scenario. */
export function metaorderSpec(base: Scenario, seed: number, d: ImpactDesign, qty: number, durationMin: number): RunSpec {
  const group = {
    kind: 'metaorder',
    count: 1,
    params: { instrument: d.instrument, side: d.side, qty, day: d.day, startTime: d.startTime, durationMin, sliceS: 30, aggressionTicks: 5 },
  };
  return { scenario: { ...base, agents: [...base.agents, group] } as Scenario, seed };
}

/** Measure one metaorder from its probe and its paired probe without it. */
export function measureImpact(
  withM: ImpactProbe, without: ImpactProbe, d: ImpactDesign, openTod: number, durationMin: number,
): Pick<ImpactRow, 'peak' | 'completion' | 'after30' | 'after120'> {
  const eps = d.side === 'buy' ? 1 : -1;
  const startMin = Math.floor((parseClock(d.startTime) - openTod) / US_PER_MIN);
  const endMin = startMin + Math.ceil(durationMin);
  const at = (m: number): number => {
    const i = Math.min(m, withM.closes.length - 1, without.closes.length - 1);
    const a = withM.closes[i]!;
    const b = without.closes[i]!;
    return a > 0 && b > 0 ? eps * Math.log(a / b) : NaN;
  };
  let peak = -Infinity;
  for (let m = startMin; m <= endMin; m++) peak = Math.max(peak, at(m));
  return { peak, completion: at(endMin), after30: at(endMin + 30), after120: at(endMin + 120) };
}

/**
 * Daily volatility σ_D: the root mean of the probes' per-day variances (squared 5-minute returns from the previous
 * close), over every day but the first (the market's start-up) of every seed.
 */
export function dailyVolatility(probes: readonly ImpactProbe[]): number {
  let s = 0;
  let n = 0;
  for (const p of probes) {
    for (let d = p.dayVariance.length > 1 ? 1 : 0; d < p.dayVariance.length; d++) {
      const v = p.dayVariance[d]!;
      if (Number.isFinite(v) && v > 0) { s += v; n++; }
    }
  }
  return n > 0 ? Math.sqrt(s / n) : NaN;
}
