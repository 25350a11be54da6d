// Unit tests of OrderBook, one contract behaviour each with exact event lists, built on the `bookWith` fixture
// (limit orders submitted in the order listed, bids first, ids 1, 2, 3, ...). Shrunk counterexamples from
// order-book.property.test.ts are kept at the end as named cases.
import { describe, it, expect } from 'vitest';
import { OrderBook } from '../../src/market/order-book.js';
import { PriceGrid } from '../../src/market/price-grid.js';
import { BUY, SELL, LIMIT, MARKET, IOC, FOK, MAX_INT32, RejectReason, CancelReason } from '../../src/market/order.js';
import type { Side } from '../../src/market/order.js';
import { ev } from './reference-book.js';

type Levels = Array<[price: number, qtys: number[]]>;
interface Fixture {
  bids?: Levels;
  asks?: Levels;
  grid?: PriceGrid;
  /** 'collect' lets a fixture be crossed (no matching while it is built); the book stays in that mode. */
  mode?: 'continuous' | 'collect';
}

/** A book holding the given resting limit orders; `ids` mirrors the fixture's shape. */
function bookWith(f: Fixture): { book: OrderBook; ids: { bids: number[][]; asks: number[][] }; nextId: number } {
  const book = new OrderBook(f.grid === undefined ? {} : { grid: f.grid });
  book.setMode(f.mode ?? 'continuous');
  let nextId = 1;
  const place = (side: Side, levels: Levels): number[][] =>
    levels.map(([price, qtys]) =>
      qtys.map((qty) => {
        const id = nextId++;
        book.submit(id, side, LIMIT, price, qty);
        const last = book.events.toArray().at(-1);
        if (last?.kind !== 'rested' || last.qty !== qty) throw new Error(`fixture order ${id} did not rest in full`);
        return id;
      }),
    );
  const bids = place(BUY, f.bids ?? []);
  const asks = place(SELL, f.asks ?? []);
  return { book, ids: { bids, asks }, nextId };
}

const events = (book: OrderBook): ReturnType<OrderBook['events']['toArray']> => book.events.toArray();
const A = (id: number, price: number, qty: number, side: Side) => ev('accepted', id, 0, price, qty, side);
const R = (id: number, price: number, qty: number, side: Side) => ev('rested', id, 0, price, qty, side);
const T = (buy: number, sell: number, price: number, qty: number, aggressor: number) => ev('trade', buy, sell, price, qty, aggressor);
const C = (id: number, price: number, qty: number, reason: number) => ev('canceled', id, 0, price, qty, reason);
const X = (id: number, price: number, qty: number, reason: number) => ev('rejected', id, 0, price, qty, reason);
const M = (id: number, price: number, qty: number, kept: number) => ev('modified', id, 0, price, qty, kept);

