// Exchange session flow under KRX rules (DOMAIN §5.2–§5.3): daily limits at startDay, pre-open collection, the
// opening uncross at 09:00 + the seeded random end, continuous matching, the closing auction and its uncross at
// 15:30 + random end, end-of-day expiry and the next day's base price. One KOSPI200 stock, base 71,000 on the
// KRX stock grid, stub rng draw 0.5 so every random end is exactly +15,000,000 µs.
import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../src/market/exchange.js';
import { BUY, CancelReason, LIMIT, RejectReason, SELL } from '../../src/market/order.js';
import { US_PER_DAY, clock } from '../../src/core/time.js';
import { DELAY_HALF, U_HALF, events, kinds, makeExchange, ofKind, phaseCode, phasesEntered, randomDelay, stock } from './exchange-fixture.js';

const OPEN_END = clock(9, 0) + DELAY_HALF;
const CLOSE_END = clock(15, 30) + DELAY_HALF;

function krxDay(): Exchange {
  const ex = makeExchange([stock('SEC', 71_000)]);
  ex.startDay(0);
  return ex;
}

/** Pre-open book: bids 72,000×10 and 71,000×5, asks 70,000×8 and 71,500×6 (ids 0–3); crossed, no trades. */
function preOpenBook(ex: Exchange, t = clock(8, 40)): void {
  ex.submit(t, 0, BUY, LIMIT, 72_000, 10);
  ex.submit(t, 0, BUY, LIMIT, 71_000, 5);
  ex.submit(t, 0, SELL, LIMIT, 70_000, 8);
  ex.submit(t, 0, SELL, LIMIT, 71_500, 6);
}

