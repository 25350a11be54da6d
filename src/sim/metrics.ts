// The headline metrics of a run (summary.json): a flat object of numbers. Stress-day metrics use the scenario's
// stress day (default: the last day).
//   return.<SYM>          stress-day close-to-close return (close / previous close − 1)
//   max_drawdown.<SYM>    stress-day intraday peak-to-trough decline of trade prices, from the previous close
//   turnover_value.<SYM>  stress-day traded value (price × qty, in the report currency)
//   index_return          stress-day close-to-close index return (NaN without an index)
//   return_d2.<SYM>, index_return_d2  close-to-close return of day D+2 (D the stress day: the session whose opening
//                         auction takes the forced margin sales of D's calls); NaN when the run ends before D+2
//   peak_to_trough.<SYM>  largest decline of trade prices from a running peak, the close before D being the first
//                         peak, over D through the last day (the episode's drawdown, not only the stress day's)
//   index_peak_to_trough  the same for the index, on its daily closes from the close before D to the last close
//   circuit_breakers, vi_count, sidecars  counts over the run
//   spread_ticks_median.<SYM>, spread_le_2_ticks.<SYM>  quoted spread in ticks over the run's samples (two-sided book)
//   self_trade_cancels, self_trade_qty  orders and shares cancelled by self-trade prevention over the run
//   trades, orders, events
import { dayOf } from '../core/time.js';
import { SPREAD_BUCKETS } from './recorder.js';
import type { Recorder } from './recorder.js';

export interface SummaryContext {
  readonly symbols: readonly string[];
  readonly stressDay: number;
  readonly events: number;
  /** Scenario currency units per report-currency unit (value metrics are divided by it). */
  readonly fxRate: number;
  /** Orders and shares the exchange's self-trade prevention cancelled. */
  readonly selfTrade?: { readonly cancels: number; readonly qty: number };
}

export type Summary = Record<string, number>;

export function summarize(r: Recorder, c: SummaryContext): Summary {
  const s: Summary = {};
  const d = c.stressDay;
  c.symbols.forEach((sym, i) => {
    const st = r.daily.find((x) => x.day === d && x.inst === i);
    s[`return.${sym}`] = st ? st.close / st.base - 1 : NaN;
    s[`max_drawdown.${sym}`] = st ? maxDrawdown(r, i, d, st.base) : NaN;
    s[`turnover_value.${sym}`] = st ? st.turnover / c.fxRate : NaN;
  });
  s.index_return = r.indexClose.length > d ? r.indexClose[d]! / r.indexBase[d]! - 1 : NaN;
  c.symbols.forEach((sym, i) => {
    const d2 = r.daily.find((x) => x.day === d + 2 && x.inst === i);
    const st = r.daily.find((x) => x.day === d && x.inst === i);
    s[`return_d2.${sym}`] = d2 ? d2.close / d2.base - 1 : NaN;
    s[`peak_to_trough.${sym}`] = st ? peakToTrough(r, i, d, st.base) : NaN;
  });
  s.index_return_d2 = r.indexClose.length > d + 2 ? r.indexClose[d + 2]! / r.indexBase[d + 2]! - 1 : NaN;
  s.index_peak_to_trough = r.indexClose.length > d ? closesPeakToTrough([r.indexBase[d]!, ...r.indexClose.slice(d)]) : NaN;
  s.circuit_breakers = r.marketEvents.filter((e) => e.kind === 'halt-started').length;
  s.vi_count = r.marketEvents.filter((e) => e.kind === 'vi-started').length;
  s.sidecars = r.marketEvents.filter((e) => e.kind === 'sidecar-started').length;
  c.symbols.forEach((sym, i) => {
    const counts = r.spreadCounts.subarray(i * SPREAD_BUCKETS, (i + 1) * SPREAD_BUCKETS);
    s[`spread_ticks_median.${sym}`] = spreadMedian(counts);
    s[`spread_le_2_ticks.${sym}`] = spreadShareAtMost(counts, 2);
  });
  s.self_trade_cancels = c.selfTrade?.cancels ?? 0;
  s.self_trade_qty = c.selfTrade?.qty ?? 0;
  s.trades = r.tradeCount;
  s.orders = r.ordersArrived;
  s.events = c.events;
  return s;
}

/** The keys `summarize` writes for these symbols, in its order (without running anything). */
export function marketMetricNames(symbols: readonly string[]): string[] {
  return [
    ...symbols.flatMap((sym) => [`return.${sym}`, `max_drawdown.${sym}`, `turnover_value.${sym}`]),
    'index_return',
    ...symbols.flatMap((sym) => [`return_d2.${sym}`, `peak_to_trough.${sym}`]),
    'index_return_d2', 'index_peak_to_trough', 'circuit_breakers', 'vi_count', 'sidecars',
    ...symbols.flatMap((sym) => [`spread_ticks_median.${sym}`, `spread_le_2_ticks.${sym}`]),
    'self_trade_cancels', 'self_trade_qty', 'trades', 'orders', 'events',
  ];
}

/** Largest (peak − trough) / peak over the day's trade prices, the previous close being the first peak. */
function maxDrawdown(r: Recorder, inst: number, day: number, base: number): number {
  let peak = base;
  let worst = 0;
  for (let k = 0; k < r.tradeCount; k++) {
    if (r.tInst[k] !== inst || dayOf(r.tT[k]!) !== day) continue;
    const p = r.tPrice[k]!;
    if (p > peak) peak = p;
    const dd = (peak - p) / peak;
    if (dd > worst) worst = dd;
  }
  return worst;
}

/** Largest (peak − trough) / peak over trade prices from day `from` to the end, `base` being the first peak. */
function peakToTrough(r: Recorder, inst: number, from: number, base: number): number {
  let peak = base;
  let worst = 0;
  for (let k = 0; k < r.tradeCount; k++) {
    if (r.tInst[k] !== inst || dayOf(r.tT[k]!) < from) continue;
    const p = r.tPrice[k]!;
    if (p > peak) peak = p;
    const dd = (peak - p) / peak;
    if (dd > worst) worst = dd;
  }
  return worst;
}

/** Largest (peak − trough) / peak over a series of levels, the first being the first peak (NaN if one is NaN). */
function closesPeakToTrough(levels: readonly number[]): number {
  if (!levels.every(Number.isFinite)) return NaN;
  let peak = levels[0]!;
  let worst = 0;
  for (const x of levels) {
    if (x > peak) peak = x;
    if ((peak - x) / peak > worst) worst = (peak - x) / peak;
  }
  return worst;
}

/** Median spread in ticks among two-sided samples (bucket 0 = one side empty is left out); NaN if none. */
function spreadMedian(counts: Int32Array): number {
  let total = 0;
  for (let b = 1; b < counts.length; b++) total += counts[b]!;
  if (total === 0) return NaN;
  let seen = 0;
  for (let b = 1; b < counts.length; b++) {
    seen += counts[b]!;
    if (seen * 2 >= total) return b;
  }
  return counts.length - 1;
}

/** Share of two-sided samples with a spread of at most `ticks`. */
function spreadShareAtMost(counts: Int32Array, ticks: number): number {
  let total = 0;
  let ok = 0;
  for (let b = 1; b < counts.length; b++) {
    total += counts[b]!;
    if (b <= ticks) ok += counts[b]!;
  }
  return total === 0 ? NaN : ok / total;
}