describe('OrderBook submit', () => {
  it('rests a limit order in an empty book: ACCEPTED then RESTED', () => {
    const book = new OrderBook();
    book.submit(1, BUY, LIMIT, 100, 10);
    expect(events(book)).toEqual([A(1, 100, 10, BUY), R(1, 100, 10, BUY)]);
    expect([book.bestBid(), book.bestBidQty(), book.bestAsk(), book.restingCount()]).toEqual([100, 10, 0, 1]);
    expect([book.orderQty(1), book.orderPrice(1), book.orderSide(1)]).toEqual([10, 100, BUY]);
  });

  it('fills across three levels in price-time order, leaving the last level partially filled', () => {
    const { book, ids } = bookWith({ asks: [[101, [5]], [102, [3, 4]], [103, [6]]] });
    const [[a1], [a2, a3], [a4]] = ids.asks as [[number], [number, number], [number]];
    book.submit(10, BUY, LIMIT, 103, 15);
    expect(events(book)).toEqual([A(10, 103, 15, BUY), T(10, a1, 101, 5, BUY), T(10, a2, 102, 3, BUY), T(10, a3, 102, 4, BUY), T(10, a4, 103, 3, BUY)]);
    expect(book.depth(SELL, 10)).toEqual([[103, 3]]);
    expect([book.orderQty(10), book.orderQty(a4), book.restingCount(), book.bestBid()]).toEqual([0, 3, 1, 0]);
  });

  it('a sell aggressor trades at the resting bids’ prices with a = buy id, b = sell id, aux = SELL', () => {
    const { book } = bookWith({ bids: [[100, [4]], [99, [6]]] });
    book.submit(10, SELL, LIMIT, 99, 7);
    expect(events(book)).toEqual([A(10, 99, 7, SELL), T(1, 10, 100, 4, SELL), T(2, 10, 99, 3, SELL)]);
    expect(book.depth(BUY, 10)).toEqual([[99, 3]]);
  });

  it('rests the remainder of a marketable limit order at its own price', () => {
    const { book } = bookWith({ asks: [[101, [5]]] });
    book.submit(10, BUY, LIMIT, 102, 8);
    expect(events(book)).toEqual([A(10, 102, 8, BUY), T(10, 1, 101, 5, BUY), R(10, 102, 3, BUY)]);
    expect([book.bestBid(), book.bestAsk()]).toEqual([102, 0]);
  });

  it('fills the oldest order of a level first (FIFO)', () => {
    const { book } = bookWith({ bids: [[100, [1, 2, 3]]] });
    book.submit(10, SELL, LIMIT, 100, 4);
    expect(events(book)).toEqual([A(10, 100, 4, SELL), T(1, 10, 100, 1, SELL), T(2, 10, 100, 2, SELL), T(3, 10, 100, 1, SELL)]);
    expect(book.levelIds(BUY, 100)).toEqual([3]);
    expect(book.orderQty(3)).toBe(2);
  });

  it('cancels a market order that meets an empty book (MarketRemainder, price 0)', () => {
    const book = new OrderBook();
    book.submit(1, BUY, MARKET, 0, 5);
    expect(events(book)).toEqual([A(1, 0, 5, BUY), C(1, 0, 5, CancelReason.MarketRemainder)]);
    expect(book.restingCount()).toBe(0);
  });

  it('a market order takes any price and cancels what is left', () => {
    const { book } = bookWith({ asks: [[101, [2]], [150, [3]]] });
    book.submit(10, BUY, MARKET, 0, 10);
    expect(events(book)).toEqual([A(10, 0, 10, BUY), T(10, 1, 101, 2, BUY), T(10, 2, 150, 3, BUY), C(10, 0, 5, CancelReason.MarketRemainder)]);
    expect(book.restingCount()).toBe(0);
  });

  it('a fully filled market sell emits no remainder event', () => {
    const { book } = bookWith({ bids: [[100, [3]]] });
    book.submit(10, SELL, MARKET, 0, 2);
    expect(events(book)).toEqual([A(10, 0, 2, SELL), T(1, 10, 100, 2, SELL)]);
    expect(book.bestBidQty()).toBe(1);
  });

  it('kills a FOK order that cannot fill in full within its limit, without trading', () => {
    const { book } = bookWith({ asks: [[101, [3]], [102, [4]]] });
    book.submit(10, BUY, FOK, 101, 5);
    expect(events(book)).toEqual([A(10, 101, 5, BUY), C(10, 101, 5, CancelReason.FokKilled)]);
    expect(book.depth(SELL, 10)).toEqual([[101, 3], [102, 4]]);
    book.submit(11, BUY, FOK, 102, 8);
    expect(events(book)).toEqual([A(11, 102, 8, BUY), C(11, 102, 8, CancelReason.FokKilled)]);
  });

  it('fills a FOK order in full when the whole quantity is available within its limit', () => {
    const { book } = bookWith({ asks: [[101, [3]], [102, [4]]] });
    book.submit(10, BUY, FOK, 102, 7);
    expect(events(book)).toEqual([A(10, 102, 7, BUY), T(10, 1, 101, 3, BUY), T(10, 2, 102, 4, BUY)]);
    expect([book.restingCount(), book.orderQty(10)]).toEqual([0, 0]);
  });

  it('cancels an IOC remainder at its limit price', () => {
    const { book } = bookWith({ asks: [[101, [3]]], bids: [[99, [1]]] });
    book.submit(10, BUY, IOC, 102, 5);
    expect(events(book)).toEqual([A(10, 102, 5, BUY), T(10, 2, 101, 3, BUY), C(10, 102, 2, CancelReason.IocRemainder)]);
    book.submit(11, SELL, IOC, 105, 4);
    expect(events(book)).toEqual([A(11, 105, 4, SELL), C(11, 105, 4, CancelReason.IocRemainder)]);
    expect([book.bestBid(), book.bestAsk(), book.restingCount()]).toEqual([99, 0, 1]);
  });
});

