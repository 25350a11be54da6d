// The run's output tables, built once after the run from the recorder (plain loops over typed arrays):
//   trades         one row per fill: t_us, day, instrument, price, qty, aggressor, buyer_id, seller_id, buyer_kind, seller_kind
//   bars           per day, instrument (and the index): OHLCV and VWAP per bar from the open to the last print
//                  (empty bars carry the last price, volume 0, vwap NaN)
//   daily          per day and instrument (and the index): open, high, low, close, return, volume, turnover_value, vwap,
//                  and for ETFs whose fund publishes them: nav, premium (close / nav − 1), shares_outstanding
//   flows          per day, instrument and agent kind: buy_qty, sell_qty, buy_value, sell_value, orders, and the
//                  forced part of the sells (margin calls): forced_sell_qty, forced_sell_value
//   (quotes, depth and auction_indicative, the tables of the books, are built in book-tables.ts)
//   metrics        per day: name, value — what agents published (ETF NAV and shares outstanding, AP units, ...)
//   agents         per agent: id, kind, cash, position_<SYM>..., pnl (mark-to-market at the last prices)
//   market_events  t_us, day, kind, instrument, detail
import { makeTable } from '../core/table.js';
import type { Column, ColumnTable } from '../core/table.js';
import { US_PER_DAY, dayOf, formatClock } from '../core/time.js';
import { AGGRESSOR_NAMES } from '../market/order.js';
import {
  FLOW_BUY_QTY, FLOW_BUY_VALUE, FLOW_FORCED_SELL_QTY, FLOW_FORCED_SELL_VALUE, FLOW_ORDERS, FLOW_SELL_QTY, FLOW_SELL_VALUE,
} from './recorder.js';
import type { Recorder } from './recorder.js';

/** What the table builders need to know about the run besides the recorder. */
export interface TableContext {
  readonly symbols: readonly string[];
  readonly kindNames: readonly string[];
  readonly agentKind: Int32Array;
  readonly openTod: number;
  readonly closeTod: number;
  readonly barUs: number;
  readonly index: { name: string; constituents: number[]; shares: number[]; basePrices: number[]; baseLevel: number } | null;
  /** Per agent: final cash and positions, and the value of the starting endowment at the initial prices. */
  readonly cash: readonly number[];
  readonly positions: readonly Float64Array[];
  readonly startValue: readonly number[];
  readonly lastPrices: readonly number[];
}

/** Column builders: float (NaN = empty), integer, text. */
export const f64 = (name: string, values: ArrayLike<number>): Column => ({ name, type: 'float', values: Float64Array.from(values) });
export const int = (name: string, values: ArrayLike<number>): Column => ({ name, type: 'int', values: Float64Array.from(values) });
export const str = (name: string, values: readonly string[]): Column => ({ name, type: 'string', values });

export function tradesTable(r: Recorder, c: TableContext): ColumnTable {
  const n = r.tradeCount;
  const kindOf = (agent: number): string => c.kindNames[c.agentKind[agent]!]!;
  const t = r.tT.subarray(0, n);
  const buyers = r.tBuyer.subarray(0, n);
  const sellers = r.tSeller.subarray(0, n);
  return makeTable('trades', [
    int('t_us', t),
    int('day', Array.from(t, dayOf)),
    str('instrument', Array.from(r.tInst.subarray(0, n), (i) => c.symbols[i]!)),
    int('price', r.tPrice.subarray(0, n)),
    int('qty', r.tQty.subarray(0, n)),
    str('aggressor', Array.from(r.tAggr.subarray(0, n), (a) => AGGRESSOR_NAMES[a as 0]!)),
    int('buyer_id', buyers),
    int('seller_id', sellers),
    str('buyer_kind', Array.from(buyers, kindOf)),
    str('seller_kind', Array.from(sellers, kindOf)),
  ]);
}

export function flowsTable(r: Recorder, c: TableContext): ColumnTable {
  const rows = {
    day: [] as number[], inst: [] as string[], kind: [] as string[], bq: [] as number[], sq: [] as number[], bv: [] as number[],
    sv: [] as number[], orders: [] as number[], fq: [] as number[], fv: [] as number[],
  };
  for (let d = 0; d < r.days; d++) {
    for (let i = 0; i < r.instruments; i++) {
      for (let k = 0; k < r.kinds; k++) {
        const o = r.flowOffset(d, i, k);
        rows.day.push(d);
        rows.inst.push(c.symbols[i]!);
        rows.kind.push(c.kindNames[k]!);
        rows.bq.push(r.flows[o + FLOW_BUY_QTY]!);
        rows.sq.push(r.flows[o + FLOW_SELL_QTY]!);
        rows.bv.push(r.flows[o + FLOW_BUY_VALUE]!);
        rows.sv.push(r.flows[o + FLOW_SELL_VALUE]!);
        rows.orders.push(r.flows[o + FLOW_ORDERS]!);
        rows.fq.push(r.flows[o + FLOW_FORCED_SELL_QTY]!);
        rows.fv.push(r.flows[o + FLOW_FORCED_SELL_VALUE]!);
      }
    }
  }
  return makeTable('flows', [
    int('day', rows.day), str('instrument', rows.inst), str('kind', rows.kind), int('buy_qty', rows.bq),
    int('sell_qty', rows.sq), int('buy_value', rows.bv), int('sell_value', rows.sv), int('orders', rows.orders),
    int('forced_sell_qty', rows.fq), int('forced_sell_value', rows.fv),
  ]);
}

