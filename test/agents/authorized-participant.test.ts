import { describe, expect, it } from 'vitest';
import type { Agent } from '../../src/agents/agent.js';
import { arbitrageOrder, creationUnits, inventoryUnits, spec } from '../../src/agents/authorized-participant.js';
import type { AuthorizedParticipantParams } from '../../src/agents/authorized-participant.js';
import { spec as fundSpec } from '../../src/agents/leveraged-etf.js';
import { at, clock, US_PER_S } from '../../src/core/time.js';
import { navAfter } from '../../src/finance/leverage.js';
import { BUY, IOC, LIMIT, SELL } from '../../src/market/protocol.js';
import type { Phase } from '../../src/market/protocol.js';
import { FakeContext } from './fake-context.js';
import { LedgerContext } from './ledger-context.js';

const SYMBOLS = ['UND', 'LETF'] as const;
const U = 0;
const E = 1;
const BANDS = { createBandPct: 0.5, redeemBandPct: 0.5, maxUnitsPerDay: 5 };


/** An AP on day 0 at `tod`: underlying at 50,000 (its base), ETF last 10,000 and traded today; NAV_{t−1} 10,000. */
function setup(params: Partial<AuthorizedParticipantParams> = {}, tod = clock(9, 0)) {
  const fc = new FakeContext('authorized-participant', { symbols: SYMBOLS, tick: 5, now: tod });
  fc.market.set(U, { base: 50_000, last: 50_000 });
  fc.market.set(E, { base: 10_000, last: 10_000, lower: 4_000, upper: 16_000 });
  fc.market.volumeToday = () => 1_000;
  fc.dir.set('leveraged-etf', [5, 9]);
  const p = spec.params.parse({ etf: 'LETF', underlying: 'UND', leverage: 2, ...params });
  const agent = spec.create(p, { index: 0, count: 1, instruments: SYMBOLS });
  fc.start(agent);
  fc.dayStart(agent);
  return { fc, agent };
}

/** Quotes still open (not canceled): [side, price, qty]. */
function live(fc: FakeContext): Array<[number, number, number]> {
  const gone = new Set(fc.cancels.map((c) => c.ref));
  return fc.orders.filter((o) => !gone.has(o.ref)).map((o) => [o.side, o.price, o.qty]);
}

function phase(fc: FakeContext, agent: Agent, inst: number, ph: Phase): void {
  fc.market.set(inst, { phase: ph });
  fc.notice(agent, { kind: 'phase-changed', instrument: inst, phase: ph });
}

describe('authorized-participant params', () => {
  it('pins the defaults and rejects unknown keys', () => {
    expect(spec.params.parse({ etf: 'E', underlying: 'U', leverage: 2 })).toEqual({
      etf: 'E', underlying: 'U', leverage: 2, initialNavPerShare: 10_000, fundKind: 'leveraged-etf', createBandPct: 0.5,
      redeemBandPct: 0.5, maxUnitsPerDay: 5, checkTime: '15:10', lpQuote: true, lpHalfSpreadPct: 0.5, lpQuoteQty: 1_000,
      lpRequoteS: 5, lpMaxInventory: 50_000, lpObligationInAuctions: false,
      arbIntervalS: 0, arbBandPct: 1, arbQty: 10_000, unitsMode: 'premium', cuShares: 50_000, lpMaxSpreadPct: 1, lpMinQuoteQty: 100,
    });
    expect(() => spec.params.parse({ etf: 'E', underlying: 'U', leverage: 2, band: 1 })).toThrow(/band/);
  });

  it('throws a clear error for an unknown symbol', () => {
    const fc = new FakeContext('authorized-participant', { symbols: SYMBOLS });
    const p = spec.params.parse({ etf: 'NOPE', underlying: 'UND', leverage: 2 });
    expect(() => fc.start(spec.create(p, { index: 0, count: 1, instruments: SYMBOLS }))).toThrow(
      'authorized-participant: unknown instrument symbol "NOPE" in params.etf',
    );
  });
});

