import { describe, expect, it } from 'vitest';
import type { Agent } from '../../src/agents/agent.js';
import { sharesOutstanding, spec } from '../../src/agents/leveraged-etf.js';
import type { LeveragedEtfParams } from '../../src/agents/leveraged-etf.js';
import type { OptionTradeMsg } from '../../src/agents/messages.js';
import { at, clock, US_PER_S } from '../../src/core/time.js';
import { bsDelta, bsPrice } from '../../src/finance/black-scholes.js';
import { navAfter, rebalanceAmount } from '../../src/finance/leverage.js';
import { BUY, IOC, LIMIT, SELL } from '../../src/market/protocol.js';
import { FakeContext } from './fake-context.js';
import { LedgerContext } from './ledger-context.js';

const SYMBOLS = ['UND', 'LETF'] as const;
const U = 0;
const E = 1;
const A = 10e9;
const P0 = 50_000;
const AP_ID = 7;


/** Report a fill of order `ref` at `price` to the agent and book it in the ledger. */
function fillAt(fc: LedgerContext, agent: Agent, ref: number, price: number, qty = fc.orders[ref]!.qty): void {
  const o = fc.orders[ref]!;
  const sign = o.side === BUY ? 1 : -1;
  fc.market.insts[o.instrument]!.position += sign * qty;
  fc.cash -= sign * qty * price;
  fc.fill(ref, qty);
  agent.onOrderUpdate?.(fc, { kind: 'filled', ref, instrument: o.instrument, side: o.side, price, qty, remaining: fc.openQty(ref), reason: '' });
}

/** A fund started from its own initialPortfolio at P0 (UND) on day 0, before the open. */
function setup(params: Partial<LeveragedEtfParams> = {}, p0 = P0) {
  const p = spec.params.parse({ etf: 'LETF', underlying: 'UND', leverage: 2, aumKrw: A, ...params });
  const peers = new Map<number, LedgerContext>();
  const fc = new LedgerContext(3, peers, { symbols: SYMBOLS, tick: 5 });
  const ap = new LedgerContext(AP_ID, peers, { symbols: SYMBOLS, tick: 5 });
  const info = { index: 0, count: 1, instruments: SYMBOLS };
  const start = spec.initialPortfolio!(p, { ...info, initialPrices: [p0, 10_000] });
  fc.cash = start.cash;
  fc.market.set(U, { position: start.positions[U]!, base: p0, last: p0, lower: p0 * 0.7, upper: p0 * 1.3, phase: 'closed' });
  fc.market.set(E, { position: start.positions[E]!, base: 10_000, last: 10_000 });
  const agent = spec.create(p, info);
  fc.start(agent);
  fc.dayStart(agent);
  return { fc, ap, agent, p };
}

/** Trade continuously at `price` until `tod` on day `day`, then open the closing auction (notice). */
function toClose(fc: LedgerContext, agent: Agent, price: number, day = 0, tod = clock(15, 20)): void {
  fc.market.set(U, { last: price, phase: 'continuous' });
  fc.runUntil(agent, at(day, tod) - 1);
  fc.market.set(U, { phase: 'closing-auction' });
  fc.now = at(day, tod);
  fc.notice(agent, { kind: 'phase-changed', instrument: U, phase: 'closing-auction' });
  fc.runUntil(agent, at(day, tod) + 2 * US_PER_S); // the closeTime + 1 s fallback finds the close done
}

/** Fill every order sent since `from` at the close, end the day at `close`, and start the next day. */
function endDay(fc: LedgerContext, agent: Agent, close: number, day: number, from = 0): void {
  for (const o of fc.orders.slice(from)) if (fc.openQty(o.ref) > 0) fillAt(fc, agent, o.ref, close);
  fc.market.set(U, { last: close, phase: 'day-ended' });
  fc.now = at(day, clock(15, 40));
  agent.onDayEnd?.(fc);
  fc.now = at(day + 1, 0);
  fc.market.set(U, { base: close, lower: close * 0.7, upper: close * 1.3, phase: 'closed' });
  fc.dayStart(agent);
}

const signedQty = (fc: FakeContext, from = 0) => fc.orders.slice(from).reduce((s, o) => s + (o.side === BUY ? o.qty : -o.qty), 0);
const R13 = 43_500 / P0 - 1; // −13%

