import { describe, expect, it } from 'vitest';
import {
  bookFromParams, bookGreeks, hedgeTarget, OptionDealer, spec, TRADING_DAYS_PER_YEAR, tradingTimeUs, yearsToExpiry,
} from '../../src/agents/option-dealer.js';
import type { OptionPosition } from '../../src/agents/option-dealer.js';
import type { OptionTradeMsg } from '../../src/agents/messages.js';
import { at, clock, US_PER_HOUR, US_PER_MIN } from '../../src/core/time.js';
import { bsDelta, bsGamma, gexPer1Pct } from '../../src/finance/black-scholes.js';
import type { OptionKind } from '../../src/finance/black-scholes.js';
import { BUY, IOC, LIMIT, MARKET, SELL } from '../../src/market/protocol.js';
import type { Phase } from '../../src/market/protocol.js';
import { build, FakeContext } from './fake-context.js';

const S0 = 70_000;
const SESSION = 6.5 * US_PER_HOUR;
const CLOSE = clock(15, 30);
const T10 = at(0, clock(10, 0));
const MIN = US_PER_MIN;

/** A mixed book: short ATM calls, short 90% puts, long 110% calls (params form). */
const MIXED = [
  { strikePct: 100, expiryDays: 20, openInterest: 50_000 },
  { strikePct: 90, expiryDays: 5, openInterest: 30_000, kind: 'put' },
  { strikePct: 110, expiryDays: 60, openInterest: 20_000, side: 'long' },
];
type ParamPos = { strikePct: number; expiryDays: number; openInterest: number; kind?: string; side?: string };

/** τ by the documented convention, computed by hand: sessions left (day `day`, time of day `tod`) / 252. */
function tau(day: number, tod: number, expiryDays: number): number {
  const today = Math.min(SESSION, Math.max(0, CLOSE - tod));
  return ((expiryDays - day) * SESSION + today) / (252 * SESSION);
}

/** Δ_D and Γ_D of a params book computed independently of the agent (σ fixed, r = 0). */
function greeksByHand(book: readonly ParamPos[], S: number, day: number, tod: number, vol = 0.6) {
  let delta = 0;
  let gamma = 0;
  for (const b of book) {
    const n = (b.side === 'long' ? 1 : -1) * b.openInterest;
    const K = (S0 * b.strikePct) / 100;
    const tt = tau(day, tod, b.expiryDays);
    delta += n * bsDelta((b.kind ?? 'call') as OptionKind, S, K, vol, tt);
    gamma += n * bsGamma(S, K, vol, tt);
  }
  return { delta, gamma };
}

/** Rounded hedge target by hand: round(−Δ_D). */
function targetByHand(book: readonly ParamPos[], S: number, day: number, tod: number, vol = 0.6): number {
  return Math.round(-greeksByHand(book, S, day, tod, vol).delta);
}

/** A dealer started at `now` holding its initialPortfolio, quoting mid S0 (uncapped unless params say so). */
function setup(params: Record<string, unknown> = {}, now = T10) {
  const fc = new FakeContext('option-dealer', { now });
  const full = { underlying: 'AAA', maxParticipation: 0, ...params };
  const agent = build(spec, full) as OptionDealer;
  const init = spec.initialPortfolio!(spec.params.parse(full), { index: 0, count: 1, instruments: ['AAA'], initialPrices: [S0] });
  fc.market.set(0, { position: init.positions[0]! });
  setMid(fc, S0);
  fc.market.set(0, { base: S0 });
  fc.start(agent);
  return { fc, agent };
}

/** Scripted book around mid S (one tick either side, on the tick-100 band). */
function setMid(fc: FakeContext, S: number): void {
  fc.market.set(0, { bid: S - 100, ask: S + 100, last: S });
}

/** Signed quantity of an order. */
function signed(o: { side: number; qty: number }): number {
  return o.side === BUY ? o.qty : -o.qty;
}

