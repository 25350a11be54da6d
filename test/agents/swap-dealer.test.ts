import { describe, expect, it } from 'vitest';
import { spec as letfSpec } from '../../src/agents/leveraged-etf.js';
import type { SwapAckMsg, SwapResetMsg } from '../../src/agents/messages.js';
import { capacityFactor, spec, swapTargetShares } from '../../src/agents/swap-dealer.js';
import { at, clock, US_PER_S } from '../../src/core/time.js';
import { rebalanceAmount, swapFinancingPerDay } from '../../src/finance/leverage.js';
import { BUY, IOC, LIMIT, SELL } from '../../src/market/protocol.js';
import { FakeContext, build } from './fake-context.js';
import { LedgerContext } from './ledger-context.js';

const SYMBOLS = ['UND', 'LETF'] as const;
const U = 0;
const A = 10e9;
const P0 = 50_000;
const FUND = 3;
const DEALER = 9;
const reset = (notionalShares: number, resetPrice = P0, nav = A, leverage = 2): SwapResetMsg =>
  ({ type: 'swap-reset', underlying: 'UND', notionalShares, resetPrice, nav, leverage });

describe('swap-dealer formulas', () => {
  it('the intraday target moves by A(L² − L)r of value: a −13% day sells 0.26·A for a 2x fund of A', () => {
    const n0 = (2 * A) / P0;
    const s = 43_500;
    const h = swapTargetShares([{ notional: n0, resetPrice: P0, nav: A, leverage: 2 }], s);
    expect((h - n0) * s).toBeCloseTo(rebalanceAmount(A, 2, s / P0 - 1, 0), 0);
    expect((h - n0) * s).toBeCloseTo(-0.26 * A, 0);
    // −2x: L(A + N(S − S0))/S with N = −2A/S0 sells 0.78·A (3× the 2x dollar)
    const inv = swapTargetShares([{ notional: -n0, resetPrice: P0, nav: A, leverage: -2 }], s);
    expect((inv + n0) * s).toBeCloseTo(-0.78 * A, 0);
  });

  it('capacity factor and financing', () => {
    expect(capacityFactor(5e9, 0)).toBe(1);
    expect(capacityFactor(-8e9, 4e9)).toBe(0.5);
    expect(capacityFactor(3e9, 4e9)).toBe(1);
    expect(swapFinancingPerDay(-400_000, 50_000, 1_000)).toBeCloseTo((2e10 * 0.1) / 252, 6);
  });

  it('pins the defaults', () => {
    expect(spec.params.parse({ underlying: 'UND' })).toEqual({
      underlying: 'UND', financingBpAnnual: 100, maxNotionalKrw: 0, schedule: 'twap', closeTime: '15:20', twapMinutes: 30, aggressionTicks: 1, closeLimitPct: 0,
    });
  });
});