describe('leveraged-etf params and initial portfolio', () => {
  it('pins the defaults and rejects unknown keys and zero leverage', () => {
    expect(spec.params.parse({ etf: 'E', underlying: 'U', leverage: 2, aumKrw: 1e9 })).toEqual({
      etf: 'E', underlying: 'U', leverage: 2, aumKrw: 1e9, exposure: 'physical', schedule: 'moc', closeTime: '15:20',
      twapMinutes: 10, aggressionTicks: 3, closeLimitPct: 0, prehedgeShare: 0.3, prehedgeTriggerPct: 5, optionExpiryDays: 21, optionMoneyness: 1,
      impliedVolAnnual: 0.6, optionDealerKind: 'option-dealer', swapDealerKind: 'swap-dealer', cuShares: 50_000, initialNavPerShare: 10_000,
      windUp: { lossPct: 80, maxLeverageMultiple: 2 },
    });
    expect(() => spec.params.parse({ etf: 'E', underlying: 'U', leverage: 2, aumKrw: 1, lev: 1 })).toThrow(/lev/);
    expect(() => spec.params.parse({ etf: 'E', underlying: 'U', leverage: 0, aumKrw: 1 })).toThrow(/non-zero/);
  });

  it('starts fully invested: L·A/P0 shares, cash A − L·A, −SO of its own ETF', () => {
    const info = { index: 0, count: 1, instruments: SYMBOLS, initialPrices: [P0, 10_000] };
    const port = (params: Partial<LeveragedEtfParams>) =>
      spec.initialPortfolio!(spec.params.parse({ etf: 'LETF', underlying: 'UND', leverage: 2, aumKrw: A, ...params }), info);
    expect(port({})).toEqual({ cash: -10e9, positions: [400_000, -1_000_000] });
    expect(port({ leverage: -2 })).toEqual({ cash: 30e9, positions: [-400_000, -1_000_000] });
    expect(port({ leverage: 3, initialNavPerShare: 5_000 })).toEqual({ cash: -20e9, positions: [600_000, -2_000_000] });
    expect(port({ exposure: 'options' })).toEqual({ cash: 10e9, positions: [0, -1_000_000] });
    expect(sharesOutstanding({ aumKrw: A, initialNavPerShare: 10_000 })).toBe(1_000_000);
  });

  it('rounds the shares to 1 and keeps the starting NAV exactly A when L·A/P0 is not whole', () => {
    const info = { index: 0, count: 1, instruments: SYMBOLS, initialPrices: [70_000, 10_000] };
    const pf = spec.initialPortfolio!(spec.params.parse({ etf: 'LETF', underlying: 'UND', leverage: 2, aumKrw: A }), info);
    expect(pf.positions[U]).toBe(285_714);
    expect(pf.cash).toBe(A - 285_714 * 70_000);
    expect(pf.cash + pf.positions[U]! * 70_000).toBe(A);
  });

  it('throws clear errors for unknown symbols', () => {
    const info = { index: 0, count: 1, instruments: SYMBOLS, initialPrices: [P0, 10_000] };
    const p = spec.params.parse({ etf: 'ZZZ', underlying: 'UND', leverage: 2, aumKrw: A });
    expect(() => spec.initialPortfolio!(p, info)).toThrow('leveraged-etf: unknown instrument symbol "ZZZ" in params.etf');
    const fc = new FakeContext('leveraged-etf', { symbols: SYMBOLS });
    const q = spec.params.parse({ etf: 'LETF', underlying: 'YYY', leverage: 2, aumKrw: A });
    expect(() => fc.start(spec.create(q, { index: 0, count: 1, instruments: SYMBOLS }))).toThrow(
      'leveraged-etf: unknown instrument symbol "YYY" in params.underlying',
    );
  });
});

