// The `impact` moment source (opt-in, and costly): the square-root law's parameters as calibration moments — the fit
// of `cascade impact` (docs/model.md §5; Tóth et al. 2011; Bouchaud et al., Trades, Quotes and Prices, ch. 12) on
// the scenario at the evaluated parameters, over the evaluation's seeds:
//   impact:delta, impact:Y          I/σ_D = Y·(Q/V)^δ, weighted least squares over the fractions ≤ fitMax
//   impact:persistence120, :persistence30   share of the peak impact left 120 (30) minutes after completion
//   impact:sigma_daily              the σ_D the impacts are measured in
// Cost: each seed's worker runs, besides its calibration run, the experiment's run without a metaorder and one run
// per fraction (common random numbers: the same seed), each cut after `day`: (1 + fractions) runs of day + 1 days
// per seed and evaluation. The moments of one experiment (same instrument and options) share these runs. The seeds
// are pooled as `cascade impact` pools them (src/sweep/impact.ts builds the runs and rows for both, and
// src/results/impact-fit.ts fits), so the same scenario, seeds and options give cascade impact's numbers exactly.
// Options (defaults: cascade impact's): fractions, day, start, side, participation, minMinutes, maxMinutes, fitMax.
import { parseClock } from '../core/time.js';
import { fitImpact, type ImpactFit } from '../results/impact-fit.js';
import type { Scenario } from '../scenario/schema.js';
import { impactProbe } from '../sim/impact-probe.js';
import { runScenario, type RunSpec } from '../sim/run.js';
import {
  dailyVolatility, IMPACT_DEFAULTS, impactBase, metaorderJobs, seedRows, sessionClock, type ImpactDesign, type ImpactProbe, type ImpactRow,
} from '../sweep/impact.js';
import type { MomentOptions, PooledMomentSource } from './moments.js';

const STATS: Readonly<Record<string, (f: ImpactFit) => number>> = {
  delta: (f) => f.delta,
  Y: (f) => f.y,
  persistence120: (f) => f.persistence120,
  persistence30: (f) => f.persistence30,
  sigma_daily: (f) => f.sigmaDaily,
};

const OPTION_KEYS = ['fractions', 'day', 'start', 'side', 'participation', 'minMinutes', 'maxMinutes', 'fitMax'];

/** The experiment's design from a moment's options (the seed list is the evaluation's, so it is left empty). */
function designOf(o: MomentOptions, instrument: string): ImpactDesign & { fitMax: number } {
  const D = IMPACT_DEFAULTS;
  return {
    instrument, seeds: [],
    fractions: (o['fractions'] as readonly number[] | undefined) ?? D.fractions,
    day: (o['day'] as number | undefined) ?? D.day,
    startTime: (o['start'] as string | undefined) ?? D.startTime,
    side: (o['side'] as 'buy' | 'sell' | undefined) ?? D.side,
    participation: (o['participation'] as number | undefined) ?? D.participation,
    minMinutes: (o['minMinutes'] as number | undefined) ?? D.minMinutes,
    maxMinutes: (o['maxMinutes'] as number | undefined) ?? D.maxMinutes,
    fitMax: (o['fitMax'] as number | undefined) ?? D.fitMax,
  };
}

const isNum = (x: unknown, lo: number, hi: number): boolean => typeof x === 'number' && x > lo && x <= hi;

