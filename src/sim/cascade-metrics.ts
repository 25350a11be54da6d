// Stress-day summary metrics contributed by the agent kinds (each kind's `summaryMetrics` in its own file, through
// agents/registry.ts: no kind name or metric prefix lives here), plus the market's realised volatility:
//   realized_vol.<SYM>           stress-day realised volatility: sqrt(Σ r²) of 1-minute log returns of last prices
//   realized_vol_ex_shock.<SYM>  the same without the minutes that overlap [shock, shock + 30 min) of any scripted
//                                shock to that instrument (or to all) that day: the vol the market itself produced
// Kinds absent from a run still report their keys (flows 0, ratios NaN), so every run has the same keys.
import { dayOf, US_PER_DAY } from '../core/time.js';
import { AGENT_KINDS } from '../agents/registry.js';
import type { FlowField, KindSummaryView } from '../agents/registry.js';
import { FLOW_BUY_VALUE, FLOW_FORCED_SELL_VALUE, FLOW_SELL_VALUE } from './recorder.js';
import type { Recorder } from './recorder.js';

export interface CascadeMetricsContext {
  readonly symbols: readonly string[];
  /** Which instruments are stocks (not ETFs). */
  readonly isStock: readonly boolean[];
  readonly kindNames: readonly string[];
  readonly agentKind: Int32Array;
  readonly stressDay: number;
  readonly closeTod: number;
  readonly fxRate: number;
}

const MINUTE_US = 60_000_000;
/** Window after a scripted shock left out of realized_vol_ex_shock (issue 10 item 3). */
const EXCLUDE_AFTER_SHOCK_US = 30 * MINUTE_US;

export function cascadeMetrics(r: Recorder, c: CascadeMetricsContext): Record<string, number> {
  const s: Record<string, number> = {};
  const d = c.stressDay;
  for (const spec of AGENT_KINDS) {
    if (spec.summaryMetrics) Object.assign(s, spec.summaryMetrics(kindView(r, c, c.kindNames.indexOf(spec.kind))));
  }
  c.symbols.forEach((sym, i) => {
    s[`realized_vol.${sym}`] = realizedVol(r, i, d);
    s[`realized_vol_ex_shock.${sym}`] = realizedVol(r, i, d, shockTimes(r, i, d));
  });
  return s;
}

/** The keys `cascadeMetrics` writes for these symbols (each kind asked with an absent view), without running. */
export function cascadeMetricNames(symbols: readonly string[]): string[] {
  const absent: KindSummaryView = {
    present: false, stressDay: 0, days: 1, fxRate: 1,
    flow: () => 0, turnoverOfStocksTraded: () => NaN, sellValueBeforeClose: () => 0, metricSum: () => 0,
  };
  const kinds = AGENT_KINDS.flatMap((spec) => (spec.summaryMetrics ? Object.keys(spec.summaryMetrics(absent)) : []));
  return [...kinds, ...symbols.flatMap((sym) => [`realized_vol.${sym}`, `realized_vol_ex_shock.${sym}`])];
}

const FIELD: Readonly<Record<FlowField, number>> = {
  'buy-value': FLOW_BUY_VALUE, 'sell-value': FLOW_SELL_VALUE, 'forced-sell-value': FLOW_FORCED_SELL_VALUE,
};

/** The recorder seen by one kind (index k in the run's kinds, or −1 when absent). */
function kindView(r: Recorder, c: CascadeMetricsContext, k: number): KindSummaryView {
  return {
    present: k >= 0,
    stressDay: c.stressDay,
    days: r.days,
    fxRate: c.fxRate,
    flow(day, field, stocksOnly = true) {
      if (k < 0 || day < 0 || day >= r.days) return 0;
      let sum = 0;
      for (let i = 0; i < r.instruments; i++) if (!stocksOnly || c.isStock[i]) sum += r.flows[r.flowOffset(day, i, k) + FIELD[field]]!;
      return sum;
    },
    turnoverOfStocksTraded: (day) => turnoverOfStocksTradedBy(r, c, k, day),
    sellValueBeforeClose: (day, minutes) => (k < 0 ? 0 : sellValueLate(r, c, k, day, minutes)),
    metricSum(day, prefix) {
      let v = 0;
      for (const [name, x] of r.metrics[day] ?? []) if (name.startsWith(prefix)) v += x;
      return v;
    },
  };
}

/** Turnover on day `d` of the stocks that kind `k` traded that day. */
function turnoverOfStocksTradedBy(r: Recorder, c: CascadeMetricsContext, k: number, d: number): number {
  if (k < 0 || d < 0 || d >= r.days) return NaN;
  let total = 0;
  for (let i = 0; i < r.instruments; i++) {
    if (!c.isStock[i]) continue;
    const o = r.flowOffset(d, i, k);
    if (r.flows[o + FLOW_SELL_VALUE]! + r.flows[o + FLOW_BUY_VALUE]! === 0) continue;
    total += r.daily.find((x) => x.day === d && x.inst === i)?.turnover ?? 0;
  }
  return total;
}

/** Sell value of kind `k` on stocks during the last `minutes` of day `d` (from the close − minutes on). */
function sellValueLate(r: Recorder, c: CascadeMetricsContext, k: number, d: number, minutes: number): number {
  const from = d * US_PER_DAY + c.closeTod - minutes * MINUTE_US;
  let v = 0;
  for (let j = 0; j < r.tradeCount; j++) {
    const t = r.tT[j]!;
    if (t < from || dayOf(t) !== d || !c.isStock[r.tInst[j]!]) continue;
    if (c.agentKind[r.tSeller[j]!] === k) v += r.tPrice[j]! * r.tQty[j]!;
  }
  return v;
}

/** Times of the scripted shocks that hit instrument `inst` (directly or all instruments) on day `d`. */
export function shockTimes(r: Recorder, inst: number, d: number): number[] {
  return r.marketEvents.filter((e) => e.kind === 'shock' && (e.inst === inst || e.inst < 0) && dayOf(e.t) === d).map((e) => e.t);
}

/**
 * sqrt of the sum of squared 1-minute log returns of last trade prices on day `d` (a daily volatility), leaving out
 * the returns of minutes that overlap [t, t + 30 min) for any t in `excludeFrom` (prices still carry across them).
 */
export function realizedVol(r: Recorder, inst: number, d: number, excludeFrom: readonly number[] = []): number {
  let prev = NaN;
  let lastMinute = -1;
  let last = NaN;
  let sum = 0;
  const excluded = (minute: number): boolean => {
    const start = minute * MINUTE_US;
    return excludeFrom.some((t) => start + MINUTE_US > t && start < t + EXCLUDE_AFTER_SHOCK_US);
  };
  const flush = (): void => {
    if (!Number.isNaN(prev) && !Number.isNaN(last) && !excluded(lastMinute)) sum += Math.log(last / prev) ** 2;
    prev = last;
  };
  for (let j = 0; j < r.tradeCount; j++) {
    if (r.tInst[j] !== inst || dayOf(r.tT[j]!) !== d) continue;
    const minute = Math.floor(r.tT[j]! / MINUTE_US);
    if (minute !== lastMinute && lastMinute >= 0) flush();
    lastMinute = minute;
    last = r.tPrice[j]!;
  }
  if (lastMinute >= 0) flush();
  return Math.sqrt(sum);
}
