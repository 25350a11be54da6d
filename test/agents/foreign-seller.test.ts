import { describe, expect, it } from 'vitest';
import type { Agent } from '../../src/agents/agent.js';
import { vwapSlices } from '../../src/agents/execution.js';
import { parentValue, spec } from '../../src/agents/foreign-seller.js';
import { at, clock, US_PER_MIN, US_PER_S } from '../../src/core/time.js';
import { BUY, IOC, LIMIT, SELL } from '../../src/market/protocol.js';
import { build, FakeContext } from './fake-context.js';

const H9 = clock(9, 0);
const SYMBOLS = ['AAA', 'BBB'];
/** A 5-minute TWAP of ₩1.4B with no cap: five 1-minute slices. */
const SHORT = { valuePerDayKrw: 1.4e9, algo: 'twap', participationCap: 0, endTime: '09:05' };

function setup(params: Record<string, unknown> = {}, index = NaN) {
  const ctx = new FakeContext('foreign-seller', { now: 0, symbols: SYMBOLS });
  ctx.market.set(1, { bid: 139_900, ask: 140_000, last: 140_000, base: 140_000 });
  ctx.market.index = index;
  const agent = build(spec, params, SYMBOLS);
  ctx.start(agent);
  return { ctx, agent };
}

/** Run day `d` to `untilTod`, filling every child in full as it is sent (`onWake` hook per wake-up). */
function runDay(ctx: FakeContext, agent: Agent, d: number, untilTod = clock(15, 40), onWake?: (k: number) => void) {
  ctx.now = at(d, 0);
  ctx.dayStart(agent);
  const first = ctx.orders.length;
  let k = 0;
  while (ctx.nextWake() !== undefined && ctx.nextWake()!.t <= at(d, untilTod)) {
    onWake?.(k++);
    const n = ctx.orders.length;
    ctx.step(agent);
    for (const o of ctx.orders.slice(n)) {
      ctx.fill(o.ref, o.qty, agent);
      ctx.finish(o.ref);
    }
  }
  agent.onDayEnd?.(ctx);
  return ctx.orders.slice(first);
}

const total = (orders: { instrument: number; qty: number }[], inst: number) =>
  orders.filter((o) => o.instrument === inst).reduce((a, o) => a + o.qty, 0);

describe('foreign-seller params', () => {
  it('pins the defaults and rejects unknown keys', () => {
    expect(spec.params.parse({})).toEqual({
      valuePerDayKrw: 1e12, days: [], instruments: [], weights: [], side: 'sell', algo: 'vwap', participationCap: 0.1,
      minChildQty: 1, povRate: 0.1, startTime: '09:00', endTime: '15:20', intervalS: 60, childStyle: 'ioc',
      aggressionTicks: 0, indexSensitivity: 0,
    });
    expect(() => spec.params.parse({ valuePerDay: 1 })).toThrow(/valuePerDay/);
    expect(() => spec.params.parse({ algo: 'iceberg' })).toThrow();
  });

  it('throws clear errors for bad instruments, weights, times and a missing index', () => {
    expect(() => setup({ instruments: ['ZZZ'] })).toThrow('foreign-seller: unknown instrument symbol "ZZZ" in params.instruments');
    expect(() => setup({ weights: [1, 2, 3] })).toThrow('foreign-seller: 3 weights for 2 instruments');
    expect(() => setup({ weights: [0, 0] })).toThrow('foreign-seller: weights must not all be 0');
    expect(() => setup({ startTime: '10:00', endTime: '09:00' })).toThrow('endTime 09:00 must be after startTime 10:00');
    expect(() => setup({ indexSensitivity: 1 })).toThrow('foreign-seller: indexSensitivity needs a market index');
  });
});

describe('parentValue', () => {
  it('valuePerDayKrw × max(0, 1 − indexSensitivity × r)', () => {
    const p = { valuePerDayKrw: 1e12, indexSensitivity: 2 };
    expect(parentValue(p, 0)).toBe(1e12);
    expect(parentValue(p, -0.05)).toBeCloseTo(1.1e12, 0); // sells 10% more on a −5% day
    expect(parentValue(p, 0.1)).toBeCloseTo(0.8e12, 0);
    expect(parentValue(p, 0.6)).toBe(0);
    expect(parentValue({ valuePerDayKrw: 1e12, indexSensitivity: 0 }, -0.5)).toBe(1e12);
  });
});

