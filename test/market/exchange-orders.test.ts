// Exchange order entry (DOMAIN §5.1–§5.3, §8.3 items 4–5): price limits, ticks, lots, order types per phase,
// market orders in a call auction, the KRX round allocation at a limit-price uncross (checked against
// allocateRounds), rules 'none' (always continuous, no limits) and determinism of whole runs.
import { describe, expect, it } from 'vitest';
import { allocateRounds } from '../../src/market/auction.js';
import type { Exchange } from '../../src/market/exchange.js';
import { BUY, CancelReason, FOK, IOC, LIMIT, MARKET, RejectReason, SELL } from '../../src/market/order.js';
import { deriveRng } from '../../src/core/rng.js';
import { US_PER_DAY, clock } from '../../src/core/time.js';
import {
  DELAY_HALF, Recorder, events, filledByBuyer, kinds, makeExchange, ofKind, phaseCode, randomDelay, stock, stubRng,
  uniformStock,
} from './exchange-fixture.js';
import type { ExchangeEvent } from '../../src/market/exchange-events.js';
import type { UniformSource } from '../../src/market/exchange.js';

/** KRX day for one stock at 71,000 (limits 49,700 / 92,300), advanced to `t`. */
function krxAt(t: number, extra = {}): Exchange {
  const ex = makeExchange([stock('SEC', 71_000, extra)]);
  ex.startDay(0);
  ex.advanceTo(t);
  return ex;
}

const rejectReason = (ex: Exchange): number => ofKind(ex, 'order-rejected')[0]?.aux ?? 0;