/** Report every open order fully filled (and move the position); or mark them all done unfilled. */
function fillOpen(fc: FakeContext, agent: OptionDealer): void {
  for (const o of fc.orders) if (fc.openQty(o.ref) > 0) fillAll(fc, agent, o.ref);
}
function dropOpen(fc: FakeContext): void {
  for (const o of fc.orders) fc.finish(o.ref);
}

/** Report order `ref` fully filled and move the scripted position accordingly. */
function fillAll(fc: FakeContext, agent: OptionDealer, ref: number): void {
  const o = fc.orders[ref]!;
  fc.fill(ref, o.qty, agent);
  fc.market.set(0, { position: fc.market.insts[0]!.position + signed(o) });
}

describe('option-dealer params', () => {
  it('pins the defaults and rejects unknown keys', () => {
    expect(spec.params.parse({ underlying: 'AAA' })).toEqual({
      underlying: 'AAA', book: [], impliedVol: { mode: 'fixed', volAnnual: 0.6, halfLifeMin: 60, minVolAnnual: 0.2, realizedWeight: 1 },
      targetGammaKrwPer1Pct: 0, rate: 0, hedgeIntervalS: 60, deltaBandShares: 0, maxParticipation: 0.2, minChildQty: 100, aggressionTicks: 1,
      hedgeInAuctions: true, initialHedge: true, initialExtraShares: 0, hedgeOnTrade: true,
    });
    expect(spec.params.parse({ underlying: 'A', book: [{ strikePct: 100, expiryDays: 3, openInterest: 5 }] }).book).toEqual([
      { strikePct: 100, expiryDays: 3, openInterest: 5, kind: 'call', side: 'short' },
    ]);
    expect(() => spec.params.parse({ underlying: 'A', bandShares: 1 })).toThrow(/bandShares/);
    expect(() => spec.params.parse({})).toThrow(/underlying/);
  });

  it('throws a clear error for an unknown underlying', () => {
    const fc = new FakeContext('option-dealer');
    expect(() => fc.start(build(spec, { underlying: 'ZZZ' }))).toThrow(
      'option-dealer: unknown instrument symbol "ZZZ" in params.underlying',
    );
    const p = spec.params.parse({ underlying: 'ZZZ' });
    expect(() => spec.initialPortfolio!(p, { index: 0, count: 1, instruments: ['AAA'], initialPrices: [S0] })).toThrow(
      'option-dealer: unknown instrument symbol "ZZZ" in params.underlying',
    );
  });
});

describe('time to expiry (252 sessions of 09:00–15:30 a year)', () => {
  it('counts session time only', () => {
    expect(tradingTimeUs(at(0, 0))).toBe(0);
    expect(tradingTimeUs(at(0, clock(12, 15)))).toBe(3.25 * US_PER_HOUR);
    expect(tradingTimeUs(at(3, clock(20, 0)))).toBe(4 * SESSION);
    expect(yearsToExpiry(at(0, clock(9, 0)), at(1, CLOSE))).toBe(2 / TRADING_DAYS_PER_YEAR);
    expect(yearsToExpiry(at(0, 0), at(1, CLOSE))).toBe(2 / 252);
    expect(yearsToExpiry(at(0, clock(12, 15)), at(1, CLOSE))).toBe(1.5 / 252);
    expect(yearsToExpiry(at(0, clock(16, 0)), at(1, CLOSE))).toBe(1 / 252);
    expect(yearsToExpiry(at(1, CLOSE), at(1, CLOSE))).toBe(0);
    expect(yearsToExpiry(at(2, clock(10, 0)), at(1, CLOSE))).toBeLessThan(0);
  });
});