describe('creationUnits (DOMAIN §4.2, §8.3 item 7)', () => {
  it('does nothing at or inside the bands, edges included', () => {
    expect(creationUnits(10_050, 10_000, BANDS)).toBe(0);
    expect(creationUnits(9_950, 10_000, BANDS)).toBe(0);
    expect(creationUnits(10_000, 10_000, BANDS)).toBe(0);
  });

  it('creates ⌈π/band⌉ − 1 units above the creation band and redeems below the redemption band, capped', () => {
    expect(creationUnits(10_055, 10_000, BANDS)).toBe(1);
    expect(creationUnits(10_100, 10_000, BANDS)).toBe(1); // π = 2 bands exactly
    expect(creationUnits(10_105, 10_000, BANDS)).toBe(2);
    expect(creationUnits(20_000, 10_000, BANDS)).toBe(5);
    expect(creationUnits(9_945, 10_000, BANDS)).toBe(-1);
    expect(creationUnits(9_900, 10_000, BANDS)).toBe(-1);
    expect(creationUnits(9_895, 10_000, BANDS)).toBe(-2);
    expect(creationUnits(5_000, 10_000, { ...BANDS, maxUnitsPerDay: 3 })).toBe(-3);
    expect(creationUnits(20_000, 10_000, { ...BANDS, maxUnitsPerDay: 0 })).toBe(0);
    expect(creationUnits(10_055, NaN, BANDS)).toBe(0);
  });
});

describe('authorized-participant primary market', () => {
  const orders = (fc: FakeContext) => fc.sent.map((s) => [s.t, s.to, s.msg]);

  it('at checkTime sends a UnitsOrderMsg to every fund of fundKind and adds ap_units', () => {
    const { fc, agent } = setup({ lpQuote: false });
    fc.market.set(U, { last: 45_000 }); // −10%: iNAV = 10,000 · (1 − 0.2) = 8,000
    fc.market.set(E, { last: 8_045 });
    fc.runUntil(agent, clock(15, 9, 59));
    expect(fc.sent).toEqual([]);
    fc.runUntil(agent, clock(15, 11));
    const msg = { type: 'units-order', etf: 'LETF', units: 1 };
    expect(orders(fc)).toEqual([[clock(15, 10), 5, msg], [clock(15, 10), 9, msg]]);
    expect(fc.metrics.get('ap_units.LETF')).toBe(1);
  });

  it('decides on iNAV at the band edge: π = +0.5% exactly does nothing, −0.5% − 5 won redeems', () => {
    for (const [etfPrice, units] of [[8_040, 0], [7_960, 0], [7_955, -1]] as const) {
      const { fc, agent } = setup({ lpQuote: false });
      fc.market.set(U, { last: 45_000 });
      fc.market.set(E, { last: etfPrice });
      fc.runUntil(agent, clock(15, 11));
      expect(fc.sent.map((s) => (s.msg as { units: number }).units)).toEqual(units === 0 ? [] : [units, units]);
      expect(fc.metrics.get('ap_units.LETF')).toBe(units === 0 ? undefined : units);
    }
  });

  it('makes no decision when the ETF has not traded today', () => {
    const { fc, agent } = setup({ lpQuote: false });
    fc.market.set(E, { last: 12_000 });
    fc.market.volumeToday = () => 0;
    fc.runUntil(agent, clock(15, 11));
    expect(fc.sent).toEqual([]);
  });

  it('rolls NAV forward at the close by L × the underlying return, unless the fund reported it', () => {
    const { fc, agent } = setup({ lpQuote: false });
    fc.runUntil(agent, clock(15, 11)); // at iNAV: no units
    fc.market.set(U, { last: 55_000 });
    fc.now = clock(15, 40);
    agent.onDayEnd?.(fc); // NAV 10,000 · (1 + 2 · 10%) = 12,000
    fc.now = at(1, 0);
    fc.market.set(U, { base: 55_000, last: 55_000 });
    fc.market.set(E, { last: 12_065 }); // 12,000 · 1.005 = 12,060: just above the band
    fc.dayStart(agent);
    fc.runUntil(agent, at(1, clock(15, 11)));
    expect(fc.sent.map((s) => (s.msg as { units: number }).units)).toEqual([1, 1]);
    // The fund's figure replaces the estimate: at NAV 12,100 the same price is inside the band.
    agent.onMessage?.(fc, 5, { type: 'units-settled', etf: 'LETF', units: 1, cuShares: 50_000, navPerShare: 12_100 });
    fc.now = at(1, clock(15, 45));
    agent.onDayEnd?.(fc); // the fund's NAV for today already arrived: no roll
    fc.now = at(2, 0);
    fc.dayStart(agent);
    fc.runUntil(agent, at(2, clock(15, 11)));
    expect(fc.sent).toHaveLength(2);
    // A figure arriving after the AP's own roll replaces it too: NAV 11,000, so 11,060 is above the band.
    fc.now = at(2, clock(15, 40));
    agent.onDayEnd?.(fc);
    agent.onMessage?.(fc, 5, { type: 'units-settled', etf: 'LETF', units: 1, cuShares: 50_000, navPerShare: 11_000 });
    fc.now = at(3, 0);
    fc.market.set(E, { last: 11_060 });
    fc.dayStart(agent);
    fc.runUntil(agent, at(3, clock(15, 11)));
    expect(fc.sent.slice(2).map((s) => (s.msg as { units: number }).units)).toEqual([1, 1]);
  });
});

