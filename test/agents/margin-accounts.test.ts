import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Agent } from '../../src/agents/agent.js';
import {
  assignBrokers, buildPopulation, cureDraw, forcedPrice, MarginBook, spec, splitFill, triggerPrice,
} from '../../src/agents/margin-accounts.js';
import type { MarginAccountsParams } from '../../src/agents/margin-accounts.js';
import { at, clock } from '../../src/core/time.js';
import { collateralRatio, forcedSaleQty, isMarginCall, marginTriggerPrice } from '../../src/finance/margin.js';
import { BUY, LIMIT, SELL } from '../../src/market/protocol.js';
import { build, FakeContext } from './fake-context.js';

const P0 = 70_000;
const PREOPEN = clock(8, 35);
/** One fresh account: 100 shares bought at 70,000 with 40% margin, loan 0.6 × 100 × 70,000 = 4,200,000. */
const ONE = { instrument: 'AAA', accounts: 1, totalLoanKrw: 4_200_000, entrySd: 0, cureProbability: 0 };

function setup(params: Record<string, unknown> = {}) {
  const ctx = new FakeContext('margin-accounts', { now: 0 });
  const agent = build(spec, { ...ONE, ...params });
  ctx.start(agent);
  return { ctx, agent };
}

/**
 * Trading day `d` with base price `base` (limits `lower`/`upper`): day start at midnight, everything up to 15:40
 * (the pre-open orders), then the close at `close` and onDayEnd. Returns the orders sent that day.
 */
function tradeDay(ctx: FakeContext, agent: Agent, d: number, base: number, close: number, lower = 0, upper = 0) {
  ctx.now = at(d, 0);
  ctx.market.set(0, { base, last: base, lower, upper, phase: 'pre-open' });
  ctx.dayStart(agent);
  const n = ctx.orders.length;
  ctx.runUntil(agent, at(d, clock(15, 40)));
  ctx.market.set(0, { last: close, phase: 'day-ended' });
  agent.onDayEnd!(ctx);
  return ctx.orders.slice(n);
}

const calls = (ctx: FakeContext) => ctx.metrics.get('margin_calls.AAA');

describe('margin-accounts params', () => {
  it('pins the defaults, requires the instrument and rejects unknown keys', () => {
    expect(spec.params.parse({ instrument: 'AAA' })).toEqual({
      instrument: 'AAA', accounts: 5000, totalLoanKrw: 1e12, initialMargin: 0.4, maintenance: 1.4, entryMedianPct: 100,
      entrySd: 0.15, populationSeed: 1, discount: 0.2, graceDays: 2, cureProbability: 0.3, sellAll: false,
      screenRatio: 1.4, loanTermDays: 0, brokers: [],
      orderTime: '08:35', unsettled: { dailyBuyKrw: 0, shareOfBuys: 0.1, unpaidProb: 0.01 },
    });
    expect(spec.params.parse({ instrument: 'AAA', discount: 'lower-limit' }).discount).toBe('lower-limit');
    expect(() => spec.params.parse({})).toThrow(/instrument/);
    expect(() => spec.params.parse({ instrument: 'AAA', grace: 1 })).toThrow(/grace/);
    expect(() => spec.params.parse({ instrument: 'AAA', discount: 1 })).toThrow();
  });

  it('throws a clear error for an unknown instrument symbol', () => {
    const ctx = new FakeContext('margin-accounts');
    expect(() => ctx.start(build(spec, { instrument: 'ZZZ' }))).toThrow(
      'margin-accounts: unknown instrument symbol "ZZZ" in params.instrument',
    );
  });
});