describe('hedgeTarget and bookGreeks (pure)', () => {
  const book = bookFromParams(spec.params.parse({ underlying: 'AAA', book: MIXED }), S0);
  const t = at(0, clock(11, 0));

  it('builds the book from params: strikes from the initial price, signed quantities, expiry at the close', () => {
    expect(book).toEqual([
      { kind: 'call', strike: 70_000, expiryT: at(20, CLOSE), qty: -50_000, counterparty: -1 },
      { kind: 'put', strike: 63_000, expiryT: at(5, CLOSE), qty: -30_000, counterparty: -1 },
      { kind: 'call', strike: 77_000, expiryT: at(60, CLOSE), qty: 20_000, counterparty: -1 },
    ]);
  });

  it('is −Σ n_i·Δ_i over the book, with Γ_D = Σ n_i·Γ_i', () => {
    for (const S of [60_000, 70_000, 81_300]) {
      const hand = greeksByHand(MIXED, S, 0, clock(11, 0));
      expect(hedgeTarget(book, S, t, 0.6, 0)).toBeCloseTo(-hand.delta, 8);
      expect(bookGreeks(book, S, t, 0.6, 0).gamma).toBeCloseTo(hand.gamma, 12);
    }
  });

  it('matches −Γ_D·dS for a 0.05% move to relative error < 1e-3, both ways', () => {
    // The first-order error is ½·(Γ'_D/Γ_D)·dS: ~2e-3 for MIXED's 5-day 90% puts, so this book's options are longer.
    const longer = bookFromParams(spec.params.parse({
      underlying: 'AAA',
      book: [
        { strikePct: 100, expiryDays: 20, openInterest: 50_000 },
        { strikePct: 95, expiryDays: 30, openInterest: 30_000, kind: 'put' },
        { strikePct: 110, expiryDays: 60, openInterest: 20_000, side: 'long' },
      ],
    }), S0);
    const g = bookGreeks(longer, S0, t, 0.6, 0).gamma;
    expect(g).toBeLessThan(0); // net short gamma
    for (const dS of [35, -35]) {
      const exact = hedgeTarget(longer, S0 + dS, t, 0.6, 0) - hedgeTarget(longer, S0, t, 0.6, 0);
      expect(Math.abs(exact / (-g * dS) - 1)).toBeLessThan(1e-3);
    }
    for (const dS of [35, -35]) { // MIXED too, with Γ_D at the midpoint (error O(dS²))
      const exact = hedgeTarget(book, S0 + dS, t, 0.6, 0) - hedgeTarget(book, S0, t, 0.6, 0);
      const gMid = bookGreeks(book, S0 + dS / 2, t, 0.6, 0).gamma;
      expect(Math.abs(exact / (-gMid * dS) - 1)).toBeLessThan(1e-5);
    }
  });

  it('ignores expired positions (cash-settled) and uses the rate', () => {
    const expired: OptionPosition[] = [{ kind: 'call', strike: 60_000, expiryT: at(0, CLOSE), qty: -1000, counterparty: -1 }];
    expect(hedgeTarget(expired, S0, at(0, clock(15, 31)), 0.6, 0)).toBe(-0);
    const one: OptionPosition[] = [{ kind: 'call', strike: 70_000, expiryT: at(20, CLOSE), qty: -1000, counterparty: -1 }];
    const tt = yearsToExpiry(t, at(20, CLOSE));
    expect(hedgeTarget(one, S0, t, 0.6, 0.05)).toBe(1000 * bsDelta('call', S0, 70_000, 0.6, tt, 0.05));
  });
});