describe('swap-dealer agent', () => {
  function dealer(params: Record<string, unknown> = {}) {
    const ctx = new FakeContext('swap-dealer', { symbols: SYMBOLS, tick: 5 });
    const agent = build(spec, { underlying: 'UND', ...params });
    ctx.start(agent);
    ctx.market.set(U, { position: 400_000, base: P0, last: P0, bid: P0 - 5, ask: P0, lower: 35_000, upper: 65_000, phase: 'continuous' });
    return { ctx, agent };
  }

  it('answers a fund\'s opening call for its own underlying only, booking nothing', () => {
    const { ctx, agent } = dealer();
    ctx.market.set(U, { position: 0 });
    agent.onMessage!(ctx, FUND, { ...reset(400_000), underlying: 'OTHER', open: true });
    expect(ctx.sent).toEqual([]);
    agent.onMessage!(ctx, FUND, { ...reset(400_000), open: true });
    expect(ctx.sent.map((s) => s.msg)).toEqual([{ type: 'swap-ack', underlying: 'UND', notionalShares: 400_000, financingBpAnnual: 100 }]);
    ctx.dayStart(agent);
    ctx.runUntil(agent, at(0, clock(15, 20)) - 1);
    expect(ctx.orders).toEqual([]); // no swap line booked: nothing to hedge
  });

  it('closeLimitPct: the closing-auction order is a limit-on-close that far through the last price, not at the limit', () => {
    const { ctx, agent } = dealer({ closeLimitPct: 2, schedule: 'moc' });
    agent.onMessage!(ctx, FUND, reset(400_000));
    ctx.dayStart(agent);
    ctx.market.set(U, { last: 43_500, phase: 'closing-auction' });
    ctx.now = at(0, clock(15, 20));
    ctx.notice(agent, { kind: 'phase-changed', instrument: U, phase: 'closing-auction' });
    const o = ctx.orders.at(-1)!;
    expect([o.side, o.type, o.price]).toEqual([SELL, LIMIT, 42_630]); // floor(43,500 × 0.98) on the 5-won tick
    expect(o.qty).toBe(400_000 - Math.round(swapTargetShares([{ notional: 400_000, resetPrice: P0, nav: A, leverage: 2 }], 43_500)));
  });

  it('acks a reset, capping the notional at its capacity', () => {
    const { ctx, agent } = dealer({ maxNotionalKrw: 15e9 });
    agent.onMessage!(ctx, FUND, reset(400_000));
    expect(ctx.sent).toEqual([{ t: 0, to: FUND, msg: { type: 'swap-ack', underlying: 'UND', notionalShares: 300_000, financingBpAnnual: 100 } satisfies SwapAckMsg }]);
  });

  it('twap: 60 slices from 14:50 toward the target, the rest in the closing auction at the limit', () => {
    const { ctx, agent } = dealer();
    agent.onMessage!(ctx, FUND, reset(400_000));
    ctx.dayStart(agent);
    ctx.market.set(U, { last: 43_500, bid: 43_500, ask: 43_550 });
    ctx.runUntil(agent, at(0, clock(14, 50)));
    const target = Math.round(swapTargetShares([{ notional: 400_000, resetPrice: P0, nav: A, leverage: 2 }], 43_500));
    const first = ctx.orders[0]!;
    expect([first.t, first.side, first.type, first.price, first.program]).toEqual([at(0, clock(14, 50)), SELL, IOC, 43_495, true]);
    expect(first.qty).toBe(Math.round((400_000 - target) / 61));
    ctx.runUntil(agent, at(0, clock(15, 20)) - 1);
    expect(ctx.orders).toHaveLength(60);
    ctx.market.set(U, { phase: 'closing-auction' });
    ctx.now = at(0, clock(15, 20));
    ctx.notice(agent, { kind: 'phase-changed', instrument: U, phase: 'closing-auction' });
    const last = ctx.orders.at(-1)!;
    expect([last.type, last.price, last.side]).toEqual([LIMIT, 35_000, SELL]);
    // Nothing filled in the fake: all orders together add up to the target change.
    expect(ctx.orders.reduce((a, o) => a + (o.side === BUY ? o.qty : -o.qty), 0)).toBe(target - 400_000);
  });
});

