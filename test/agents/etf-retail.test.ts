import { describe, expect, it } from 'vitest';
import { closingBuyValue, spec } from '../../src/agents/etf-retail.js';
import { at, clock } from '../../src/core/time.js';
import { BUY, IOC, LIMIT } from '../../src/market/protocol.js';
import { FakeContext, build } from './fake-context.js';

const SYMBOLS = ['UND', 'ETF'] as const;
const U = 0;
const E = 1;

function setup(params: Record<string, unknown> = {}) {
  const ctx = new FakeContext('etf-retail', { symbols: SYMBOLS, tick: 5 });
  const agent = build(spec, { etf: 'ETF', underlying: 'UND', ...params });
  ctx.market.set(U, { base: 50_000, last: 43_500 });
  ctx.market.set(E, { base: 10_000, last: 7_400, bid: 7_395, ask: 7_400, lower: 4_000, upper: 16_000 });
  ctx.start(agent);
  ctx.dayStart(agent);
  return { ctx, agent };
}

describe('etf-retail', () => {
  it('pins the defaults', () => {
    expect(spec.params.parse({ etf: 'E', underlying: 'U' })).toEqual({
      etf: 'E', underlying: 'U', intervalS: 30, tradeProb: 0.5, buyProb: 0.5, orderQty: 100, aggressionTicks: 0, closingBuyKrw: 0, dipBuyKrwPerPct: 0,
    });
  });

  it('closing buy value = base + perPct·max(0, −100r)', () => {
    expect(closingBuyValue({ closingBuyKrw: 1e9, dipBuyKrwPerPct: 2e8 }, -0.13)).toBeCloseTo(1e9 + 13 * 2e8, 0);
    expect(closingBuyValue({ closingBuyKrw: 1e9, dipBuyKrwPerPct: 2e8 }, 0.05)).toBe(1e9);
  });

  it('trades IOC at the touch every intervalS in continuous trading (tradeProb 1, buyProb 1)', () => {
    const { ctx, agent } = setup({ tradeProb: 1, buyProb: 1, orderQty: 10 });
    ctx.runUntil(agent, at(0, clock(9, 1, 30)));
    expect(ctx.orders.map((o) => [o.t, o.side, o.type, o.price, o.qty])).toEqual([0, 30, 60, 90].map((s) => [at(0, clock(9, 0, s)), BUY, IOC, 7_400, 10]));
  });

  it('sends one market-on-close buy at the upper limit when the ETF’s closing auction starts', () => {
    const { ctx, agent } = setup({ tradeProb: 0, closingBuyKrw: 1e9, dipBuyKrwPerPct: 2e8 });
    ctx.now = at(0, clock(15, 20));
    ctx.market.set(E, { phase: 'closing-auction' });
    ctx.notice(agent, { kind: 'phase-changed', instrument: E, phase: 'closing-auction' });
    ctx.notice(agent, { kind: 'phase-changed', instrument: E, phase: 'closing-auction' });
    const qty = Math.floor((1e9 + 13 * 2e8) / 7_400);
    expect(ctx.orders.map((o) => [o.side, o.type, o.price, o.qty])).toEqual([[BUY, LIMIT, 16_000, qty]]);
  });
});