describe('option-dealer hedging (exact discrete rebalance)', () => {
  it('starts delta-neutral through initialPortfolio (cash 0) unless initialHedge is false', () => {
    const info = { index: 0, count: 1, instruments: ['BBB', 'AAA'], initialPrices: [10_000, S0] };
    const p = spec.params.parse({ underlying: 'AAA', book: MIXED });
    expect(spec.initialPortfolio!(p, info)).toEqual({ cash: 0, positions: [0, targetByHand(MIXED, S0, 0, 0)] });
    expect(spec.initialPortfolio!({ ...p, initialHedge: false }, info)).toEqual({ cash: 0, positions: [0, 0] });
    // initialExtraShares: the hedge of a fund's calls bought before the first session, on top of the book's hedge
    expect(spec.initialPortfolio!({ ...p, initialExtraShares: 1_234 }, info)).toEqual({ cash: 0, positions: [0, targetByHand(MIXED, S0, 0, 0) + 1_234] });
    expect(spec.initialPortfolio!({ ...p, initialHedge: false, initialExtraShares: -7 }, info)).toEqual({ cash: 0, positions: [0, -7] });
  });

  it('trades round(−Δ_D(S_t, τ_t)) − round(−Δ_D(S_{t−1}, τ_{t−1})) along S_0 → S_1 → S_2 for a mixed book', () => {
    const { fc, agent } = setup({ book: MIXED });
    const path: Array<[number, number]> = [[S0, clock(10, 0)], [67_900, clock(10, 1)], [71_400, clock(10, 2)], [71_500, clock(10, 3)]];
    let prev = targetByHand(MIXED, S0, 0, clock(9, 0)); // the initial hedge (τ as at day 0's open)
    let prevDelta = greeksByHand(MIXED, S0, 0, clock(9, 0)).delta;
    const trades: number[] = [];
    for (const [S, tod] of path) {
      setMid(fc, S);
      const n = fc.orders.length;
      fc.runUntil(agent, at(0, tod));
      const target = targetByHand(MIXED, S, 0, tod);
      const delta = greeksByHand(MIXED, S, 0, tod).delta;
      const sent = fc.orders.slice(n);
      expect(sent.map(signed)).toEqual(target === prev ? [] : [target - prev]);
      expect(Math.abs(target - prev + (delta - prevDelta))).toBeLessThanOrEqual(1); // −(Δ_D,t − Δ_D,t−1), rounded
      for (const o of sent) {
        expect(o).toMatchObject({ t: at(0, tod), type: IOC });
        fillAll(fc, agent, o.ref);
      }
      trades.push(target - prev);
      prev = target;
      prevDelta = delta;
    }
    expect(bookGreeks(agent.positions(), S0, T10, 0.6, 0).gamma).toBeLessThan(0);
    expect(trades[1]).toBeLessThan(-1000); // short gamma: sells after the fall
    expect(trades[2]).toBeGreaterThan(1000); // and buys after the rise
  });

  it('short gamma sells after a fall and buys after a rise; long gamma the reverse', () => {
    for (const side of ['short', 'long'] as const) {
      for (const move of [-0.01, 0.01]) {
        const book = [{ strikePct: 100, expiryDays: 20, openInterest: 100_000, side }];
        const { fc, agent } = setup({ book });
        fc.step(agent); // 10:00 at S0: the charm catch-up since the open
        fillOpen(fc, agent);
        const n = fc.orders.length;
        const S = S0 * (1 + move);
        setMid(fc, S);
        fc.step(agent);
        const o = fc.orders[n]!;
        const wantBuy = (side === 'short') === move > 0;
        expect(o.side).toBe(wantBuy ? BUY : SELL);
        expect(signed(o)).toBe(targetByHand(book, S, 0, clock(10, 1)) - fc.market.insts[0]!.position);
        expect(Math.abs(signed(o))).toBeGreaterThan(1000);
      }
    }
  });

  it('prices the IOC aggressionTicks through the opposite touch, clamped to the limits; none on an empty side', () => {
    const book = [{ strikePct: 100, expiryDays: 20, openInterest: 100_000 }];
    const { fc, agent } = setup({ book, aggressionTicks: 2 });
    fc.market.set(0, { bid: 69_000, ask: 69_200, last: 69_100 });
    fc.step(agent);
    expect(fc.orders).toEqual([expect.objectContaining({ side: SELL, type: IOC, price: 68_800 })]);
    dropOpen(fc);
    fc.market.set(0, { bid: 71_000, ask: 71_200, last: 71_100, lower: 49_000, upper: 71_300 });
    fc.step(agent);
    expect(fc.orders[1]).toMatchObject({ side: BUY, type: IOC, price: 71_300 });
    dropOpen(fc);
    fc.market.set(0, { bid: 72_000, ask: 0, last: 72_000 });
    fc.step(agent);
    expect(fc.orders).toHaveLength(2);
  });
});