describe('Exchange order checks', () => {
  it('rejects prices outside the daily limits and accepts the limits themselves', () => {
    const ex = krxAt(clock(8, 30));
    ex.submit(clock(8, 31), 0, BUY, LIMIT, 92_400, 1);
    expect(events(ex)).toEqual([
      { kind: 'order-rejected', t: clock(8, 31), inst: 0, a: 0, b: 0, price: 92_400, qty: 1, aux: RejectReason.OutsidePriceLimits },
    ]);
    ex.submit(clock(8, 31), 0, SELL, LIMIT, 49_650, 1);
    expect(rejectReason(ex)).toBe(RejectReason.OutsidePriceLimits);
    ex.submit(clock(8, 31), 0, BUY, LIMIT, 92_300, 1);
    ex.submit(clock(8, 31), 0, SELL, LIMIT, 49_700, 1);
    expect(kinds(ex)).toEqual(['order-accepted', 'order-rested']);
  });

  it('rejects an off-tick price (71,050 on the 100-won band) with BadPrice', () => {
    const ex = krxAt(clock(8, 30));
    const id = ex.submit(clock(8, 31), 0, BUY, LIMIT, 71_050, 10);
    expect(events(ex)).toEqual([
      { kind: 'order-rejected', t: clock(8, 31), inst: 0, a: id, b: 0, price: 71_050, qty: 10, aux: RejectReason.BadPrice },
    ]);
  });

  it('gives a 2x ETF on the 5-won grid ±60% limits', () => {
    const ex = makeExchange([
      stock('LEV', 9_985, { tickTable: 'krx-etf', leverage: 2 }),
      stock('INV', 10_000, { tickTable: 'krx-etf', leverage: -2 }),
    ]);
    ex.startDay(0);
    // 9,985 × 0.6 = 5,991 → 5,990 (5-won tick): 3,995 / 15,975. 10,000 × 0.6 = 6,000: 4,000 / 16,000.
    expect(ofKind(ex, 'limits-set').map((e) => [e.a, e.b, e.price])).toEqual([[3_995, 15_975, 9_985], [4_000, 16_000, 10_000]]);
  });

  it('rejects quantities that are not positive multiples of the lot', () => {
    const ex = krxAt(clock(8, 30), { lotSize: 10 });
    for (const q of [15, 0, -10, 10.5]) {
      ex.submit(clock(8, 31), 0, BUY, LIMIT, 71_000, q);
      expect(rejectReason(ex)).toBe(RejectReason.BadQuantity);
    }
    ex.submit(clock(8, 31), 0, BUY, LIMIT, 71_000, 20);
    expect(kinds(ex)).toEqual(['order-accepted', 'order-rested']);
  });

  it('rejects IOC and FOK during call auctions but accepts them in continuous trading', () => {
    const ex = krxAt(clock(8, 30));
    for (const [t, type] of [[clock(8, 31), IOC], [clock(8, 31), FOK], [clock(9, 0, 1), IOC], [clock(9, 0, 1), FOK]] as const) {
      ex.submit(t, 0, BUY, type, 71_000, 1);
      expect(rejectReason(ex)).toBe(RejectReason.TypeNotAllowedInPhase);
    }
    ex.advanceTo(clock(9, 1));
    ex.submit(clock(9, 1), 0, BUY, IOC, 71_000, 1);
    expect(kinds(ex)).toEqual(['order-accepted', 'order-canceled']);
    expect(ofKind(ex, 'order-canceled')[0]).toMatchObject({ qty: 1, aux: CancelReason.IocRemainder });
  });

  it('rests a market order entered in a call auction as a limit at the upper (buy) / lower (sell) limit', () => {
    const ex = krxAt(clock(8, 30));
    const b = ex.submit(clock(8, 31), 0, BUY, MARKET, 0, 7);
    expect(events(ex)).toEqual([
      { kind: 'order-accepted', t: clock(8, 31), inst: 0, a: b, b: 0, price: 92_300, qty: 7, aux: BUY },
      { kind: 'order-rested', t: clock(8, 31), inst: 0, a: b, b: 0, price: 92_300, qty: 7, aux: BUY },
    ]);
    const s = ex.submit(clock(8, 31), 0, SELL, MARKET, 0, 7);
    expect(ofKind(ex, 'order-rested')[0]).toMatchObject({ a: s, price: 49_700, qty: 7, aux: SELL });
    // both rest; the uncross prices them like limit orders at the limits: every price in [49,700, 92,300]
    // clears 7 with no imbalance, so the price is the one nearest the reference (the base 71,000).
    ex.advanceTo(clock(9, 0) + DELAY_HALF);
    expect(ofKind(ex, 'auction-uncrossed')[0]).toMatchObject({ price: 71_000, qty: 7 });
  });

  it('rejects unknown instruments and orders, and checks modifies like new orders', () => {
    const ex = krxAt(clock(8, 30));
    const bad = ex.submit(clock(8, 31), 3, BUY, LIMIT, 71_000, 1);
    expect(events(ex)).toEqual([
      { kind: 'order-rejected', t: clock(8, 31), inst: -1, a: bad, b: 0, price: 71_000, qty: 1, aux: RejectReason.UnknownInstrument },
    ]);
    expect(ex.instrumentOf(bad)).toBe(-1);
    ex.cancel(clock(8, 31), 99);
    expect(events(ex)).toEqual([
      { kind: 'order-rejected', t: clock(8, 31), inst: -1, a: 99, b: 0, price: 0, qty: 0, aux: RejectReason.UnknownOrder },
    ]);
    const id = ex.submit(clock(8, 31), 0, BUY, LIMIT, 71_000, 5);
    ex.modify(clock(8, 32), id, 92_400, 5);
    expect(rejectReason(ex)).toBe(RejectReason.OutsidePriceLimits);
    ex.modify(clock(8, 32), id, 72_000, 4);
    expect(events(ex)).toEqual([
      { kind: 'order-modified', t: clock(8, 32), inst: 0, a: id, b: 0, price: 72_000, qty: 4, aux: 0 },
      { kind: 'order-rested', t: clock(8, 32), inst: 0, a: id, b: 0, price: 72_000, qty: 4, aux: BUY },
    ]);
    ex.cancel(clock(8, 33), id);
    expect(events(ex)).toEqual([
      { kind: 'order-canceled', t: clock(8, 33), inst: 0, a: id, b: 0, price: 72_000, qty: 4, aux: CancelReason.Canceled },
    ]);
  });

  it('names the order in the rejection of a cancel or modify of an order that was itself rejected', () => {
    // Source bug: a rejected order keeps orderLocal[id] = -1; cancel/modify pass -1 to the book, whose REJECTED
    // event carries a = -1, and forward maps it through localToGlobal[-1] (undefined → 0): a names order 0.
    const ex = krxAt(clock(8, 30));
    ex.submit(clock(8, 31), 0, BUY, LIMIT, 71_000, 1); // order 0, resting
    const bad = ex.submit(clock(8, 31), 0, BUY, LIMIT, 99_000, 1); // outside the limits
    ex.cancel(clock(8, 32), bad);
    expect(events(ex)).toEqual([
      { kind: 'order-rejected', t: clock(8, 32), inst: 0, a: bad, b: 0, price: 0, qty: 0, aux: RejectReason.UnknownOrder },
    ]);
    ex.modify(clock(8, 32), bad, 71_000, 1);
    expect(ofKind(ex, 'order-rejected')[0]).toMatchObject({ a: bad, aux: RejectReason.UnknownOrder });
  });
});

