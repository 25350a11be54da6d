import { describe, expect, it } from 'vitest';
import { anchorBelief, attentionMultiplier, expectedLogReturn, newsUpdate, positionLimit, spec } from '../../src/agents/belief-trader.js';
import { clock } from '../../src/core/time.js';
import { BUY, IOC, LIMIT, SELL } from '../../src/market/protocol.js';
import { build, FakeContext } from './fake-context.js';

const traits = { wF: 2, wC: 1, wN: 1, horizonMin: 60, anchorMin: 100, capital: 1e9 };

describe('belief-trader formulas (docs/model.md §4.1)', () => {
  it('mixes fundamental, chartist and noise parts with the agent weights', () => {
    const p = { reversionMin: 120, noiseSd: 0.002 };
    // g = [2·min(1, 60/120)·ln(V/p) + 1·trend + 1·0.002·ε] / 4
    const g = expectedLogReturn(traits, p, Math.log(110), Math.log(100), 0.01, 1.5);
    expect(g).toBeCloseTo((2 * 0.5 * Math.log(1.1) + 0.01 + 0.002 * 1.5) / 4, 15);
    // a contrarian (negative chartist weight) counts |w_C| in the denominator
    const c = expectedLogReturn({ ...traits, wC: -1 }, p, Math.log(100), Math.log(100), 0.02, 0);
    expect(c).toBe(-0.02 / 4);
    expect(expectedLogReturn({ ...traits, wF: 0, wC: 0, wN: 0 }, p, 1, 2, 3, 4)).toBe(0);
  });

  it('anchors the belief to the price as an exact OU step', () => {
    const x = anchorBelief(Math.log(110), Math.log(100), 50, 100, 0, 0);
    expect(x).toBeCloseTo(Math.log(100) + Math.log(1.1) * Math.exp(-0.5), 15);
    // with noise the stationary sd is s_b: the increment's sd is s_b·√(1 − e^{−2Δ/τ})
    const y = anchorBelief(0, 0, 50, 100, 0.01, 1);
    expect(y).toBeCloseTo(0.01 * Math.sqrt(1 - Math.exp(-1)), 15);
    expect(anchorBelief(0.3, 0, 0, 100, 0.01, 5)).toBe(0.3);
  });

  it('learns the change a release discloses in full and its level by ω', () => {
    expect(newsUpdate(Math.log(105), Math.log(100), Math.log(102), 0, 0)).toBeCloseTo(Math.log(105 * 1.02), 14);
    expect(newsUpdate(1, 1, 2, 0.25, 0.01)).toBeCloseTo(1 + 1 + 0.25 * (2 - 1) + 0.01, 15);
  });

  it('raises attention with volatility above its normal level, up to the cap', () => {
    expect(attentionMultiplier(1, 1, 4)).toBe(1);
    expect(attentionMultiplier(0.5, 1, 4)).toBe(1);
    expect(attentionMultiplier(1.5, 2, 4)).toBe(2);
    expect(attentionMultiplier(10, 1, 4)).toBe(4);
  });

  it('sizes the position limit from capital and shrinks it with volatility', () => {
    expect(positionLimit(1e9, 2, 0.3, 0.3, 1e5)).toBe(20_000);
    expect(positionLimit(1e9, 2, 0.6, 0.3, 1e5)).toBe(10_000);
    expect(positionLimit(1e9, 2, 0.1, 0.3, 1e5)).toBe(20_000);
    expect(positionLimit(1e9, 2, 0.1, 0.3, 0)).toBe(0);
  });
});

function setup(params: Record<string, unknown> = {}) {
  const fc = new FakeContext('belief-trader', { now: clock(12, 0) });
  const agent = build(spec, { openBoost: 0, closeBoost: 0, attention: 0, ...params });
  fc.start(agent);
  return { fc, agent };
}

