// Self-trade prevention in continuous matching: an incoming order meeting a resting order of the same owner is
// handled by the book's policy (order.ts SelfTradePolicy) instead of trading; other owners' orders trade as
// usual, orders without an owner are never affected, and the exchange counts what it cancelled.
import { describe, expect, it } from 'vitest';
const [ACCEPTED, CANCELED, RESTED, TRADE] = ['accepted', 'canceled', 'rested', 'trade'] as const;
import { Exchange } from '../../src/market/exchange.js';
import { OrderBook } from '../../src/market/order-book.js';
import { BUY, CancelReason, LIMIT, MARKET, SELL, type SelfTradePolicy } from '../../src/market/order.js';
import { ev } from './reference-book.js';

const ST = CancelReason.SelfTrade;

/** Asks: id 1 (owner 7) 10 @ 100, id 2 (owner 8) 10 @ 100, id 3 (owner 7) 5 @ 101. */
function book(policy: SelfTradePolicy): OrderBook {
  const b = new OrderBook({ selfTrade: policy });
  b.submit(1, SELL, LIMIT, 100, 10, 7);
  b.submit(2, SELL, LIMIT, 100, 10, 8);
  b.submit(3, SELL, LIMIT, 101, 5, 7);
  return b;
}

describe('self-trade prevention', () => {
  it("'cancel-incoming' cancels the incoming remainder at the owner's first resting order (earlier fills stand)", () => {
    const b = book('cancel-incoming');
    b.submit(4, BUY, LIMIT, 101, 12, 8); // owner 8 meets owner 7's id 1 first: trades; then its own id 2
    expect(b.events.toArray()).toEqual([ev(ACCEPTED, 4, 0, 101, 12, BUY), ev(TRADE, 4, 1, 100, 10, BUY), ev(CANCELED, 4, 0, 101, 2, ST)]);
    expect(b.orderQty(2)).toBe(10);
    b.submit(5, BUY, MARKET, 0, 3, 7); // owner 7's market order meets its own id... id 2 is owner 8: trades 3
    expect(b.events.toArray().filter((e) => e.kind === TRADE)).toEqual([ev(TRADE, 5, 2, 100, 3, BUY)]);
  });

  it("'cancel-resting' cancels the owner's resting order and keeps matching", () => {
    const b = book('cancel-resting');
    b.submit(4, BUY, LIMIT, 101, 30, 7);
    expect(b.events.toArray()).toEqual([
      ev(ACCEPTED, 4, 0, 101, 30, BUY), ev(CANCELED, 1, 0, 100, 10, ST), ev(TRADE, 4, 2, 100, 10, BUY),
      ev(CANCELED, 3, 0, 101, 5, ST), ev(RESTED, 4, 0, 101, 20, BUY),
    ]);
    expect(b.restingCount()).toBe(1);
    expect(b.sideQty(SELL)).toBe(0);
  });

  it("'cancel-both' cancels the resting order and the incoming remainder", () => {
    const b = book('cancel-both');
    b.submit(4, BUY, LIMIT, 101, 30, 7);
    expect(b.events.toArray()).toEqual([ev(ACCEPTED, 4, 0, 101, 30, BUY), ev(CANCELED, 1, 0, 100, 10, ST), ev(CANCELED, 4, 0, 101, 30, ST)]);
    expect(b.orderQty(2)).toBe(10);
    expect(b.bestAsk()).toBe(100);
  });

  it("'none', and orders without an owner, trade with themselves as before", () => {
    const b = book('none');
    b.submit(4, BUY, LIMIT, 100, 10, 7);
    expect(b.events.toArray()).toContainEqual(ev(TRADE, 4, 1, 100, 10, BUY));
    const c = book('cancel-incoming');
    c.submit(4, BUY, LIMIT, 100, 10);
    expect(c.events.toArray()).toContainEqual(ev(TRADE, 4, 1, 100, 10, BUY));
  });

  it('a modify that re-matches applies the policy with the order\'s owner', () => {
    const b = book('cancel-incoming');
    b.submit(4, BUY, LIMIT, 99, 5, 7);
    b.modify(4, 100, 5);
    expect(b.events.toArray().at(-1)).toEqual(ev(CANCELED, 4, 0, 100, 5, ST));
    expect(b.orderQty(1)).toBe(10);
  });

  it('the exchange applies its policy to owned orders and counts the cancellations', () => {
    const ex = new Exchange({ rules: 'none', instruments: [{ symbol: 'A', tickTable: 'uniform', initialPrice: 100, sharesOutstanding: 1e6 }] }, { next: () => 0 });
    ex.startDay(0);
    ex.submit(1, 0, SELL, LIMIT, 100, 10, false, 3);
    ex.submit(2, 0, BUY, LIMIT, 100, 4, false, 3);
    expect(ex.selfTradeCancels).toBe(1);
    expect(ex.selfTradeQty).toBe(4);
    ex.submit(3, 0, BUY, LIMIT, 100, 4, false, 5);
    expect(ex.listings[0]!.volume).toBe(4);
  });
});
