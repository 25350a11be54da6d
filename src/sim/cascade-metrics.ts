// Stress-day metrics of the cascade agents (issue 4), computed from the recorded flows, trades and agent metrics.
// Value metrics are in the scenario's currency divided by `fxRate` (the reporting currency). Kinds absent from a run
// give 0 (flows) or NaN (ratios with a zero denominator).
//   letf_rebalance_value        net sell value (sell − buy) of leveraged-etf on stocks, stress day
//   letf_share_of_turnover      leveraged-etf sell value / turnover of the stocks it traded, stress day
//   letf_close_share            share of that sell value executed in the last 30 minutes (incl. the closing auction)
//   margin_forced_sale_value.stress / .d2   forced sells of margin-accounts on the stress day / two sessions later
//   margin_forced_sale_multiple  .d2 value / the average forced sells triggered by pre-shock closes, i.e. on days
//                                2..stress day + 1 (a sale follows its call by two sessions, so days 0-1 carry none by
//                                construction, and the sales on the stress day and the day after come from calls at the
//                                two closes before the shock)
//   dealer_hedge_value           option-dealer net value (buy − sell), stress day (negative = sold)
//   foreign_net_value            foreign-seller net value (buy − sell), stress day
//   ap_net_units                 creation units created minus redeemed (metrics ap_units.*), stress day
//   realized_vol.<SYM>           stress-day realised volatility: sqrt(Σ r²) of 1-minute log returns of last prices
//   realized_vol_ex_shock.<SYM>  the same without the minutes that overlap [shock, shock + 30 min) of any scripted
//                                shock to that instrument (or to all) that day: the vol the market itself produced
import { dayOf, US_PER_DAY } from '../core/time.js';
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

const LAST_MINUTES_US = 30 * 60 * 1_000_000;
const MINUTE_US = 60_000_000;
/** Window after a scripted shock left out of realized_vol_ex_shock (issue 10 item 3). */
const EXCLUDE_AFTER_SHOCK_US = 30 * MINUTE_US;
/** KRX: a margin call at day D's close is force-sold at the D+2 opening auction (DOMAIN §3.1). */
const SALE_LAG_DAYS = 2;

export function cascadeMetrics(r: Recorder, c: CascadeMetricsContext): Record<string, number> {
  const s: Record<string, number> = {};
  const d = c.stressDay;
  const kind = (name: string): number => c.kindNames.indexOf(name);
  const flow = (day: number, k: number, field: number, stocksOnly = true): number => {
    if (k < 0 || day < 0 || day >= r.days) return 0;
    let sum = 0;
    for (let i = 0; i < r.instruments; i++) if (!stocksOnly || c.isStock[i]) sum += r.flows[r.flowOffset(day, i, k) + field]!;
    return sum;
  };
  const letf = kind('leveraged-etf');
  const letfSell = flow(d, letf, FLOW_SELL_VALUE);
  s.letf_rebalance_value = (letfSell - flow(d, letf, FLOW_BUY_VALUE)) / c.fxRate;
  s.letf_share_of_turnover = letfSell / turnoverOfStocksTradedBy(r, c, letf, d);
  s.letf_close_share = letfSell > 0 ? sellValueLate(r, c, letf, d) / letfSell : NaN;
  const margin = kind('margin-accounts');
  const forcedStress = flow(d, margin, FLOW_FORCED_SELL_VALUE);
  const forcedD2 = flow(d + 2, margin, FLOW_FORCED_SELL_VALUE);
  let before = 0;
  const lastBaseline = Math.min(d + SALE_LAG_DAYS - 1, r.days - 1);
  for (let day = SALE_LAG_DAYS; day <= lastBaseline; day++) before += flow(day, margin, FLOW_FORCED_SELL_VALUE);
  const baselineDays = lastBaseline - SALE_LAG_DAYS + 1;
  s['margin_forced_sale_value.stress'] = forcedStress / c.fxRate;
  s['margin_forced_sale_value.d2'] = forcedD2 / c.fxRate;
  s.margin_forced_sale_multiple = baselineDays > 0 && before > 0 ? forcedD2 / (before / baselineDays) : NaN;
  const dealer = kind('option-dealer');
  s.dealer_hedge_value = (flow(d, dealer, FLOW_BUY_VALUE) - flow(d, dealer, FLOW_SELL_VALUE)) / c.fxRate;
  const foreign = kind('foreign-seller');
  s.foreign_net_value = (flow(d, foreign, FLOW_BUY_VALUE) - flow(d, foreign, FLOW_SELL_VALUE)) / c.fxRate;
  let units = 0;
  for (const [name, v] of r.metrics[d] ?? []) if (name.startsWith('ap_units.')) units += v;
  s.ap_net_units = units;
  c.symbols.forEach((sym, i) => {
    s[`realized_vol.${sym}`] = realizedVol(r, i, d);
    s[`realized_vol_ex_shock.${sym}`] = realizedVol(r, i, d, shockTimes(r, i, d));
  });
  return s;
}

/** Turnover on day `d` of the stocks that kind `k` traded that day. */
function turnoverOfStocksTradedBy(r: Recorder, c: CascadeMetricsContext, k: number, d: number): number {
  if (k < 0) return NaN;
  let total = 0;
  for (let i = 0; i < r.instruments; i++) {
    if (!c.isStock[i]) continue;
    const o = r.flowOffset(d, i, k);
    if (r.flows[o + FLOW_SELL_VALUE]! + r.flows[o + FLOW_BUY_VALUE]! === 0) continue;
    total += r.daily.find((x) => x.day === d && x.inst === i)?.turnover ?? 0;
  }
  return total;
}

/** Sell value of kind `k` on stocks during the last 30 minutes of day `d` (from the close − 30 min on). */
function sellValueLate(r: Recorder, c: CascadeMetricsContext, k: number, d: number): number {
  const from = d * US_PER_DAY + c.closeTod - LAST_MINUTES_US;
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