describe('leveraged-etf with exposure: swap routed to a swap dealer', () => {
  function fund(dealers: number[] = [DEALER]) {
    const peers = new Map<number, LedgerContext>();
    const fc = new LedgerContext(FUND, peers, { symbols: SYMBOLS, tick: 5 });
    const dc = new LedgerContext(DEALER, peers, { symbols: SYMBOLS, tick: 5 });
    for (const d of dealers) if (d !== DEALER) new LedgerContext(d, peers, { symbols: SYMBOLS, tick: 5 });
    fc.dir.set('swap-dealer', dealers);
    const p = letfSpec.params.parse({ etf: 'LETF', underlying: 'UND', leverage: 2, aumKrw: A, exposure: 'swap' });
    const start = letfSpec.initialPortfolio!(p, { index: 0, count: 1, instruments: SYMBOLS, initialPrices: [P0, 10_000] });
    fc.cash = start.cash;
    fc.market.set(U, { position: start.positions[U]!, base: P0, last: P0, lower: 35_000, upper: 65_000, phase: 'closed' });
    const agent = letfSpec.create(p, { index: 0, count: 1, instruments: SYMBOLS });
    fc.start(agent);
    return { fc, dc, agent };
  }

  const offer = { type: 'swap-ack', underlying: 'UND', notionalShares: 400_000, financingBpAnnual: 100 } satisfies SwapAckMsg;

  it('calls every dealer, opens the swap with the first of its underlying that answers, and ignores the others', () => {
    const OTHER = 7; // e.g. the dealer of another underlying, first in the directory: it never answers
    const { fc, dc, agent } = fund([OTHER, DEALER, 11]);
    expect(fc.sent.map((s) => [s.to, s.msg])).toEqual([OTHER, DEALER, 11].map((d) => [d, { ...reset(400_000), open: true }]));
    expect(fc.transfers).toEqual([]); // physical until a dealer answers
    agent.onMessage!(fc, DEALER, offer);
    agent.onMessage!(fc, 11, offer); // a second dealer of the same underlying: too late
    expect(fc.transfers).toEqual([{ t: 0, to: DEALER, inst: U, qty: 400_000, cash: 400_000 * P0 }]);
    expect([fc.cash, fc.portfolio.position(U), dc.portfolio.position(U)]).toEqual([A, 0, 400_000]);
    expect(fc.sent.slice(3).map((s) => [s.to, s.msg])).toEqual([[DEALER, reset(400_000)]]);
  });

  it('hands its shares to the dealer at P0, never trades, settles the P&L net of financing and resets to L·NAV/S', () => {
    const { fc, dc, agent } = fund();
    expect(fc.sent.map((s) => s.msg)).toEqual([{ ...reset(400_000), open: true }]);
    agent.onMessage!(fc, DEALER, offer);
    expect(fc.transfers).toEqual([{ t: 0, to: DEALER, inst: U, qty: 400_000, cash: 400_000 * P0 }]);
    expect([fc.cash, fc.portfolio.position(U), dc.portfolio.position(U), dc.cash]).toEqual([A, 0, 400_000, -400_000 * P0]);
    expect(fc.sent.at(-1)!.msg).toEqual(reset(400_000));
    agent.onMessage!(fc, DEALER, { type: 'swap-ack', underlying: 'UND', notionalShares: 400_000, financingBpAnnual: 1_000 } satisfies SwapAckMsg);
    fc.dayStart(agent);
    fc.market.set(U, { last: 43_500, phase: 'continuous' });
    fc.runUntil(agent, at(0, clock(15, 20)) - 1);
    fc.market.set(U, { phase: 'closing-auction' });
    fc.now = at(0, clock(15, 20));
    fc.notice(agent, { kind: 'phase-changed', instrument: U, phase: 'closing-auction' });
    fc.runUntil(agent, at(0, clock(15, 20)) + 2 * US_PER_S);
    expect(fc.orders).toEqual([]);
    fc.market.set(U, { phase: 'day-ended' });
    agent.onDayEnd!(fc);
    const fin = swapFinancingPerDay(400_000, P0, 1_000);
    const nav = A + 400_000 * (43_500 - P0) - fin;
    expect(fc.cash).toBeCloseTo(nav, 3);
    expect(fc.metrics.get('aum.LETF')).toBeCloseTo(nav, 3);
    expect(fc.metrics.get('letf_swap_financing.UND')).toBeCloseTo(fin, 6);
    expect(fc.sent.at(-1)!.msg).toEqual(reset(Math.round((2 * nav) / 43_500), 43_500, fc.metrics.get('aum.LETF')));
    expect(fc.metrics.get('letf_leverage.LETF')).toBeCloseTo(2, 4);
  });
});
