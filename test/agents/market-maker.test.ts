import { describe, expect, it } from 'vitest';
import { spec } from '../../src/agents/market-maker.js';
import { TRADING_DAYS_PER_YEAR } from '../../src/core/time.js';

/** σ is annualised with the session from the context's calendar: FakeContext's KRX 09:00–15:30 is 390 minutes. */
const TRADING_MINUTES_PER_YEAR = TRADING_DAYS_PER_YEAR * 390;
import { clock, US_PER_S } from '../../src/core/time.js';
import { BUY, LIMIT, SELL } from '../../src/market/protocol.js';
import { build, FakeContext } from './fake-context.js';

const NOON = clock(12, 0);

function setup(params: Record<string, unknown> = {}, symbols: readonly string[] = ['AAA']) {
  const fc = new FakeContext('market-maker', { now: NOON, symbols });
  const agent = build(spec, params, symbols);
  fc.start(agent);
  return { fc, agent };
}

/** [side, price, qty] of the orders sent since index `from`. */
const sent = (fc: FakeContext, from = 0) => fc.orders.slice(from).map((o) => [o.side, o.price, o.qty]);
const bids = (fc: FakeContext, from = 0) => fc.orders.slice(from).filter((o) => o.side === BUY).map((o) => o.price);
const asks = (fc: FakeContext, from = 0) => fc.orders.slice(from).filter((o) => o.side === SELL).map((o) => o.price);

/** [bids, asks] prices of the quotes sent and not canceled. */
function live(fc: FakeContext): [number[], number[]] {
  const gone = new Set(fc.cancels.map((c) => c.ref));
  const open = fc.orders.filter((o) => !gone.has(o.ref));
  return [open.filter((o) => o.side === BUY).map((o) => o.price), open.filter((o) => o.side === SELL).map((o) => o.price)];
}

/** The formula on a 100-won ladder: bid_k = floor(c − (h + k·step + skew)·100), ask_k = ceil(c + (h + k·step − skew)·100). */
function expected(c: number, h: number, skew: number, levels = 3, step = 1): { bids: number[]; asks: number[] } {
  const k = [...Array(levels).keys()];
  return {
    bids: k.map((i) => Math.floor((c - (h + i * step + skew) * 100) / 100) * 100),
    asks: k.map((i) => Math.ceil((c + (h + i * step - skew) * 100) / 100) * 100),
  };
}

/** Annualised σ after one mid change a → b from zero variance (EWMA weight 1 − 0.5^(interval/halfLife)). */
function sigmaAfterOneMove(a: number, b: number, intervalMs = 1000, halfLifeS = 60): number {
  const decay = Math.pow(0.5, intervalMs / 1000 / halfLifeS);
  const r = Math.log(b / a);
  return Math.sqrt((1 - decay) * r * r * (TRADING_MINUTES_PER_YEAR * 60_000) / intervalMs);
}

describe('market-maker params', () => {
  it('pins the defaults and rejects unknown keys', () => {
    expect(spec.params.parse({})).toEqual({
      quoteIntervalMs: 1000, levels: 3, halfSpreadTicks: 0.5, levelStepTicks: 1, quoteQty: 100, skewTicksPerUnit: 0.25,
      lotUnit: 100, maxInventory: 2000, halfLifeS: 60, widenVolAnnual: 1, widenFactor: 2, withdrawVolAnnual: 4,
      cooldownS: 30, volSource: 'quotes', anchorToNews: false, volRefAnnual: 0.3, depthVolElasticity: 0,
      spreadVolElasticity: 0, imbalanceSkewTicks: 0, imbalanceMinutes: 1, newsRequote: false, dailyLossLimit: 0,
      instruments: [],
    });
    expect(() => spec.params.parse({ spreadTicks: 1 })).toThrow(/spreadTicks/);
  });

  it('throws a clear error for an unknown instrument symbol', () => {
    const fc = new FakeContext('market-maker', { symbols: ['AAA'] });
    expect(() => fc.start(build(spec, { instruments: ['ZZZ'] }))).toThrow(
      'market-maker: unknown instrument symbol "ZZZ" in params.instruments',
    );
  });
});

