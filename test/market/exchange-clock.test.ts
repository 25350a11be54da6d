// Volatility interruptions on the Exchange (DOMAIN §5.6, §8.3 item 6): dynamic (3% from the last trade) and static
// (10% from the last auction price) VIs in continuous trading switch the stock to a 2-minute call auction ending
// at t + 2 min + the random end; opening and closing auctions are extended once instead. Uniform tick-1 grid,
// base 100,000 (limits 70,000 / 130,000), no opening trade: continuous from 09:00:15 with both references 100,000.
import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../src/market/exchange.js';
import { BUY, LIMIT, MARKET, SELL } from '../../src/market/order.js';
import { clock } from '../../src/core/time.js';
import type { InstrumentSpec } from '../../src/market/listing.js';
import type { ExchangeRulesConfig } from '../../src/market/exchange-clock.js';
import { DELAY_HALF, events, kinds, makeExchange, ofKind, phaseCode, phasesEntered, uniformStock } from './exchange-fixture.js';

const VI_US = 120_000_000;

/** A KRX exchange at `t` (default 10:00; continuous before 15:20) with last trade = static reference = 100,000. */
function continuousAt(t = clock(10, 0), spec: Partial<InstrumentSpec> = {}, krx: Partial<ExchangeRulesConfig> = {}): Exchange {
  const ex = makeExchange([uniformStock('A', 100_000, spec)], { krx });
  ex.startDay(0);
  ex.advanceTo(t);
  expect(ex.listings[0]!.phase).toBe(t < clock(15, 20) ? 'continuous' : 'closing-auction');
  return ex;
}

/** Submit a one-lot-per-call pair that trades at `price` (a resting sell, then a crossing buy). */
function tradeAt(ex: Exchange, t: number, price: number): void {
  ex.submit(t, 0, SELL, LIMIT, price, 1);
  ex.submit(t, 0, BUY, LIMIT, price, 1);
}