describe('triggerPrice (exact integer flag test)', () => {
  it('a fresh 40%-margin account is flagged iff the close is below 0.84 × the entry price', () => {
    expect(triggerPrice(100, 4_200_000, 0, 14_000)).toBe(58_800);
    expect(marginTriggerPrice(P0, 0.4)).toBeCloseTo(58_800, 9); // 58,799.99999999999 in floats
    for (const close of [58_799, 58_800, 58_801]) {
      const flagged = close < triggerPrice(100, 4_200_000, 0, 14_000);
      expect(flagged).toBe(close < 0.84 * P0);
      expect(flagged).toBe(isMarginCall(collateralRatio(0, 100 * close, 4_200_000)));
    }
  });

  it('is 0 (never flagged) without shares, loan, or with cash covering the loan', () => {
    expect(triggerPrice(0, 1_000, 0, 14_000)).toBe(0);
    expect(triggerPrice(10, 0, 0, 14_000)).toBe(0);
    expect(triggerPrice(10, 1_000, 1_400, 14_000)).toBe(0);
  });

  it('property: P < trigger ⇔ CR = (c + n·P)/L < 1.4', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 1, max: 1e10 }), fc.integer({ min: 0, max: 1e9 }),
      fc.integer({ min: 1, max: 1_000_000 }),
      (n, L, c, P) => {
        expect(P < triggerPrice(n, L, c, 14_000)).toBe(isMarginCall(collateralRatio(c, n * P, L)));
      },
    ));
  });
});

describe('MarginBook: the sorted index', () => {
  /** Every account holding shares with CR < 1.4 (one sold out is closed: nothing is left to call on). */
  const naive = (b: MarginBook, P: number): number[] => {
    const out: number[] = [];
    for (let i = 0; i < b.size; i++) {
      if (b.shares[i]! > 0 && isMarginCall(collateralRatio(b.cash[i]!, b.shares[i]! * P, b.loan[i]!))) out.push(i);
    }
    return out;
  };
  const viaIndex = (b: MarginBook, P: number): number[] => Array.from(b.flagged(P)).sort((x, y) => x - y);

  it('property: finds exactly the accounts a naive O(n) scan finds, as accounts are sold down and cured', () => {
    const account = fc.record({ n: fc.integer({ min: 0, max: 50_000 }), L: fc.integer({ min: 0, max: 5e9 }), c: fc.integer({ min: 0, max: 1e8 }) });
    const move = fc.record({ P: fc.integer({ min: 1, max: 200_000 }), op: fc.constantFrom('sell', 'cure', 'none'), who: fc.nat(), frac: fc.double({ min: 0, max: 1, noNaN: true }) });
    fc.assert(fc.property(fc.array(account, { minLength: 1, maxLength: 80 }), fc.array(move, { maxLength: 30 }), (accs, path) => {
      const b = new MarginBook(accs.length, 14_000);
      accs.forEach((a, i) => b.set(i, a.n, a.L, a.c));
      for (const { P, op, who, frac } of path) {
        expect(viaIndex(b, P)).toEqual(naive(b, P));
        const i = who % b.size;
        if (op === 'sell') b.sell(i, Math.floor(b.shares[i]! * frac), P);
        if (op === 'cure') b.cure(i, P);
        if (op === 'cure' && b.loan[i]! > 0) expect(isMarginCall(collateralRatio(b.cash[i]!, b.shares[i]! * P, b.loan[i]!))).toBe(false);
      }
    }));
  });

  it('on a default population along a falling price path', () => {
    const p = spec.params.parse({ instrument: 'AAA', accounts: 3000 });
    const b = buildPopulation(p, P0, 0);
    let prev = 0;
    for (let P = P0; P >= 30_000; P -= 1_000) {
      const ids = viaIndex(b, P);
      expect(ids).toEqual(naive(b, P));
      expect(ids.length).toBeGreaterThanOrEqual(prev);
      prev = ids.length;
    }
    expect(prev).toBe(3000);
  });

  it('sell repays the loan first; cure deposits the least cash restoring the ratio', () => {
    const b = new MarginBook(2, 14_000);
    b.set(0, 100, 4_200_000, 0);
    b.sell(0, 12, 46_400);
    expect([b.shares[0], b.loan[0], b.cash[0], b.trigger[0]]).toEqual([88, 3_643_200, 0, 57_960]);
    b.sell(0, 88, 50_000);
    expect([b.shares[0], b.loan[0], b.cash[0], b.trigger[0]]).toEqual([0, 0, 756_800, 0]);
    b.set(1, 100, 4_200_000, 0);
    b.cure(1, 58_000); // needs 1.4 × 4.2M − 5.8M = 80,000
    expect(b.cash[1]).toBe(80_000);
    expect(Array.from(b.flagged(58_000))).toEqual([]);
    expect(Array.from(b.flagged(57_999))).toEqual([1]);
  });
});