describe('leveraged-etf closing rebalance (DOMAIN §8.3 item 1)', () => {
  it('moc: on a −13% day a 2x fund of 10B sells 2.6B/P shares in the closing auction, at the lower limit', () => {
    const { fc, agent } = setup();
    fc.market.set(U, { last: 43_500, phase: 'continuous' });
    fc.runUntil(agent, at(0, clock(15, 19, 59)));
    expect(fc.orders).toEqual([]);
    toClose(fc, agent, 43_500);
    expect(fc.orders.map((o) => [o.side, o.type, o.price, o.qty, o.program])).toEqual([[SELL, LIMIT, 35_000, 59_770, true]]);
    expect(59_770).toBe(Math.round(2.6e9 / 43_500));
    fc.market.set(U, { phase: 'closing-auction' });
    fc.runUntil(agent, at(0, clock(15, 25)));
    expect(fc.orders).toHaveLength(1); // the closeTime + 1 s fallback does not send again
  });

  it('sells 7.8B/P for L = −2 and for L = 3, and nothing for L = 1', () => {
    for (const [leverage, qty] of [[-2, 179_310], [3, 179_310]] as const) {
      const { fc, agent } = setup({ leverage });
      toClose(fc, agent, 43_500);
      expect(fc.orders.map((o) => [o.side, o.qty])).toEqual([[SELL, qty]]);
      expect(qty).toBe(Math.round(7.8e9 / 43_500));
    }
    const { fc, agent } = setup({ leverage: 1 });
    toClose(fc, agent, 43_500);
    expect(fc.orders).toEqual([]);
  });

  it('a swap fund trades exactly like a physical one', () => {
    const { fc, agent } = setup({ exposure: 'swap' });
    toClose(fc, agent, 43_500);
    expect(fc.orders.map((o) => [o.side, o.type, o.price, o.qty])).toEqual([[SELL, LIMIT, 35_000, 59_770]]);
  });

  it('with rules off (no closing auction) sends an IOC 3 ticks through the bid at closeTime + 1 s', () => {
    const { fc, agent } = setup();
    fc.market.set(U, { last: 43_500, phase: 'continuous', lower: 0, upper: 0 });
    fc.runUntil(agent, at(0, clock(15, 21)));
    const bid = fc.market.bestBid(0);
    const through = bid - 3 * fc.market.tickAt(0, bid);
    expect(fc.orders.map((o) => [o.t, o.side, o.type, o.price, o.qty])).toEqual([[at(0, clock(15, 20, 1)), SELL, IOC, through, 59_770]]);
  });

  it('adds L·F for creations received before the closing auction: A(L²−L)r + L·F', () => {
    const { fc, agent } = setup();
    agent.onMessage?.(fc, AP_ID, { type: 'units-order', etf: 'LETF', units: 1 });
    agent.onMessage?.(fc, AP_ID, { type: 'units-order', etf: 'OTHER', units: 5 }); // another fund's ETF: ignored
    toClose(fc, agent, 43_500);
    const F = (50_000 * navAfter(A, 2, R13)) / 1_000_000; // one CU at the estimated NAV per share (7,400)
    expect(F).toBeCloseTo(370e6, 0);
    const expected = Math.round(-(A * 2 * R13 + 2 * F) / 43_500);
    expect(fc.orders.map((o) => [o.side, o.qty])).toEqual([[SELL, expected]]);
    expect(expected).toBe(42_759); // (2.6B − 0.74B) / 43,500
  });

  it('twap: 20 IOC slices every 30 s from 15:10, the rest in the closing auction, summing to the target', () => {
    const { fc, agent } = setup({ schedule: 'twap' });
    toClose(fc, agent, 43_500);
    const slices = fc.orders.slice(0, 20);
    expect(slices.map((o) => o.t)).toEqual([...Array(20).keys()].map((k) => at(0, clock(15, 10)) + k * 30 * US_PER_S));
    for (const o of slices) {
      expect([o.side, o.type, o.program]).toEqual([SELL, IOC, true]);
      expect(Math.abs(o.qty - 59_770 / 21)).toBeLessThanOrEqual(1);
    }
    expect(fc.orders).toHaveLength(21);
    expect([fc.orders[20]!.type, fc.orders[20]!.price]).toEqual([LIMIT, 35_000]);
    expect(signedQty(fc)).toBe(-59_770);
  });

  it('twap: a rejected slice (sidecar) is made up by the later slices', () => {
    const { fc, agent } = setup({ schedule: 'twap' });
    fc.market.set(U, { last: 43_500, phase: 'continuous' });
    fc.runUntil(agent, at(0, clock(15, 10)));
    const o = fc.orders[0]!;
    fc.finish(o.ref);
    agent.onOrderUpdate?.(fc, { kind: 'rejected', ref: o.ref, instrument: U, side: SELL, price: 0, qty: o.qty, remaining: 0, reason: 'sidecar-blocked' });
    toClose(fc, agent, 43_500);
    expect(signedQty(fc, 1)).toBe(-59_770);
  });

  it('prehedge: works 30% of the estimate intraday once |r| > 5%, in tenths, then the rest at the close', () => {
    const { fc, agent } = setup({ schedule: 'prehedge' });
    fc.market.set(U, { last: 48_500, phase: 'continuous' }); // −3%: below the trigger
    fc.runUntil(agent, at(0, clock(10, 59, 59)));
    expect(fc.orders).toEqual([]);
    fc.market.set(U, { last: 43_500 });
    fc.runUntil(agent, at(0, clock(11, 10)));
    const goal = Math.round(0.3 * 59_770); // 17,931
    expect(fc.orders.map((o) => o.qty)).toEqual([...Array(9).fill(1_794), goal - 9 * 1_794]);
    expect(fc.orders[0]!.t).toBe(at(0, clock(11, 0)));
    expect(fc.orders.every((o) => o.side === SELL && o.type === IOC && o.program === true)).toBe(true);
    toClose(fc, agent, 43_500);
    expect(fc.orders).toHaveLength(11);
    expect(signedQty(fc)).toBe(-59_770);
  });

  it('prehedge never reverses intraday when the move shrinks; the close trues up', () => {
    const { fc, agent } = setup({ schedule: 'prehedge' });
    fc.market.set(U, { last: 43_500, phase: 'continuous' });
    fc.runUntil(agent, at(0, clock(10, 0)));
    const n = fc.orders.length;
    expect(signedQty(fc)).toBe(-Math.round(0.3 * 59_770));
    fc.market.set(U, { last: 47_000 }); // −6%: goal 0.3 · 25,532 < what was sold
    fc.runUntil(agent, at(0, clock(15, 19)));
    expect(fc.orders).toHaveLength(n);
    toClose(fc, agent, 47_000);
    expect(signedQty(fc)).toBe(Math.round((A * 2 * (47_000 / P0 - 1)) / 47_000));
    expect(signedQty(fc)).toBe(-25_532);
  });
});