describe('Exchange dynamic VI (continuous, KOSPI200 3%)', () => {
  it('executes up to the last safe price, then starts a VI auction and rests the remainder in a crossed book', () => {
    const t = clock(10, 0);
    const ex = continuousAt(t);
    const a1 = ex.submit(t, 0, SELL, LIMIT, 102_900, 10);
    const a2 = ex.submit(t, 0, SELL, LIMIT, 103_000, 10);
    const a3 = ex.submit(t, 0, SELL, LIMIT, 103_100, 10);
    const b = ex.submit(t, 0, BUY, LIMIT, 103_200, 30);
    const vi = ofKind(ex, 'vi-started');
    expect(kinds(ex)).toEqual(['order-accepted', 'trade', 'order-rested', 'vi-started', 'phase-changed']);
    expect(ofKind(ex, 'trade')).toEqual([{ kind: 'trade', t, inst: 0, a: b, b: a1, price: 102_900, qty: 10, aux: BUY }]);
    expect(ofKind(ex, 'order-rested')).toEqual([{ kind: 'order-rested', t, inst: 0, a: b, b: 0, price: 103_200, qty: 20, aux: BUY }]);
    // 103,000 is the first price with |p − 100,000| ≥ 3% of 100,000
    expect(vi).toHaveLength(1);
    expect(vi[0]).toMatchObject({ t, inst: 0, price: 103_000, qty: 0, aux: 0 });
    expect(phasesEntered(ex)).toEqual(['vi-auction']);
    const L = ex.listings[0]!;
    expect([L.phase, L.viCount, L.book.bestBid(), L.book.bestAsk()]).toEqual(['vi-auction', 1, 103_200, 103_000]);

    const end = t + VI_US + DELAY_HALF;
    expect(ex.nextDeadline()).toBe(end);
    ex.advanceTo(end - 1);
    expect(events(ex)).toEqual([]);
    ex.advanceTo(end);
    // bid 103,200×20 vs asks 103,000×10, 103,100×10: volume 20 with no imbalance on [103,100, 103,200];
    // the reference (last trade 102,900) is below the range, so the price is 103,100.
    expect(events(ex)).toEqual([
      { kind: 'trade', t: end, inst: 0, a: b, b: a2, price: 103_100, qty: 10, aux: 2 },
      { kind: 'trade', t: end, inst: 0, a: b, b: a3, price: 103_100, qty: 10, aux: 2 },
      { kind: 'auction-uncrossed', t: end, inst: 0, a: 0, b: 0, price: 103_100, qty: 20, aux: 2 },
      { kind: 'phase-changed', t: end, inst: 0, a: 0, b: 0, price: 0, qty: 0, aux: phaseCode('continuous') },
    ]);
    expect([L.staticRef, L.lastPrice]).toEqual([103_100, 103_100]);

    // New reference 103,100: 3% = 3,093, so 106,192 is safe and 106,193 triggers.
    const t2 = end + 1;
    ex.submit(t2, 0, SELL, LIMIT, 106_192, 1);
    ex.submit(t2, 0, SELL, LIMIT, 106_193, 1);
    ex.submit(t2, 0, BUY, LIMIT, 106_193, 2);
    expect(ofKind(ex, 'trade').map((e) => [e.price, e.qty])).toEqual([[106_192, 1]]);
    expect(ofKind(ex, 'vi-started')[0]).toMatchObject({ price: 106_193, aux: 0 });
  });

  it('reports the reference the trigger was measured from (100,000), not the sweep\'s own last fill', () => {
    // Source bug: startVi reads L.lastPrice after forward() has recorded this order's fill at 102,900, but the
    // bound that stopped the order was computed from the pre-order reference 100,000 (103,000 is not 3% from 102,900).
    const t = clock(10, 0);
    const ex = continuousAt(t);
    ex.submit(t, 0, SELL, LIMIT, 102_900, 10);
    ex.submit(t, 0, SELL, LIMIT, 103_000, 10);
    ex.submit(t, 0, BUY, LIMIT, 103_200, 20);
    expect(ofKind(ex, 'vi-started')[0]).toMatchObject({ a: 100_000, price: 103_000, aux: 0 });
  });

  it('a cancel in continuous trading after a VI auction does not start another VI', () => {
    // Source bug: OrderBook.boundHit stays true from the order that triggered the VI (cancel and uncross do not
    // reset it), and Exchange.forward calls afterTrades whenever boundHit is set, so this cancel starts a VI.
    const ex = continuousAt(clock(9, 30));
    const r = ex.submit(clock(9, 30), 0, BUY, LIMIT, 90_000, 1);
    ex.submit(clock(10, 0), 0, SELL, LIMIT, 103_000, 5);
    ex.submit(clock(10, 0), 0, BUY, LIMIT, 103_000, 5); // VI; nothing else is entered during its auction
    ex.advanceTo(clock(10, 3));
    expect(ex.listings[0]!.phase).toBe('continuous');
    ex.cancel(clock(10, 3), r);
    expect(kinds(ex)).toEqual(['order-canceled']);
    expect(ex.listings[0]!.phase).toBe('continuous');
  });

  it('triggers with no trade at all when the best price is already beyond the band (reference 100,000)', () => {
    const t = clock(10, 0);
    const ex = continuousAt(t);
    ex.submit(t, 0, SELL, LIMIT, 103_000, 5);
    const b = ex.submit(t, 0, BUY, LIMIT, 103_000, 5);
    expect(events(ex)).toEqual([
      { kind: 'order-accepted', t, inst: 0, a: b, b: 0, price: 103_000, qty: 5, aux: BUY },
      { kind: 'order-rested', t, inst: 0, a: b, b: 0, price: 103_000, qty: 5, aux: BUY },
      { kind: 'vi-started', t, inst: 0, a: 100_000, b: 0, price: 103_000, qty: 0, aux: 0 },
      { kind: 'phase-changed', t, inst: 0, a: 0, b: 0, price: 0, qty: 0, aux: phaseCode('vi-auction') },
    ]);
  });

  it('does not trigger at 102,999 (2.999%) nor at 97,001; does at 97,000 on the way down', () => {
    const t = clock(10, 0);
    const ex = continuousAt(t);
    tradeAt(ex, t, 102_999);
    expect(ofKind(ex, 'trade')).toHaveLength(1);
    expect(ofKind(ex, 'vi-started')).toEqual([]);
    const ex2 = continuousAt(t);
    ex2.submit(t, 0, BUY, LIMIT, 97_001, 1);
    ex2.submit(t, 0, BUY, LIMIT, 97_000, 1);
    ex2.submit(t, 0, SELL, LIMIT, 96_000, 2);
    expect(ofKind(ex2, 'trade').map((e) => [e.price, e.aux])).toEqual([[97_001, SELL]]);
    expect(ofKind(ex2, 'vi-started')[0]).toMatchObject({ price: 97_000, aux: 0 });
    expect(ofKind(ex2, 'order-rested')[0]).toMatchObject({ price: 96_000, qty: 1, aux: SELL });
  });

  it('rests a market order\'s remainder at the upper limit when it hits the band', () => {
    const t = clock(10, 0);
    const ex = continuousAt(t);
    ex.submit(t, 0, SELL, LIMIT, 102_900, 10);
    const a2 = ex.submit(t, 0, SELL, LIMIT, 103_000, 10);
    const b = ex.submit(t, 0, BUY, MARKET, 0, 15);
    expect(ofKind(ex, 'order-rested')).toEqual([{ kind: 'order-rested', t, inst: 0, a: b, b: 0, price: 130_000, qty: 5, aux: BUY }]);
    expect(ofKind(ex, 'vi-started')[0]).toMatchObject({ price: 103_000, aux: 0 });
    const end = t + VI_US + DELAY_HALF;
    ex.advanceTo(end);
    // bid 130,000×5 vs ask 103,000×10: sell surplus, so the lowest price of the range
    expect(ofKind(ex, 'trade')).toEqual([{ kind: 'trade', t: end, inst: 0, a: b, b: a2, price: 103_000, qty: 5, aux: 2 }]);
  });

  it('uses 6% for the "other" class: 105,999 trades, 106,000 triggers', () => {
    const t = clock(10, 0);
    const ex = continuousAt(t, { viClass: 'other' });
    ex.submit(t, 0, SELL, LIMIT, 105_999, 1);
    ex.submit(t, 0, SELL, LIMIT, 106_000, 1);
    ex.submit(t, 0, BUY, LIMIT, 106_000, 2);
    expect(ofKind(ex, 'trade').map((e) => e.price)).toEqual([105_999]);
    expect(ofKind(ex, 'vi-started')[0]).toMatchObject({ price: 106_000, aux: 0 });
  });

  it('never triggers with volatilityInterruptions off', () => {
    const t = clock(10, 0);
    const ex = continuousAt(t, {}, { volatilityInterruptions: false });
    tradeAt(ex, t, 125_000);
    expect(ofKind(ex, 'trade').map((e) => e.price)).toEqual([125_000]);
    expect(ex.listings[0]!.phase).toBe(t < clock(15, 20) ? 'continuous' : 'closing-auction');
  });

  it('caps a VI auction at 15:20, where the closing auction absorbs it without an uncross', () => {
    const t = clock(15, 19);
    const ex = continuousAt(t);
    ex.submit(t, 0, SELL, LIMIT, 103_000, 1);
    ex.submit(t, 0, BUY, LIMIT, 103_000, 1);
    expect(ex.nextDeadline()).toBe(clock(15, 20));
    ex.advanceTo(clock(15, 20));
    expect(events(ex)).toEqual([
      { kind: 'phase-changed', t: clock(15, 20), inst: 0, a: 0, b: 0, price: 0, qty: 0, aux: phaseCode('closing-auction') },
    ]);
    expect(ex.nextDeadline()).toBe(clock(15, 30) + DELAY_HALF);
  });
});