describe('belief-trader behaviour', () => {
  it('buys below its expected price when its belief is above the price, sells when below', () => {
    // Pure fundamentalist with a narrow placement: after good news the belief is ~+5% and every order is a buy.
    const { fc, agent } = setup({ chartistWeight: 0, noiseWeight: 0, beliefSd: 0, newsLagS: 0, newsWeight: 1, placementBp: 10, anchorMin: [1e6, 1e6] });
    fc.notice(agent, { kind: 'news', instrument: 0, value: 70_000 * 1.05 });
    fc.step(agent); // the news wake-up (lag 0)
    for (let i = 0; fc.orders.length < 20 && i < 1000; i++) fc.step(agent);
    expect(fc.orders.length).toBe(20);
    for (const o of fc.orders) {
      expect(o.side).toBe(BUY);
      expect(o.type).toBe(LIMIT);
      expect(o.price).toBeGreaterThan(70_000);
      expect(o.price).toBeLessThanOrEqual(73_500);
    }
    const bad = setup({ chartistWeight: 0, noiseWeight: 0, beliefSd: 0, newsLagS: 0, newsWeight: 1, anchorMin: [1e6, 1e6] });
    bad.fc.notice(bad.agent, { kind: 'news', instrument: 0, value: 70_000 * 0.95 });
    for (let i = 0; bad.fc.orders.length < 10 && i < 1000; i++) bad.fc.step(bad.agent);
    expect(bad.fc.orders.every((o) => o.side === SELL)).toBe(true);
  });

  it('never exceeds its position limit and cuts a position above it through the touch', () => {
    const { fc, agent } = setup({ capitalKrw: 70_000 * 100, capitalSd: 0, maxLeverage: 1, volRefAnnual: 0.3, qtyMean: 50 });
    fc.market.set(0, { position: 150, vol: 0.6 }); // limit = 100·(0.3/0.6) = 50 shares
    for (let i = 0; fc.orders.length < 1 && i < 1000; i++) fc.step(agent);
    const o = fc.orders[0]!;
    expect(o).toMatchObject({ side: SELL, type: IOC, qty: 100 });
    expect(o.price).toBe(69_900 - 2 * 100);
  });

  it('cuts half its position after a loss beyond its budget and then waits', () => {
    const { fc, agent } = setup({ capitalKrw: 1e8, capitalSd: 0, lossBudget: 0.02, maxLeverage: 10, stopCooldownMin: 60 });
    fc.market.set(0, { position: 1000, base: 70_000, last: 70_000 });
    fc.dayStart(agent);
    fc.market.set(0, { last: 66_000, bid: 65_900, ask: 66_000 }); // loss 4M > 2% of 100M
    for (let i = 0; fc.orders.length < 1 && i < 1000; i++) fc.step(agent);
    expect(fc.orders[0]).toMatchObject({ side: SELL, type: IOC, qty: 500 });
    const t = fc.now;
    for (let i = 0; i < 2000 && fc.now < t + 59 * 60e6; i++) fc.step(agent);
    expect(fc.orders.filter((o) => o.t < t + 60 * 60e6).length).toBe(1); // no new risk during the cooldown
  });

  it('wakes on a release only when it reacts; otherwise takes it into its belief at its next decision', () => {
    // newsReactShare 0: no wake-up is spent on the release, yet the next decision acts on it (a sell after bad news).
    const quiet = setup({ chartistWeight: 0, noiseWeight: 0, beliefSd: 0, newsLagS: 10, newsWeight: 1, newsReactShare: 0, anchorMin: [1e6, 1e6] });
    const before = quiet.fc.wakeLog.length;
    quiet.fc.notice(quiet.agent, { kind: 'news', instrument: 0, value: 70_000 * 0.95 });
    expect(quiet.fc.wakeLog.length).toBe(before);
    for (let i = 0; quiet.fc.orders.length < 5 && i < 1000; i++) quiet.fc.step(quiet.agent);
    expect(quiet.fc.orders.length).toBe(5);
    expect(quiet.fc.orders.every((o) => o.side === SELL)).toBe(true);
    // newsReactShare 1: one wake-up at the lag's end (tag 1 = the first instrument's news), and it acts there.
    const eager = setup({ chartistWeight: 0, noiseWeight: 0, beliefSd: 0, newsLagS: 10, newsWeight: 1, newsReactShare: 1, anchorMin: [1e6, 1e6] });
    eager.fc.notice(eager.agent, { kind: 'news', instrument: 0, value: 70_000 * 1.05 });
    const news = eager.fc.pendingWith(1);
    expect(news.length).toBe(1);
    const readAt = news[0]!.t;
    eager.fc.pending = news; // deliver only the news wake-up
    eager.fc.step(eager.agent);
    expect(eager.fc.orders.length).toBe(1);
    expect(eager.fc.orders[0]).toMatchObject({ side: BUY, t: readAt });
    // a release is not used before it is read: a decision inside the lag ignores it
    const early = setup({ chartistWeight: 0, noiseWeight: 0, beliefSd: 0, newsLagS: 1e9, newsWeight: 1, newsReactShare: 0, placementBp: 0, anchorMin: [1e6, 1e6] });
    early.fc.notice(early.agent, { kind: 'news', instrument: 0, value: 70_000 * 1.05 });
    for (let i = 0; early.fc.orders.length < 5 && i < 1000; i++) early.fc.step(early.agent);
    expect(early.fc.orders.length).toBe(5);
    expect(early.fc.orders.every((o) => o.price <= 70_000)).toBe(true); // belief still at the base price
  });

  it('cancels its orders past their lifetime when it next decides, without a wake-up per order', () => {
    const { fc, agent } = setup({ lifetimeS: 1, maxOpenOrders: 100, ratePerMin: 0.01 });
    for (let i = 0; fc.orders.length < 3 && i < 1000; i++) fc.step(agent);
    expect(fc.orders.length).toBe(3);
    expect(fc.pending.every((w) => w.tag === 0)).toBe(true); // only the decision chain is pending
    // decisions are minutes apart and lifetimes ~1 s: each earlier live order is canceled at the next decision
    expect(fc.cancels.map((c) => c.ref)).toEqual([0, 1]);
    expect(fc.cancels.map((c) => c.t)).toEqual([fc.orders[1]!.t, fc.orders[2]!.t]);
    fc.finish(0);
    fc.finish(1);
    // a filled order is dropped, not canceled
    fc.fill(2, fc.orders[2]!.qty);
    for (let i = 0; fc.orders.length < 4 && i < 1000; i++) fc.step(agent);
    expect(fc.cancels.length).toBe(2);
  });

  it('decides faster when today’s volatility is above the normal level, not when both are high', () => {
    const first = (vol: number, normalVol: number) => {
      const fc = new FakeContext('belief-trader', { now: clock(12, 0) });
      fc.market.set(0, { vol, normalVol });
      fc.start(build(spec, { openBoost: 0, closeBoost: 0, attention: 1, volRefAnnual: 0.3 }));
      return fc.pendingWith(0)[0]!.t - clock(12, 0);
    };
    const calm = first(0.3, 0.3);
    expect(first(0.6, 0.6)).toBe(calm); // a noisy market as usual: no extra attention
    expect(Math.abs(first(0.6, 0.3) - calm / 2)).toBeLessThanOrEqual(1); // twice its normal level: twice the rate
  });

  it('draws the same number of uniforms at every decision (paired runs stay in step)', () => {
    const a = setup();
    const b = setup();
    b.fc.market.set(0, { bid: 0, ask: 0, last: 71_000, phase: 'halted' });
    // deliver decision wake-ups only (order lifetimes differ between the two)
    for (let i = 0; i < 50; i++) {
      a.fc.pending = a.fc.pending.filter((w) => w.tag === 0);
      b.fc.pending = b.fc.pending.filter((w) => w.tag === 0);
      a.fc.step(a.agent);
      b.fc.step(b.agent);
    }
    expect(a.fc.orders.length).toBeGreaterThan(10);
    expect(b.fc.orders.length).toBe(0);
    expect(a.fc.rng.state()).toEqual(b.fc.rng.state());
  });
});
