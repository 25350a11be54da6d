// The series the stylized facts and their figures are computed on, cut from a run's tables: per instrument and
// per chosen day, the bar closes and volumes (bars table), and the signs of aggressive orders (trades table; fills
// of one order — same time, same aggressor — count once). Also which days are "calm" (no scripted shock) and
// which instruments are stocks (leverage 1, not the index).
import { timeOfDay, US_PER_DAY, US_PER_MIN } from '../core/time.js';
import { numCol, strCol } from './columns.js';
import type { RunData } from './run-data.js';

/** One instrument's bars on the chosen days: closes, volumes and bar start times (µs from midnight), per day. */
export interface BarSeries {
  readonly instrument: string;
  readonly days: readonly number[];
  readonly closes: readonly Float64Array[];
  readonly volumes: readonly Float64Array[];
  readonly todUs: readonly Float64Array[];
}

/** Days with no scripted shock (market_events kind 'shock'); every day when all have one. */
export function calmDays(run: RunData): number[] {
  const all = Array.from({ length: run.info.days }, (_, d) => d);
  const ev = run.tables.get('market_events');
  if (ev === undefined) return all;
  const kinds = strCol(ev, 'kind');
  const day = numCol(ev, 'day');
  const shocked = new Set<number>();
  kinds.forEach((k, i) => (k === 'shock' ? shocked.add(day[i]!) : undefined));
  const calm = all.filter((d) => !shocked.has(d));
  return calm.length > 0 ? calm : all;
}

/** Stocks: instruments with leverage 1 that are not the index; all instruments if there are none. */
export function stockSymbols(run: RunData): string[] {
  const stocks = run.info.instruments.filter((i) => i.leverage === 1 && i.symbol !== run.info.indexName);
  return (stocks.length > 0 ? stocks : run.info.instruments).map((i) => i.symbol);
}

/** The bar length in microseconds (from the first two bars of one day and instrument; 60 s if unknown). */
export function barLengthUs(run: RunData): number {
  const bars = run.tables.get('bars');
  if (bars === undefined || bars.rowCount < 2) return US_PER_MIN;
  const t = numCol(bars, 't_us');
  const d = t[1]! - t[0]!;
  return d > 0 && d < US_PER_DAY ? d : US_PER_MIN;
}

/** An instrument's bars on `days` (in day order; days without bars are left out). */
export function barSeries(run: RunData, instrument: string, days: readonly number[]): BarSeries {
  const bars = run.tables.get('bars');
  const out = { instrument, days: [] as number[], closes: [] as Float64Array[], volumes: [] as Float64Array[], todUs: [] as Float64Array[] };
  if (bars === undefined) return out;
  const inst = strCol(bars, 'instrument');
  const day = numCol(bars, 'day');
  const close = numCol(bars, 'close');
  const vol = numCol(bars, 'volume');
  const t = numCol(bars, 't_us');
  for (const d of days) {
    const rows: number[] = [];
    for (let r = 0; r < bars.rowCount; r++) if (day[r] === d && inst[r] === instrument) rows.push(r);
    if (rows.length === 0) continue;
    out.days.push(d);
    out.closes.push(Float64Array.from(rows, (r) => close[r]!));
    out.volumes.push(Float64Array.from(rows, (r) => vol[r]!));
    out.todUs.push(Float64Array.from(rows, (r) => timeOfDay(t[r]!)));
  }
  return out;
}

/** Volumes summed over the bars each `step`-bar return spans: bars (i·step, (i+1)·step] for return i. */
export function aggregateVolumes(volumes: Float64Array, step: number): Float64Array {
  const m = Math.max(0, Math.floor((volumes.length - 1) / step));
  const out = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let b = i * step + 1; b <= (i + 1) * step; b++) s += volumes[b]!;
    out[i] = s;
  }
  return out;
}

/** Signs (+1 buy, −1 sell) of aggressive orders per chosen day, auction prints left out, one per (time, side). */
export function orderSigns(run: RunData, instrument: string, days: readonly number[]): Float64Array[] {
  const trades = run.tables.get('trades');
  if (trades === undefined) return [];
  const inst = strCol(trades, 'instrument');
  const aggr = strCol(trades, 'aggressor');
  const day = numCol(trades, 'day');
  const t = numCol(trades, 't_us');
  const byDay = new Map<number, number[]>(days.map((d) => [d, []]));
  let lastT = NaN;
  let lastSign = 0;
  for (let r = 0; r < trades.rowCount; r++) {
    if (inst[r] !== instrument) continue;
    const sign = aggr[r] === 'buy' ? 1 : aggr[r] === 'sell' ? -1 : 0;
    const list = byDay.get(day[r]!);
    if (sign === 0 || list === undefined) continue;
    if (t[r] === lastT && sign === lastSign) continue;
    lastT = t[r]!;
    lastSign = sign;
    list.push(sign);
  }
  return [...byDay.values()].filter((s) => s.length > 0).map((s) => Float64Array.from(s));
}