describe('OrderBook validation', () => {
  it('rejects an id that is resting, and accepts it again once the order is gone', () => {
    const { book } = bookWith({ bids: [[100, [10]]] });
    book.submit(1, SELL, LIMIT, 105, 3);
    expect(events(book)).toEqual([X(1, 105, 3, RejectReason.DuplicateId)]);
    expect([book.orderPrice(1), book.orderQty(1), book.restingCount()]).toEqual([100, 10, 1]);
    book.cancel(1);
    book.submit(1, SELL, LIMIT, 105, 3);
    expect(events(book)).toEqual([A(1, 105, 3, SELL), R(1, 105, 3, SELL)]);
  });

  it('rejects quantities that are not integers in [1, 2^31 − 1] with the price and qty as given', () => {
    const book = new OrderBook();
    for (const qty of [0, -1, 2.5, MAX_INT32 + 1]) {
      book.submit(1, BUY, LIMIT, 100, qty);
      expect(events(book)).toEqual([X(1, 100, qty, RejectReason.BadQuantity)]);
    }
    book.submit(2, BUY, LIMIT, 100, MAX_INT32);
    expect(events(book)).toEqual([A(2, 100, MAX_INT32, BUY), R(2, 100, MAX_INT32, BUY)]);
  });

  it('rejects price 102 on a tick-5 grid for LIMIT, IOC and FOK, accepts 105, ignores the price of MARKET', () => {
    const book = new OrderBook({ grid: PriceGrid.uniform(5) });
    for (const type of [LIMIT, IOC, FOK]) {
      book.submit(1, BUY, type, 102, 10);
      expect(events(book)).toEqual([X(1, 102, 10, RejectReason.BadPrice)]);
    }
    book.submit(1, BUY, LIMIT, 105, 10);
    expect(events(book)).toEqual([A(1, 105, 10, BUY), R(1, 105, 10, BUY)]);
    book.submit(2, SELL, MARKET, 102, 4);
    expect(events(book)).toEqual([A(2, 0, 4, SELL), T(1, 2, 105, 4, SELL)]);
  });

  it('rejects non-positive and fractional prices on the default grid', () => {
    const book = new OrderBook();
    for (const price of [0, -1, 100.5]) {
      book.submit(1, SELL, LIMIT, price, 1);
      expect(events(book)).toEqual([X(1, price, 1, RejectReason.BadPrice)]);
    }
  });

  it('clears the events of the previous call, including on a rejection', () => {
    const { book } = bookWith({ bids: [[100, [10]]] });
    book.cancel(42);
    expect(events(book)).toEqual([X(42, 0, 0, RejectReason.UnknownOrder)]);
    expect(book.events.count).toBe(1);
  });
});

describe('OrderBook cancel', () => {
  it('cancels the open quantity and leaves the rest of the level in order', () => {
    const { book } = bookWith({ bids: [[100, [10, 20, 30]]] });
    book.cancel(2);
    expect(events(book)).toEqual([C(2, 100, 20, CancelReason.Canceled)]);
    expect([book.levelIds(BUY, 100), book.bestBidQty(), book.sideQty(BUY)]).toEqual([[1, 3], 40, 40]);
  });

  it('rejects unknown, already canceled and filled ids with UnknownOrder', () => {
    const { book } = bookWith({ bids: [[100, [10]]], asks: [[101, [5]]] });
    book.cancel(99);
    expect(events(book)).toEqual([X(99, 0, 0, RejectReason.UnknownOrder)]);
    book.cancel(1);
    book.cancel(1);
    expect(events(book)).toEqual([X(1, 0, 0, RejectReason.UnknownOrder)]);
    book.submit(3, BUY, LIMIT, 101, 5);
    book.cancel(2);
    expect(events(book)).toEqual([X(2, 0, 0, RejectReason.UnknownOrder)]);
  });
});