describe('Exchange static VI (10% from the last auction price)', () => {
  it('triggers at 110,000 after a walk of sub-3% steps, with the auction price as reference', () => {
    const ex = continuousAt();
    let t = clock(10, 0);
    for (const p of [102_000, 104_000, 106_000, 108_000]) tradeAt(ex, (t += 1_000_000), p);
    expect(ex.listings[0]!.lastPrice).toBe(108_000);
    t += 1_000_000;
    ex.submit(t, 0, SELL, LIMIT, 109_999, 1);
    ex.submit(t, 0, SELL, LIMIT, 110_000, 1);
    ex.submit(t, 0, BUY, LIMIT, 110_000, 2);
    expect(ofKind(ex, 'trade').map((e) => e.price)).toEqual([109_999]);
    expect(ofKind(ex, 'vi-started')).toEqual([
      { kind: 'vi-started', t, inst: 0, a: 100_000, b: 0, price: 110_000, qty: 0, aux: 1 },
    ]);
    expect(ex.nextDeadline()).toBe(t + VI_US + DELAY_HALF);
  });
});

describe('Exchange auction extensions', () => {
  it('extends the closing auction once by 2 minutes when its price is ≥ 2% from the last trade', () => {
    const ex = continuousAt(clock(15, 21));
    const b = ex.submit(clock(15, 21), 0, BUY, LIMIT, 102_000, 10);
    const s = ex.submit(clock(15, 21), 0, SELL, LIMIT, 102_000, 10);
    const end1 = clock(15, 30) + DELAY_HALF;
    ex.advanceTo(end1);
    expect(events(ex)).toEqual([{ kind: 'vi-started', t: end1, inst: 0, a: 100_000, b: 0, price: 102_000, qty: 0, aux: 0 }]);
    expect(ex.listings[0]!.phase).toBe('closing-auction');
    const end2 = end1 + VI_US + DELAY_HALF;
    expect(ex.nextDeadline()).toBe(end2);
    const late = ex.submit(end1 + 1, 0, SELL, LIMIT, 104_000, 1); // orders still collect during the extension
    expect(kinds(ex)).toEqual(['order-accepted', 'order-rested']);
    ex.advanceTo(end2 - 1);
    expect(events(ex)).toEqual([]);
    ex.advanceTo(end2);
    expect(events(ex)).toEqual([
      { kind: 'trade', t: end2, inst: 0, a: b, b: s, price: 102_000, qty: 10, aux: 2 },
      { kind: 'auction-uncrossed', t: end2, inst: 0, a: 0, b: 0, price: 102_000, qty: 10, aux: 1 },
      { kind: 'order-canceled', t: end2, inst: 0, a: late, b: 0, price: 104_000, qty: 1, aux: 6 },
      { kind: 'phase-changed', t: end2, inst: 0, a: 0, b: 0, price: 0, qty: 0, aux: phaseCode('day-ended') },
    ]);
  });

  it('does not extend the closing auction at 1.999%, but does at 1% on an expiry day', () => {
    const ex = continuousAt(clock(15, 21));
    ex.submit(clock(15, 21), 0, BUY, LIMIT, 101_999, 10);
    ex.submit(clock(15, 21), 0, SELL, LIMIT, 101_999, 10);
    ex.advanceTo(clock(15, 30) + DELAY_HALF);
    expect(ofKind(ex, 'auction-uncrossed')[0]).toMatchObject({ price: 101_999, qty: 10, aux: 1 });
    const ex2 = continuousAt(clock(15, 21), {}, { expiryDay: true });
    ex2.submit(clock(15, 21), 0, BUY, LIMIT, 101_000, 10);
    ex2.submit(clock(15, 21), 0, SELL, LIMIT, 101_000, 10);
    ex2.advanceTo(clock(15, 30) + DELAY_HALF);
    expect(kinds(ex2)).toEqual(['vi-started']);
  });

  it('extends the opening auction once (static, aux 1) when its price is ≥ 10% from the base', () => {
    const ex = makeExchange([uniformStock('A', 100_000)]);
    ex.startDay(0);
    ex.submit(clock(8, 40), 0, BUY, LIMIT, 110_000, 3);
    ex.submit(clock(8, 40), 0, SELL, LIMIT, 110_000, 3);
    const end1 = clock(9, 0) + DELAY_HALF;
    ex.advanceTo(end1);
    expect(ofKind(ex, 'vi-started')).toEqual([{ kind: 'vi-started', t: end1, inst: 0, a: 100_000, b: 0, price: 110_000, qty: 0, aux: 1 }]);
    expect(ofKind(ex, 'auction-uncrossed')).toEqual([]);
    const end2 = end1 + VI_US + DELAY_HALF;
    ex.advanceTo(end2);
    expect(ofKind(ex, 'auction-uncrossed')).toEqual([
      { kind: 'auction-uncrossed', t: end2, inst: 0, a: 0, b: 0, price: 110_000, qty: 3, aux: 0 },
    ]);
    expect(ex.listings[0]!.staticRef).toBe(110_000);

    const ex2 = makeExchange([uniformStock('A', 100_000)]);
    ex2.startDay(0);
    ex2.submit(clock(8, 40), 0, BUY, LIMIT, 109_999, 3);
    ex2.submit(clock(8, 40), 0, SELL, LIMIT, 109_999, 3);
    ex2.advanceTo(end1);
    expect(ofKind(ex2, 'auction-uncrossed')[0]).toMatchObject({ t: end1, price: 109_999 });
  });
});