describe('option-dealer band and participation', () => {
  const book = [{ strikePct: 100, expiryDays: 20, openInterest: 100_000 }];

  it('trades only when |target − hedge| exceeds the band, then back to the centre', () => {
    const { fc, agent } = setup({ book, deltaBandShares: 1000 });
    fc.step(agent); // 10:00, S0: the charm drift since the open is inside the band
    expect(fc.orders).toHaveLength(0);
    const pos = fc.market.insts[0]!.position;
    setMid(fc, 69_800); // −0.29%: ~660 shares, inside the band
    fc.step(agent);
    expect(targetByHand(book, 69_800, 0, clock(10, 1)) - pos).toBeGreaterThanOrEqual(-1000);
    expect(fc.orders).toHaveLength(0);
    setMid(fc, 69_000); // −1.4%: outside; the whole gap is traded
    fc.step(agent);
    const gap = targetByHand(book, 69_000, 0, clock(10, 2)) - pos;
    expect(gap).toBeLessThan(-1000);
    expect(fc.orders.map(signed)).toEqual([gap]);
  });

  it('caps each child at max(minChildQty, ⌊maxParticipation · volume since the last hedge order⌋)', () => {
    const { fc, agent } = setup({ book, maxParticipation: 0.2, minChildQty: 100 });
    let volume = 5000;
    fc.market.volumeToday = () => volume;
    setMid(fc, 67_900);
    fc.step(agent);
    expect(fc.orders.map((o) => o.qty)).toEqual([1000]); // 0.2 · 5,000
    fc.finish(0); // IOC remainder gone, nothing filled
    volume = 5200; // 200 traded since: 0.2 · 200 = 40 < minChildQty
    fc.step(agent);
    expect(fc.orders.map((o) => o.qty)).toEqual([1000, 100]);
    fc.finish(1);
    volume = 60_000; // 59,800 since: cap 11,960, above the whole gap
    fc.step(agent);
    const gap = targetByHand(book, 67_900, 0, clock(10, 2)) - fc.market.insts[0]!.position;
    expect(signed(fc.orders[2]!)).toBe(gap);
    expect(-gap).toBeGreaterThan(1100);
    expect(-gap).toBeLessThan(11_960);
  });

  it('counts open hedge orders toward the holding (no double hedging)', () => {
    const { fc, agent } = setup({ book });
    setMid(fc, 67_900);
    fc.step(agent);
    const first = signed(fc.orders[0]!); // still open (no update yet)
    const pos = fc.market.insts[0]!.position;
    expect(first).toBe(targetByHand(book, 67_900, 0, clock(10, 0)) - pos);
    fc.step(agent);
    const rest = targetByHand(book, 67_900, 0, clock(10, 1)) - pos - first; // only the minute's charm
    expect(Math.abs(rest)).toBeLessThan(10);
    expect(fc.orders.slice(1).map(signed)).toEqual(rest === 0 ? [] : [rest]);
  });
});