describe('Exchange auction allocation at a daily limit (DOMAIN §5.3, §8.3 item 4)', () => {
  it('allocates the rationed buy side at the upper limit by allocateRounds (largest orders first)', () => {
    // Uniform grid, base 100,000: upper limit 130,000. VIs off so the opening auction is not extended.
    const ex = makeExchange([uniformStock('A', 100_000)], { krx: { volatilityInterruptions: false } });
    ex.startDay(0);
    expect(ex.listings[0]!.limits).toEqual({ lower: 70_000, upper: 130_000 });
    const t = clock(8, 40);
    const s1 = ex.submit(t, 0, SELL, LIMIT, 120_000, 600);
    const s2 = ex.submit(t, 0, SELL, LIMIT, 130_000, 400);
    const qtys = [50, 400, 250, 400, 120];
    const buys = qtys.map((q) => ex.submit(t, 0, BUY, LIMIT, 130_000, q));
    const end = clock(9, 0) + DELAY_HALF;
    ex.advanceTo(end);
    // D(130,000) = 1,220 > S = 1,000: price 130,000 (the upper limit), volume 1,000, buy side rationed.
    expect(ofKind(ex, 'auction-uncrossed')[0]).toMatchObject({ t: end, price: 130_000, qty: 1_000, aux: 0 });
    const expected = allocateRounds(qtys, 1_000, 1);
    // by hand: 100 each (50 for the smallest), then half the balances (150, 150, 75, 10), then the rest in size order
    expect(expected).toEqual([50, 400, 175, 265, 110]);
    const trades = ofKind(ex, 'trade');
    const filled = filledByBuyer(trades);
    expect(buys.map((id) => filled.get(id) ?? 0)).toEqual(expected);
    // pairing in priority order: sells 120,000 (600) then 130,000 (400), buys in time order
    expect(trades.map((e) => [e.a, e.b, e.price, e.qty, e.aux])).toEqual([
      [buys[0], s1, 130_000, 50, 2],
      [buys[1], s1, 130_000, 400, 2],
      [buys[2], s1, 130_000, 150, 2],
      [buys[2], s2, 130_000, 25, 2],
      [buys[3], s2, 130_000, 265, 2],
      [buys[4], s2, 130_000, 110, 2],
    ]);
    expect(ex.listings[0]!.book.depth(BUY)).toEqual([[130_000, 220]]);
    expect(ex.listings[0]!.book.levelIds(BUY, 130_000)).toEqual([buys[2], buys[3], buys[4]]);
  });

  it('allocates in time priority when the auction price is not a limit', () => {
    const ex = makeExchange([uniformStock('A', 100_000)], { krx: { volatilityInterruptions: false } });
    ex.startDay(0);
    const t = clock(8, 40);
    ex.submit(t, 0, SELL, LIMIT, 101_000, 1_000);
    const buys = [50, 400, 250, 400, 120].map((q) => ex.submit(t, 0, BUY, LIMIT, 101_000, q));
    ex.advanceTo(clock(9, 0) + DELAY_HALF);
    const filled = filledByBuyer(ofKind(ex, 'trade'));
    expect(buys.map((id) => filled.get(id) ?? 0)).toEqual([50, 400, 250, 300, 0]);
  });
});

describe('Exchange with rules "none"', () => {
  it('is continuous from startDay with no limits, auctions or VIs; endDay expires orders', () => {
    const ex = makeExchange([uniformStock('A', 100)], { rules: 'none' });
    ex.startDay(0);
    expect(events(ex)).toEqual([{ kind: 'phase-changed', t: 0, inst: 0, a: 0, b: 0, price: 0, qty: 0, aux: phaseCode('continuous') }]);
    expect(ex.nextDeadline()).toBe(Infinity);
    const s = ex.submit(1, 0, SELL, LIMIT, 1_000_000, 10); // far above any ±30% limit
    const b = ex.submit(2, 0, BUY, MARKET, 0, 4);
    expect(ofKind(ex, 'trade')).toEqual([{ kind: 'trade', t: 2, inst: 0, a: b, b: s, price: 1_000_000, qty: 4, aux: BUY }]);
    expect(ex.listings[0]!.phase).toBe('continuous');
    ex.submit(3, 0, BUY, IOC, 1_000_000, 1);
    expect(kinds(ex)).toEqual(['order-accepted', 'trade']);
    const r = ex.submit(4, 0, BUY, LIMIT, 1, 2);
    ex.advanceTo(clock(20, 0));
    expect(events(ex)).toEqual([]);
    ex.endDay(clock(20, 0));
    expect(events(ex)).toEqual([
      { kind: 'order-canceled', t: clock(20, 0), inst: 0, a: r, b: 0, price: 1, qty: 2, aux: CancelReason.EndOfDay },
      { kind: 'order-canceled', t: clock(20, 0), inst: 0, a: s, b: 0, price: 1_000_000, qty: 5, aux: CancelReason.EndOfDay },
      { kind: 'phase-changed', t: clock(20, 0), inst: 0, a: 0, b: 0, price: 0, qty: 0, aux: phaseCode('day-ended') },
    ]);
    ex.submit(clock(20, 1), 0, BUY, LIMIT, 1, 1);
    expect(rejectReason(ex)).toBe(RejectReason.MarketClosed);
    ex.startDay(US_PER_DAY);
    expect(kinds(ex)).toEqual(['phase-changed']);
    expect(ex.listings[0]!.basePrice).toBe(1_000_000);
  });

  it('still rejects before the first startDay and checks the lot', () => {
    const ex = makeExchange([uniformStock('A', 100, { lotSize: 5 })], { rules: 'none' });
    ex.submit(0, 0, BUY, LIMIT, 100, 5);
    expect(rejectReason(ex)).toBe(RejectReason.MarketClosed);
    ex.startDay(0);
    ex.submit(0, 0, BUY, LIMIT, 100, 7);
    expect(rejectReason(ex)).toBe(RejectReason.BadQuantity);
  });
});