describe('authorized-participant LP quotes (DOMAIN §4.3)', () => {
  it('quotes iNAV ∓ half spread on the ETF ladder from 09:05, every lpRequoteS', () => {
    const { fc, agent } = setup();
    fc.runUntil(agent, clock(9, 4, 59));
    expect(fc.orders).toEqual([]);
    fc.runUntil(agent, clock(9, 5));
    expect(fc.orders.map((o) => [o.t, o.side, o.type, o.price, o.qty])).toEqual([
      [clock(9, 5), BUY, LIMIT, 9_950, 1_000],
      [clock(9, 5), SELL, LIMIT, 10_050, 1_000],
    ]);
    fc.runUntil(agent, clock(9, 6)); // unchanged quotes are kept
    expect(fc.orders).toHaveLength(2);
    expect(fc.cancels).toEqual([]);
    fc.market.set(U, { last: 50_015 }); // iNAV 10,006: bid ⌊9,955.97⌋₅ = 9,955, ask ⌈10,056.03⌉₅ = 10,060
    fc.runUntil(agent, clock(9, 6, 5));
    expect(fc.cancels.map((c) => c.ref)).toEqual([0, 1]);
    expect(live(fc)).toEqual([[BUY, 9_955, 1_000], [SELL, 10_060, 1_000]]);
    expect(fc.orders[2]!.t - fc.orders[0]!.t).toBe(65 * US_PER_S);
  });

  it('skews both quotes by inventory and stops the side that would grow it past lpMaxInventory', () => {
    for (const [position, expected] of [
      [25_000, [[BUY, 9_925, 1_000], [SELL, 10_025, 1_000]]],
      [50_000, [[SELL, 10_000, 1_000]]],
      [-50_000, [[BUY, 10_000, 1_000]]],
      [-80_000, [[BUY, 10_000, 1_000]]],
    ] as const) {
      const { fc, agent } = setup({}, clock(10, 0));
      fc.market.set(E, { position });
      fc.runUntil(agent, clock(10, 0));
      expect(live(fc)).toEqual(expected);
    }
  });

  it('withdraws at once when the closing auction starts and posts nothing during it', () => {
    const { fc, agent } = setup({}, clock(15, 19));
    fc.runUntil(agent, clock(15, 19, 59));
    expect(live(fc)).toHaveLength(2);
    phase(fc, agent, U, 'closing-auction');
    phase(fc, agent, E, 'closing-auction');
    expect(live(fc)).toEqual([]);
    const n = fc.orders.length;
    fc.runUntil(agent, clock(15, 30));
    expect(fc.orders).toHaveLength(n);
  });

  it('with lpObligationInAuctions keeps quoting into the closing auction', () => {
    const { fc, agent } = setup({ lpObligationInAuctions: true }, clock(15, 19));
    fc.runUntil(agent, clock(15, 19, 59));
    phase(fc, agent, U, 'closing-auction');
    phase(fc, agent, E, 'closing-auction');
    expect(live(fc)).toHaveLength(2);
    fc.market.set(U, { last: 49_000 });
    fc.runUntil(agent, clock(15, 20, 30));
    expect(live(fc)).toEqual([[BUY, 9_550, 1_000], [SELL, 9_650, 1_000]]);
  });

  it('withdraws while the underlying is in a VI auction and returns after it', () => {
    const { fc, agent } = setup({}, clock(10, 0));
    fc.runUntil(agent, clock(10, 0));
    phase(fc, agent, U, 'vi-auction');
    expect(live(fc)).toEqual([]);
    fc.runUntil(agent, clock(10, 1));
    expect(live(fc)).toEqual([]);
    phase(fc, agent, U, 'continuous');
    fc.runUntil(agent, clock(10, 2, 5));
    expect(live(fc)).toEqual([[BUY, 9_950, 1_000], [SELL, 10_050, 1_000]]);
  });
});