describe('Exchange session flow (KRX)', () => {
  it('the stub draw 0.5 gives a random end of exactly 15,000,000 µs', () => {
    expect(randomDelay(U_HALF)).toBe(15_000_000);
    expect(DELAY_HALF).toBe(randomDelay(U_HALF));
  });

  it('startDay sets ±30% limits with KRX rounding and the closed phase', () => {
    const ex = makeExchange([stock('SEC', 71_000)]);
    ex.startDay(0);
    // width = 71,000 × 0.3 = 21,300 (a multiple of the 100-won tick); upper 92,300 (tick 100), lower 49,700 (tick 50).
    expect(events(ex)).toEqual([
      { kind: 'limits-set', t: 0, inst: 0, a: 49_700, b: 92_300, price: 71_000, qty: 0, aux: 0 },
      { kind: 'phase-changed', t: 0, inst: 0, a: 0, b: 0, price: 0, qty: 0, aux: phaseCode('closed') },
    ]);
    expect(ex.listings[0]!.limits).toEqual({ lower: 49_700, upper: 92_300 });
    expect(ex.nextDeadline()).toBe(clock(8, 30));
  });

  it('DOMAIN §5.2 example: base 9,980 gives limits 6,990 / 12,970', () => {
    const ex = makeExchange([stock('X', 9_980)]);
    ex.startDay(0);
    expect(ofKind(ex, 'limits-set')[0]).toMatchObject({ a: 6_990, b: 12_970, price: 9_980 });
  });

  it('rejects orders before 08:30 with MarketClosed and accepts them from 08:30 exactly', () => {
    const ex = krxDay();
    const id = ex.submit(clock(8, 30) - 1, 0, BUY, LIMIT, 71_000, 10);
    expect(events(ex)).toEqual([
      { kind: 'order-rejected', t: clock(8, 30) - 1, inst: 0, a: id, b: 0, price: 71_000, qty: 10, aux: RejectReason.MarketClosed },
    ]);
    const id2 = ex.submit(clock(8, 30), 0, BUY, LIMIT, 71_000, 10);
    expect(id2).toBe(id + 1);
    expect(events(ex)).toEqual([
      { kind: 'phase-changed', t: clock(8, 30), inst: 0, a: 0, b: 0, price: 0, qty: 0, aux: phaseCode('pre-open') },
      { kind: 'order-accepted', t: clock(8, 30), inst: 0, a: id2, b: 0, price: 71_000, qty: 10, aux: BUY },
      { kind: 'order-rested', t: clock(8, 30), inst: 0, a: id2, b: 0, price: 71_000, qty: 10, aux: BUY },
    ]);
  });

  it('collects crossed pre-open orders without trading', () => {
    const ex = krxDay();
    ex.advanceTo(clock(8, 40));
    preOpenBook(ex);
    expect(kinds(ex)).toEqual(['order-accepted', 'order-rested']);
    const book = ex.listings[0]!.book;
    expect(book.depth(BUY)).toEqual([[72_000, 10], [71_000, 5]]);
    expect(book.depth(SELL)).toEqual([[70_000, 8], [71_500, 6]]);
    expect(ex.listings[0]!.trades).toBe(0);
  });

  it('uncrosses the opening auction exactly at 09:00 + random end, not a microsecond earlier', () => {
    const ex = krxDay();
    preOpenBook(ex);
    ex.advanceTo(clock(9, 0));
    expect(phasesEntered(ex)).toEqual(['opening-auction']);
    expect(ex.nextDeadline()).toBe(OPEN_END);
    ex.advanceTo(OPEN_END - 1);
    expect(events(ex)).toEqual([]);
    expect(ex.listings[0]!.phase).toBe('opening-auction');
    ex.advanceTo(OPEN_END);
    // D/S: [71,500, 72,000] gives volume 10 (D 10, S 14); the sell surplus puts the price at the low end 71,500.
    expect(events(ex)).toEqual([
      { kind: 'trade', t: OPEN_END, inst: 0, a: 0, b: 2, price: 71_500, qty: 8, aux: 2 },
      { kind: 'trade', t: OPEN_END, inst: 0, a: 0, b: 3, price: 71_500, qty: 2, aux: 2 },
      { kind: 'auction-uncrossed', t: OPEN_END, inst: 0, a: 0, b: 0, price: 71_500, qty: 10, aux: 0 },
      { kind: 'phase-changed', t: OPEN_END, inst: 0, a: 0, b: 0, price: 0, qty: 0, aux: phaseCode('continuous') },
    ]);
    const L = ex.listings[0]!;
    expect(L.staticRef).toBe(71_500);
    expect(L.lastPrice).toBe(71_500);
    expect(L.book.depth(BUY)).toEqual([[71_000, 5]]);
    expect(L.book.depth(SELL)).toEqual([[71_500, 4]]);
  });

  it('a later call runs the due uncross first and stamps its events with the due time', () => {
    const ex = krxDay();
    preOpenBook(ex);
    const id = ex.submit(clock(9, 1), 0, BUY, LIMIT, 71_500, 4);
    const ev = events(ex);
    expect(ev.filter((e) => e.kind === 'auction-uncrossed').map((e) => e.t)).toEqual([OPEN_END]);
    expect(ev.filter((e) => e.kind === 'trade')).toEqual([
      { kind: 'trade', t: OPEN_END, inst: 0, a: 0, b: 2, price: 71_500, qty: 8, aux: 2 },
      { kind: 'trade', t: OPEN_END, inst: 0, a: 0, b: 3, price: 71_500, qty: 2, aux: 2 },
      // continuous: the incoming buy lifts the rest of ask 3 at the resting price, aggressor BUY
      { kind: 'trade', t: clock(9, 1), inst: 0, a: id, b: 3, price: 71_500, qty: 4, aux: BUY },
    ]);
  });

  it('runs the closing auction 15:20–15:30 + random end, then ends the day and expires resting orders', () => {
    const ex = krxDay();
    preOpenBook(ex);
    ex.submit(clock(10, 0), 0, BUY, LIMIT, 71_500, 4);
    ex.advanceTo(clock(15, 20));
    expect(phasesEntered(ex)).toEqual(['closing-auction']);
    expect(ex.nextDeadline()).toBe(CLOSE_END);
    const b = ex.submit(clock(15, 25), 0, BUY, LIMIT, 72_000, 3);
    const s = ex.submit(clock(15, 25), 0, SELL, LIMIT, 72_000, 3);
    expect(kinds(ex)).toEqual(['order-accepted', 'order-rested']);
    ex.advanceTo(CLOSE_END - 1);
    expect(events(ex)).toEqual([]);
    ex.advanceTo(CLOSE_END);
    expect(events(ex)).toEqual([
      { kind: 'trade', t: CLOSE_END, inst: 0, a: b, b: s, price: 72_000, qty: 3, aux: 2 },
      { kind: 'auction-uncrossed', t: CLOSE_END, inst: 0, a: 0, b: 0, price: 72_000, qty: 3, aux: 1 },
      { kind: 'order-canceled', t: CLOSE_END, inst: 0, a: 1, b: 0, price: 71_000, qty: 5, aux: CancelReason.EndOfDay },
      { kind: 'phase-changed', t: CLOSE_END, inst: 0, a: 0, b: 0, price: 0, qty: 0, aux: phaseCode('day-ended') },
    ]);
    const L = ex.listings[0]!;
    expect([L.open, L.high, L.low, L.close, L.volume, L.trades]).toEqual([71_500, 72_000, 71_500, 72_000, 17, 4]);
    expect(L.turnover).toBe(71_500 * 14 + 72_000 * 3);
    expect(L.book.restingCount()).toBe(0);
    expect(ex.nextDeadline()).toBe(Infinity);

    const late = ex.submit(clock(16, 0), 0, SELL, LIMIT, 72_000, 1);
    expect(ofKind(ex, 'order-rejected')).toEqual([
      { kind: 'order-rejected', t: clock(16, 0), inst: 0, a: late, b: 0, price: 72_000, qty: 1, aux: RejectReason.MarketClosed },
    ]);
    ex.cancel(clock(16, 0), b);
    expect(ofKind(ex, 'order-rejected')[0]).toMatchObject({ a: b, aux: RejectReason.MarketClosed });
  });

  it('a second startDay takes the previous close as base and recomputes the limits', () => {
    const ex = krxDay();
    ex.submit(clock(15, 25), 0, BUY, LIMIT, 72_000, 3);
    ex.submit(clock(15, 25), 0, SELL, LIMIT, 72_000, 3);
    ex.advanceTo(CLOSE_END);
    expect(ex.listings[0]!.close).toBe(72_000);
    ex.startDay(US_PER_DAY);
    // width 72,000 × 0.3 = 21,600 → upper 93,600, lower 50,400
    expect(events(ex)).toEqual([
      { kind: 'limits-set', t: US_PER_DAY, inst: 0, a: 50_400, b: 93_600, price: 72_000, qty: 0, aux: 0 },
      { kind: 'phase-changed', t: US_PER_DAY, inst: 0, a: 0, b: 0, price: 0, qty: 0, aux: phaseCode('closed') },
    ]);
    const L = ex.listings[0]!;
    expect([L.basePrice, L.staticRef, L.trades, L.volume]).toEqual([72_000, 72_000, 0, 0]);
    ex.submit(US_PER_DAY + clock(8, 30), 0, BUY, LIMIT, 93_700, 1);
    expect(ofKind(ex, 'order-rejected')[0]).toMatchObject({ price: 93_700, aux: RejectReason.OutsidePriceLimits });
    ex.submit(US_PER_DAY + clock(8, 30), 0, BUY, LIMIT, 93_600, 1);
    expect(kinds(ex)).toEqual(['order-accepted', 'order-rested']);
  });

  it('an opening auction without crossing orders uncrosses nothing and keeps the base as reference', () => {
    const ex = krxDay();
    ex.submit(clock(8, 45), 0, BUY, LIMIT, 70_000, 1);
    ex.advanceTo(OPEN_END);
    expect(ofKind(ex, 'auction-uncrossed')).toEqual([
      { kind: 'auction-uncrossed', t: OPEN_END, inst: 0, a: 0, b: 0, price: 0, qty: 0, aux: 0 },
    ]);
    expect(ex.listings[0]!.staticRef).toBe(71_000);
    expect(ex.listings[0]!.phase).toBe('continuous');
  });

  it('rejects a call earlier than the last one, and non-integer times', () => {
    const ex = krxDay();
    ex.advanceTo(clock(9, 0));
    expect(() => ex.advanceTo(clock(9, 0) - 1)).toThrow(RangeError);
    expect(() => ex.advanceTo(clock(9, 0) + 0.5)).toThrow(/integer and non-decreasing/);
  });

  it('clears the events at each call', () => {
    const ex = krxDay();
    ex.submit(clock(8, 40), 0, BUY, LIMIT, 71_000, 1);
    expect(kinds(ex)).toEqual(['phase-changed', 'order-accepted', 'order-rested']);
    ex.submit(clock(8, 40), 0, BUY, LIMIT, 71_000, 1);
    expect(kinds(ex)).toEqual(['order-accepted', 'order-rested']);
    ex.advanceTo(clock(8, 41));
    expect(ex.events.count).toBe(0);
  });
});
