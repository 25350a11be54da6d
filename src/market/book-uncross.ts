// Call-auction uncross on an OrderBook: gathers the crossing levels, asks auction.ts for the single price, then
// executes. Every bid priced above the clearing price and every ask below it fills in full; the rationed side at
// the price is allocated in time priority ('time') or by the KRX rounds ('krx-rounds', used when the price is a
// daily limit). Buy and sell fills are then paired merge-style in priority order (price, then FIFO), so each
// TRADE is the minimum of the two current remainders and aggressor is 2 (auction). Runs a few times a day per
// instrument, so it may allocate.
import { allocateRounds, uncross } from './auction.js';
import type { AuctionLevel, UncrossResult } from './auction.js';
import { TRADE } from './book-events.js';
import { AGGRESSOR_AUCTION, BUY, SELL } from './order.js';
import type { Side } from './order.js';
import type { AuctionAllocation, OrderBook } from './order-book.js';

/** The indicative uncross of the book's resting orders, or null when the book does not cross. */
export function quoteUncross(book: OrderBook, refPrice: number): UncrossResult | null {
  const hiBid = book.bestIndex(BUY);
  const loAsk = book.bestIndex(SELL);
  if (hiBid < 0 || loAsk < 0 || hiBid < loAsk) return null;
  return uncross(crossingLevels(book, BUY, loAsk), crossingLevels(book, SELL, hiBid), refPrice, book.grid);
}

/** Aggregated levels of `side` from its best price up to (and including) the level index `through`. */
function crossingLevels(book: OrderBook, side: Side, through: number): AuctionLevel[] {
  const out: AuctionLevel[] = [];
  let i = book.bestIndex(side);
  while (i >= 0 && (side === BUY ? i >= through : i <= through)) {
    out.push({ price: book.grid.toPrice(i), qty: book.levelQty(side, i) });
    i = book.nextLevel(side, i);
  }
  return out;
}

interface Fill {
  slot: number;
  id: number;
  qty: number;
}

/** Execute `q` (from quoteUncross on this same book state): emits TRADE events and removes the filled quantity. */
export function executeUncross(book: OrderBook, q: UncrossResult, allocation: AuctionAllocation, lot: number): void {
  const pIdx = book.grid.toIndex(q.price);
  const buys = sideFills(book, BUY, pIdx, q.volume, allocation === 'krx-rounds' && q.buySurplus > 0, lot);
  const sells = sideFills(book, SELL, pIdx, q.volume, allocation === 'krx-rounds' && q.sellSurplus > 0, lot);
  let i = 0;
  let j = 0;
  let bLeft = buys[0]?.qty ?? 0;
  let sLeft = sells[0]?.qty ?? 0;
  while (i < buys.length && j < sells.length) {
    const t = Math.min(bLeft, sLeft);
    book.events.push(TRADE, buys[i]!.id, sells[j]!.id, q.price, t, AGGRESSOR_AUCTION);
    bLeft -= t;
    sLeft -= t;
    if (bLeft === 0 && ++i < buys.length) bLeft = buys[i]!.qty;
    if (sLeft === 0 && ++j < sells.length) sLeft = sells[j]!.qty;
  }
  // Apply after pairing: reducing an order may free its slot, so slots are read first and released last.
  for (const f of buys) book.reduce(f.slot, f.qty);
  for (const f of sells) book.reduce(f.slot, f.qty);
}

/** Fills of one side in priority order, totalling exactly `volume`. */
function sideFills(book: OrderBook, side: Side, pIdx: number, volume: number, rounds: boolean, lot: number): Fill[] {
  const fills: Fill[] = [];
  let left = volume;
  let i = book.bestIndex(side);
  while (left > 0 && i >= 0 && (side === BUY ? i >= pIdx : i <= pIdx)) {
    const { slots, ids, qtys } = book.levelOrders(side, i);
    const alloc = i === pIdx && rounds ? allocateRounds(qtys, left, lot) : timePriority(qtys, left);
    for (let k = 0; k < slots.length; k++) {
      if (alloc[k]! > 0) fills.push({ slot: slots[k]!, id: ids[k]!, qty: alloc[k]! });
      left -= alloc[k]!;
    }
    i = book.nextLevel(side, i);
  }
  if (left !== 0) throw new Error(`uncross: side ${side} could not supply ${volume} (short by ${left})`);
  return fills;
}

/** Allocate `available` to orders in time order, each up to its quantity. */
function timePriority(qtys: readonly number[], available: number): number[] {
  let left = available;
  return qtys.map((q) => {
    const a = Math.min(q, left);
    left -= a;
    return a;
  });
}