describe('population and initial portfolio', () => {
  const parse = (x: Record<string, unknown>): MarginAccountsParams => spec.params.parse({ instrument: 'AAA', ...x });

  it('no account is flagged at the initial price; the same params give the same accounts', () => {
    const p = parse({ accounts: 2000 });
    const a = buildPopulation(p, P0, 0);
    expect(a.flagged(P0)).toHaveLength(0);
    expect(Math.max(...a.trigger)).toBeLessThanOrEqual(P0);
    expect(buildPopulation(p, P0, 0).shares).toEqual(a.shares);
    expect(buildPopulation(p, P0, 1).shares).not.toEqual(a.shares);
    expect(buildPopulation(parse({ accounts: 2000, populationSeed: 2 }), P0, 0).shares).not.toEqual(a.shares);
  });

  it('fresh accounts: L = round(0.6·n·entry), n from equal loans; entrySd 0 puts every trigger at 0.84·P₀', () => {
    const b = buildPopulation(parse({ accounts: 3, entrySd: 0, totalLoanKrw: 6e8 }), P0, 0);
    const n = Math.round(2e8 / (0.6 * P0)); // 4,762
    expect(Array.from(b.shares)).toEqual([n, n, n]);
    expect(Array.from(b.loan)).toEqual([0.6 * n * P0, 0.6 * n * P0, 0.6 * n * P0].map(Math.round));
    expect(Array.from(b.trigger)).toEqual([58_800, 58_800, 58_800]);
  });

  it('initialPortfolio: Σ shares and cash = −Σ loans (owed to brokers outside the model)', () => {
    const p = parse({});
    const info = { index: 0, count: 1, instruments: ['BBB', 'AAA'], initialPrices: [1_000, P0] };
    const start = spec.initialPortfolio!(p, info);
    const b = buildPopulation(p, P0, 0);
    const sum = (x: Float64Array) => x.reduce((s, v) => s + v, 0);
    expect(start).toEqual({ cash: -sum(b.loan), positions: [0, sum(b.shares)] });
    expect(Math.abs(sum(b.loan) / 1e12 - 1)).toBeLessThan(1e-3);
    expect(() => spec.initialPortfolio!(parse({ instrument: 'ZZZ' }), info)).toThrow('unknown instrument symbol "ZZZ"');
  });

  it('the single test account', () => {
    expect(spec.initialPortfolio!(spec.params.parse(ONE), { index: 0, count: 1, instruments: ['AAA'], initialPrices: [P0] }))
      .toEqual({ cash: -4_200_000, positions: [100] });
  });
});

describe('margin calls at the close', () => {
  it('flags iff the close is below 0.84·P_buy: 58,799 yes, 58,800 and 58,801 no', () => {
    for (const [close, n] of [[58_801, 0], [58_800, 0], [58_799, 1]] as const) {
      const { ctx, agent } = setup();
      tradeDay(ctx, agent, 0, P0, close);
      expect(calls(ctx)).toBe(n);
    }
  });

  it('an open call is not counted again at the next close', () => {
    const { ctx, agent } = setup();
    tradeDay(ctx, agent, 0, P0, 58_000);
    tradeDay(ctx, agent, 1, 58_000, 57_000);
    expect(calls(ctx)).toBe(1);
    expect(ctx.metrics.get('margin_forced_sale_value.AAA')).toBe(0);
  });
});

