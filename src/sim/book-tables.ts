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

/** Top of book on every change. Plain loops: a run may hold millions of rows. */
export function quotesTable(b: BookRecorder, symbols: readonly string[]): ColumnTable {
  const n = b.quoteCount;
  const day = new Float64Array(n);
  const instrument = new Array<string>(n);
  const phase = new Array<string>(n);
  const bid = new Float64Array(n);
  const ask = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    day[k] = dayOf(b.qT[k]!);
    instrument[k] = symbols[b.qInst[k]!]!;
    phase[k] = PHASES[b.qPhase[k]!]!;
    // An empty side is 0 in the recorder (cheap to compare); in the table its price is missing, not a price of 0.
    bid[k] = b.qBid[k]! > 0 ? b.qBid[k]! : NaN;
    ask[k] = b.qAsk[k]! > 0 ? b.qAsk[k]! : NaN;
  }
  return makeTable('quotes', [
    { name: 't_us', type: 'int', values: b.qT.slice(0, n) },
    { name: 'day', type: 'int', values: day },
    { name: 'instrument', type: 'string', values: instrument },
    { name: 'phase', type: 'string', values: phase },
    { name: 'bid', type: 'float', values: bid },
    { name: 'bid_qty', type: 'int', values: b.qBidQty.slice(0, n) },
    { name: 'ask', type: 'float', values: ask },
    { name: 'ask_qty', type: 'int', values: b.qAskQty.slice(0, n) },
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
