// The stylized facts S1–S10 of DOMAIN.md §8.2 (with §6's estimators) measured on a run, per stock, each with its
// target band and a pass/fail mark; written to facts.json and shown in the report. Measured on calm days only
// (days without a scripted shock). Runs last days, not years, so the day-lag facts (S4, S5) are measured on 5-min
// bars, and daily kurtosis (S2) needs ≥ 20 days; such choices are spelled out in each fact's `estimator`. A fact
// the tables cannot measure (S8 needs synthetic metaorder runs) is listed with pass = null and a note.
import {
  autocorrelation, concat, excessKurtosis, hillTailIndex, leverageCorrelation, logReturns, mean, meanAbsBetween, pearson,
  powerLawFit, quantileSorted,
} from './estimators.js';
import { US_PER_MIN, US_PER_S } from '../core/time.js';
import { aggregateVolumes, barLengthUs, barSeries, calmDays, orderSigns, stockSymbols } from './fact-series.js';
import type { BarSeries } from './fact-series.js';
import { numCol, strCol } from './columns.js';
import { formatParam, formatPct, formatSig } from './format.js';
import type { RunData } from './run-data.js';

/** One fact measured on one instrument. `pass` is null when the fact could not be measured. */
export interface FactResult {
  readonly instrument: string;
  readonly value: number | null;
  readonly display: string;
  readonly pass: boolean | null;
  readonly details: Readonly<Record<string, number | null>>;
  readonly note?: string;
}

export interface Fact {
  readonly id: string;
  readonly name: string;
  readonly estimator: string;
  readonly target: string;
  readonly results: readonly FactResult[];
}

export interface FactsReport {
  readonly instruments: readonly string[];
  readonly days: readonly number[];
  readonly barSeconds: number;
  readonly facts: readonly Fact[];
}

/** Everything one instrument's facts are computed from. */
interface Inputs {
  readonly run: RunData;
  readonly bars: BarSeries;
  readonly r1: Float64Array[];
  readonly r5: Float64Array[];
  readonly v5: Float64Array[];
  readonly r30: Float64Array[];
  readonly days: readonly number[];
}

interface FactDef {
  readonly id: string;
  readonly name: string;
  readonly estimator: string;
  readonly target: string;
  readonly measure: (x: Inputs) => Omit<FactResult, 'instrument'>;
}

const fin = (x: number): number | null => (Number.isFinite(x) ? x : null);
const band = (x: number, lo: number, hi: number): boolean | null => (Number.isFinite(x) ? x >= lo && x <= hi : null);
const result = (value: number, display: string, pass: boolean | null, details: Record<string, number | null> = {}, note?: string) =>
  ({ value: fin(value), display: Number.isFinite(value) ? display : 'n/a', pass: Number.isFinite(value) ? pass : null, details, ...(note ? { note } : {}) });
const unmeasured = (note: string): Omit<FactResult, 'instrument'> => ({ value: null, display: 'n/a', pass: null, details: {}, note });

/** Minimum daily returns for a daily excess kurtosis (S2). */
export const MIN_DAYS_FOR_DAILY_KURTOSIS = 20;