describe('forced sales at the D+2 opening auction', () => {
  /** Called at day 0's close (58,000), day 1 closes at `refClose`; returns the orders of days 1 and 2. */
  function called(params: Record<string, unknown> = {}, refClose = 58_000, lower = 40_600) {
    const { ctx, agent } = setup(params);
    tradeDay(ctx, agent, 0, P0, 58_000);
    const day1 = tradeDay(ctx, agent, 1, 58_000, refClose);
    ctx.now = at(2, 0);
    ctx.market.set(0, { base: refClose, lower, upper: 75_400, phase: 'pre-open' });
    ctx.dayStart(agent);
    const n = ctx.orders.length;
    ctx.runUntil(agent, at(2, clock(9, 0)));
    const day2 = ctx.orders.slice(n);
    return { ctx, agent, day1, day2 };
  }

  it('is sent in the pre-open of D+2 (not earlier) at max(lower, ⌈P_ref(1 − d)⌉) for the DOMAIN quantity', () => {
    const { day1, day2 } = called();
    expect(day1).toEqual([]);
    // q = ⌈(1.4·4,200,000 − 100·58,000) / (1.4·0.8·58,000 − 58,000)⌉ = ⌈80,000 / 6,960⌉ = 12
    expect(forcedSaleQty(100, 4_200_000, 0, 58_000, 0.2)).toBe(12);
    expect(day2).toEqual([
      { instrument: 0, side: SELL, type: LIMIT, price: 46_400, qty: 12, forced: true, t: at(2, PREOPEN), ref: 0 },
    ]);
  });

  it('rounds the limit up to the tick: P_ref 58,100 → 46,480 → 46,500 (tick 50), q = ⌈70,000 / 6,972⌉ = 11', () => {
    const { day2 } = called({}, 58_100);
    expect(day2.map((o) => [o.price, o.qty])).toEqual([[46_500, 11]]);
  });

  it('a discount beyond the limit sells at the lower limit, and everything when 1.4(1 − d) ≤ 1', () => {
    expect(called({ discount: 0.35 }).day2.map((o) => [o.price, o.qty])).toEqual([[40_600, 100]]);
    expect(called({ discount: 'lower-limit' }).day2.map((o) => [o.price, o.qty])).toEqual([[40_600, 100]]);
  });

  it('sellAll sells every share; graceDays 1 sells at D+1', () => {
    expect(called({ sellAll: true }).day2.map((o) => [o.price, o.qty])).toEqual([[46_400, 100]]);
    const { day1 } = called({ graceDays: 1 });
    expect(day1.map((o) => [o.t, o.price, o.qty])).toEqual([[at(1, PREOPEN), 46_400, 12]]);
  });

  it('a cure (probability 1) cancels it, restoring CR = 1.4 at the reference price exactly', () => {
    const { ctx, agent, day2 } = called({ cureProbability: 1 });
    expect(day2).toEqual([]);
    agent.onDayEnd!(ctx); // close = 58,000 = P_ref: CR exactly 1.4, not called
    expect(calls(ctx)).toBe(1);
    ctx.market.set(0, { last: 57_999 });
    agent.onDayEnd!(ctx);
    expect(calls(ctx)).toBe(2);
  });

  it('an account back above maintenance at the reference close is released', () => {
    const { ctx, agent, day2 } = called({}, 58_800);
    expect(day2).toEqual([]);
    ctx.market.set(0, { last: 58_799 });
    agent.onDayEnd!(ctx);
    expect(calls(ctx)).toBe(2); // a new call
  });

  it('fills repay the loan and are reported; the account is re-evaluated with its new trigger', () => {
    const { ctx, agent, day2 } = called();
    ctx.fill(day2[0]!.ref, 12, agent);
    expect(ctx.metrics.get('margin_forced_sale_value.AAA')).toBe(12 * 46_400);
    expect(ctx.metrics.get('margin_forced_sale_qty.AAA')).toBe(12);
    // 88 shares, loan 4,200,000 − 556,800 = 3,643,200 → trigger 1.4 · 3,643,200 / 88 = 57,960.
    ctx.market.set(0, { last: 57_960 });
    agent.onDayEnd!(ctx);
    expect(calls(ctx)).toBe(1);
    ctx.market.set(0, { last: 57_959 });
    agent.onDayEnd!(ctx);
    expect(calls(ctx)).toBe(2);
  });

  it('sums the accounts sold into one order and splits its fills pro rata', () => {
    const { ctx, agent, day2 } = called({ accounts: 3, totalLoanKrw: 12_600_000 });
    expect(day2.map((o) => o.qty)).toEqual([36]);
    ctx.fill(day2[0]!.ref, 13, agent); // parts 4, 4, 5 at 46,400
    expect(ctx.metrics.get('margin_forced_sale_qty.AAA')).toBe(13);
    // Triggers now ⌈1.4·(4,200,000 − 4·46,400)/96⌉ = 58,544 (twice) and ⌈1.4·(4,200,000 − 5·46,400)/95⌉ = 58,476.
    ctx.market.set(0, { last: 58_500 });
    agent.onDayEnd!(ctx);
    expect(calls(ctx)).toBe(3 + 2);
    ctx.market.set(0, { last: 58_475 });
    agent.onDayEnd!(ctx);
    expect(calls(ctx)).toBe(3 + 3);
  });
});