describe('option-dealer phases', () => {
  const book = [{ strikePct: 100, expiryDays: 20, openInterest: 100_000 }];

  it('sends nothing while halted, and keeps its interval chain', () => {
    const { fc, agent } = setup({ book });
    fc.market.setPhase('halted');
    setMid(fc, 60_000);
    fc.runUntil(agent, T10 + 10 * MIN);
    expect(fc.orders).toHaveLength(0);
    expect(fc.pendingWith(0).map((w) => w.t)).toEqual([T10 + 11 * MIN]);
  });

  it('routes the hedge into a call auction as a limit at the daily limit (market order if no limits), capped alike', () => {
    const { fc, agent } = setup({ book });
    fc.market.set(0, { phase: 'vi-auction' as Phase, last: 66_000, bid: 67_000, ask: 65_000, lower: 49_000, upper: 91_000 });
    fc.step(agent);
    const pos = fc.market.insts[0]!.position;
    const gap = targetByHand(book, 66_000, 0, clock(10, 0)) - pos; // S = the last price in auctions
    expect(fc.orders).toEqual([expect.objectContaining({ side: SELL, type: LIMIT, price: 49_000, qty: -gap })]);
    const capped = setup({ book, maxParticipation: 0.2, minChildQty: 100 });
    capped.fc.market.set(0, { phase: 'vi-auction' as Phase, last: 66_000, lower: 49_000, upper: 91_000 });
    capped.fc.step(capped.agent); // no volume since the last hedge order: minChildQty
    expect(capped.fc.orders).toEqual([expect.objectContaining({ side: SELL, type: LIMIT, price: 49_000, qty: 100 })]);
    capped.fc.step(capped.agent); // the open order counts: another child, no more
    expect(capped.fc.orders.map((o) => o.qty)).toEqual([100, 100]);
    const b = setup({ book });
    b.fc.market.set(0, { phase: 'closing-auction' as Phase, last: 74_000, lower: 0, upper: 0 });
    b.fc.step(b.agent);
    expect(b.fc.orders).toEqual([expect.objectContaining({ side: BUY, type: MARKET })]);
  });

  it('cancels open auction orders when the gap turns to the other side, and re-hedges next interval', () => {
    const { fc, agent } = setup({ book });
    fc.market.set(0, { phase: 'closing-auction' as Phase, last: 66_000, lower: 49_000, upper: 91_000 });
    fc.step(agent);
    expect(fc.orders[0]!.side).toBe(SELL);
    fc.market.set(0, { last: 74_000 });
    fc.step(agent);
    expect(fc.cancels.map((c) => c.ref)).toEqual([0]);
    expect(fc.orders).toHaveLength(1);
    fc.finish(0);
    fc.step(agent);
    expect(fc.orders[1]!.side).toBe(BUY);
  });

  it('does nothing in auctions when hedgeInAuctions is false', () => {
    const { fc, agent } = setup({ book, hedgeInAuctions: false });
    fc.market.set(0, { phase: 'pre-open' as Phase, last: 60_000, lower: 49_000, upper: 91_000 });
    fc.runUntil(agent, T10 + 5 * MIN);
    expect(fc.orders).toHaveLength(0);
  });

  it('stops its chain when closed and restarts on a phase change', () => {
    const { fc, agent } = setup({ book });
    fc.market.setPhase('closed');
    fc.step(agent);
    expect(fc.pending).toHaveLength(0);
    fc.market.setPhase('continuous');
    fc.notice(agent, { kind: 'phase-changed', instrument: 0, phase: 'continuous' });
    expect(fc.pendingWith(0).map((w) => w.t)).toEqual([T10]);
  });
});

describe('option-dealer realised volatility', () => {
  it('uses an EWMA of squared log changes per interval, seeded at volAnnual, floored at minVolAnnual', () => {
    const book = [{ strikePct: 100, expiryDays: 20, openInterest: 100_000 }];
    const iv = { mode: 'realized', volAnnual: 0.5, halfLifeMin: 30, minVolAnnual: 0.1 };
    const { fc, agent } = setup({ book, impliedVol: iv });
    expect(agent.vol()).toBe(0.5);
    fc.step(agent);
    fillOpen(fc, agent);
    const n = fc.orders.length;
    setMid(fc, 66_500);
    fc.step(agent);
    const N = (252 * 390 * 60) / 60;
    const decay = Math.pow(0.5, 1 / 30);
    const r = Math.log(66_500 / S0);
    const sigma = Math.sqrt((decay * (0.25 / N) + (1 - decay) * r * r) * N);
    expect(agent.vol()).toBeCloseTo(sigma, 12);
    expect(signed(fc.orders[n]!)).toBe(targetByHand(book, 66_500, 0, clock(10, 1), sigma) - fc.market.insts[0]!.position);
    const floored = setup({ book, impliedVol: { ...iv, minVolAnnual: 0.9 } });
    expect(floored.agent.vol()).toBe(0.9);
  });
});