describe('leveraged-etf NAV, metrics and AP settlement (DOMAIN §8.3 items 1 and 7)', () => {
  it('NAV after the day is A(1 + L·r) when fills are at the close; publishes the day metrics', () => {
    const { fc, agent } = setup();
    toClose(fc, agent, 43_500);
    endDay(fc, agent, 43_500, 0);
    expect(navAfter(A, 2, R13)).toBeCloseTo(7.4e9, 3);
    expect(fc.metrics.get('nav.LETF')).toBe(7_400);
    expect(fc.metrics.get('aum.LETF')).toBe(7.4e9);
    expect(fc.metrics.get('shares_outstanding.LETF')).toBe(1_000_000);
    expect(fc.metrics.get('letf_trade_value.UND')).toBe(-59_770 * 43_500);
    expect(fc.metrics.get('letf_physical_trade_value.UND')).toBe(-59_770 * 43_500);
    expect(fc.metrics.get('letf_rebalance_target.UND')).toBe(rebalanceAmount(A, 2, R13, 0));
  });

  it('the two-day +10% / −10% path gives a NAV factor of 0.96 (to one share of rounding)', () => {
    const { fc, agent } = setup({}, 10_000);
    toClose(fc, agent, 11_000, 0);
    endDay(fc, agent, 11_000, 0);
    expect(fc.metrics.get('aum.LETF')).toBe(12e9);
    const n = fc.orders.length;
    toClose(fc, agent, 9_900, 1);
    endDay(fc, agent, 9_900, 1, n);
    expect(Math.abs(fc.metrics.get('aum.LETF')! - 0.96 * A)).toBeLessThanOrEqual(9_900);
    expect(fc.metrics.get('nav.LETF')).toBeCloseTo(9_600, 2);
  });

  it('settles a creation at NAV: SO +cuShares, transfer exactly CU·NAV, reply; combined holdings conserved', () => {
    const { fc, ap, agent } = setup();
    ap.cash = 1e9;
    toClose(fc, agent, 43_500);
    agent.onMessage?.(fc, AP_ID, { type: 'units-order', etf: 'LETF', units: 1 }); // after the close trade: hedged tomorrow
    fillAt(fc, agent, 0, 43_500);
    const fundCash = fc.cash;
    const cash = fc.cash + ap.cash;
    const etf = fc.portfolio.position(E) + ap.portfolio.position(E);
    endDay(fc, agent, 43_500, 0);
    const t = at(0, clock(15, 40));
    expect(fc.transfers).toEqual([{ t, to: AP_ID, inst: E, qty: 50_000, cash: 50_000 * 7_400 }]);
    expect(fc.sent).toEqual([{ t, to: AP_ID, msg: { type: 'units-settled', etf: 'LETF', units: 1, cuShares: 50_000, navPerShare: 7_400 } }]);
    expect(fc.metrics.get('shares_outstanding.LETF')).toBe(1_050_000);
    expect(fc.metrics.get('aum.LETF')).toBe(7.4e9 + 370e6);
    expect(fc.cash).toBe(fundCash + 370e6);
    expect([fc.portfolio.position(E), ap.portfolio.position(E)]).toEqual([-1_050_000, 50_000]);
    expect(fc.cash + ap.cash).toBe(cash);
    expect(fc.portfolio.position(E) + ap.portfolio.position(E)).toBe(etf);
    // Next day, flat price: the creation's exposure L·F = 740M (less 5,000 won of share rounding) is bought.
    toClose(fc, agent, 43_500, 1);
    expect(fc.orders.slice(1).map((o) => [o.side, o.price, o.qty])).toEqual([[BUY, 56_550, Math.round(740e6 / 43_500)]]);
  });

  it('closes an exposure gap left at the last close (late creation) on a moving day: holdings reach L·NAV', () => {
    const { fc, agent } = setup();
    toClose(fc, agent, 43_500);
    agent.onMessage?.(fc, AP_ID, { type: 'units-order', etf: 'LETF', units: 1 });
    endDay(fc, agent, 43_500, 0);
    const a1 = fc.metrics.get('aum.LETF')!;
    const gap = 2 * a1 - fc.portfolio.position(U) * 43_500; // 739,995,000 won under-exposed
    const s1 = 37_845; // −13% again
    const r = s1 / 43_500 - 1;
    const n = fc.orders.length;
    toClose(fc, agent, s1, 1);
    expect(signedQty(fc, n)).toBe(Math.round((rebalanceAmount(a1, 2, r) + gap * (1 - r)) / s1));
    endDay(fc, agent, s1, 1, n);
    const nav = fc.cash + fc.portfolio.position(U) * s1;
    expect(Math.abs(fc.portfolio.position(U) * s1 - 2 * nav)).toBeLessThanOrEqual(s1);
  });

  it('settles redemptions with negative shares and cash, never redeeming the last shares', () => {
    const { fc, agent } = setup({ cuShares: 600_000 });
    agent.onMessage?.(fc, AP_ID, { type: 'units-order', etf: 'LETF', units: -2 });
    toClose(fc, agent, P0);
    expect(fc.orders.map((o) => [o.side, o.qty])).toEqual([[SELL, 240_000]]); // L·F = 2 · −600,000 · 10,000 won
    endDay(fc, agent, P0, 0);
    expect(fc.transfers).toEqual([{ t: at(0, clock(15, 40)), to: AP_ID, inst: E, qty: -600_000, cash: -600_000 * 10_000 }]);
    expect(fc.sent.map((s) => (s.msg as { units: number }).units)).toEqual([-1]);
    expect(fc.metrics.get('shares_outstanding.LETF')).toBe(400_000);
  });
});