describe('market-maker quote prices', () => {
  it('posts `levels` levels a side of quoteQty around the mid (flat inventory)', () => {
    const { fc, agent } = setup();
    fc.step(agent);
    expect(fc.orders.every((o) => o.type === LIMIT && o.instrument === 0 && o.t === NOON)).toBe(true);
    expect(sent(fc)).toEqual([
      [BUY, 69_900, 100], [BUY, 69_800, 100], [BUY, 69_700, 100],
      [SELL, 70_000, 100], [SELL, 70_100, 100], [SELL, 70_200, 100],
    ]);
  });

  it('follows the formula for any position; long inventory lowers both sides', () => {
    for (const pos of [-1000, -400, -250, -30, 0, 130, 200, 400, 1999]) {
      const { fc, agent } = setup();
      fc.market.set(0, { position: pos });
      fc.step(agent);
      const e = expected(69_950, 0.5, (0.25 * pos) / 100);
      expect([bids(fc), asks(fc)]).toEqual([e.bids, e.asks]);
      expect(bids(fc)[0]!).toBeLessThan(asks(fc)[0]!);
    }
    const long = setup();
    long.fc.market.set(0, { position: 400 });
    long.fc.step(long.agent);
    expect([bids(long.fc), asks(long.fc)]).toEqual([[69_800, 69_700, 69_600], [69_900, 70_000, 70_100]]);
    const short = setup();
    short.fc.market.set(0, { position: -400 });
    short.fc.step(short.agent);
    expect([bids(short.fc), asks(short.fc)]).toEqual([[70_000, 69_900, 69_800], [70_100, 70_200, 70_300]]);
  });

  it('lotUnit and skewTicksPerUnit scale the skew', () => {
    const { fc, agent } = setup({ skewTicksPerUnit: 1, lotUnit: 50 });
    fc.market.set(0, { position: 100 }); // 2 ticks
    fc.step(agent);
    expect([bids(fc), asks(fc)]).toEqual([[69_700, 69_600, 69_500], [69_800, 69_900, 70_000]]);
  });

  it('levels, levelStepTicks, halfSpreadTicks and quoteQty shape the ladder', () => {
    const { fc, agent } = setup({ levels: 2, levelStepTicks: 3, halfSpreadTicks: 1.5, quoteQty: 7 });
    fc.step(agent);
    expect(sent(fc)).toEqual([[BUY, 69_800, 7], [BUY, 69_500, 7], [SELL, 70_100, 7], [SELL, 70_400, 7]]);
  });

  it('keeps bid < ask when a zero half spread puts both on an on-tick mid', () => {
    const { fc, agent } = setup({ halfSpreadTicks: 0 });
    fc.market.set(0, { bid: 69_900, ask: 70_100 });
    fc.step(agent);
    expect([bids(fc), asks(fc)]).toEqual([[70_000, 69_900, 69_800], [70_100, 70_200, 70_300]]);
  });

  it('stays on the KRX ladder across the 50,000 band edge', () => {
    const { fc, agent } = setup();
    fc.market.set(0, { bid: 49_950, ask: 50_100 });
    fc.step(agent);
    expect([bids(fc), asks(fc)]).toEqual([[49_950, 49_850, 49_750], [50_100, 50_200, 50_300]]);
    expect(fc.orders.every((o) => fc.market.grid.isValid(o.price))).toBe(true);
  });

  it('leaves out levels outside the daily limits', () => {
    const { fc, agent } = setup();
    fc.market.set(0, { lower: 69_800, upper: 70_100 });
    fc.step(agent);
    expect([bids(fc), asks(fc)]).toEqual([[69_900, 69_800], [70_000, 70_100]]);
  });

  it('centers on the latest news value only when anchorToNews', () => {
    const plain = setup();
    plain.fc.notice(plain.agent, { kind: 'news', instrument: 0, value: 71_000 });
    plain.fc.step(plain.agent);
    expect(bids(plain.fc)[0]).toBe(69_900);
    const anchored = setup({ anchorToNews: true });
    anchored.fc.notice(anchored.agent, { kind: 'news', instrument: 0, value: 71_000 });
    anchored.fc.step(anchored.agent);
    expect([bids(anchored.fc), asks(anchored.fc)]).toEqual([[70_900, 70_800, 70_700], [71_100, 71_200, 71_300]]);
  });

  it('with anchorToNews centers on the base price until the first release', () => {
    const fc = new FakeContext('market-maker', { now: NOON });
    fc.market.set(0, { base: 71_000 });
    const agent = build(spec, { anchorToNews: true });
    fc.start(agent);
    fc.step(agent);
    expect([bids(fc), asks(fc)]).toEqual([[70_900, 70_800, 70_700], [71_100, 71_200, 71_300]]);
    fc.notice(agent, { kind: 'news', instrument: 0, value: 70_500 });
    fc.step(agent);
    expect(live(fc)).toEqual([[70_400, 70_300, 70_200], [70_600, 70_700, 70_800]]);
  });

  it('with newsRequote moves its centre by the change a release discloses, once', () => {
    const { fc, agent } = setup({ newsRequote: true });
    fc.notice(agent, { kind: 'news', instrument: 0, value: 70_000 });
    fc.notice(agent, { kind: 'news', instrument: 0, value: 71_400 }); // +2% disclosed: requotes at once
    // the first release changes nothing (base price 70,000 → 70,000): quotes around the mid 69,950
    expect([bids(fc).slice(0, 3), asks(fc).slice(0, 3)]).toEqual([[69_900, 69_800, 69_700], [70_000, 70_100, 70_200]]);
    // then mid 69,950 × 1.02 = 71,349: bids floor(71,349 − 50 − k·100), asks ceil(71,349 + 50 + k·100)
    expect([bids(fc).slice(3), asks(fc).slice(3)]).toEqual([[71_200, 71_100, 71_000], [71_400, 71_500, 71_600]]);
  });

  it('thins depth and widens the spread with volatility, and leans on order-flow imbalance', () => {
    const p = { volSource: 'minute', volRefAnnual: 0.3, depthVolElasticity: 1, spreadVolElasticity: 1, levels: 1 };
    const calm = setup(p);
    calm.fc.market.set(0, { vol: 0.3 });
    calm.fc.step(calm.agent);
    expect(calm.fc.orders.map((o) => o.qty)).toEqual([100, 100]);
    const hot = setup(p);
    hot.fc.market.set(0, { vol: 0.6 }); // σ/σ_ref = 2: size 100·(1/2) = 50, half spread 0.5·2 = 1 tick
    hot.fc.step(hot.agent);
    expect(hot.fc.orders.map((o) => o.qty)).toEqual([50, 50]);
    expect([bids(hot.fc), asks(hot.fc)]).toEqual([[69_800], [70_100]]);
    const ofi = setup({ imbalanceSkewTicks: 2, levels: 1 });
    ofi.fc.market.set(0, { signed: 1000 }); // clamped to +1: both quotes 2 ticks up
    ofi.fc.step(ofi.agent);
    expect([bids(ofi.fc), asks(ofi.fc)]).toEqual([[70_100], [70_200]]);
  });

  it('stops quoting for the day after a loss beyond dailyLossLimit', () => {
    const { fc, agent } = setup({ dailyLossLimit: 1_000_000 });
    fc.market.set(0, { position: 1000, last: 70_000 });
    fc.dayStart(agent);
    fc.market.set(0, { last: 68_000 }); // −2M on the position
    fc.step(agent);
    expect(fc.orders).toEqual([]);
  });

  it('size = round(quoteQty·min(1, (σ_ref/σ)^e_depth)), half spread × max(1, (σ/σ_ref)^e_spread): exact, never above quoteQty or narrower', () => {
    const one = (p: Record<string, unknown>, vol: number, bid = 69_900, ask = 70_000) => {
      const { fc, agent } = setup({ volSource: 'minute', volRefAnnual: 0.3, levels: 1, widenVolAnnual: 5, ...p });
      fc.market.set(0, { vol, bid, ask });
      fc.step(agent);
      return { qty: fc.orders.map((o) => o.qty), quotes: [bids(fc), asks(fc)] };
    };
    // σ/σ_ref = 3, elasticities 1: 100/3 → 33 shares; half spread 0.5·3 = 1.5 ticks around the on-tick mid 70,000
    expect(one({ depthVolElasticity: 1, spreadVolElasticity: 1 }, 0.9, 69_900, 70_100)).toEqual({ qty: [33, 33], quotes: [[69_800], [70_200]] });
    // σ/σ_ref = 4, elasticities 0.5: 100·4^−0.5 = 50 shares; half spread 0.5·2 = 1 tick
    expect(one({ depthVolElasticity: 0.5, spreadVolElasticity: 0.5 }, 1.2, 69_900, 70_100)).toEqual({ qty: [50, 50], quotes: [[69_900], [70_100]] });
    // below σ_ref (ratio 1/2) neither grows the size nor narrows the 1-tick half spread around the mid 69,950
    expect(one({ depthVolElasticity: 1, spreadVolElasticity: 1, halfSpreadTicks: 1 }, 0.15)).toEqual({ qty: [100, 100], quotes: [[69_800], [70_100]] });
    // elasticity 0 (the default) leaves size and spread alone at any σ below the withdrawal level
    expect(one({}, 3)).toEqual({ qty: [100, 100], quotes: [[69_900], [70_000]] });
    // 'minute' without a reading yet falls back to σ_ref itself: ratio 1
    expect(one({ depthVolElasticity: 1, spreadVolElasticity: 1 }, NaN)).toEqual({ qty: [100, 100], quotes: [[69_900], [70_000]] });
  });

  it('shifts the centre by imbalanceSkewTicks·clamp(signed volume/(levels·quoteQty), ±1) ticks', () => {
    const shifted = (signed: number, p: Record<string, unknown> = {}) => {
      const { fc, agent } = setup({ imbalanceSkewTicks: 2, ...p });
      fc.market.set(0, { signed });
      fc.step(agent);
      return [bids(fc), asks(fc)];
    };
    // 150 / (3·100) = 0.5: one tick up from the mid 69,950
    expect(shifted(150)).toEqual([[70_000, 69_900, 69_800], [70_100, 70_200, 70_300]]);
    // −1,000 clamps to −1: two ticks down
    expect(shifted(-1000)).toEqual([[69_700, 69_600, 69_500], [69_800, 69_900, 70_000]]);
    expect(shifted(0)).toEqual([[69_900, 69_800, 69_700], [70_000, 70_100, 70_200]]);
    // with levels 1 and quoteQty 50 the same 150 shares saturate: +2 ticks
    expect(shifted(150, { levels: 1, quoteQty: 50 })).toEqual([[70_100], [70_200]]);
    // imbalanceSkewTicks 0 (the default) ignores the flow
    expect(shifted(1000, { imbalanceSkewTicks: 0 })).toEqual([[69_900, 69_800, 69_700], [70_000, 70_100, 70_200]]);
  });

  it('dailyLossLimit: quotes within the limit, pulls its quotes once the day\'s loss exceeds it, stays out that day, back the next', () => {
    const { fc, agent } = setup({ dailyLossLimit: 1_000_000, skewTicksPerUnit: 0 });
    fc.market.set(0, { position: 1000, last: 70_000 });
    fc.dayStart(agent); // the day starts at 1,000 × 70,000
    fc.market.set(0, { last: 69_100 }); // −0.9M: still quoting
    fc.step(agent);
    expect(fc.orders).toHaveLength(6);
    fc.market.set(0, { last: 68_900 }); // −1.1M
    fc.step(agent);
    expect(fc.cancels.map((c) => c.ref)).toEqual([0, 1, 2, 3, 4, 5]);
    fc.market.set(0, { last: 70_000 }); // recovered, but stopped for the day
    for (let i = 0; i < 40; i++) fc.step(agent);
    expect(fc.orders).toHaveLength(6);
    expect(fc.pendingWith(0)).toHaveLength(1);
    fc.dayStart(agent);
    fc.step(agent);
    expect(sent(fc, 6)).toEqual([
      [BUY, 69_900, 100], [BUY, 69_800, 100], [BUY, 69_700, 100], [SELL, 70_000, 100], [SELL, 70_100, 100], [SELL, 70_200, 100],
    ]);
  });

  it('dailyLossLimit 0 (the default) never stops it', () => {
    const { fc, agent } = setup({ skewTicksPerUnit: 0 });
    fc.market.set(0, { position: 1000, last: 70_000 });
    fc.dayStart(agent);
    fc.market.set(0, { last: 50_000 });
    fc.step(agent);
    expect(fc.orders).toHaveLength(6);
  });

  it('uses the last price as the center when a book side is empty', () => {
    const { fc, agent } = setup();
    fc.market.set(0, { bid: 0, ask: 71_000, last: 70_500 });
    fc.step(agent);
    expect([bids(fc), asks(fc)]).toEqual([[70_400, 70_300, 70_200], [70_600, 70_700, 70_800]]);
  });
});