describe('foreign-seller daily parent orders', () => {
  it('sizes round(V·w_j / P_j) per instrument and works it with the schedule (TWAP, five IOC sells at the bid)', () => {
    const { ctx, agent } = setup({ ...SHORT, weights: [3, 1] });
    const orders = runDay(ctx, agent, 0);
    // AAA: 1.05e9 / 70,000 = 15,000 shares; BBB: 0.35e9 / 140,000 = 2,500 shares.
    expect(total(orders, 0)).toBe(15_000);
    expect(total(orders, 1)).toBe(2_500);
    expect(orders.filter((o) => o.instrument === 0).map((o) => [o.t, o.side, o.type, o.price, o.qty])).toEqual(
      [0, 1, 2, 3, 4].map((k) => [at(0, H9 + k * US_PER_MIN), SELL, IOC, 69_900, 3_000]),
    );
    expect(orders.filter((o) => o.instrument === 1).map((o) => o.price)).toEqual([139_900, 139_900, 139_900, 139_900, 139_900]);
    expect(ctx.metrics.get('foreign_parent_value')).toBe(1.4e9);
    expect(ctx.metrics.get('foreign_net_value')).toBe(-(15_000 * 69_900 + 2_500 * 139_900));
  });

  it('equal weights by default; a buyer buys at the ask and books positive net value', () => {
    const { ctx, agent } = setup({ ...SHORT, side: 'buy', valuePerDayKrw: 2.1e9 });
    const orders = runDay(ctx, agent, 0);
    expect([total(orders, 0), total(orders, 1)]).toEqual([15_000, 7_500]);
    expect(orders.every((o) => o.side === BUY)).toBe(true);
    expect(orders[0]!.price).toBe(70_000);
    expect(ctx.metrics.get('foreign_net_value')).toBe(15_000 * 70_000 + 7_500 * 140_000);
  });

  it('default VWAP: the children follow the U-shaped profile over 09:00–15:20 and sum to the parent', () => {
    const { ctx, agent } = setup({ instruments: ['AAA'], participationCap: 0 });
    const orders = runDay(ctx, agent, 0);
    const parent = Math.round(1e12 / 70_000);
    expect(orders.map((o) => o.qty)).toEqual(vwapSlices(parent, H9, clock(15, 20), US_PER_MIN));
    expect(total(orders, 0)).toBe(parent);
    expect(orders.at(-1)!.t).toBe(at(0, clock(15, 19)));
  });

  it('caps each child at participationCap × the volume since the previous child (at least minChildQty)', () => {
    const { ctx, agent } = setup({ instruments: ['AAA'], participationCap: 0.1, minChildQty: 2 });
    const vols = [0, 5_000, 17_345, 17_345, 18_145]; // before the sizing wake, then before each slice
    const orders = runDay(ctx, agent, 0, H9 + 3 * US_PER_MIN, (k) => ctx.market.set(0, { volume: vols[k] ?? 0 }));
    expect(orders.map((o) => o.qty)).toEqual([500, 1_234, 2, 80]);
  });

  it('POV sends povRate × the volume since the previous slice', () => {
    const { ctx, agent } = setup({ instruments: ['AAA'], algo: 'pov', povRate: 0.2, participationCap: 0 });
    const orders = runDay(ctx, agent, 0, H9 + US_PER_MIN, (k) => ctx.market.set(0, { volume: [0, 10_000, 10_600][k] ?? 0 }));
    expect(orders.map((o) => o.qty)).toEqual([2_000, 120]);
  });

  it('resting children are limit orders at the touch ± aggressionTicks', () => {
    const { ctx, agent } = setup({ ...SHORT, instruments: ['AAA'], childStyle: 'resting', aggressionTicks: -1 });
    const orders = runDay(ctx, agent, 0, H9);
    expect(orders.map((o) => [o.type, o.price, o.qty])).toEqual([[LIMIT, 70_000, 4_000]]);
  });

  it('trades only on the listed days', () => {
    const { ctx, agent } = setup({ ...SHORT, days: [1, 3] });
    expect(runDay(ctx, agent, 0)).toEqual([]);
    expect(total(runDay(ctx, agent, 1), 0)).toBe(10_000);
    expect(runDay(ctx, agent, 2)).toEqual([]);
    expect(total(runDay(ctx, agent, 3), 1)).toBe(5_000);
  });

  it('waits for continuous trading after startTime, then schedules what is left of the window', () => {
    const { ctx, agent } = setup({ ...SHORT, instruments: ['AAA'] });
    ctx.market.setPhase('opening-auction');
    ctx.now = at(0, 0);
    ctx.dayStart(agent);
    ctx.step(agent); // 09:00: the opening auction has not uncrossed yet
    ctx.step(agent); // 09:00:05
    expect(ctx.orders).toEqual([]);
    ctx.market.setPhase('continuous');
    ctx.runUntil(agent, at(0, clock(9, 10)));
    // Sized at 09:00:10; five 1-minute slices fit before 09:05.
    expect(ctx.orders.map((o) => o.t)).toEqual([10, 70, 130, 190, 250].map((sec) => at(0, H9 + sec * US_PER_S)));
    expect(ctx.orders.map((o) => o.qty)).toEqual([4_000, 4_000, 4_000, 4_000, 4_000]);
  });
});

describe('index conditioning', () => {
  it('scales the day by max(0, 1 − s·r), r = index / previous close − 1 at sizing time', () => {
    const { ctx, agent } = setup({ ...SHORT, valuePerDayKrw: 1e9, instruments: ['AAA'], indexSensitivity: 2 }, 1_000);
    const day0 = runDay(ctx, agent, 0, clock(15, 40), (k) => {
      if (k === 0) ctx.market.index = 950; // −5% at 09:00
    });
    expect(ctx.metrics.get('foreign_parent_value')).toBeCloseTo(1.1e9, 3);
    expect(total(day0, 0)).toBe(Math.round(1.1e9 / 70_000)); // 15,714
    // The close recorded at day 0's end is 950; +10% on day 1 sells 20% less.
    const day1 = runDay(ctx, agent, 1, clock(15, 40), (k) => {
      if (k === 0) ctx.market.index = 1_045;
    });
    expect(ctx.metrics.get('foreign_parent_value')).toBeCloseTo(0.8e9, 3);
    expect(total(day1, 0)).toBe(Math.round(0.8e9 / 70_000));
    // +60% from 1,045 with s = 2: nothing to do.
    const day2 = runDay(ctx, agent, 2, clock(15, 40), (k) => {
      if (k === 0) ctx.market.index = 1_672;
    });
    expect(ctx.metrics.get('foreign_parent_value')).toBe(0);
    expect(day2).toEqual([]);
  });
});