describe('leveraged-etf options exposure', () => {
  const SESSION_MIN = 390;
  /** τ (years) from time-of-day `todMin` (minutes after 09:00) of day `day` to the 15:30 close of day `expiryDay`. */
  const tau = (day: number, todMin: number, expiryDay: number) => ((expiryDay - day + 1) * SESSION_MIN - Math.min(SESSION_MIN, todMin)) / (252 * SESSION_MIN);
  const trades = (fc: FakeContext, from = 0) => fc.sent.slice(from).map((s) => ({ to: s.to, ...(s.msg as OptionTradeMsg) }));

  function optionsFund() {
    const peers = new Map<number, LedgerContext>();
    const fc = new LedgerContext(3, peers, { symbols: SYMBOLS, tick: 5 });
    fc.dir.set('option-dealer', [20, 21]);
    const p = spec.params.parse({ etf: 'LETF', underlying: 'UND', leverage: 2, aumKrw: A, exposure: 'options' });
    const start = spec.initialPortfolio!(p, { index: 0, count: 1, instruments: SYMBOLS, initialPrices: [P0, 10_000] });
    fc.cash = start.cash;
    fc.market.set(U, { base: P0, last: P0, lower: 35_000, upper: 65_000, phase: 'closed' });
    fc.market.set(E, { position: start.positions[E]! });
    const agent = spec.create(p, { index: 0, count: 1, instruments: SYMBOLS });
    fc.start(agent);
    return { fc, agent };
  }

  it('without option dealers (a counterfactual run) buys its calls from an outside writer: no messages, no transfers', () => {
    const fc = new FakeContext('leveraged-etf', { symbols: SYMBOLS });
    fc.market.set(U, { base: P0, last: P0, lower: 35_000, upper: 65_000, phase: 'closed' });
    const p = spec.params.parse({ etf: 'LETF', underlying: 'UND', leverage: 2, aumKrw: A, exposure: 'options' });
    expect(() => fc.start(spec.create(p, { index: 0, count: 1, instruments: SYMBOLS }))).not.toThrow();
    expect(fc.sent).toEqual([]);
    expect(fc.transfers).toEqual([]);
  });

  it('buys ATM 21-day calls on start, split over the dealers, so that Δ·qty = L·A/S', () => {
    const { fc } = optionsFund();
    const t0 = tau(0, 0, 21); // 22 sessions
    expect(t0).toBeCloseTo(22 / 252, 12);
    const delta = bsDelta('call', P0, P0, 0.6, t0);
    const qty = Math.round((2 * A) / P0 / delta);
    const premium = bsPrice('call', P0, P0, 0.6, t0);
    const half = Math.round(qty / 2);
    expect(trades(fc)).toEqual([
      { to: 20, type: 'option-trade', underlying: 'UND', strike: P0, expiryT: at(21, clock(15, 30)), qty: half, premium },
      { to: 21, type: 'option-trade', underlying: 'UND', strike: P0, expiryT: at(21, clock(15, 30)), qty: qty - half, premium },
    ]);
    expect(Math.abs(delta * qty - (2 * A) / P0)).toBeLessThanOrEqual(delta);
    expect(fc.orders).toEqual([]);
  });

  it('restores delta L·NAV/S with the dealers at the closing auction and values the calls at bsPrice in NAV', () => {
    const { fc, agent } = optionsFund();
    const first = trades(fc);
    const qty0 = first[0]!.qty + first[1]!.qty;
    fc.cash -= qty0 * first[0]!.premium; // the dealers collect the premium
    fc.dayStart(agent);
    toClose(fc, agent, 43_500);
    const tClose = tau(0, 380, 21);
    const nav = fc.cash + qty0 * bsPrice('call', 43_500, P0, 0.6, tClose);
    const delta = bsDelta('call', 43_500, P0, 0.6, tClose);
    const next = trades(fc, 2);
    expect(next.map((t) => [t.strike, t.expiryT, t.premium])).toEqual(Array(2).fill([P0, at(21, clock(15, 30)), bsPrice('call', 43_500, P0, 0.6, tClose)]));
    expect(next[0]!.qty + next[1]!.qty).toBe(Math.round((2 * nav) / 43_500 / delta) - qty0);
    expect(fc.orders).toEqual([]); // the fund never trades the underlying itself
    const bought = next[0]!.qty + next[1]!.qty;
    fc.cash -= bought * next[0]!.premium;
    endDay(fc, agent, 43_500, 0);
    const navEnd = fc.cash + (qty0 + bought) * bsPrice('call', 43_500, P0, 0.6, tau(0, 390, 21));
    expect(fc.metrics.get('nav.LETF')).toBeCloseTo(navEnd / 1_000_000, 6);
    expect(fc.metrics.get('letf_options_trade_value.UND')).toBeCloseTo(bought * next[0]!.premium, 3);
  });

  it('rolls the series when fewer than 2 days remain: sells all back, buys strike S expiring 21 days later', () => {
    const { fc, agent } = optionsFund();
    const held = trades(fc).map((t) => t.qty);
    for (const day of [19, 20]) {
      fc.now = at(day, 0);
      fc.market.set(U, { base: P0, last: P0, phase: 'closed' });
      fc.dayStart(agent);
      const n = fc.sent.length;
      toClose(fc, agent, 51_000, day);
      const t = trades(fc, n);
      if (day === 19) {
        expect(t.every((x) => x.strike === P0 && x.expiryT === at(21, clock(15, 30)))).toBe(true);
        for (const x of t) held[x.to - 20]! += x.qty;
        continue;
      }
      expect(t.slice(0, 2).map((x) => [x.to, x.qty, x.strike])).toEqual([[20, -held[0]!, P0], [21, -held[1]!, P0]]);
      expect(t.slice(2).map((x) => [x.to, x.strike, x.expiryT])).toEqual([[20, 51_000, at(41, clock(15, 30))], [21, 51_000, at(41, clock(15, 30))]]);
    }
  });
});