describe('splitFill / forcedPrice', () => {
  it('splits pro rata by cumulative rounding', () => {
    expect(splitFill([12, 12, 12], 13)).toEqual([4, 4, 5]);
    expect(splitFill([12, 12], 13)).toEqual([6, 7]);
    expect(splitFill([5, 0, 10], 15)).toEqual([5, 0, 10]);
    expect(splitFill([3, 3, 3], 1)).toEqual([0, 0, 1]);
    expect(splitFill([0, 0], 0)).toEqual([0, 0]);
  });

  it('property: parts sum to the fill and never exceed what each account has left', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 1e6 }), { minLength: 1, maxLength: 40 }), fc.double({ min: 0, max: 1, noNaN: true }), (left, f) => {
      const qty = Math.floor(left.reduce((a, b) => a + b, 0) * f);
      const parts = splitFill(left, qty);
      expect(parts.reduce((a, b) => a + b, 0)).toBe(qty);
      parts.forEach((x, j) => expect(x >= 0 && x <= left[j]!).toBe(true));
    }));
  });

  it('forcedPrice = max(lowerLimit, P_ref(1 − d) rounded up to the tick)', () => {
    const m = new FakeContext('x').market;
    expect(forcedPrice(m, 0, 70_000, 0.2)).toBe(56_000);
    expect(forcedPrice(m, 0, 70_100, 0.15)).toBe(59_600); // 59,585 → 59,600
    m.set(0, { lower: 57_000 });
    expect(forcedPrice(m, 0, 70_000, 0.2)).toBe(57_000);
    const unit = new FakeContext('x', { tick: 1 }).market;
    expect(forcedPrice(unit, 0, 1_150, 0.18)).toBe(943); // 1,150 × 0.82 = 943.0000000000001 in floats
  });
});

describe('unsettled purchases (미수)', () => {
  const U = { unsettled: { dailyBuyKrw: 7_000_000, shareOfBuys: 0.1, unpaidProb: 1 } };

  it('buys at the base price in the pre-open; an unpaid receivable is force-sold at the T+3 pre-open at the lower limit', () => {
    const { ctx, agent } = setup(U);
    const d0 = tradeDay(ctx, agent, 0, P0, P0, 49_000, 91_000);
    expect(d0.map((o) => [o.t, o.side, o.type, o.price, o.qty, o.forced])).toEqual([[at(0, PREOPEN), BUY, LIMIT, P0, 100, undefined]]);
    ctx.fill(d0[0]!.ref, 95, agent);
    expect(tradeDay(ctx, agent, 1, P0, P0, 49_000, 91_000).map((o) => o.side)).toEqual([BUY]);
    expect(tradeDay(ctx, agent, 2, P0, P0, 49_000, 91_000).map((o) => o.side)).toEqual([BUY]);
    const d3 = tradeDay(ctx, agent, 3, P0, P0, 49_000, 91_000);
    expect(d3.map((o) => [o.side, o.price, o.qty, o.forced])).toEqual([[SELL, 49_000, 9, true], [BUY, P0, 100, undefined]]);
    ctx.fill(d3[0]!.ref, 9, agent);
    expect(ctx.metrics.get('unsettled_forced_sale_value.AAA')).toBe(9 * 49_000);
    expect(ctx.metrics.get('margin_forced_sale_value.AAA')).toBe(0);
  });

  it('nothing is sold when receivables are paid (unpaidProb 0)', () => {
    const { ctx, agent } = setup({ unsettled: { ...U.unsettled, unpaidProb: 0 } });
    const d0 = tradeDay(ctx, agent, 0, P0, P0);
    ctx.fill(d0[0]!.ref, 100, agent);
    for (let d = 1; d <= 4; d++) expect(tradeDay(ctx, agent, d, P0, P0).every((o) => o.side === BUY)).toBe(true);
  });
});