/** The first problem with the options for this scenario, or null. */
function checkOptions(o: MomentOptions, sc: Scenario, instrument: string | undefined): string | null {
  const unknown = Object.keys(o).find((k) => !OPTION_KEYS.includes(k));
  if (unknown !== undefined) return `unknown impact option "${unknown}" (known: ${OPTION_KEYS.join(', ')})`;
  const f = o['fractions'];
  if (f !== undefined && !(Array.isArray(f) && f.length >= 2 && f.every((x) => isNum(x, 0, 1)) && new Set(f).size === f.length)) {
    return 'impact option fractions must be a list of at least 2 distinct numbers in (0, 1]';
  }
  for (const [k, hi] of [['participation', 1], ['fitMax', 1], ['minMinutes', 390], ['maxMinutes', 390]] as const) {
    if (o[k] !== undefined && !isNum(o[k], 0, hi)) return `impact option ${k} must be a number in (0, ${hi}]`;
  }
  const d = designOf(o, instrument ?? '');
  if (!Number.isInteger(d.day) || d.day < 0) return 'impact option day must be a non-negative integer';
  if (d.day >= sc.calendar.days) return `impact option day ${d.day} is past the scenario's last day (${sc.calendar.days - 1}); set calendar.days or a smaller day`;
  if (d.side !== 'buy' && d.side !== 'sell') return 'impact option side must be buy or sell';
  if (typeof d.startTime !== 'string' || !/^\d{2}:\d{2}$/.test(d.startTime)) return 'impact option start must look like 09:30';
  const start = parseClock(d.startTime);
  if (start < parseClock(sc.calendar.session.open) || start >= parseClock(sc.calendar.session.closingAuctionStart)) {
    return `impact option start ${d.startTime} is outside continuous trading (${sc.calendar.session.open}–${sc.calendar.session.closingAuctionStart})`;
  }
  if (instrument !== undefined && !sc.market.instruments.some((i) => i.symbol === instrument)) return `the scenario has no instrument ${instrument}`;
  return null;
}

/**
 * One seed's experiment, as numbers: [seed, day volume, days, Σr² per day..., then per fraction in design order:
 * qty, duration, peak, completion, +30 min, +120 min].
 */
export function seedContribution(spec: RunSpec, d: ImpactDesign): number[] {
  const base = impactBase(spec.scenario, d.day);
  const { openTod, sessionMinutes } = sessionClock(spec.scenario);
  const probe = (s: RunSpec): ImpactProbe => impactProbe(runScenario(s), d.instrument, d.day);
  const without = probe({ scenario: base, seed: spec.seed });
  const jobs = metaorderJobs(base, spec.seed, without.volume, d, sessionMinutes);
  const rows = seedRows(jobs, jobs.map((j) => probe(j.spec)), without, d, openTod);
  return [spec.seed, without.volume, without.dayVariance.length, ...without.dayVariance,
    ...rows.flatMap((r) => [r.qty, r.durationMin, r.peak, r.completion, r.after30, r.after120])];
}

/** The fit of `cascade impact` from the seeds' contributions (seed order). */
export function poolContributions(cs: readonly (readonly number[])[], d: ImpactDesign & { fitMax: number }): ImpactFit {
  const rows: ImpactRow[] = [];
  const probes: ImpactProbe[] = [];
  for (const c of cs) {
    const [seed, dayVolume, days] = c as [number, number, number];
    probes.push({ closes: new Float64Array(0), volume: dayVolume, dayVariance: Float64Array.from(c.slice(3, 3 + days)) });
    d.fractions.forEach((fraction, i) => {
      const [qty, durationMin, peak, completion, after30, after120] = c.slice(3 + days + 6 * i, 3 + days + 6 * (i + 1)) as number[];
      rows.push({ fraction, seed, qty: qty!, dayVolume, durationMin: durationMin!, peak: peak!, completion: completion!, after30: after30!, after120: after120! });
    });
  }
  return fitImpact(rows, dailyVolatility(probes), d.fitMax);
}

/** The moment's instrument, or the scenario's first stock (as the other sources default). */
const symbolOf = (instrument: string | undefined, sc: Scenario): string =>
  instrument ?? sc.market.instruments.find((i) => i.leverage === 1)?.symbol ?? '';

export const impactSource: PooledMomentSource = {
  id: 'impact',
  kind: 'pooled',
  describe: 'impact:delta, impact:Y, impact:persistence120, impact:persistence30, impact:sigma_daily: the square-root law fit of `cascade impact` over the seeds',
  check: (name) => (name in STATS ? null : `unknown impact statistic "${name}" (known: ${Object.keys(STATS).join(', ')})`),
  checkOptions,
  extraRuns: (o, sc, instrument) => {
    const d = designOf(o, symbolOf(instrument, sc));
    return { key: JSON.stringify(d), runs: 1 + d.fractions.length, days: d.day + 1 };
  },
  collect: (run, _name, instrument, o) => {
    const d = designOf(o, symbolOf(instrument, run.spec.scenario));
    return run.memo(`impact:${JSON.stringify(d)}`, () => seedContribution(run.spec, d));
  },
  pool: (cs, name, instrument, o) => STATS[name]!(poolContributions(cs, designOf(o, instrument ?? ''))),
};
