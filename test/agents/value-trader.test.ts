import { describe, expect, it } from 'vitest';
import { spec, valueOrderQty } from '../../src/agents/value-trader.js';
import { clock, US_PER_MIN } from '../../src/core/time.js';
import { BUY, IOC, LIMIT, MARKET, SELL } from '../../src/market/protocol.js';
import { build, FakeContext } from './fake-context.js';

const NOON = clock(12, 0);
const DEFAULTS = { thresholdBp: 30, qtyPerPct: 50, maxOrderQty: 200 };

/** Sizes and rate the exact tests below are written for. */
const BASE = { ratePerMin: 0.2, qtyPerPct: 50, maxOrderQty: 200, maxPosition: 2000 };

/** A value trader with an exact estimate (noiseSd 0) unless overridden, before its first decision. */
function setup(params: Record<string, unknown> = {}, symbols: readonly string[] = ['AAA']) {
  const fc = new FakeContext('value-trader', { now: NOON, symbols });
  const agent = build(spec, { noiseSd: 0, ...BASE, ...params }, symbols);
  fc.start(agent);
  return { fc, agent };
}

/** Run one decision after a news release of value `f`, with the book bid/ask, returning the orders it sent. */
function decide(f: number, bid = 69_900, ask = 70_000, params: Record<string, unknown> = {}, position = 0) {
  const { fc, agent } = setup(params);
  fc.market.set(0, { bid, ask, position });
  fc.notice(agent, { kind: 'news', instrument: 0, value: f });
  fc.step(agent);
  return fc.orders;
}

describe('value-trader params', () => {
  it('pins the defaults and rejects unknown keys', () => {
    expect(spec.params.parse({})).toEqual({
      ratePerMin: 0.5, noiseSd: 0.003, thresholdBp: 30, qtyPerPct: 100, maxOrderQty: 500, maxPosition: 5000,
      aggressionTicks: 0, useMarketOrders: false, auctionQty: 0, instruments: [],
    });
    expect(() => spec.params.parse({ threshold: 1 })).toThrow(/threshold/);
  });

  it('throws a clear error for an unknown instrument symbol', () => {
    const fc = new FakeContext('value-trader');
    expect(() => fc.start(build(spec, { instruments: ['ZZZ'] }))).toThrow(
      'value-trader: unknown instrument symbol "ZZZ" in params.instruments',
    );
  });
});

describe('valueOrderQty', () => {
  it('is zero inside the band, including its edges', () => {
    expect(valueOrderQty(70_210, 70_000, DEFAULTS)).toBe(0);
    expect(valueOrderQty(69_790, 70_000, DEFAULTS)).toBe(0);
    expect(valueOrderQty(70_000, 70_000, DEFAULTS)).toBe(0);
  });

  it('is round(qtyPerPct · |V̂/m − 1| · 100), signed, just outside the band', () => {
    expect(valueOrderQty(70_211, 70_000, DEFAULTS)).toBe(Math.round(50 * (70_211 / 70_000 - 1) * 100)); // 15
    expect(valueOrderQty(70_211, 70_000, DEFAULTS)).toBe(15);
    expect(valueOrderQty(69_789, 70_000, DEFAULTS)).toBe(-15);
    expect(valueOrderQty(71_400, 70_000, DEFAULTS)).toBe(100);
  });

  it('is at least 1 and at most maxOrderQty', () => {
    expect(valueOrderQty(70_211, 70_000, { ...DEFAULTS, qtyPerPct: 1 })).toBe(1);
    expect(valueOrderQty(77_000, 70_000, DEFAULTS)).toBe(200);
    expect(valueOrderQty(56_000, 70_000, DEFAULTS)).toBe(-200);
  });
});