describe('issue 10: the same population whatever the ratio, rolling loans, brokers', () => {
  const base = spec.params.parse({ instrument: 'AAA', accounts: 400, totalLoanKrw: 4e9 });

  it('buildPopulation draws identical accounts for maintenance 1.2, 1.4 and 1.6 (screenRatio fixed)', () => {
    const ref = buildPopulation(base, P0, 0);
    for (const maintenance of [1.2, 1.6]) {
      const b = buildPopulation({ ...base, maintenance }, P0, 0);
      expect(Array.from(b.shares)).toEqual(Array.from(ref.shares));
      expect(Array.from(b.loan)).toEqual(Array.from(ref.loan));
    }
    // Screened at 1.4: no account below 1.4 at P0, so none is flagged at P0 with maintenance 1.4.
    expect(ref.flagged(P0).length).toBe(0);
  });

  it('loanTermDays k re-strikes accounts i ≡ k − 1 − D (mod k) at the close of day D, keeping their shares', () => {
    const { ctx, agent } = setup({ accounts: 6, totalLoanKrw: 25_200_000, loanTermDays: 3, entrySd: 0 });
    tradeDay(ctx, agent, 0, P0, 50_000); // all six called at 50,000 < 58,800 except those re-struck at 50,000
    // Day 0: i ≡ 2 (mod 3) → accounts 2 and 5 re-struck at entry 50,000 (trigger 42,000): 4 calls.
    expect(calls(ctx)).toBe(4);
    const book = (agent as unknown as { book: MarginBook }).book;
    expect([book.trigger[2], book.trigger[5]]).toEqual([42_000, 42_000]);
    expect(book.shares[2]).toBe(100);
    expect(book.loan[2]).toBe(0.6 * 100 * 50_000);
    tradeDay(ctx, agent, 1, 50_000, 50_000); // day 1: accounts 1 and 4 re-struck, their open calls lapse
    const d2 = tradeDay(ctx, agent, 2, 50_000, 50_000);
    // Due at D+2: accounts 0 and 3 (called day 0, not re-struck): q = ⌈(1.4·4.2M − 5M)/(1.4·40,000 − 50,000)⌉ = 147 → 100 each.
    expect(d2.map((o) => o.qty)).toEqual([200]);
  });

  it('broker profiles: each account draws one; grace days and discounts differ per broker, one order per price', () => {
    const brokers = [
      { share: 1, discount: 0.15, graceDays: 1 },
      { share: 1, discount: 0.3, graceDays: 2, sellAll: true },
    ];
    const p = spec.params.parse({ instrument: 'AAA', accounts: 200, totalLoanKrw: 840_000_000, entrySd: 0, brokers });
    const { of } = assignBrokers(p, 0);
    const n1 = of.reduce((a, b) => a + b, 0);
    expect(n1).toBeGreaterThan(70);
    expect(n1).toBeLessThan(130);
    const { ctx, agent } = setup({ accounts: 200, totalLoanKrw: 840_000_000, brokers });
    tradeDay(ctx, agent, 0, P0, 58_000);
    const d1 = tradeDay(ctx, agent, 1, 58_000, 58_000);
    // broker 0 accounts: d = 0.15 → price 49,300; q = ⌈80,000/(1.4·49,300 − 58,000)⌉ = ⌈80,000/11,020⌉ = 8 each
    expect(d1.map((o) => [o.price, o.qty])).toEqual([[49_300, 8 * (200 - n1)]]);
    const d2 = tradeDay(ctx, agent, 2, 58_000, 58_000);
    // broker 1 accounts: sell all (100 each) at 58,000·0.7 = 40,600; broker 0's unfilled accounts, called again at
    // day 1's close, are sold again a day later
    expect(d2.map((o) => [o.price, o.qty])).toEqual([[40_600, 100 * n1], [49_300, 8 * (200 - n1)]]);
  });

  it('cure draws depend only on (seed, group, account, call day)', () => {
    expect(cureDraw(1, 0, 5, 3)).toBe(cureDraw(1, 0, 5, 3));
    const us = Array.from({ length: 2000 }, (_, i) => cureDraw(1, 0, i, 7));
    expect(us.every((u) => u >= 0 && u < 1)).toBe(true);
    expect(Math.abs(us.filter((u) => u < 0.3).length / us.length - 0.3)).toBeLessThan(0.04);
  });
});