describe('Exchange VI thresholds scaled (market.viThresholdScale, a policy lever)', () => {
  it('scale 2: the dynamic band is 6% (105,999 trades, 106,000 starts a VI), and the VI auction has its own length', () => {
    const t = clock(10, 0);
    const ex = continuousAt(t, {}, { viThresholdScale: 2, viAuctionUs: 60_000_000 });
    ex.submit(t, 0, SELL, LIMIT, 105_999, 1);
    ex.submit(t, 0, SELL, LIMIT, 106_000, 1);
    ex.submit(t, 0, BUY, LIMIT, 106_000, 2);
    expect(ofKind(ex, 'trade').map((e) => [e.price, e.qty])).toEqual([[105_999, 1]]);
    expect(ofKind(ex, 'vi-started')[0]).toMatchObject({ t, price: 106_000, aux: 0 });
    expect(ex.nextDeadline()).toBe(t + 60_000_000 + DELAY_HALF);
  });

  it('scale 0.5: the dynamic band is 1.5% (101,499 trades, 101,500 starts a VI)', () => {
    const t = clock(10, 0);
    const ex = continuousAt(t, {}, { viThresholdScale: 0.5 });
    ex.submit(t, 0, SELL, LIMIT, 101_499, 1);
    ex.submit(t, 0, SELL, LIMIT, 101_500, 1);
    ex.submit(t, 0, BUY, LIMIT, 101_500, 2);
    expect(ofKind(ex, 'trade').map((e) => e.price)).toEqual([101_499]);
    expect(ofKind(ex, 'vi-started')[0]).toMatchObject({ price: 101_500 });
  });
});