describe('value-trader decisions', () => {
  it('buys with an IOC at the ask when V̂ is above the band (mid 69,950)', () => {
    const orders = decide(71_000);
    expect(orders).toEqual([
      { instrument: 0, side: BUY, type: IOC, price: 70_000, qty: Math.round(50 * (71_000 / 69_950 - 1) * 100), t: expect.any(Number) as number, ref: 0 },
    ]);
    expect(orders[0]!.qty).toBe(75);
  });

  it('sells with an IOC at the bid when V̂ is below the band', () => {
    const orders = decide(69_000);
    expect(orders.map((o) => [o.side, o.type, o.price, o.qty])).toEqual([[SELL, IOC, 69_900, 68]]);
  });

  it('does nothing inside the band', () => {
    expect(decide(70_150)).toEqual([]); // band (69,740.15, 70,159.85)
    expect(decide(69_750)).toEqual([]);
    expect(decide(70_160)).toHaveLength(1);
    expect(decide(69_740)).toHaveLength(1);
    expect(decide(70_100)).toEqual([]);
    expect(decide(70_100, 69_900, 70_000, { thresholdBp: 10 }).map((o) => [o.side, o.price, o.qty])).toEqual([[BUY, 70_000, 11]]);
  });

  it('aggressionTicks reaches beyond the opposite touch, capped at V̂', () => {
    expect(decide(71_000, 69_900, 70_000, { aggressionTicks: 2 }).map((o) => o.price)).toEqual([70_200]);
    expect(decide(69_000, 69_900, 70_000, { aggressionTicks: 3 }).map((o) => o.price)).toEqual([69_600]);
    expect(decide(70_150, 69_900, 70_000, { aggressionTicks: 5, thresholdBp: 10 }).map((o) => o.price)).toEqual([70_100]);
  });

  it('sends nothing when V̂ lies inside a wide spread', () => {
    expect(decide(70_100, 69_500, 70_500, { thresholdBp: 10 })).toEqual([]);
  });

  it('useMarketOrders sends a market order of the same size', () => {
    const orders = decide(71_000, 69_900, 70_000, { useMarketOrders: true });
    expect(orders.map((o) => [o.side, o.type, o.qty])).toEqual([[BUY, MARKET, 75]]);
  });

  it('uses the last price when a book side is empty and sends nothing without an opposite side', () => {
    const { fc, agent } = setup();
    fc.market.set(0, { bid: 0, ask: 70_500, last: 70_000 });
    fc.notice(agent, { kind: 'news', instrument: 0, value: 71_000 });
    fc.step(agent);
    expect(fc.orders.map((o) => [o.side, o.price, o.qty])).toEqual([[BUY, 70_500, Math.round(50 * (71_000 / 70_000 - 1) * 100)]]);
    expect(decide(69_000, 0, 70_000)).toEqual([]); // a sell needs bids
  });

  it('respects maxPosition on both sides', () => {
    expect(decide(71_000, 69_900, 70_000, {}, 1990).map((o) => o.qty)).toEqual([10]);
    expect(decide(71_000, 69_900, 70_000, {}, 2000)).toEqual([]);
    expect(decide(71_000, 69_900, 70_000, {}, 2500)).toEqual([]);
    expect(decide(69_000, 69_900, 70_000, {}, -1990).map((o) => o.qty)).toEqual([10]);
    expect(decide(69_000, 69_900, 70_000, {}, -2000)).toEqual([]);
    expect(decide(69_000, 69_900, 70_000, { maxPosition: 50 }, 0).map((o) => o.qty)).toEqual([50]);
    expect(decide(71_000, 69_900, 70_000, {}, -1990).map((o) => o.qty)).toEqual([75]); // buying reduces a short
  });

  it('keeps prices inside the daily limits', () => {
    const { fc, agent } = setup({ aggressionTicks: 5 });
    fc.market.set(0, { upper: 70_300, lower: 49_000 });
    fc.notice(agent, { kind: 'news', instrument: 0, value: 72_000 });
    fc.step(agent);
    expect(fc.orders.map((o) => o.price)).toEqual([70_300]);
  });

  it('draws V̂ = latest news value · exp(noiseSd · N(0,1)) from its own stream (the base price before any release)', () => {
    const { fc, agent } = setup({ noiseSd: 0.02 });
    let sent = 0;
    for (let i = 0; i < 30; i++) {
      const twin = fc.twin();
      const before = fc.orders.length;
      fc.step(agent);
      twin.int(1);
      const vHat = 70_000 * Math.exp(0.02 * twin.normal());
      const q = valueOrderQty(vHat, 69_950, DEFAULTS);
      if (q === 0) expect(fc.orders.length).toBe(before);
      else {
        sent++;
        const price = q > 0 ? Math.min(70_000, Math.floor(vHat / 100) * 100) : Math.max(69_900, Math.ceil(vHat / 100) * 100);
        const o = fc.orders[before];
        if ((q > 0 && price < 70_000) || (q < 0 && price > 69_900)) expect(o).toBeUndefined();
        else expect([o!.side, o!.qty, o!.price]).toEqual([q > 0 ? BUY : SELL, Math.abs(q), price]);
      }
      const gap = Math.max(1, Math.round(twin.exponential(US_PER_MIN / 0.2)));
      expect(fc.pendingWith(0).map((w) => w.t)).toEqual([fc.now + gap]);
    }
    expect(sent).toBeGreaterThan(10);
  });

  it('values at the base price until a release, then at the latest release of that instrument (never the fundamental)', () => {
    const fc = new FakeContext('value-trader', { now: NOON, symbols: ['AAA', 'BBB'] });
    fc.market.set(0, { base: 72_000 }); // the book stays at 69,900 / 70,000 (mid 69,950)
    const agent = build(spec, { noiseSd: 0, ...BASE, instruments: ['AAA'] }, ['AAA', 'BBB']);
    fc.start(agent);
    const next = () => {
      const before = fc.orders.length;
      fc.step(agent);
      return fc.orders.slice(before).map((o) => [o.instrument, o.side, o.price, o.qty]);
    };
    expect(next()).toEqual([[0, BUY, 70_000, Math.round(50 * (72_000 / 69_950 - 1) * 100)]]); // 147
    fc.notice(agent, { kind: 'news', instrument: 1, value: 60_000 }); // another instrument's news
    expect(next()).toEqual([[0, BUY, 70_000, 147]]);
    fc.notice(agent, { kind: 'news', instrument: 0, value: 71_000 });
    fc.notice(agent, { kind: 'news', instrument: 0, value: 69_000 }); // the latest release counts
    expect(next()).toEqual([[0, SELL, 69_900, Math.round(50 * (1 - 69_000 / 69_950) * 100)]]); // 68
    fc.notice(agent, { kind: 'news', instrument: 0, value: 70_000 });
    expect(next()).toEqual([]); // inside the band
  });

  it('trades only the instruments named, picking uniformly otherwise', () => {
    const { fc, agent } = setup({ instruments: ['BBB'] }, ['AAA', 'BBB']);
    fc.notice(agent, { kind: 'news', instrument: 0, value: 80_000 });
    fc.notice(agent, { kind: 'news', instrument: 1, value: 80_000 });
    for (let i = 0; i < 20; i++) fc.step(agent);
    expect(fc.orders.length).toBe(20);
    expect(fc.orders.every((o) => o.instrument === 1)).toBe(true);
  });
});

