// Run a parsed order file through the Exchange and emit one fill row per trade, in execution order:
//   t_us,instrument,price,qty,buy_order_id,sell_order_id,aggressor
// Rules 'none': every instrument trades continuously (uniform tick 1, no limits). Rules 'krx': t_us is read as
// microseconds since midnight of day 0 (a later day starts when t_us passes midnight), each instrument uses the
// KRX stock tick table with the first limit price seen as its base price (or --base-price), and the session
// clock (auctions, VIs, breakers) runs with the rows' times; `close: true` runs each day through its close.
import { deriveRng } from '../core/rng.js';
import { US_PER_DAY } from '../core/time.js';
import { Exchange } from '../market/exchange.js';
import { EXCHANGE_EVENT_NAMES, ORDER_REJECTED, TRADE } from '../market/exchange-events.js';
import type { InstrumentSpec } from '../market/listing.js';
import { AGGRESSOR_NAMES, REJECT_REASON_NAMES } from '../market/order.js';
import type { OrderType, Side } from '../market/order.js';
import { gridFor } from '../market/rules/tick-table.js';
import type { TickTable } from '../market/rules/tick-table.js';
import { ACTION_CANCEL, ACTION_SUBMIT } from './order-file.js';
import type { OrderFile } from './order-file.js';

export interface ReplayOptions {
  rules: 'krx' | 'none';
  /** Base prices by symbol (KRX rules); default: the first limit price in the file. */
  basePrices?: ReadonlyMap<string, number>;
  tickTable?: TickTable;
  seed?: number;
  /** Run each KRX day through its closing auction after its last row. */
  close?: boolean;
}

export interface ReplaySummary {
  rows: number;
  fills: number;
  filledQty: number;
  /** Orders the exchange rejected, by reason name (not bad rows: those are the parser's). */
  rejected: Record<string, number>;
  /** Count of market events by kind (phases, auctions, VIs, halts). */
  marketEvents: Record<string, number>;
}

/** A replay setting that cannot work with this file (e.g. no base price for an instrument). */
export class ReplayConfigError extends Error {}

export const FILLS_HEADER = 't_us,instrument,price,qty,buy_order_id,sell_order_id,aggressor\n';

/** Replay `f`; `write` receives the fills CSV in chunks (header first). */
export function replay(f: OrderFile, opts: ReplayOptions, write: (chunk: string) => void): ReplaySummary {
  const ex = new Exchange({ rules: opts.rules, instruments: instrumentSpecs(f, opts) }, deriveRng(opts.seed ?? 1, 'exchange'));
  const extOf = new Int32Array(f.n + 1).fill(-1);
  const exId = new Int32Array(f.ids.length).fill(-1);
  const sum: ReplaySummary = { rows: f.n, fills: 0, filledQty: 0, rejected: {}, marketEvents: {} };
  let out: string[] = [FILLS_HEADER];
  const flush = (): void => {
    write(out.join(''));
    out = [];
  };
  let day = 0;
  ex.startDay(0);
  collect(ex, f, extOf, out, sum);
  for (let i = 0; i < f.n; i++) {
    const t = f.t[i]!;
    while (opts.rules === 'krx' && t >= (day + 1) * US_PER_DAY) {
      if (opts.close) runThroughClose(ex, f, extOf, out, sum);
      day++;
      ex.startDay(day * US_PER_DAY);
      collect(ex, f, extOf, out, sum);
    }
    const ord = f.ord[i]!;
    if (f.action[i] === ACTION_SUBMIT) {
      const id = ex.submit(t, f.inst[i]!, f.side[i] as Side, f.type[i] as OrderType, f.price[i]!, f.qty[i]!);
      if (id >= extOf.length) throw new Error('replay: exchange issued more ids than rows');
      extOf[id] = ord;
      exId[ord] = id;
    } else if (f.action[i] === ACTION_CANCEL) {
      ex.cancel(t, exId[ord]!);
    } else {
      ex.modify(t, exId[ord]!, f.price[i]!, f.qty[i]!);
    }
    collect(ex, f, extOf, out, sum);
    if (out.length >= 8192) flush();
  }
  if (opts.rules === 'krx' && opts.close) runThroughClose(ex, f, extOf, out, sum);
  flush();
  return sum;
}

function runThroughClose(ex: Exchange, f: OrderFile, extOf: Int32Array, out: string[], sum: ReplaySummary): void {
  for (let d = ex.nextDeadline(); d !== Infinity; d = ex.nextDeadline()) {
    ex.advanceTo(d);
    collect(ex, f, extOf, out, sum);
  }
}

/** Append the exchange's current events to the fill rows and the summary. */
function collect(ex: Exchange, f: OrderFile, extOf: Int32Array, out: string[], sum: ReplaySummary): void {
  const ev = ex.events;
  for (let k = 0; k < ev.count; k++) {
    const kind = ev.kind[k]!;
    if (kind === TRADE) {
      const sym = csvField(f.instruments[ev.inst[k]!]!);
      const buy = csvField(f.ids[extOf[ev.a[k]!]!]!);
      const sell = csvField(f.ids[extOf[ev.b[k]!]!]!);
      out.push(`${ev.t[k]},${sym},${ev.price[k]},${ev.qty[k]},${buy},${sell},${AGGRESSOR_NAMES[ev.aux[k] as 0]}\n`);
      sum.fills++;
      sum.filledQty += ev.qty[k]!;
    } else if (kind === ORDER_REJECTED) {
      const name = REJECT_REASON_NAMES[ev.aux[k]!] ?? String(ev.aux[k]);
      sum.rejected[name] = (sum.rejected[name] ?? 0) + 1;
    } else if (kind >= 6) {
      const name = EXCHANGE_EVENT_NAMES[kind as 6];
      sum.marketEvents[name] = (sum.marketEvents[name] ?? 0) + 1;
    }
  }
}

function instrumentSpecs(f: OrderFile, opts: ReplayOptions): InstrumentSpec[] {
  return f.instruments.map((symbol, i) => {
    const tickTable: TickTable = opts.rules === 'krx' ? (opts.tickTable ?? 'krx-stock') : 'uniform';
    const raw = opts.basePrices?.get(symbol) ?? f.firstPrice[i] ?? 0;
    if (opts.rules === 'krx' && !(raw > 0)) {
      throw new ReplayConfigError(`instrument ${symbol}: no limit price in the file to use as base price; pass --base-price ${symbol}=PRICE`);
    }
    // The base price must be a valid price: snap it down to the tick ladder.
    const base = raw > 0 ? Math.max(gridFor(tickTable).floor(raw), 1) : 1;
    return { symbol, tickTable, initialPrice: base, sharesOutstanding: 1 };
  });
}

/** A field as RFC 4180 writes it: quoted (quotes doubled) only when it holds a comma, quote or line break. */
function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}