export function metricsTable(r: Recorder): ColumnTable {
  const day: number[] = [];
  const name: string[] = [];
  const value: number[] = [];
  r.metrics.forEach((m, d) => {
    for (const [k, v] of [...m.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
      day.push(d);
      name.push(k);
      value.push(v);
    }
  });
  return makeTable('metrics', [int('day', day), str('name', name), f64('value', value)]);
}

export function agentsTable(c: TableContext): ColumnTable {
  const n = c.cash.length;
  const pnl = new Float64Array(n);
  for (let a = 0; a < n; a++) {
    let v = c.cash[a]!;
    c.positions[a]!.forEach((q, i) => (v += q * c.lastPrices[i]!));
    pnl[a] = v - c.startValue[a]!;
  }
  return makeTable('agents', [
    int('id', Array.from({ length: n }, (_, i) => i)),
    str('kind', Array.from(c.agentKind, (k) => c.kindNames[k]!)),
    f64('cash', c.cash),
    ...c.symbols.map((s, i) => int(`position_${s}`, c.positions.map((p) => p[i]!))),
    f64('pnl', pnl),
  ]);
}

export function marketEventsTable(r: Recorder, c: TableContext): ColumnTable {
  const ev = r.marketEvents;
  const name = (i: number): string => (i >= 0 ? c.symbols[i]! : c.index?.name ?? '');
  return makeTable('market_events', [
    int('t_us', ev.map((e) => e.t)),
    int('day', ev.map((e) => dayOf(e.t))),
    str('kind', ev.map((e) => e.kind)),
    str('instrument', ev.map((e) => (e.kind === 'shock' && e.inst < 0 ? c.index?.name ?? '' : name(e.inst)))),
    str('detail', ev.map((e) => e.detail)),
  ]);
}

/** One price series of a day (an instrument's trades, or the index's values after each trade). */
interface Series {
  t: number[];
  p: number[];
  q: number[];
}

/** Bars and daily rows for every instrument and the index. */
export function barsAndDaily(r: Recorder, c: TableContext): { bars: ColumnTable; daily: ColumnTable } {
  const bars = new BarRows();
  const daily = new DailyRows();
  const names = [...c.symbols, ...(c.index ? [c.index.name] : [])];
  const series = daySeries(r, c);
  for (let d = 0; d < r.days; d++) {
    for (let i = 0; i < names.length; i++) {
      const s = series[d]![i]!;
      const isIndex = i === c.symbols.length;
      const stat = isIndex ? null : r.daily.find((x) => x.day === d && x.inst === i)!;
      const base = isIndex ? r.indexBase[d]! : stat!.base;
      const close = isIndex ? r.indexClose[d]! : stat!.close;
      bars.addDay(d, names[i]!, s, base, c, isIndex);
      daily.add(d, names[i]!, s, base, close, isIndex, r.metrics[d]!);
    }
  }
  return { bars: bars.table(), daily: daily.table() };
}

/** Per day, per instrument (and index last): the trade series. */
function daySeries(r: Recorder, c: TableContext): Series[][] {
  const nSeries = c.symbols.length + (c.index ? 1 : 0);
  const out: Series[][] = Array.from({ length: r.days }, () => Array.from({ length: nSeries }, () => ({ t: [], p: [], q: [] })));
  const ix = c.index;
  const prices = new Float64Array(ix?.constituents.length ?? 0);
  let day = -1;
  for (let k = 0; k < r.tradeCount; k++) {
    const t = r.tT[k]!;
    const d = dayOf(t);
    const inst = r.tInst[k]!;
    const s = out[d]![inst]!;
    s.t.push(t);
    s.p.push(r.tPrice[k]!);
    s.q.push(r.tQty[k]!);
    if (!ix) continue;
    if (d !== day) {
      day = d;
      ix.constituents.forEach((li, j) => (prices[j] = r.daily.find((x) => x.day === d && x.inst === li)?.base ?? ix.basePrices[j]!));
    }
    const j = ix.constituents.indexOf(inst);
    if (j < 0) continue;
    prices[j] = r.tPrice[k]!;
    const is = out[d]![nSeries - 1]!;
    is.t.push(t);
    is.p.push(indexValue(ix, prices));
    is.q.push(0);
  }
  return out;
}

function indexValue(ix: NonNullable<TableContext['index']>, prices: Float64Array): number {
  let cap = 0;
  let base = 0;
  for (let j = 0; j < ix.constituents.length; j++) {
    cap += ix.shares[j]! * prices[j]!;
    base += ix.shares[j]! * ix.basePrices[j]!;
  }
  return (ix.baseLevel * cap) / base;
}

class BarRows {
  day: number[] = [];
  inst: string[] = [];
  t: number[] = [];
  time: string[] = [];
  o: number[] = [];
  h: number[] = [];
  l: number[] = [];
  c: number[] = [];
  v: number[] = [];
  vwap: number[] = [];

  /** Bars from the open to the later of the close and the last print. */
  addDay(d: number, name: string, s: Series, base: number, c: TableContext, isIndex: boolean): void {
    const start = d * US_PER_DAY + c.openTod;
    const lastT = s.t.length ? s.t[s.t.length - 1]! : start;
    const nBars = Math.max(Math.floor((c.closeTod - c.openTod) / c.barUs), Math.floor((lastT - start) / c.barUs)) + 1;
    let k = 0;
    let last = base;
    for (let b = 0; b < nBars; b++) {
      const end = start + (b + 1) * c.barUs;
      let o = NaN, hi = -Infinity, lo = Infinity, vol = 0, val = 0;
      for (; k < s.t.length && (s.t[k]! < end || b === nBars - 1); k++) {
        const p = s.p[k]!;
        if (Number.isNaN(o)) o = p;
        if (p > hi) hi = p;
        if (p < lo) lo = p;
        vol += s.q[k]!;
        val += p * s.q[k]!;
        last = p;
      }
      const empty = Number.isNaN(o);
      this.day.push(d);
      this.inst.push(name);
      this.t.push(start + b * c.barUs);
      this.time.push(formatClock(c.openTod + b * c.barUs).slice(0, 8));
      this.o.push(empty ? last : o);
      this.h.push(empty ? last : hi);
      this.l.push(empty ? last : lo);
      this.c.push(last);
      this.v.push(vol);
      this.vwap.push(vol > 0 && !isIndex ? val / vol : NaN);
    }
  }

  table(): ColumnTable {
    return makeTable('bars', [
      int('day', this.day), str('instrument', this.inst), int('t_us', this.t), str('time', this.time),
      f64('open', this.o), f64('high', this.h), f64('low', this.l), f64('close', this.c), int('volume', this.v),
      f64('vwap', this.vwap),
    ]);
  }
}

class DailyRows {
  day: number[] = [];
  inst: string[] = [];
  cols: Record<'open' | 'high' | 'low' | 'close' | 'ret' | 'volume' | 'turnover' | 'vwap' | 'nav' | 'premium' | 'so', number[]> = {
    open: [], high: [], low: [], close: [], ret: [], volume: [], turnover: [], vwap: [], nav: [], premium: [], so: [],
  };

  add(d: number, name: string, s: Series, base: number, close: number, isIndex: boolean, metrics: Map<string, number>): void {
    const nav = metrics.get(`nav.${name}`) ?? NaN;
    this.cols.nav.push(nav);
    this.cols.premium.push(close / nav - 1);
    this.cols.so.push(metrics.get(`shares_outstanding.${name}`) ?? NaN);
    let vol = 0, val = 0, hi = -Infinity, lo = Infinity;
    for (let k = 0; k < s.p.length; k++) {
      vol += s.q[k]!;
      val += s.p[k]! * s.q[k]!;
      if (s.p[k]! > hi) hi = s.p[k]!;
      if (s.p[k]! < lo) lo = s.p[k]!;
    }
    const none = s.p.length === 0;
    this.day.push(d);
    this.inst.push(name);
    this.cols.open.push(none ? NaN : s.p[0]!);
    this.cols.high.push(none ? NaN : hi);
    this.cols.low.push(none ? NaN : lo);
    this.cols.close.push(close);
    this.cols.ret.push(close / base - 1);
    this.cols.volume.push(isIndex ? NaN : vol);
    this.cols.turnover.push(isIndex ? NaN : val);
    this.cols.vwap.push(vol > 0 && !isIndex ? val / vol : NaN);
  }

  table(): ColumnTable {
    const k = this.cols;
    return makeTable('daily', [
      int('day', this.day), str('instrument', this.inst), f64('open', k.open), f64('high', k.high), f64('low', k.low),
      f64('close', k.close), f64('return', k.ret), f64('volume', k.volume), f64('turnover_value', k.turnover), f64('vwap', k.vwap),
      f64('nav', k.nav), f64('premium', k.premium), f64('shares_outstanding', k.so),
    ]);
  }
}