describe('value-trader phases', () => {
  it('sends nothing outside continuous trading but keeps deciding', () => {
    for (const phase of ['pre-open', 'opening-auction', 'vi-auction', 'halted', 'reopening-auction', 'closing-auction'] as const) {
      const { fc, agent } = setup();
      fc.market.set(0, { phase });
      fc.notice(agent, { kind: 'news', instrument: 0, value: 80_000 });
      for (let i = 0; i < 20; i++) fc.step(agent);
      expect(fc.orders).toEqual([]);
      expect(fc.pendingWith(0)).toHaveLength(1);
    }
  });

  it('with auctionQty, rests a buy at V̂(1−θ) and a sell at V̂(1+θ) in a call auction, replacing them each decision', () => {
    const { fc, agent } = setup({ auctionQty: 300, thresholdBp: 30 });
    fc.market.set(0, { phase: 'closing-auction' });
    fc.notice(agent, { kind: 'news', instrument: 0, value: 70_000 });
    fc.step(agent);
    // θ = 0.3%: 70,000 × 0.997 = 69,790 → floor to the 100-won tick 69,700; 70,000 × 1.003 = 70,210 → ceil 70,300
    expect(fc.orders.map((o) => [o.side, o.type, o.price, o.qty])).toEqual([[BUY, LIMIT, 69_700, 300], [SELL, LIMIT, 70_300, 300]]);
    fc.step(agent);
    expect(fc.cancels.map((c) => c.ref)).toEqual([0, 1]);
    expect(fc.orders).toHaveLength(4);
  });

  it('caps auction orders by maxPosition and cancels them when continuous trading resumes', () => {
    const { fc, agent } = setup({ auctionQty: 300, maxPosition: 1000 });
    fc.market.set(0, { phase: 'vi-auction', position: 900 });
    fc.notice(agent, { kind: 'news', instrument: 0, value: 70_000 });
    fc.step(agent);
    expect(fc.orders.map((o) => [o.side, o.qty])).toEqual([[BUY, 100], [SELL, 300]]);
    fc.market.setPhase('continuous');
    fc.notice(agent, { kind: 'phase-changed', instrument: 0, phase: 'continuous' });
    expect(fc.cancels.map((c) => c.ref)).toEqual([0, 1]);
  });

  it('stops when closed and restarts on a phase change or a new day', () => {
    const { fc, agent } = setup();
    fc.market.set(0, { phase: 'day-ended' });
    fc.notice(agent, { kind: 'news', instrument: 0, value: 80_000 });
    fc.step(agent);
    expect(fc.pending).toEqual([]);
    fc.dayStart(agent);
    expect(fc.pendingWith(0)).toHaveLength(1);
    fc.market.setPhase('continuous');
    fc.notice(agent, { kind: 'phase-changed', instrument: 0, phase: 'continuous' }); // chain already running
    expect(fc.pendingWith(0)).toHaveLength(1);
    fc.step(agent);
    expect(fc.orders).toHaveLength(1);
  });
});
