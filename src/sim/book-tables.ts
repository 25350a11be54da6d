// The tables of the order books, built after the run from the BookRecorder (see book-recorder.ts for when rows are
// taken):
//   quotes              t_us, day, instrument, phase, bid, bid_qty, ask, ask_qty — a row per change of the top of
//                       book or phase; an empty side has an empty price and size 0
//   depth               t_us, day, instrument, side, level, price, qty, value — the best 10 levels per side, once a
//                       minute of continuous trading
//   auction_indicative  t_us, day, instrument, phase, price, volume, imbalance — the indicative uncross during call
//                       auctions every sample interval; price and imbalance empty when nothing crosses
import { makeTable } from '../core/table.js';
import type { ColumnTable } from '../core/table.js';
import { dayOf } from '../core/time.js';
import { PHASES } from '../market/exchange-events.js';
import type { BookRecorder } from './book-recorder.js';
import { f64, int, str } from './tables.js';

/** Top of book on every change. */
export function quotesTable(b: BookRecorder, symbols: readonly string[]): ColumnTable {
  const n = b.quoteCount;
  const t = b.qT.subarray(0, n);
  // An empty side is 0 in the recorder (cheap to compare); in the table its price is missing, not a price of 0.
  const price = (p: Int32Array): Float64Array => Float64Array.from(p.subarray(0, n), (x) => (x > 0 ? x : NaN));
  return makeTable('quotes', [
    int('t_us', t),
    int('day', Array.from(t, dayOf)),
    str('instrument', Array.from(b.qInst.subarray(0, n), (i) => symbols[i]!)),
    str('phase', Array.from(b.qPhase.subarray(0, n), (p) => PHASES[p]!)),
    f64('bid', price(b.qBid)),
    int('bid_qty', b.qBidQty.subarray(0, n)),
    f64('ask', price(b.qAsk)),
    int('ask_qty', b.qAskQty.subarray(0, n)),
  ]);
}

/** Book depth level by level: level 1 is the best price of the side; value = price × qty. */
export function depthTable(b: BookRecorder, symbols: readonly string[]): ColumnTable {
  return makeTable('depth', [
    int('t_us', b.depthT),
    int('day', b.depthT.map(dayOf)),
    str('instrument', b.depthInst.map((i) => symbols[i]!)),
    str('side', b.depthSide.map((s) => (s === 0 ? 'bid' : 'ask'))),
    int('level', b.depthLevel),
    int('price', b.depthPrice),
    int('qty', b.depthQty),
    int('value', b.depthPrice.map((p, k) => p * b.depthQty[k]!)),
  ]);
}

/** The published indicative uncross of call auctions, sampled on a fixed clock. */
export function auctionIndicativeTable(b: BookRecorder, symbols: readonly string[]): ColumnTable {
  return makeTable('auction_indicative', [
    int('t_us', b.aT),
    int('day', b.aT.map(dayOf)),
    str('instrument', b.aInst.map((i) => symbols[i]!)),
    str('phase', b.aPhase.map((p) => PHASES[p]!)),
    f64('price', b.aPrice),
    int('volume', b.aVolume),
    f64('imbalance', b.aImbalance),
  ]);
}