describe('property: forced sales are weakly increasing in the maintenance ratio', () => {
  /** Total forced-sale quantity at the D+2 open for a population called at close P1 and sold at reference P2. */
  function forcedAt(params: Record<string, unknown>, p1: number, p2: number): number {
    const { ctx, agent } = setup(params);
    tradeDay(ctx, agent, 0, P0, p1);
    tradeDay(ctx, agent, 1, p1, p2, Math.round(p1 * 0.7), Math.round(p1 * 1.3));
    const d2 = tradeDay(ctx, agent, 2, p2, p2, Math.round(p2 * 0.7), Math.round(p2 * 1.3));
    return d2.reduce((a, o) => a + o.qty, 0);
  }

  it('for a fixed population (seed, brokers, cure draws) and price path (close, reference close)', () => {
    const broker = fc.record({
      share: fc.integer({ min: 1, max: 5 }),
      discount: fc.oneof(fc.constantFrom(0.15, 0.2, 0.3), fc.constant('lower-limit' as const)),
      graceDays: fc.constant(2),
      sellAll: fc.boolean(),
    });
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 1000 }), fc.array(broker, { maxLength: 3 }), fc.double({ min: 0, max: 0.6, noNaN: true }),
      fc.integer({ min: 40_000, max: 70_000 }), fc.integer({ min: 40_000, max: 70_000 }),
      fc.integer({ min: 110, max: 170 }), fc.integer({ min: 0, max: 40 }),
      (populationSeed, brokers, cureProbability, p1, p2, mLowPct, stepPct) => {
        const common = { accounts: 60, totalLoanKrw: 252_000_000, entrySd: 0.1, populationSeed, brokers, cureProbability };
        const low = forcedAt({ ...common, maintenance: mLowPct / 100 }, p1, p2);
        const high = forcedAt({ ...common, maintenance: (mLowPct + stepPct) / 100 }, p1, p2);
        expect(high).toBeGreaterThanOrEqual(low);
      },
    ), { numRuns: 150 });
  });

  it('per account: forcedSaleQty is weakly increasing in m (the sell-all branch included)', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 1e7 }), fc.integer({ min: 0, max: 1e6 }),
      fc.integer({ min: 1000, max: 100_000 }), fc.double({ min: 0, max: 0.5, noNaN: true }),
      fc.double({ min: 1.01, max: 2, noNaN: true }), fc.double({ min: 0, max: 0.5, noNaN: true }),
      (n, loan, cash, price, d, m, dm) => {
        expect(forcedSaleQty(n, loan, cash, price, d, m + dm)).toBeGreaterThanOrEqual(forcedSaleQty(n, loan, cash, price, d, m));
      },
    ), { numRuns: 2000 });
  });
});