describe('leveraged-etf wind-up (issue 10 item 5)', () => {
  it('pins the wind-up defaults', () => {
    expect(setup().p.windUp).toEqual({ lossPct: 80, maxLeverageMultiple: 2 });
  });

  it('a close-time NAV loss ≥ lossPct winds the fund up: the whole position is sold into the auction instead of the rebalance', () => {
    // L = 3, r = −30%: NAV estimate A(1 − 0.9) = 0.1A ≤ (1 − 0.8)A.
    const { fc, agent } = setup({ leverage: 3 });
    const n = fc.market.insts[U]!.position;
    toClose(fc, agent, 35_000);
    expect(fc.orders.map((o) => [o.side, o.type, o.price, o.qty])).toEqual([[SELL, LIMIT, 35_000, n]]);
    expect(fc.metrics.get('letf_wound_up.LETF')).toBe(1);
    endDay(fc, agent, 35_000, 0);
    expect(fc.metrics.get('nav.LETF')).toBeCloseTo((A * (1 + 3 * -0.3)) / 1_000_000, 6);
    expect(fc.metrics.get('letf_leverage.LETF')).toBe(0);
    // Wound up: no rebalancing the next day and AP orders are answered with 0 units.
    fc.market.set(U, { last: 30_000, phase: 'continuous' });
    const before = fc.orders.length;
    toClose(fc, agent, 30_000, 1);
    expect(fc.orders.slice(before)).toEqual([]);
  });

  it('NAV is never reported negative: a loss beyond the fund’s assets is a shortfall metric', () => {
    // L = 3 with the closing order unfilled (rationed at the limit): r = −40% leaves NAV = A(1 − 1.2) < 0.
    const { fc, agent } = setup({ leverage: 3, windUp: { lossPct: 100, maxLeverageMultiple: 2 } });
    toClose(fc, agent, 30_000);
    fc.market.set(U, { last: 30_000, phase: 'day-ended' });
    agent.onDayEnd!(fc);
    expect(fc.metrics.get('nav.LETF')).toBe(0);
    expect(fc.metrics.get('aum.LETF')).toBe(0);
    expect(fc.metrics.get('letf_nav_shortfall.LETF')).toBeCloseTo(0.2 * A, -2);
    expect(fc.metrics.get('letf_wound_up.LETF')).toBe(1);
  });

  it('a closing leverage above maxLeverageMultiple·|L| (an unfilled rebalance) winds it up', () => {
    // L = 2, r = −20%, rebalance unfilled: exposure 2A·0.8 = 1.6A, NAV 0.6A → leverage 2.67 ≤ 4: still active.
    const a = setup();
    toClose(a.fc, a.agent, 40_000);
    a.fc.market.set(U, { last: 40_000, phase: 'day-ended' });
    a.agent.onDayEnd!(a.fc);
    expect(a.fc.metrics.get('letf_leverage.LETF')).toBeCloseTo(1.6 / 0.6, 9);
    expect(a.fc.metrics.get('letf_wound_up.LETF')).toBeUndefined();
    // With maxLeverageMultiple 1.2 (limit 2.4) the same close winds it up.
    const b = setup({ windUp: { lossPct: 80, maxLeverageMultiple: 1.2 } });
    toClose(b.fc, b.agent, 40_000);
    b.fc.market.set(U, { last: 40_000, phase: 'day-ended' });
    b.agent.onDayEnd!(b.fc);
    expect(b.fc.metrics.get('letf_wound_up.LETF')).toBe(1);
  });
});