/** A scripted KRX day with an opening auction, a dynamic VI, a closing auction and the next day's start. */
function scriptedRun(rng: UniformSource): ExchangeEvent[] {
  const ex = makeExchange([uniformStock('A', 100_000), uniformStock('B', 50_000)], { rng });
  const rec = new Recorder(ex);
  rec.do(() => ex.startDay(0));
  rec.do(() => ex.submit(clock(8, 40), 0, BUY, LIMIT, 100_500, 10));
  rec.do(() => ex.submit(clock(8, 41), 0, SELL, LIMIT, 100_000, 6));
  rec.do(() => ex.submit(clock(8, 42), 1, SELL, LIMIT, 49_000, 3));
  rec.do(() => ex.submit(clock(8, 43), 1, BUY, LIMIT, 50_000, 5));
  rec.do(() => ex.submit(clock(9, 5), 0, SELL, LIMIT, 104_000, 4));
  rec.do(() => ex.submit(clock(9, 6), 0, BUY, LIMIT, 104_000, 4)); // dynamic VI at 104,000 (> 3% from 100,000)
  rec.do(() => ex.submit(clock(9, 10), 1, SELL, LIMIT, 50_000, 2));
  rec.do(() => ex.submit(clock(15, 25), 1, SELL, LIMIT, 50_000, 1));
  rec.do(() => ex.advanceTo(clock(16, 0)));
  rec.do(() => ex.startDay(US_PER_DAY));
  rec.do(() => ex.advanceTo(US_PER_DAY + clock(9, 5)));
  return rec.log;
}

/** Events stamped by timers at an auction end (their time moves with the random draw). */
const AUCTION_END_KINDS = new Set(['trade', 'auction-uncrossed', 'phase-changed', 'order-canceled', 'order-rested', 'vi-started']);

describe('Exchange determinism (DOMAIN §8.3)', () => {
  it('the same calls with the same rng give identical event lists', () => {
    const rng = stubRng(0.5);
    expect(scriptedRun(rng)).toEqual(scriptedRun(stubRng(0.5)));
    // one draw per auction end: 2 openings, 1 VI auction, 2 closings, 2 day-2 openings
    expect(rng.draws).toBe(7);
    expect(scriptedRun(deriveRng(7, 'exchange'))).toEqual(scriptedRun(deriveRng(7, 'exchange')));
  });

  it('a different draw moves only the auction times, by exactly the difference of the random ends', () => {
    const a = scriptedRun(stubRng(0.5));
    const b = scriptedRun(stubRng(0.25));
    const shift = randomDelay(0.5) - randomDelay(0.25);
    expect(shift).toBe(7_500_000);
    expect(b.length).toBe(a.length);
    let moved = 0;
    a.forEach((ea, i) => {
      const eb = b[i]!;
      expect({ ...eb, t: ea.t }).toEqual(ea);
      if (eb.t !== ea.t) {
        moved++;
        expect(ea.t - eb.t).toBe(shift);
        expect(AUCTION_END_KINDS.has(ea.kind)).toBe(true);
      }
    });
    // opening uncross (2 listings), the VI uncross, closing uncross (2 listings) each moved some events
    expect(moved).toBeGreaterThanOrEqual(5);
    expect(a.filter((e) => e.kind === 'vi-started')).toHaveLength(1);
    expect(a.filter((e) => e.kind === 'auction-uncrossed').map((e) => e.t)).toEqual([
      clock(9, 0) + DELAY_HALF, clock(9, 0) + DELAY_HALF, clock(9, 8) + DELAY_HALF,
      clock(15, 30) + DELAY_HALF, clock(15, 30) + DELAY_HALF,
      US_PER_DAY + clock(9, 0) + DELAY_HALF, US_PER_DAY + clock(9, 0) + DELAY_HALF, // empty day-2 auctions
    ]);
  });
});