describe('option-dealer option trades (OptionTradeMsg)', () => {
  const trade = (qty: number, premium: number, expiryT = at(5, CLOSE), strike = 70_000): OptionTradeMsg => ({
    type: 'option-trade', underlying: 'AAA', strike, expiryT, qty, premium,
  });

  it('books the opposite side, collects qty × premium exactly, and hedges at once', () => {
    const { fc, agent } = setup();
    fc.runUntil(agent, T10); // empty book: nothing to do
    expect(fc.orders).toHaveLength(0);
    agent.onMessage(fc, 7, trade(10_000, 4321.5));
    expect(agent.positions()).toEqual([{ kind: 'call', strike: 70_000, expiryT: at(5, CLOSE), qty: -10_000, counterparty: 7 }]);
    expect(fc.transfers).toEqual([{ t: T10, to: 7, inst: 0, qty: 0, cash: 43_215_000 }]);
    const want = Math.round(10_000 * bsDelta('call', S0, 70_000, 0.6, tau(0, clock(10, 0), 5)));
    expect(fc.orders).toEqual([expect.objectContaining({ side: BUY, type: IOC, qty: want, t: T10 })]);
    agent.onMessage(fc, 7, trade(-4000, 4000)); // sells back: the dealer pays
    expect(agent.positions().map((o) => o.qty)).toEqual([-6000]);
    expect(fc.transfers[1]).toEqual({ t: T10, to: 7, inst: 0, qty: 0, cash: -16_000_000 });
    agent.onMessage(fc, 7, trade(-6000, 3900));
    expect(agent.positions()).toEqual([]);
    agent.onMessage(fc, 8, { type: 'units-order', etf: 'X', units: 1 });
    expect(fc.transfers).toHaveLength(3);
  });

  it('waits for the next interval when hedgeOnTrade is false', () => {
    const { fc, agent } = setup({ hedgeOnTrade: false });
    agent.onMessage(fc, 7, trade(10_000, 4000));
    expect(fc.orders).toHaveLength(0);
    fc.step(agent);
    expect(fc.orders.map(signed)).toEqual([Math.round(10_000 * bsDelta('call', S0, 70_000, 0.6, tau(0, clock(10, 0), 5)))]);
  });

  it('rejects a trade on another underlying or with an expired date', () => {
    const { fc, agent } = setup();
    expect(() => agent.onMessage(fc, 7, { ...trade(1, 1), underlying: 'BBB' })).toThrow(
      'option-dealer: agent 7 traded options on "BBB" with a dealer of "AAA"',
    );
    expect(() => agent.onMessage(fc, 7, trade(1, 1, T10))).toThrow(/bad option trade from agent 7/);
  });
});

describe('option-dealer expiry, metrics', () => {
  it('settles intrinsic value with agent counterparties at the close, drops expired positions and unwinds next day', () => {
    const book = [
      { strikePct: 100, expiryDays: 10, openInterest: 20_000 },
      { strikePct: 95, expiryDays: 0, openInterest: 5000, kind: 'put' }, // outside customers: no cash moves
    ];
    const { fc, agent } = setup({ book });
    const expiring = { type: 'option-trade', underlying: 'AAA', expiryT: at(0, CLOSE) } as const;
    agent.onMessage(fc, 7, { ...expiring, strike: 70_000, qty: 40_000, premium: 1000 });
    fillOpen(fc, agent);
    agent.onMessage(fc, 9, { ...expiring, strike: 80_000, qty: 3000, premium: 10 });
    fillOpen(fc, agent);
    expect(fc.transfers.map((x) => x.cash)).toEqual([40_000_000, 30_000]);
    fc.market.setPhase('closed');
    fc.runUntil(agent, at(0, clock(15, 40))); // the chain stops after the close
    fc.market.set(0, { last: 75_000, bid: 74_900, ask: 75_100 });
    agent.onDayEnd(fc);
    expect(fc.transfers.slice(2)).toEqual([{ t: at(0, clock(15, 40)), to: 7, inst: 0, qty: 0, cash: -200_000_000 }]);
    expect(agent.positions()).toEqual([{ kind: 'call', strike: 70_000, expiryT: at(10, CLOSE), qty: -20_000, counterparty: -1 }]);
    const g = -20_000 * bsGamma(75_000, 70_000, 0.6, 10 / 252);
    expect(fc.metrics.get('dealer_gamma.AAA')).toBe(g * 75_000 * 75_000 * 0.01);
    expect(g).toBeLessThan(0);

    fc.now = at(1, 0);
    fc.market.setPhase('continuous');
    fc.dayStart(agent);
    fc.step(agent); // the first hedge of day 1 unwinds the expired options' hedge
    const target = Math.round(20_000 * bsDelta('call', 75_000, 70_000, 0.6, 10 / 252));
    const o = fc.orders.at(-1)!;
    expect(o.t).toBe(at(1, 0));
    expect(signed(o)).toBe(target - fc.market.insts[0]!.position);
    expect(o.side).toBe(SELL);
  });

  it('adds the signed value of each hedge fill to dealer_hedge_value', () => {
    const { fc, agent } = setup({ book: [{ strikePct: 100, expiryDays: 20, openInterest: 100_000 }] });
    setMid(fc, 67_900);
    fc.step(agent);
    const o = fc.orders[0]!;
    expect(o.side).toBe(SELL);
    fc.fill(0, 300, agent);
    expect(fc.metrics.get('dealer_hedge_value.AAA')).toBe(-300 * o.price);
    agent.onOrderUpdate(fc, { kind: 'filled', ref: 9, instrument: 0, side: BUY, price: 68_000, qty: 100, remaining: 0, reason: '' });
    expect(fc.metrics.get('dealer_hedge_value.AAA')).toBe(-300 * o.price + 6_800_000);
  });
});