describe('AP and fund accounting (DOMAIN §8.3 item 7)', () => {
  it('a creation moves SO by +CU, fund cash by +CU·NAV, exposure by L·CU·NAV; combined cash and shares conserved', () => {
    const peers = new Map<number, LedgerContext>();
    const fundCtx = new LedgerContext(3, peers, { symbols: SYMBOLS, tick: 5, now: 0 });
    const apCtx = new LedgerContext(7, peers, { symbols: SYMBOLS, tick: 5, now: 0 });
    const fp = fundSpec.params.parse({ etf: 'LETF', underlying: 'UND', leverage: 2, aumKrw: 10e9 });
    const info = { index: 0, count: 1, instruments: SYMBOLS };
    const start = fundSpec.initialPortfolio!(fp, { ...info, initialPrices: [50_000, 10_000] });
    fundCtx.cash = start.cash;
    apCtx.cash = 5e9;
    for (const c of [fundCtx, apCtx]) {
      c.market.set(U, { base: 50_000, last: 50_000, lower: 35_000, upper: 65_000 });
      c.market.set(E, { base: 10_000, last: 10_000 });
      c.market.volumeToday = () => 1_000;
    }
    fundCtx.market.set(U, { position: start.positions[U]! });
    fundCtx.market.set(E, { position: start.positions[E]! });
    apCtx.dir.set('leveraged-etf', [3]);
    const fund = fundSpec.create(fp, info);
    const ap = spec.create(spec.params.parse({ etf: 'LETF', underlying: 'UND', leverage: 2, lpQuote: false }), info);
    for (const [c, a] of [[fundCtx, fund], [apCtx, ap]] as const) {
      c.start(a);
      c.dayStart(a);
    }
    // −13% day; the ETF trades at a premium: iNAV 7,400, price 7,500 (π = 1.35%: 2 units).
    for (const c of [fundCtx, apCtx]) c.market.set(U, { last: 43_500 });
    apCtx.market.set(E, { last: 7_500 });
    apCtx.runUntil(ap, clock(15, 11));
    expect(apCtx.sent.map((s) => [s.to, s.msg])).toEqual([[3, { type: 'units-order', etf: 'LETF', units: 2 }]]);
    fund.onMessage?.(fundCtx, 7, apCtx.sent[0]!.msg);
    // The fund's closing trade includes L·F for the 2 CU at the estimated NAV per share.
    fundCtx.now = clock(15, 20);
    fundCtx.market.set(U, { phase: 'closing-auction' });
    fundCtx.notice(fund, { kind: 'phase-changed', instrument: U, phase: 'closing-auction' });
    const r = 43_500 / 50_000 - 1;
    const F = (2 * 50_000 * navAfter(10e9, 2, r)) / 1_000_000;
    const o = fundCtx.orders[0]!;
    expect([o.side, o.qty]).toEqual([SELL, Math.round(-(10e9 * 2 * r + 2 * F) / 43_500)]);
    fundCtx.market.set(U, { position: start.positions[U]! - o.qty });
    fundCtx.cash += o.qty * 43_500; // filled at the close
    const cash = fundCtx.cash + apCtx.cash;
    const etf = fundCtx.portfolio.position(E) + apCtx.portfolio.position(E);
    const fundCash = fundCtx.cash;
    fundCtx.now = clock(15, 40);
    fund.onDayEnd?.(fundCtx);
    const nps = (fundCash + fundCtx.portfolio.position(U) * 43_500) / 1_000_000;
    expect(nps).toBe(7_400);
    expect(fundCtx.transfers.map((t) => [t.to, t.inst, t.qty, t.cash])).toEqual([[7, E, 100_000, 100_000 * nps]]);
    expect(fundCtx.metrics.get('shares_outstanding.LETF')).toBe(1_100_000);
    expect(fundCtx.cash).toBe(fundCash + 100_000 * nps);
    expect(apCtx.portfolio.position(E)).toBe(100_000);
    expect(fundCtx.cash + apCtx.cash).toBe(cash);
    expect(fundCtx.portfolio.position(E) + apCtx.portfolio.position(E)).toBe(etf);
    // Exposure after the close is L × the new AUM, to one share.
    const aum = fundCtx.metrics.get('aum.LETF')!;
    expect(aum).toBe(7.4e9 + 100_000 * nps);
    expect(Math.abs(fundCtx.portfolio.position(U) * 43_500 - 2 * aum)).toBeLessThanOrEqual(43_500);
    // The AP learns the fund's NAV from the reply.
    const reply = fundCtx.sent[0]!;
    expect([reply.to, reply.msg]).toEqual([7, { type: 'units-settled', etf: 'LETF', units: 2, cuShares: 50_000, navPerShare: 7_400 }]);
  });
});