describe('OrderBook modify', () => {
  it('a size decrease at the same price keeps queue position (single MODIFIED, aux 1)', () => {
    const { book } = bookWith({ bids: [[100, [10, 20]]] });
    book.modify(1, 100, 4);
    expect(events(book)).toEqual([M(1, 100, 4, 1)]);
    expect([book.levelIds(BUY, 100), book.bestBidQty(), book.orderQty(1)]).toEqual([[1, 2], 24, 4]);
  });

  it('a size increase loses queue position (MODIFIED aux 0, RESTED at the tail)', () => {
    const { book } = bookWith({ bids: [[100, [10, 20]]] });
    book.modify(1, 100, 15);
    expect(events(book)).toEqual([M(1, 100, 15, 0), R(1, 100, 15, BUY)]);
    expect([book.levelIds(BUY, 100), book.bestBidQty()]).toEqual([[2, 1], 35]);
  });

  it('a price change moves the order to the tail of its new level, even when it also shrinks', () => {
    const { book } = bookWith({ bids: [[100, [10]], [99, [5]]] });
    book.modify(1, 99, 6);
    expect(events(book)).toEqual([M(1, 99, 6, 0), R(1, 99, 6, BUY)]);
    expect([book.levelIds(BUY, 99), book.depth(BUY, 10)]).toEqual([[2, 1], [[99, 11]]]);
  });

  it('a modify to a marketable price trades as the aggressor and rests the remainder', () => {
    const { book } = bookWith({ bids: [[100, [10]]], asks: [[102, [4]], [103, [3]]] });
    book.modify(1, 102, 10);
    expect(events(book)).toEqual([M(1, 102, 10, 0), T(1, 2, 102, 4, BUY), R(1, 102, 6, BUY)]);
    expect([book.bestBid(), book.bestAsk()]).toEqual([102, 103]);
  });

  it('a modify that fills in full leaves the book with no RESTED event', () => {
    const { book } = bookWith({ bids: [[100, [10]]], asks: [[103, [3]]] });
    book.modify(2, 100, 3);
    expect(events(book)).toEqual([M(2, 100, 3, 0), T(1, 2, 100, 3, SELL)]);
    expect([book.orderQty(2), book.orderQty(1), book.restingCount()]).toEqual([0, 7, 1]);
  });

  it('rejects unknown ids, bad quantities, off-grid prices and no-op modifies', () => {
    const { book } = bookWith({ bids: [[100, [10]]], grid: PriceGrid.uniform(5) });
    const cases: Array<[number, number, number, number]> = [
      [99, 100, 5, RejectReason.UnknownOrder],
      [1, 100, 0, RejectReason.BadQuantity],
      [1, 100, 1.5, RejectReason.BadQuantity],
      [1, 102, 5, RejectReason.BadPrice],
      [1, 100, 10, RejectReason.NoChange],
    ];
    for (const [id, price, qty, reason] of cases) {
      book.modify(id, price, qty);
      expect(events(book)).toEqual([X(id, price, qty, reason)]);
    }
    expect([book.orderQty(1), book.orderPrice(1)]).toEqual([10, 100]);
  });
});

describe('OrderBook collect mode', () => {
  it('rests limit orders without matching, so the book may be crossed', () => {
    const { book } = bookWith({ bids: [[101, [10]]], mode: 'collect' });
    book.submit(2, SELL, LIMIT, 100, 5);
    expect(events(book)).toEqual([A(2, 100, 5, SELL), R(2, 100, 5, SELL)]);
    expect([book.bestBid(), book.bestAsk(), book.mode]).toEqual([101, 100, 'collect']);
  });

  it('rejects MARKET, IOC and FOK with TypeNotAllowedInPhase', () => {
    const { book } = bookWith({ asks: [[100, [5]]], mode: 'collect' });
    book.submit(2, BUY, IOC, 101, 5);
    expect(events(book)).toEqual([X(2, 101, 5, RejectReason.TypeNotAllowedInPhase)]);
    book.submit(2, BUY, FOK, 101, 5);
    expect(events(book)).toEqual([X(2, 101, 5, RejectReason.TypeNotAllowedInPhase)]);
    book.submit(2, BUY, MARKET, 0, 5);
    expect(events(book)).toEqual([X(2, 0, 5, RejectReason.TypeNotAllowedInPhase)]);
    expect(book.restingCount()).toBe(1);
  });

  it('a modify to a crossing price does not match', () => {
    const { book } = bookWith({ bids: [[99, [10]]], asks: [[100, [5]]], mode: 'collect' });
    book.modify(1, 101, 10);
    expect(events(book)).toEqual([M(1, 101, 10, 0), R(1, 101, 10, BUY)]);
    expect([book.bestBid(), book.bestAsk()]).toEqual([101, 100]);
  });
});

