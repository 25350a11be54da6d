import { describe, expect, it } from 'vitest';
import { intradayMultiplier, spec } from '../../src/agents/noise-trader.js';
import { clock, US_PER_MIN, US_PER_S } from '../../src/core/time.js';
import { BUY, LIMIT, MARKET, SELL } from '../../src/market/protocol.js';
import { build, FakeContext } from './fake-context.js';

const NOON = clock(12, 0);
/** Flat intensity (no U-shape) so the arrival rate is exactly ratePerMin. */
const FLAT = { openBoost: 0, closeBoost: 0 };

function setup(params: Record<string, unknown> = {}, opts: ConstructorParameters<typeof FakeContext>[1] = {}) {
  const fc = new FakeContext('noise-trader', { now: NOON, ...opts });
  const agent = build(spec, params, opts.symbols ?? ['AAA']);
  fc.start(agent);
  return { fc, agent };
}

/** Deliver wake-ups until `n` orders were sent (or 10^6 wake-ups, to stop a broken agent). */
function runOrders(fc: FakeContext, agent: ReturnType<typeof build>, n: number): void {
  for (let i = 0; fc.orders.length < n && i < 1e6; i++) if (!fc.step(agent)) break;
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('noise-trader params', () => {
  it('pins the defaults and rejects unknown keys', () => {
    expect(spec.params.parse({})).toEqual({
      ratePerMin: 0.5, openBoost: 1.5, closeBoost: 1, decayMin: 30, openTime: '09:00', closeTime: '15:20',
      pMarket: 0.2, qtyMean: 10, offsetTicks: 2, pImprove: 0.2, lifetimeS: 120, maxOpenOrders: 10,
      auctionRateFactor: 0.5, instruments: [],
    });
    expect(() => spec.params.parse({ ratePerMinute: 1 })).toThrow(/ratePerMinute/);
    expect(() => spec.params.parse({ qtyMean: 0.5 })).toThrow();
  });

  it('rejects a bad clock string when the agent is built', () => {
    expect(() => build(spec, { openTime: '9h' })).toThrow('bad clock time "9h"');
  });

  it('throws a clear error for an unknown instrument symbol', () => {
    const fc = new FakeContext('noise-trader', { symbols: ['AAA', 'BBB'] });
    expect(() => fc.start(build(spec, { instruments: ['BBB', 'ZZZ'] }))).toThrow(
      'noise-trader: unknown instrument symbol "ZZZ" in params.instruments',
    );
  });
});

describe('noise-trader intraday U-shape', () => {
  const p = { openBoost: 1.5, closeBoost: 1, decayMin: 30 };
  const open = clock(9, 0);
  const close = clock(15, 20);
  it('is exact at 09:00, 12:00 and 15:19', () => {
    expect(intradayMultiplier(clock(9, 0), open, close, p)).toBe(1 + 1.5 + Math.exp(-380 / 30));
    expect(intradayMultiplier(clock(12, 0), open, close, p)).toBe(1 + 1.5 * Math.exp(-180 / 30) + Math.exp(-200 / 30));
    expect(intradayMultiplier(clock(15, 19), open, close, p)).toBe(1 + 1.5 * Math.exp(-379 / 30) + Math.exp(-1 / 30));
  });

  it('clamps the minutes at 0 before the open and after the closing-auction start', () => {
    expect(intradayMultiplier(clock(8, 40), open, close, p)).toBe(1 + 1.5 + Math.exp(-400 / 30));
    expect(intradayMultiplier(clock(15, 25), open, close, p)).toBe(1 + 1.5 * Math.exp(-385 / 30) + 1);
  });

  it('sets the first gap from the rate at the current time (09:00, and openTime moved to 10:00)', () => {
    for (const [openTime, openTod] of [['09:00', open], ['10:00', clock(10, 0)]] as const) {
      const fc = new FakeContext('noise-trader', { now: clock(9, 0) });
      const twin = fc.twin();
      fc.start(build(spec, { openTime }));
      const u = intradayMultiplier(clock(9, 0), openTod, close, p);
      const dt = Math.round(twin.exponential(US_PER_MIN / (0.5 * u)));
      expect(fc.pendingWith(0).map((w) => w.t)).toEqual([clock(9, 0) + dt]);
    }
  });
});

describe('noise-trader arrivals', () => {
  it('gaps are exponential with mean 60/ratePerMin seconds (10,000 draws)', () => {
    const { fc, agent } = setup({ ...FLAT, ratePerMin: 2, pMarket: 1 });
    runOrders(fc, agent, 10_001);
    const gaps = fc.orders.slice(1).map((o, i) => (o.t - fc.orders[i]!.t) / US_PER_S);
    expect(gaps).toHaveLength(10_000);
    expect(mean(gaps)).toBeGreaterThan(30 * 0.97);
    expect(mean(gaps)).toBeLessThan(30 * 1.03);
    // Exponential shape: P(gap > mean) = e^-1 and the coefficient of variation is 1.
    expect(gaps.filter((g) => g > 30).length / gaps.length).toBeCloseTo(Math.exp(-1), 1);
    const sd = Math.sqrt(mean(gaps.map((g) => (g - mean(gaps)) ** 2)));
    expect(sd / mean(gaps)).toBeGreaterThan(0.95);
    expect(sd / mean(gaps)).toBeLessThan(1.05);
  });

  it('stops while every instrument is closed and restarts on a phase change', () => {
    const { fc, agent } = setup();
    fc.market.setPhase('closed');
    fc.step(agent);
    expect(fc.pendingWith(0)).toEqual([]);
    expect(fc.orders).toEqual([]);
    fc.market.setPhase('pre-open');
    fc.notice(agent, { kind: 'phase-changed', instrument: 0, phase: 'pre-open' });
    expect(fc.pendingWith(0)).toHaveLength(1);
    fc.notice(agent, { kind: 'phase-changed', instrument: 0, phase: 'pre-open' });
    expect(fc.pendingWith(0)).toHaveLength(1); // no second chain
  });

  it('ignores wake-ups while halted or in a VI auction but keeps its chain', () => {
    for (const phase of ['halted', 'vi-auction', 'reopening-auction'] as const) {
      const { fc, agent } = setup({ pMarket: 1 });
      fc.market.setPhase(phase);
      for (let i = 0; i < 50; i++) fc.step(agent);
      expect(fc.orders).toEqual([]);
      expect(fc.pendingWith(0)).toHaveLength(1);
    }
  });
});

describe('noise-trader continuous orders', () => {
  it('pMarket = 1 sends only market orders of 1 + geometric size (mean qtyMean), both sides', () => {
    const { fc, agent } = setup({ pMarket: 1, qtyMean: 8 });
    runOrders(fc, agent, 4000);
    expect(fc.orders.every((o) => o.type === MARKET && Number.isInteger(o.qty) && o.qty >= 1)).toBe(true);
    expect(mean(fc.orders.map((o) => o.qty))).toBeGreaterThan(8 * 0.95);
    expect(mean(fc.orders.map((o) => o.qty))).toBeLessThan(8 * 1.05);
    expect(fc.orders.filter((o) => o.side === BUY).length / 4000).toBeCloseTo(0.5, 1);
    expect(fc.wakeLog.every((w) => w.tag === 0)).toBe(true); // no lifetimes for market orders
  });

  it('qtyMean = 1 gives size 1; pMarket = 0 gives only limit orders', () => {
    const { fc, agent } = setup({ pMarket: 0, qtyMean: 1 });
    runOrders(fc, agent, 500);
    expect(fc.orders.every((o) => o.type === LIMIT && o.qty === 1)).toBe(true);
  });

  it('a market order facing an empty side becomes a limit order', () => {
    const { fc, agent } = setup({ pMarket: 1, offsetTicks: 0 });
    fc.market.set(0, { ask: 0, bid: 0, last: 70_000 });
    runOrders(fc, agent, 200);
    expect(fc.orders.every((o) => o.type === LIMIT && o.price === 70_000)).toBe(true);
  });

  it('offsetTicks = 0 joins the touch: buys at the bid, sells at the ask', () => {
    const { fc, agent } = setup({ pMarket: 0, offsetTicks: 0, pImprove: 0 });
    runOrders(fc, agent, 400);
    for (const o of fc.orders) expect(o.price).toBe(o.side === BUY ? 69_900 : 70_000);
  });

  it('offsets are whole ticks behind the touch with mean offsetTicks', () => {
    const { fc, agent } = setup({ pMarket: 0, offsetTicks: 3, pImprove: 0 });
    runOrders(fc, agent, 4000);
    const ticks = fc.orders.map((o) => (o.side === BUY ? 69_900 - o.price : o.price - 70_000) / 100);
    expect(ticks.every((k) => Number.isInteger(k) && k >= 0)).toBe(true);
    expect(mean(ticks)).toBeGreaterThan(3 * 0.95);
    expect(mean(ticks)).toBeLessThan(3 * 1.05);
  });

  it('pImprove = 1 steps one tick inside a spread wider than one tick, never otherwise', () => {
    const wide = setup({ pMarket: 0, pImprove: 1 });
    wide.fc.market.set(0, { bid: 69_800, ask: 70_100 });
    runOrders(wide.fc, wide.agent, 200);
    for (const o of wide.fc.orders) expect(o.price).toBe(o.side === BUY ? 69_900 : 70_000);
    const tight = setup({ pMarket: 0, pImprove: 1, offsetTicks: 0 });
    runOrders(tight.fc, tight.agent, 200);
    for (const o of tight.fc.orders) expect(o.price).toBe(o.side === BUY ? 69_900 : 70_000);
  });

  it('quotes around lastPrice when its own side is empty, without crossing the other side', () => {
    const { fc, agent } = setup({ pMarket: 0, offsetTicks: 0 });
    fc.market.set(0, { bid: 0, last: 69_500 });
    runOrders(fc, agent, 300);
    for (const o of fc.orders) expect(o.price).toBe(o.side === BUY ? 69_500 : 70_000);
    const up = setup({ pMarket: 0, offsetTicks: 0 });
    up.fc.market.set(0, { bid: 0, last: 70_500 });
    runOrders(up.fc, up.agent, 300);
    for (const o of up.fc.orders) expect(o.price).toBe(o.side === BUY ? 69_900 : 70_000);
  });

  it('prices stay on the KRX ladder across a band edge and inside the daily limits', () => {
    const { fc, agent } = setup({ pMarket: 0, offsetTicks: 10, pImprove: 0.5 });
    fc.market.set(0, { bid: 49_900, ask: 50_200, last: 50_000, lower: 49_500, upper: 50_800 });
    runOrders(fc, agent, 3000);
    for (const o of fc.orders) {
      expect(fc.market.grid.isValid(o.price)).toBe(true);
      expect(o.price).toBeGreaterThanOrEqual(49_500);
      expect(o.price).toBeLessThanOrEqual(50_800);
    }
    expect(fc.orders.some((o) => o.price === 49_500)).toBe(true); // clamped at the lower limit
    expect(fc.orders.some((o) => o.price === 50_800)).toBe(true); // clamped at the upper limit
    expect(fc.orders.some((o) => o.price === 49_950)).toBe(true); // one 50-won tick inside, below 50,000
    expect(fc.orders.some((o) => o.price === 50_100)).toBe(true); // one 100-won tick inside, above
  });

  it('prices lie on a uniform 5-won ladder', () => {
    const { fc, agent } = setup({ pMarket: 0, offsetTicks: 4 }, { tick: 5 });
    fc.market.set(0, { bid: 1000, ask: 1015, last: 1005 });
    runOrders(fc, agent, 1000);
    expect(fc.orders.every((o) => o.price % 5 === 0 && (o.side === BUY ? o.price <= 1010 : o.price >= 1005))).toBe(true);
  });

  it('trades all instruments, or only those named in instruments', () => {
    const all = setup({ pMarket: 1 }, { symbols: ['AAA', 'BBB'] });
    runOrders(all.fc, all.agent, 1000);
    expect(all.fc.orders.filter((o) => o.instrument === 1).length / 1000).toBeCloseTo(0.5, 1);
    const only = setup({ pMarket: 1, instruments: ['BBB'] }, { symbols: ['AAA', 'BBB'] });
    runOrders(only.fc, only.agent, 200);
    expect(only.fc.orders.every((o) => o.instrument === 1)).toBe(true);
  });
});

describe('noise-trader exact draws', () => {
  /** The 9 uniforms an arrival draws (src/agents/draws.ts), by slot. */
  const D_INST = 0, D_THIN = 1, D_SIDE = 2, D_MARKET = 3, D_IMPROVE = 4, D_OFFSET = 5, D_QTY = 6, D_LIFE = 7, D_BELOW = 8;
  const geometric = (u: number, p: number) => Math.floor(Math.log1p(-u) / Math.log1p(-p));

  /**
   * Replay `n` arrivals against a twin of the agent's stream: each arrival takes exactly 9 uniforms whatever branch
   * it takes, then the next gap is one exponential draw at the chain's rate. `expect` checks the order (if any) the
   * arrival sent from its uniforms; returns the labels `expect` gave to the arrivals, to show every branch ran.
   */
  function replay(
    fc: FakeContext,
    agent: ReturnType<typeof build>,
    n: number,
    chainRatePerMin: number,
    check: (u: number[], sent: typeof fc.orders) => string,
  ): Record<string, number> {
    const seen: Record<string, number> = {};
    for (let arrivals = 0, i = 0; arrivals < n && i < 10 * n; i++) {
      const twin = fc.twin();
      const before = fc.orders.length;
      const w = fc.nextWake()!;
      fc.step(agent);
      if (w.tag !== 0) {
        // a lifetime cancel draws nothing
        expect(fc.twin().next()).toBe(twin.next());
        continue;
      }
      arrivals++;
      const u = Array.from({ length: 9 }, () => twin.next());
      const label = check(u, fc.orders.slice(before));
      seen[label] = (seen[label] ?? 0) + 1;
      const sent = fc.orders[before];
      if (sent !== undefined && sent.type === LIMIT) {
        const life = Math.max(1, Math.round(-120 * US_PER_S * Math.log1p(-u[D_LIFE]!)));
        // an auction order's lifetime runs from the end of its auction (the close, for the closing auction)
        const phase = fc.market.phase(sent.instrument);
        const wait = phase === 'closing-auction' ? Math.max(0, fc.session.close - fc.timeOfDay) : 0;
        expect(fc.wakeLog.find((x) => x.tag === 1 + sent.ref)!.t).toBe(fc.now + wait + life);
      }
      const gap = Math.max(1, Math.round(twin.exponential(US_PER_MIN / chainRatePerMin)));
      expect(fc.pendingWith(0).map((x) => x.t)).toEqual([fc.now + gap]);
    }
    return seen;
  }

  it('continuous: each arrival draws 9 uniforms (inst, thin, side, market, improve, offset, size, life, below), then the gap', () => {
    for (const [bid, ask] of [[69_900, 70_000], [69_500, 70_500]] as const) {
      const { fc, agent } = setup({ ...FLAT, maxOpenOrders: 1000 }, { symbols: ['AAA', 'BBB'] });
      fc.market.set(0, { bid, ask });
      fc.market.set(1, { bid, ask });
      const wide = ask - bid > 100;
      const seen = replay(fc, agent, 60, 0.5, (u, orders) => {
        const inst = Math.floor(u[D_INST]! * 2);
        const side = u[D_SIDE]! < 0.5 ? BUY : SELL;
        const qty = 1 + geometric(u[D_QTY]!, 0.1);
        expect(orders).toHaveLength(1);
        const o = orders[0]!;
        if (u[D_MARKET]! < 0.2) {
          expect(o).toMatchObject({ instrument: inst, side, type: MARKET, price: 0, qty });
          return 'market';
        }
        const improve = wide && u[D_IMPROVE]! < 0.2;
        const offset = geometric(u[D_OFFSET]!, 1 / 3);
        const price = improve ? (side === BUY ? bid + 100 : ask - 100) : side === BUY ? bid - 100 * offset : ask + 100 * offset;
        expect(o).toMatchObject({ instrument: inst, side, type: LIMIT, price, qty });
        return improve ? 'improve' : 'limit';
      });
      expect(seen.market).toBeGreaterThan(3);
      expect(seen.limit).toBeGreaterThan(10);
      if (wide) expect(seen.improve).toBeGreaterThan(3);
      else expect(seen.improve).toBeUndefined();
    }
  });

  it('auction: thinned by the thin slot, then side, below/above, offset ticks from the last price, size and life', () => {
    // U = 1 (flat) and auctionRateFactor 0.5: the chain runs at 0.5/min and keeps half the arrivals in an auction.
    const { fc, agent } = setup({ ...FLAT, maxOpenOrders: 1000 });
    fc.market.set(0, { phase: 'closing-auction', last: 70_000 });
    const seen = replay(fc, agent, 60, 0.5, (u, orders) => {
      if (!(u[D_THIN]! < 0.5)) {
        expect(orders).toEqual([]);
        return 'thinned';
      }
      const side = u[D_SIDE]! < 0.5 ? BUY : SELL;
      const ticks = geometric(u[D_OFFSET]!, 1 / 3);
      const price = u[D_BELOW]! < 0.5 ? 70_000 - 100 * ticks : 70_000 + 100 * ticks;
      expect(orders.map((o) => [o.side, o.type, o.price, o.qty])).toEqual([[side, LIMIT, price, 1 + geometric(u[D_QTY]!, 0.1)]]);
      return 'sent';
    });
    expect(seen.thinned).toBeGreaterThan(10);
    expect(seen.sent).toBeGreaterThan(10);
  });
});

describe('noise-trader in the closing auction', () => {
  it('runs at closeAuctionRateFactor from the closing-auction start, and its orders wait for the uncross', () => {
    const fc = new FakeContext('noise-trader', { now: clock(15, 21) });
    fc.market.set(0, { phase: 'closing-auction', last: 70_000 });
    const agent = build(spec, { ...FLAT, auctionRateFactor: 0.5, closeAuctionRateFactor: 4, maxOpenOrders: 1000 });
    fc.start(agent);
    const t0 = fc.now;
    for (let i = 0; fc.orders.length < 400 && i < 10_000; i++) fc.step(agent);
    expect(fc.orders.length).toBe(400);
    // every arrival is kept (the chain runs at the auction rate) at ratePerMin·4 = 2 a minute: mean gap 30 s
    const meanGapS = (fc.orders[399]!.t - t0) / 400 / US_PER_S;
    expect(meanGapS).toBeGreaterThan(30 * 0.85);
    expect(meanGapS).toBeLessThan(30 * 1.15);
    for (const o of fc.orders) {
      const life = fc.wakeLog.find((w) => w.tag === 1 + o.ref)!;
      expect(life.t).toBeGreaterThan(Math.max(o.t, clock(15, 30))); // canceled only after the close, never before the uncross
    }
  });
});

describe('noise-trader order lifetime and bound', () => {
  it('cancels a live limit order after an exponential lifetime with mean lifetimeS', () => {
    const { fc, agent } = setup({ pMarket: 0, lifetimeS: 20, maxOpenOrders: 1000 });
    runOrders(fc, agent, 3000);
    const lives = fc.wakeLog.filter((w) => w.tag > 0).map((w) => (w.t - w.at) / US_PER_S);
    expect(lives).toHaveLength(3000);
    expect(mean(lives)).toBeGreaterThan(20 * 0.95);
    expect(mean(lives)).toBeLessThan(20 * 1.05);
    const first = fc.wakeLog.find((w) => w.tag === 1)!;
    fc.runUntil(agent, first.t);
    expect(fc.cancels).toContainEqual({ t: first.t, ref: 0 });
  });

  it('does not cancel an order that was filled before its lifetime ended', () => {
    const { fc, agent } = setup({ pMarket: 0, lifetimeS: 20 });
    runOrders(fc, agent, 1);
    fc.fill(0, fc.orders[0]!.qty, agent);
    const life = fc.wakeLog.find((w) => w.tag === 1)!;
    fc.runUntil(agent, life.t);
    expect(fc.cancels.filter((c) => c.ref === 0)).toEqual([]);
  });

  it('keeps at most maxOpenOrders live orders, canceling the oldest first', () => {
    const { fc, agent } = setup({ pMarket: 0, lifetimeS: 1e6, maxOpenOrders: 3 });
    runOrders(fc, agent, 6);
    expect(fc.cancels.map((c) => c.ref)).toEqual([0, 1, 2]);
    // each eviction precedes the submit that needed the room
    const ops = fc.actions.map((a) => `${a.op}${a.ref}`);
    expect(ops).toEqual(['submit0', 'submit1', 'submit2', 'cancel0', 'submit3', 'cancel1', 'submit4', 'cancel2', 'submit5']);
    fc.finish(3); // done orders free their room
    runOrders(fc, agent, 7);
    expect(fc.cancels.map((c) => c.ref)).toEqual([0, 1, 2]);
  });
});

describe('noise-trader call auctions', () => {
  it('sends limit orders near the last price at rate × auctionRateFactor', () => {
    const { fc, agent } = setup({ ...FLAT, auctionRateFactor: 0.25, offsetTicks: 1 });
    fc.market.setPhase('pre-open');
    fc.market.set(0, { bid: 0, ask: 0, last: 70_000 });
    const arrivals = fc.runUntil(agent, NOON + 2000 * US_PER_MIN) - fc.wakeLog.filter((w) => w.tag > 0).length;
    expect(fc.orders.every((o) => o.type === LIMIT && o.price % 100 === 0 && Math.abs(o.price - 70_000) <= 2000)).toBe(true);
    expect(fc.orders.length / arrivals).toBeCloseTo(0.25, 1);
    expect(fc.orders.length / 2000).toBeCloseTo(0.5 * 0.25, 1);
    // both sides on both sides of the last price, so the orders cross
    expect(fc.orders.some((o) => o.side === BUY && o.price > 70_000)).toBe(true);
    expect(fc.orders.some((o) => o.side === SELL && o.price < 70_000)).toBe(true);
  });

  it('sends nothing in the auctions when auctionRateFactor = 0', () => {
    for (const phase of ['pre-open', 'opening-auction', 'closing-auction'] as const) {
      const { fc, agent } = setup({ auctionRateFactor: 0 });
      fc.market.setPhase(phase);
      fc.runUntil(agent, NOON + 600 * US_PER_MIN);
      expect(fc.orders).toEqual([]);
    }
  });

  it('runs its chain at the auction rate when that exceeds the continuous one, thinning continuous arrivals', () => {
    const { fc, agent } = setup({ ...FLAT, auctionRateFactor: 2, pMarket: 1 });
    fc.runUntil(agent, NOON + 2000 * US_PER_MIN);
    expect(fc.orders.length / 2000).toBeCloseTo(0.5, 1);
  });
});