describe('market-maker requoting', () => {
  it('requotes every quoteIntervalMs, keeping unchanged open quotes', () => {
    const { fc, agent } = setup({ quoteIntervalMs: 250 });
    fc.step(agent);
    expect(fc.pendingWith(0).map((w) => w.t)).toEqual([NOON + 250_000]);
    fc.step(agent);
    expect(fc.orders).toHaveLength(6);
    expect(fc.cancels).toEqual([]);
  });

  it('cancels moved quotes before sending the new ones', () => {
    const { fc, agent } = setup();
    fc.step(agent);
    fc.market.set(0, { bid: 70_000, ask: 70_100 });
    fc.step(agent);
    expect([bids(fc, 6), asks(fc, 6)]).toEqual([[70_000, 69_900, 69_800], [70_100, 70_200, 70_300]]);
    expect(fc.actions.slice(6).map((a) => a.op)).toEqual([...Array(6).fill('cancel'), ...Array(6).fill('submit')]);
    expect(fc.cancels.map((c) => c.ref)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('replaces a filled quote at the same price', () => {
    const { fc, agent } = setup();
    fc.step(agent);
    fc.finish(0);
    fc.fill(4, 30);
    fc.step(agent);
    expect(sent(fc, 6)).toEqual([[BUY, 69_900, 100]]); // the partly filled ask keeps its place
    expect(fc.cancels).toEqual([]);
  });
});

describe('market-maker volatility', () => {
  /** Quote at mid 69,950, then move the book to mid 70,050 and requote. */
  function afterMove(params: Record<string, unknown>) {
    const { fc, agent } = setup(params);
    fc.step(agent);
    fc.market.set(0, { bid: 70_000, ask: 70_100 });
    fc.step(agent);
    return { fc, agent };
  }
  const sigma = sigmaAfterOneMove(69_950, 70_050);

  it('widens the half spread by widenFactor once σ exceeds widenVolAnnual', () => {
    expect(sigma).toBeCloseTo(0.3718, 4); // a half-tick mid move per second is calm (< widenVolAnnual 1)
    const calm = afterMove({ widenVolAnnual: sigma * 1.001 }).fc;
    expect([bids(calm, 6), asks(calm, 6)]).toEqual([[70_000, 69_900, 69_800], [70_100, 70_200, 70_300]]);
    const wide = afterMove({ widenVolAnnual: sigma * 0.999, widenFactor: 3 }).fc;
    const e = expected(70_050, 1.5, 0);
    expect(live(wide)).toEqual([e.bids, e.asks]);
    expect(live(wide)).toEqual([[69_900, 69_800, 69_700], [70_200, 70_300, 70_400]]); // the bids did not move
    expect(wide.cancels.map((c) => c.ref)).toEqual([3, 4, 5]);
  });

  it('withdraws both sides once σ exceeds withdrawVolAnnual, canceling its quotes', () => {
    const { fc } = afterMove({ withdrawVolAnnual: sigma * 0.999 });
    expect(fc.orders).toHaveLength(6);
    expect(fc.cancels.map((c) => c.ref)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('re-enters once cooldownS has passed, or later if σ is still too high', () => {
    // halfLifeS 1 with 1-s intervals: the variance halves every interval after the move at NOON + 1 s.
    const s1 = sigmaAfterOneMove(69_950, 70_050, 1000, 1);
    for (const [threshold, back] of [[s1 * 0.8, 5], [s1 * 0.1, 7]] as const) {
      const { fc, agent } = afterMove({ halfLifeS: 1, withdrawVolAnnual: threshold, cooldownS: 5 });
      expect(fc.orders).toHaveLength(6);
      for (let k = 1; k <= 10; k++) fc.step(agent);
      const firstBack = fc.orders[6]!.t;
      expect(firstBack).toBe(NOON + (1 + back) * US_PER_S);
      expect(s1 * Math.pow(0.5, back / 2)).toBeLessThanOrEqual(threshold);
    }
  });
});

describe('market-maker inventory limit', () => {
  it('stops quoting the side that would grow |position| beyond maxInventory', () => {
    const long = setup({ maxInventory: 500, skewTicksPerUnit: 0 });
    long.fc.market.set(0, { position: 500 });
    long.fc.step(long.agent);
    expect([bids(long.fc), asks(long.fc)]).toEqual([[], [70_000, 70_100, 70_200]]);
    const short = setup({ maxInventory: 500, skewTicksPerUnit: 0 });
    short.fc.market.set(0, { position: -500 });
    short.fc.step(short.agent);
    expect([bids(short.fc), asks(short.fc)]).toEqual([[69_900, 69_800, 69_700], []]);
  });

  it('cancels that side at once and re-enters after cooldownS once inventory is back under the limit', () => {
    const { fc, agent } = setup({ maxInventory: 500, skewTicksPerUnit: 0, cooldownS: 3 });
    fc.step(agent); // NOON: six quotes
    fc.market.set(0, { position: 600 });
    fc.step(agent); // NOON + 1 s: bids withdrawn
    expect(fc.cancels.map((c) => c.ref)).toEqual([0, 1, 2]);
    expect(fc.orders).toHaveLength(6);
    fc.market.set(0, { position: 100 });
    fc.step(agent); // + 2 s: clear, but within the cooldown
    fc.step(agent); // + 3 s
    expect(fc.orders).toHaveLength(6);
    fc.step(agent); // + 4 s = withdrawal + 3 s
    expect(sent(fc, 6)).toEqual([[BUY, 69_900, 100], [BUY, 69_800, 100], [BUY, 69_700, 100]]);
    expect(fc.orders[6]!.t).toBe(NOON + 4 * US_PER_S);
  });
});

describe('market-maker phases and instruments', () => {
  it('pulls its quotes when trading leaves continuous and sends nothing until it returns', () => {
    for (const phase of ['vi-auction', 'halted', 'closing-auction', 'reopening-auction'] as const) {
      const { fc, agent } = setup();
      fc.step(agent);
      fc.market.setPhase(phase);
      fc.step(agent);
      fc.step(agent);
      expect(fc.orders).toHaveLength(6);
      expect(fc.cancels.map((c) => c.ref)).toEqual([0, 1, 2, 3, 4, 5]);
      expect(fc.pendingWith(0)).toHaveLength(1);
      fc.market.setPhase('continuous');
      fc.step(agent);
      expect(fc.orders).toHaveLength(12);
    }
  });

  it('sends nothing in the pre-open, stops while closed and restarts on a phase change', () => {
    const { fc, agent } = setup();
    fc.market.setPhase('pre-open');
    fc.step(agent);
    expect(fc.orders).toEqual([]);
    fc.market.setPhase('closed');
    fc.step(agent);
    expect(fc.pending).toEqual([]);
    fc.now = NOON + 60 * US_PER_S;
    fc.market.setPhase('continuous');
    fc.notice(agent, { kind: 'phase-changed', instrument: 0, phase: 'continuous' });
    expect(fc.pendingWith(0).map((w) => w.t)).toEqual([fc.now]);
    fc.step(agent);
    expect(fc.orders).toHaveLength(6);
  });

  it('forgets expired quotes at the start of a day', () => {
    const { fc, agent } = setup();
    fc.step(agent);
    fc.dayStart(agent);
    for (let i = 0; i < 6; i++) fc.finish(i);
    fc.step(agent);
    expect(fc.cancels).toEqual([]);
    expect(fc.orders).toHaveLength(12);
  });

  it('quotes every instrument, or only those named', () => {
    const all = setup({}, ['AAA', 'BBB']);
    all.fc.market.set(1, { bid: 9_990, ask: 10_000, last: 10_000 });
    all.fc.step(all.agent);
    expect(all.fc.orders.filter((o) => o.instrument === 1).map((o) => o.price)).toEqual([9_990, 9_980, 9_970, 10_000, 10_010, 10_020]);
    expect(all.fc.orders.filter((o) => o.instrument === 0)).toHaveLength(6);
    const only = setup({ instruments: ['BBB'] }, ['AAA', 'BBB']);
    only.fc.step(only.agent);
    expect(only.fc.orders.map((o) => o.instrument)).toEqual([1, 1, 1, 1, 1, 1]);
  });
});