const FACTS: readonly FactDef[] = [
  {
    id: 'S1', name: 'Heavy tails', estimator: 'Hill α̂ on 5-min |r|, top 5%', target: '2–5',
    measure: ({ r5 }) => {
      const h = hillTailIndex(concat(r5), 0.05);
      return result(h.alpha, formatSig(h.alpha, 3), band(h.alpha, 2, 5), { k: h.k, n: h.n });
    },
  },
  {
    id: 'S2', name: 'Daily excess kurtosis', estimator: 'κ of daily close-to-close returns', target: '> 1',
    measure: ({ run, bars, days }) => {
      if (days.length < MIN_DAYS_FOR_DAILY_KURTOSIS) return unmeasured(`needs ≥ ${MIN_DAYS_FOR_DAILY_KURTOSIS} days (the run has ${days.length} calm days)`);
      const k = excessKurtosis(dailyReturns(run, bars.instrument, days));
      return result(k, formatSig(k, 3), Number.isFinite(k) ? k > 1 : null);
    },
  },
  {
    id: 'S2b', name: 'Aggregational Gaussianity', estimator: 'κ of 1-, 5- and 30-min returns', target: 'κ falls as Δ grows',
    measure: ({ r1, r5, r30 }) => {
      const k = [excessKurtosis(concat(r1)), excessKurtosis(concat(r5)), excessKurtosis(concat(r30))];
      const pass = k.every(Number.isFinite) ? k[0]! > k[1]! && k[1]! > k[2]! : null;
      return result(k[0]!, k.map((x) => formatSig(x, 3)).join(' / '), pass, { kurtosis_1m: fin(k[0]!), kurtosis_5m: fin(k[1]!), kurtosis_30m: fin(k[2]!) });
    },
  },
  {
    id: 'S3', name: 'No linear autocorrelation', estimator: 'mean |ρ_r(τ)|, τ = 20–60 min, 1-min returns', target: '< 0.05',
    measure: ({ r1 }) => {
      const rho = autocorrelation(r1, 60);
      const m = meanAbsBetween(rho, 20, 60);
      return result(m, formatSig(m, 2), Number.isFinite(m) ? m < 0.05 : null, { rho_lag1: fin(rho[1]!) });
    },
  },
  {
    id: 'S3b', name: 'No 1-minute autocorrelation', estimator: '|ρ_r(1)|, 1-min returns', target: '< 0.15',
    measure: ({ r1 }) => {
      const rho = autocorrelation(r1, 1)[1]!;
      return result(rho, formatSig(rho, 2), Number.isFinite(rho) ? Math.abs(rho) < 0.15 : null);
    },
  },
  {
    id: 'S4', name: 'Volatility clustering', estimator: 'mean ρ_|r|(τ), τ = 1–30 min, 1-min returns', target: '> 0.1',
    measure: ({ r1, r5 }) => {
      const rho = autocorrelation(r1.map(absAll), 30);
      const m = mean(Array.from(rho.subarray(1)).filter(Number.isFinite));
      const rho5 = autocorrelation(r5.map(absAll), 1)[1]!;
      return result(m, formatSig(m, 2), Number.isFinite(m) ? m > 0.1 : null, { rho_abs_5min_lag1: fin(rho5) });
    },
  },
  {
    id: 'S4b', name: 'Slow decay of |r| autocorrelation', estimator: 'β of ρ_|r|(τ) ≈ A·τ^−β, τ = 1–20 (5-min)', target: '0.1–0.5',
    measure: ({ r5 }) => {
      const rho = autocorrelation(r5.map(absAll), 20);
      const lags = Float64Array.from({ length: 20 }, (_, i) => i + 1);
      const fit = powerLawFit(lags, rho.subarray(1));
      const ok = fit.points >= 5 ? band(fit.exponent, 0.1, 0.5) : null;
      return result(fit.points >= 5 ? fit.exponent : NaN, formatSig(fit.exponent, 2), ok, { points: fit.points }, fit.points < 5 ? 'fewer than 5 positive lags' : undefined);
    },
  },
  {
    id: 'S5', name: 'Leverage effect', estimator: 'mean ℒ(τ), τ = 1–20 (5-min)', target: '< 0',
    measure: ({ r5 }) => {
      const l = leverageCorrelation(r5, 20);
      const m = mean(Array.from(l.subarray(1)).filter(Number.isFinite));
      return result(m, formatSig(m, 2), Number.isFinite(m) ? m < 0 : null);
    },
  },
  {
    id: 'S6', name: 'Volume–volatility correlation', estimator: 'corr(volume, |r|), 5-min bars', target: '0.3–0.7',
    measure: ({ r5, v5 }) => {
      const c = pearson(concat(v5), absAll(concat(r5)));
      return result(c, formatSig(c, 2), band(c, 0.3, 0.7));
    },
  },
  { id: 'S7', name: 'Long memory of order signs', estimator: 'γ of C(τ) ≈ A·τ^−γ, τ = 1–100 orders', target: '0.3–0.8', measure: measureSigns },
  {
    id: 'S8', name: 'Square-root impact', estimator: 'δ, Y from synthetic metaorders', target: 'δ 0.4–0.6, Y 0.3–1.5',
    measure: () => unmeasured('needs synthetic metaorder runs; not measurable from one run’s tables'),
  },
  { id: 'S9', name: 'Intraday U-shape', estimator: 'volume/min, first and last 30 min ÷ midday', target: '≥ 1.5× both', measure: measureProfile },
  {
    id: 'S10', name: 'Tight quoted spread', estimator: 'share of samples ≤ 2 ticks (median ticks)', target: '≥ 50%, median 1–2',
    measure: ({ run, bars }) => {
      const share = run.summary[`spread_le_2_ticks.${bars.instrument}`] ?? NaN;
      const med = run.summary[`spread_ticks_median.${bars.instrument}`] ?? NaN;
      const pass = Number.isFinite(share) && Number.isFinite(med) ? share >= 0.5 && med >= 1 && med <= 2 : null;
      return result(share, `${formatPct(share, 1)} (median ${formatParam(med)})`, pass, { median_ticks: fin(med) });
    },
  },
];

function absAll(x: Float64Array): Float64Array {
  return x.map(Math.abs);
}