describe('OrderBook call auction', () => {
  it('uncrosses at the max-volume price, rationing the buy side in time priority', () => {
    const { book } = bookWith({ bids: [[101, [10]], [100, [5, 5]]], asks: [[99, [8]], [100, [6]], [102, [4]]], mode: 'collect' });
    const expected = { price: 100, volume: 14, buySurplus: 6, sellSurplus: 0 };
    expect(book.auctionQuote(100)).toEqual(expected);
    expect(book.uncross(100)).toEqual(expected);
    expect(events(book)).toEqual([T(1, 4, 100, 8, 2), T(1, 5, 100, 2, 2), T(2, 5, 100, 4, 2)]);
    expect([book.levelIds(BUY, 100), book.orderQty(2), book.orderQty(3)]).toEqual([[2, 3], 1, 5]);
    expect([book.depth(BUY, 10), book.depth(SELL, 10)]).toEqual([[[100, 6]], [[102, 4]]]);
    expect(book.mode).toBe('collect');
  });

  it('prefers the smaller imbalance among prices of equal volume', () => {
    const { book } = bookWith({ bids: [[100, [6]], [101, [4]]], asks: [[100, [4]], [101, [2]]], mode: 'collect' });
    expect(book.uncross(100)).toEqual({ price: 101, volume: 4, buySurplus: 0, sellSurplus: 2 });
    expect(events(book)).toEqual([T(2, 3, 101, 4, 2)]);
  });

  it('keeps every bid above the price filled (uniform-price rule) before nearness to the reference', () => {
    // 100 and 101 both give volume 5 and imbalance 5; at 100 the bid at 101 would be cut to 5 of 10.
    const { book } = bookWith({ bids: [[101, [10]]], asks: [[100, [5]]], mode: 'collect' });
    expect(book.uncross(100)).toEqual({ price: 101, volume: 5, buySurplus: 5, sellSurplus: 0 });
    expect(events(book)).toEqual([T(1, 2, 101, 5, 2)]);
    expect(book.orderQty(1)).toBe(5);
  });

  it('may clear at a grid price that holds no orders when that minimises the imbalance', () => {
    const { book } = bookWith({ bids: [[100, [8]], [102, [5]]], asks: [[100, [5]], [102, [3]]], mode: 'collect' });
    expect(book.uncross(100)).toEqual({ price: 101, volume: 5, buySurplus: 0, sellSurplus: 0 });
    expect(events(book)).toEqual([T(2, 3, 101, 5, 2)]);
    expect([book.depth(BUY, 10), book.depth(SELL, 10)]).toEqual([[[100, 8]], [[102, 3]]]);
  });

  it('among equal prices picks the one nearest the reference, the lower on ties (0 = midpoint)', () => {
    const { book } = bookWith({ bids: [[102, [5]]], asks: [[99, [5]]], mode: 'collect' });
    expect([book.auctionQuote(97)?.price, book.auctionQuote(101)?.price, book.auctionQuote(104)?.price]).toEqual([99, 101, 102]);
    expect(book.auctionQuote(0)).toEqual({ price: 100, volume: 5, buySurplus: 0, sellSurplus: 0 });
  });

  it('returns null with no events when nothing crosses', () => {
    const { book } = bookWith({ bids: [[99, [10]]], asks: [[101, [5]]], mode: 'collect' });
    expect(book.auctionQuote(100)).toBeNull();
    expect(book.uncross(100)).toBeNull();
    expect(events(book)).toEqual([]);
    expect(book.restingCount()).toBe(2);
  });
});

describe('OrderBook queries', () => {
  it('depth aggregates levels best first and honours maxLevels; empty sides read 0', () => {
    const { book } = bookWith({ bids: [[100, [1, 2]], [99, [3]], [98, [4]]] });
    expect(book.depth(BUY, 2)).toEqual([[100, 3], [99, 3]]);
    expect(book.depth(SELL, 5)).toEqual([]);
    expect([book.sideQty(BUY), book.sideQty(SELL), book.bestAsk(), book.bestAskQty(), book.orderQty(77)]).toEqual([10, 0, 0, 0, 0]);
  });
});

// Shrunk counterexamples from order-book.property.test.ts (found while checking that the harness catches
// seeded faults in a mutated reference; the real book passed them).
describe('OrderBook kept property cases', () => {
  it('an uncross fills the older of two asks at the clearing price (one left from an earlier auction)', () => {
    const { book } = bookWith({ asks: [[97, [1]]], mode: 'collect' });
    expect(book.uncross(93)).toBeNull();
    book.submit(2, BUY, LIMIT, 97, 1);
    book.submit(3, SELL, LIMIT, 97, 1);
    expect(book.uncross(93)).toEqual({ price: 97, volume: 1, buySurplus: 0, sellSurplus: 1 });
    expect(events(book)).toEqual([T(2, 1, 97, 1, 2)]);
    expect(book.levelIds(SELL, 97)).toEqual([3]);
  });

  it('a size-up modify in collect mode moves the bid above the ask, and the uncross keeps it filled', () => {
    const { book } = bookWith({ bids: [[95, [1]]], asks: [[95, [1]]], mode: 'collect' });
    book.modify(1, 96, 2);
    expect(events(book)).toEqual([M(1, 96, 2, 0), R(1, 96, 2, BUY)]);
    expect(book.uncross(93)).toEqual({ price: 96, volume: 1, buySurplus: 1, sellSurplus: 0 });
    expect(events(book)).toEqual([T(1, 2, 96, 1, 2)]);
  });
});