describe('issue 10: dealer gamma sized from the source, implied vol rising with realised vol', () => {
  const S0 = 200_000;
  const book = [
    { strikePct: 100, expiryDays: 20, openInterest: 1_000, kind: 'call' as const, side: 'short' as const },
    { strikePct: 90, expiryDays: 60, openInterest: 3_000, kind: 'put' as const, side: 'short' as const },
  ];

  it('GEX = Γ·S²·0.01 (currency per 1% move)', () => {
    expect(gexPer1Pct(0.0198476, 100)).toBeCloseTo(1.98476, 9);
  });

  it('targetGammaKrwPer1Pct scales every open interest by one factor so that |GEX| hits the target (sign kept)', () => {
    const target = 1.3e12; // ≈ $1B per 1% move at ₩1,300/$ (JPMorgan, DOMAIN §8.1)
    const p = spec.params.parse({ underlying: 'AAA', book, targetGammaKrwPer1Pct: target });
    const scaled = bookFromParams(p, S0);
    const gex = gexPer1Pct(bookGreeks(scaled, S0, 0, 0.6, 0).gamma, S0);
    expect(gex).toBeLessThan(0); // short gamma
    expect(Math.abs(gex) / target - 1).toBeLessThan(1e-6); // share rounding only
    const raw = bookFromParams(spec.params.parse({ underlying: 'AAA', book }), S0);
    expect(scaled[1]!.qty / scaled[0]!.qty).toBeCloseTo(raw[1]!.qty / raw[0]!.qty, 6);
  });

  it('realizedWeight w blends: σ = max(min, (1 − w)·volAnnual + w·σ_realised)', () => {
    const mk = (w: number) => new OptionDealer(spec.params.parse({
      underlying: 'AAA', impliedVol: { mode: 'realized', volAnnual: 0.4, minVolAnnual: 0.1, realizedWeight: w },
    }));
    const a = mk(1);
    const b = mk(0.5);
    const c = mk(0);
    for (const d of [a, b, c]) {
      const u = d as unknown as { updateVol(S: number): void };
      let S = 100_000;
      for (let k = 0; k < 200; k++) u.updateVol((S *= k % 2 === 0 ? 1.01 : 1 / 1.01));
    }
    expect(a.vol()).toBeGreaterThan(0.4);
    expect(b.vol()).toBeCloseTo(0.5 * 0.4 + 0.5 * a.vol(), 12);
    expect(c.vol()).toBe(0.4);
  });
});