function measureSigns({ run, bars, days }: Inputs): Omit<FactResult, 'instrument'> {
  const signs = orderSigns(run, bars.instrument, days);
  const n = signs.reduce((a, s) => a + s.length, 0);
  const c = autocorrelation(signs, 100);
  const lags = Float64Array.from({ length: 100 }, (_, i) => i + 1);
  const fit = powerLawFit(lags, c.subarray(1));
  const significant = c[1]! > 2 / Math.sqrt(n);
  if (!significant || fit.points < 5) {
    const note = `no significant sign memory (C(1) = ${formatSig(c[1]!, 2)}, n = ${n})`;
    return { value: null, display: 'none', pass: n > 0 ? false : null, details: { c_lag1: fin(c[1]!), orders: n }, note };
  }
  return result(fit.exponent, formatSig(fit.exponent, 2), band(fit.exponent, 0.3, 0.8), { c_lag1: fin(c[1]!), orders: n });
}

function measureProfile({ run, bars }: Inputs): Omit<FactResult, 'instrument'> {
  const { openUs, closeUs } = run.info;
  const third = (closeUs - openUs) / 3;
  const sums = { first: [0, 0], last: [0, 0], mid: [0, 0] };
  bars.todUs.forEach((tod, d) => {
    tod.forEach((t, b) => {
      const slot = t < openUs + 30 * US_PER_MIN ? sums.first : t >= closeUs - 30 * US_PER_MIN ? sums.last : t >= openUs + third && t < openUs + 2 * third ? sums.mid : null;
      if (slot) {
        slot[0] = slot[0]! + bars.volumes[d]![b]!;
        slot[1] = slot[1]! + 1;
      }
    });
  });
  const perBar = (s: number[]): number => s[0]! / s[1]!;
  const first = perBar(sums.first) / perBar(sums.mid);
  const last = perBar(sums.last) / perBar(sums.mid);
  const spikes = auctionSpikes(bars);
  const pass = Number.isFinite(first) && Number.isFinite(last) ? first >= 1.5 && last >= 1.5 : null;
  const details = { first_30min_ratio: fin(first), last_30min_ratio: fin(last), open_bar_ratio: fin(spikes.open), close_bar_ratio: fin(spikes.close) };
  return result(Math.min(first, last), `${formatSig(first, 3)}× / ${formatSig(last, 3)}×`, pass, details);
}

/** Volume of the first and last bar of the day (the auctions) over the median bar, averaged over days. */
function auctionSpikes(bars: BarSeries): { open: number; close: number } {
  const open: number[] = [];
  const close: number[] = [];
  for (const v of bars.volumes) {
    const med = quantileSorted(Float64Array.from(v).sort(), 0.5);
    if (!(med > 0)) continue;
    open.push(v[0]! / med);
    close.push(v[v.length - 1]! / med);
  }
  return { open: mean(open), close: mean(close) };
}

function dailyReturns(run: RunData, instrument: string, days: readonly number[]): Float64Array {
  const daily = run.tables.get('daily');
  if (daily === undefined) return new Float64Array(0);
  const inst = strCol(daily, 'instrument');
  const day = numCol(daily, 'day');
  const ret = numCol(daily, 'return');
  const keep = new Set(days);
  const out: number[] = [];
  for (let r = 0; r < daily.rowCount; r++) if (inst[r] === instrument && keep.has(day[r]!) && Number.isFinite(ret[r]!)) out.push(ret[r]!);
  return Float64Array.from(out);
}

/** The inputs of one instrument: 1-, 5- and 30-min log returns (within days) and 5-min volumes. */
function inputsOf(run: RunData, instrument: string, days: readonly number[], barUs: number): Inputs {
  const bars = barSeries(run, instrument, days);
  const step = (min: number): number => Math.max(1, Math.round((min * US_PER_MIN) / barUs));
  return {
    run, bars, days,
    r1: bars.closes.map((c) => logReturns(c, step(1))),
    r5: bars.closes.map((c) => logReturns(c, step(5))),
    v5: bars.volumes.map((v) => aggregateVolumes(v, step(5))),
    r30: bars.closes.map((c) => logReturns(c, step(30))),
  };
}

/** Measure every fact on every stock of the run (calm days only). */
export function stylizedFacts(run: RunData): FactsReport {
  const days = calmDays(run);
  const barUs = barLengthUs(run);
  const instruments = stockSymbols(run);
  const inputs = instruments.map((s) => inputsOf(run, s, days, barUs));
  const facts = FACTS.map(({ measure, ...def }) => ({ ...def, results: inputs.map((x) => ({ instrument: x.bars.instrument, ...measure(x) })) }));
  return { instruments, days, barSeconds: barUs / US_PER_S, facts };
}