describe('issue 10: intraday arbitrage and inventory-based units', () => {
  const P = { arbBandPct: 1, arbQty: 10_000, lpMaxInventory: 50_000 };

  it('arbitrageOrder: sells a premium above 1%, buys a discount below −1%, nothing inside, capped by inventory room', () => {
    expect(arbitrageOrder(10_105, 10_110, 10_000, 0, P)).toEqual({ side: SELL, price: 10_105, qty: 10_000 });
    expect(arbitrageOrder(10_095, 10_100, 10_000, 0, P)).toEqual({ side: BUY, price: 0, qty: 0 }); // exactly +1%: inside
    expect(arbitrageOrder(9_880, 9_895, 10_000, 0, P)).toEqual({ side: BUY, price: 9_895, qty: 10_000 });
    expect(arbitrageOrder(10_105, 10_110, 10_000, -45_000, P).qty).toBe(5_000);
    expect(arbitrageOrder(9_880, 9_895, 10_000, 50_000, P).qty).toBe(0);
  });

  it('rejects params that break the LP contract (declared max spread, minimum size)', () => {
    const base = { etf: 'E', underlying: 'U', leverage: 2 };
    expect(() => spec.params.parse({ ...base, lpHalfSpreadPct: 0.6 })).toThrow(/LP obligation/);
    expect(() => spec.params.parse({ ...base, lpQuoteQty: 50 })).toThrow(/LP obligation/);
    expect(spec.params.parse({ ...base, lpHalfSpreadPct: 1, lpMaxSpreadPct: 2 }).lpHalfSpreadPct).toBe(1);
  });

  it('inventoryUnits: a short LP creates, a long one redeems, round(|position|/CU) capped', () => {
    expect(inventoryUnits(-120_000, 50_000, 5)).toBe(2);
    expect(inventoryUnits(130_000, 50_000, 5)).toBe(-3);
    expect(inventoryUnits(20_000, 50_000, 5)).toBe(0);
    expect(inventoryUnits(-1e7, 50_000, 5)).toBe(5);
  });

  it('the agent sends the arbitrage IOC every arbIntervalS from 09:05 in continuous trading', () => {
    const ctx = new FakeContext('authorized-participant', { symbols: ['UND', 'ETF'], tick: 5 });
    const agent = spec.create(spec.params.parse({ etf: 'ETF', underlying: 'UND', leverage: 2, lpQuote: false, arbIntervalS: 60 }), { index: 0, count: 1, instruments: ['UND', 'ETF'] });
    ctx.market.set(0, { base: 50_000, last: 50_000, phase: 'continuous' });
    ctx.market.set(1, { base: 10_000, last: 10_000, bid: 10_200, ask: 10_250, phase: 'continuous' });
    ctx.start(agent);
    ctx.dayStart(agent);
    ctx.runUntil(agent, at(0, clock(9, 6)));
    expect(ctx.orders.map((o) => [o.t, o.side, o.type, o.price, o.qty])).toEqual([
      [at(0, clock(9, 5)), SELL, IOC, 10_200, 10_000], [at(0, clock(9, 6)), SELL, IOC, 10_200, 10_000],
    ]);
  });
});
