import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Agent } from '../../src/agents/agent.js';
import {
  allocateProportional, childAllowed, childPrice, ExecutionSchedule, KRX_VOLUME_PROFILE, participationCapQty,
  povTargetQty, PROFILE_START_TOD, profileWeights, sliceTimes, twapSlices, vwapSlices,
} from '../../src/agents/execution.js';
import type { ExecutionConfig } from '../../src/agents/execution.js';
import { at, clock, US_PER_MIN, US_PER_S } from '../../src/core/time.js';
import { BUY, IOC, LIMIT, SELL } from '../../src/market/protocol.js';
import type { Side } from '../../src/market/protocol.js';
import { FakeContext } from './fake-context.js';

const H9 = clock(9, 0);
const MIN = US_PER_MIN;

describe('sliceTimes', () => {
  it('start + k·interval while before the end (end exclusive)', () => {
    expect(sliceTimes(H9, H9 + 5 * MIN, MIN)).toEqual([0, 1, 2, 3, 4].map((k) => H9 + k * MIN));
    expect(sliceTimes(H9, H9 + 5 * MIN + 1, MIN)).toHaveLength(6);
    expect(sliceTimes(H9, H9, MIN)).toEqual([]);
    expect(() => sliceTimes(H9, H9 + MIN, 0)).toThrow('intervalUs must be positive, got 0');
  });
});

describe('allocateProportional / twapSlices', () => {
  it('splits exactly in proportion when the shares divide', () => {
    expect(allocateProportional(600, [2, 1, 1, 2])).toEqual([200, 100, 100, 200]);
    expect(allocateProportional(0, [1, 2])).toEqual([0, 0]);
    expect(allocateProportional(5, [])).toEqual([]);
  });

  it('rounds cumulatively: round(total·S_k/W) − round(total·S_{k−1}/W)', () => {
    expect(allocateProportional(10, [1, 1, 1])).toEqual([3, 4, 3]); // 3.33 → 3, 6.67 → 7, 10
    expect(allocateProportional(7, [1, 0, 1])).toEqual([4, 0, 3]); // 3.5 → 4
  });

  it('uses equal weights when they sum to 0', () => {
    expect(allocateProportional(9, [0, 0, 0])).toEqual([3, 3, 3]);
  });

  it('TWAP slices are equal', () => {
    expect(twapSlices(1000, 4)).toEqual([250, 250, 250, 250]);
    expect(twapSlices(1001, 4)).toEqual([250, 251, 250, 250]);
    expect(twapSlices(3, 5)).toEqual([1, 0, 1, 0, 1]);
  });

  it('property: slices sum to the total and stay within 1 of proportional', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 10_000_000 }),
      fc.array(fc.double({ min: 0.01, max: 100, noNaN: true }), { minLength: 1, maxLength: 50 }),
      (total, w) => {
        const q = allocateProportional(total, w);
        const W = w.reduce((a, b) => a + b, 0);
        expect(q.reduce((a, b) => a + b, 0)).toBe(total);
        q.forEach((x, k) => {
          expect(Number.isInteger(x) && x >= 0).toBe(true);
          expect(Math.abs(x - (total * w[k]!) / W)).toBeLessThanOrEqual(1 + 1e-6);
        });
        const t = twapSlices(total, w.length);
        expect(Math.max(...t) - Math.min(...t)).toBeLessThanOrEqual(1);
      },
    ));
  });
});

describe('volume profile and VWAP', () => {
  it('the default profile is U-shaped: first and last half-hours ≥ 1.5× the midday average', () => {
    expect(KRX_VOLUME_PROFILE).toHaveLength(13);
    const midday = KRX_VOLUME_PROFILE.slice(4, 9).reduce((a, b) => a + b, 0) / 5;
    expect(KRX_VOLUME_PROFILE[0]! / midday).toBeGreaterThanOrEqual(1.5);
    expect(KRX_VOLUME_PROFILE[12]! / midday).toBeGreaterThanOrEqual(1.5);
  });

  it('half-hour slices aligned with the buckets get the bucket weights; halves get half', () => {
    const end = clock(15, 30);
    expect(profileWeights(sliceTimes(H9, end, 30 * MIN), end, 30 * MIN, KRX_VOLUME_PROFILE, PROFILE_START_TOD))
      .toEqual(KRX_VOLUME_PROFILE);
    expect(profileWeights([H9, H9 + 15 * MIN], H9 + 30 * MIN, 15 * MIN, [2, 1], H9)).toEqual([1, 1]);
    // A slice straddling two buckets; one outside the profile; one cut at the end time.
    expect(profileWeights([H9 + 20 * MIN], H9 + 60 * MIN, 20 * MIN, [3, 6], H9)).toEqual([1 * 1 + 6 / 3]);
    expect(profileWeights([clock(8, 0)], clock(8, 30), 30 * MIN, [1], H9)).toEqual([0]);
    expect(profileWeights([H9], H9 + 10 * MIN, 30 * MIN, [3], H9)).toEqual([1]);
  });

  it('VWAP slices are proportional to the profile', () => {
    // Weights sum to 13.3: 13,300 shares give 1,000 per unit of weight.
    expect(vwapSlices(13_300, H9, clock(15, 30), 30 * MIN)).toEqual(KRX_VOLUME_PROFILE.map((w) => Math.round(w * 1000)));
    expect(vwapSlices(600, H9, H9 + 2 * 30 * MIN, 15 * MIN, [2, 1], H9)).toEqual([200, 200, 100, 100]);
  });

  it('VWAP over the default day (09:00–15:20, 1-minute slices) sums to the parent', () => {
    const q = vwapSlices(1_234_567, H9, clock(15, 20), MIN);
    expect(q).toHaveLength(380);
    expect(q.reduce((a, b) => a + b, 0)).toBe(1_234_567);
    // First minute vs a midday minute: ratio of the bucket weights 1.8 / 0.7, up to the rounding of each.
    expect(q[0]).toBe(Math.round((1_234_567 * 1.8) / 30 / (13.3 - 1.9 / 3)));
  });
});

describe('participation cap and POV', () => {
  it('cap = max(minQty, ⌊capPct·ΔV⌋); 0 means no cap', () => {
    expect(participationCapQty(1000, 0.1, 1)).toBe(100);
    expect(participationCapQty(5, 0.1, 1)).toBe(1);
    expect(participationCapQty(5, 0.1, 20)).toBe(20);
    expect(participationCapQty(100, 0.29, 1)).toBe(29); // 0.29·100 = 28.999999999999996 in floats
    expect(participationCapQty(999, 0.1, 1)).toBe(99);
    expect(participationCapQty(1e9, 0, 1)).toBe(Infinity);
  });

  it('POV target = round(rate · ΔV)', () => {
    expect(povTargetQty(1234, 0.1)).toBe(123);
    expect(povTargetQty(1235, 0.1)).toBe(124);
    expect(povTargetQty(0, 0.1)).toBe(0);
  });
});

describe('childPrice / childAllowed', () => {
  const ctx = new FakeContext('x');
  const m = ctx.market; // bid 69,900 / ask 70,000, tick 100

  it('IOC at the opposite touch ± aggressionTicks', () => {
    expect(childPrice(m, 0, SELL, 0)).toBe(69_900);
    expect(childPrice(m, 0, SELL, 2)).toBe(69_700);
    expect(childPrice(m, 0, BUY, 0)).toBe(70_000);
    expect(childPrice(m, 0, BUY, 3)).toBe(70_300);
    expect(childPrice(m, 0, SELL, -1)).toBe(70_000); // passive: joins the ask of a 1-tick spread
  });

  it('stays inside the daily limits and is 0 without an opposite touch', () => {
    m.set(0, { lower: 69_800, upper: 70_100 });
    expect(childPrice(m, 0, SELL, 5)).toBe(69_800);
    expect(childPrice(m, 0, BUY, 5)).toBe(70_100);
    m.set(0, { bid: 0 });
    expect(childPrice(m, 0, SELL, 0)).toBe(0);
  });

  it('IOC children only in continuous trading; resting ones in any open phase', () => {
    expect(childAllowed('ioc', 'continuous')).toBe(true);
    expect(childAllowed('ioc', 'vi-auction')).toBe(false);
    expect(childAllowed('resting', 'closing-auction')).toBe(true);
    expect(childAllowed('resting', 'halted')).toBe(false);
    expect(childAllowed('resting', 'day-ended')).toBe(false);
  });
});

const BASE: ExecutionConfig = {
  algo: 'twap', startTod: H9, endTod: H9 + 5 * MIN, intervalUs: MIN, participationCap: 0, minChildQty: 1,
  povRate: 0.1, aggressionTicks: 0, style: 'ioc', profile: KRX_VOLUME_PROFILE, profileStartTod: PROFILE_START_TOD,
};

/** A schedule of `total` shares on day 0, driven by a minimal agent in a FakeContext at 08:00. */
function drive(cfg: Partial<ExecutionConfig>, total: number, side: Side = SELL) {
  const ctx = new FakeContext('x', { now: clock(8, 0) });
  const s = new ExecutionSchedule({ ...BASE, ...cfg }, 0, side, total, 0, 7, 0);
  const agent: Agent = {
    kind: 'x',
    onStart: () => undefined,
    onWake: (c, tag) => void s.onWake(c, tag),
    onOrderUpdate: (_c, u) => void s.onUpdate(u),
  };
  s.begin(ctx);
  /** Run the next slice; then fill `fillQty` of the child it sent (if any) and close it. */
  const step = (fillQty: number | 'all' = 'all'): number => {
    const n = ctx.orders.length;
    ctx.step(agent);
    const o = ctx.orders[n];
    if (o === undefined || o.type === LIMIT) return o?.qty ?? 0;
    const q = fillQty === 'all' ? o.qty : fillQty;
    if (q > 0) ctx.fill(o.ref, q, agent);
    ctx.finish(o.ref);
    return o.qty;
  };
  return { ctx, s, agent, step };
}

describe('ExecutionSchedule', () => {
  it('TWAP: one IOC child per slice at the bid, equal slices, waking at the slice times', () => {
    const { ctx, s, step } = drive({}, 1000);
    const qs = [step(), step(), step(), step(), step()];
    expect(qs).toEqual([200, 200, 200, 200, 200]);
    expect(ctx.orders.map((o) => [o.t, o.side, o.type, o.price])).toEqual(
      [0, 1, 2, 3, 4].map((k) => [at(0, H9 + k * MIN), SELL, IOC, 69_900]),
    );
    expect(s.filled).toBe(1000);
    expect(s.filledValue).toBe(1000 * 69_900);
    expect(s.done).toBe(true);
    expect(ctx.pending).toEqual([]);
  });

  it('carries a shortfall into the next slice and abandons what is left at the end', () => {
    const { s, step } = drive({}, 1000);
    expect([step(0), step(150), step(), step(), step(100)]).toEqual([200, 400, 450, 200, 200]);
    expect(s.filled).toBe(150 + 450 + 200 + 100);
    expect(s.done).toBe(true);
  });

  it('skips IOC children outside continuous trading (the shortfall carries)', () => {
    const { ctx, step } = drive({}, 1000);
    ctx.market.setPhase('vi-auction');
    expect(step()).toBe(0);
    ctx.market.setPhase('continuous');
    expect(step()).toBe(400);
  });

  it('caps each child at capPct × the volume since the last child, at least minChildQty', () => {
    const { ctx, step } = drive({ participationCap: 0.1, minChildQty: 5 }, 1000);
    ctx.market.set(0, { volume: 1_000 });
    expect(step()).toBe(100); // 10% of 1,000 since the start
    ctx.market.set(0, { volume: 1_020 });
    expect(step()).toBe(5); // 10% of 20 = 2 → the minimum 5
    ctx.market.set(0, { volume: 6_020 });
    expect(step()).toBe(495); // 600 due − 105 filled; the cap (500) does not bind
    ctx.market.set(0, { volume: 6_520 });
    expect(step()).toBe(50);
  });

  it('the cap window runs from the last child sent, not the last slice', () => {
    const { ctx, step } = drive({ participationCap: 0.1 }, 1000);
    ctx.market.set(0, { volume: 1_000, phase: 'halted' });
    expect(step()).toBe(0);
    ctx.market.set(0, { volume: 3_000, phase: 'continuous' });
    expect(step()).toBe(300); // 10% of the 3,000 since the start
  });

  it('POV: round(povRate × volume since the last slice), capped and bounded by the parent', () => {
    const { ctx, step } = drive({ algo: 'pov', povRate: 0.2, participationCap: 0.1 }, 500);
    ctx.market.set(0, { volume: 1_000 });
    expect(step()).toBe(100); // target 200, cap 100
    const { ctx: c2, step: step2 } = drive({ algo: 'pov', povRate: 0.05 }, 500);
    c2.market.set(0, { volume: 1_234 });
    expect(step2()).toBe(62); // round(61.7)
    c2.market.set(0, { volume: 20_000 });
    expect(step2()).toBe(438); // target 938, parent left 438
    expect(ctx.orders).toHaveLength(1);
  });

  it('VWAP follows the profile cumulatively', () => {
    const cfg = { algo: 'vwap' as const, endTod: H9 + 60 * MIN, intervalUs: 15 * MIN, profile: [2, 1], profileStartTod: H9 };
    const { step } = drive(cfg, 600);
    expect([step(), step(), step(), step()]).toEqual([200, 200, 100, 100]);
  });

  it('resting children: canceled and replaced each slice (unfilled quantity reposted) and at the end time', () => {
    const { ctx, s, agent, step } = drive({ style: 'resting', aggressionTicks: -1 }, 1000);
    const confirm = () => ctx.cancels.forEach((c) => ctx.finish(c.ref));
    expect(step()).toBe(200);
    expect(ctx.orders[0]).toMatchObject({ type: LIMIT, price: 70_000, qty: 200 });
    ctx.fill(0, 50, agent);
    const qs = [step()];
    confirm();
    for (let k = 0; k < 3; k++) {
      qs.push(step());
      confirm();
    }
    // Cumulative schedule − 50 filled (350, 550, 750, 950), but never more than the parent left after the child
    // whose cancel is still unconfirmed: 1000 − 50 − 550 = 400 at slice 3, 1000 − 50 − 400 = 550 at slice 4.
    expect(qs).toEqual([350, 550, 400, 550]);
    expect(ctx.cancels.map((c) => c.ref)).toEqual([0, 1, 2, 3]);
    ctx.step(agent); // the end-time wake cancels the last child
    expect(ctx.cancels.at(-1)).toMatchObject({ ref: 4, t: at(0, BASE.endTod) });
    expect(s.done).toBe(true);
    expect(s.filled).toBe(50);
  });

  it('a child never exceeds the parent left after fills, open and canceling children', () => {
    const { ctx, agent, step } = drive({ style: 'resting', endTod: H9 + 2 * MIN }, 100);
    expect(step()).toBe(50);
    // Cancel requested at the next slice but not yet confirmed: 50 still counts against the parent …
    ctx.fill(0, 10, agent);
    expect(step()).toBe(50); // 100 due − 10 filled = 90 wanted, but only 100 − 10 − 40 = 50 room
  });

  it('ignores other tags and stale times; begin does nothing for an empty parent', () => {
    const { ctx, s, agent } = drive({}, 1000);
    expect(s.onWake(ctx, 3)).toBe(false);
    ctx.now = clock(8, 30);
    expect(s.onWake(ctx, 7)).toBe(false);
    ctx.now = clock(8, 0);
    const empty = new ExecutionSchedule(BASE, 0, SELL, 0, 0, 8, 0);
    empty.begin(ctx);
    expect(ctx.pendingWith(8)).toEqual([]);
    expect(ctx.runUntil(agent, at(0, clock(9, 10)))).toBe(5);
  });

  it('property: each child ≤ the cap and ≤ the parent left unfilled; fills ≤ parent', () => {
    fc.assert(fc.property(
      fc.constantFrom('twap', 'vwap', 'pov'),
      fc.constantFrom('ioc', 'resting'),
      fc.integer({ min: 0, max: 5_000 }),
      fc.array(fc.tuple(fc.integer({ min: 0, max: 3_000 }), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 10, maxLength: 10 }),
      (algo, style, total, path) => {
        const { ctx, s, agent } = drive({ algo, style, participationCap: 0.2, minChildQty: 3, povRate: 0.3, endTod: H9 + 10 * MIN }, total);
        let vol = 0;
        let volAtChild = 0;
        for (const [dv, fillShare] of path) {
          vol += dv;
          ctx.market.set(0, { volume: vol });
          const n = ctx.orders.length;
          ctx.step(agent);
          for (const o of ctx.orders.slice(n)) {
            expect(o.qty).toBeLessThanOrEqual(Math.max(3, Math.floor(0.2 * (vol - volAtChild))));
            expect(o.qty).toBeLessThanOrEqual(total - s.filled);
            volAtChild = vol;
            const f = Math.floor(o.qty * fillShare);
            if (f > 0) ctx.fill(o.ref, f, agent);
            if (style === 'ioc') ctx.finish(o.ref);
          }
          for (const c of ctx.cancels) ctx.finish(c.ref);
        }
        expect(s.filled).toBeLessThanOrEqual(total);
      },
    ));
  });
});

describe('ExecutionSchedule timing', () => {
  it('starts at once when begun after its first slice time', () => {
    const ctx = new FakeContext('x', { now: at(0, H9 + 30 * US_PER_S) });
    const s = new ExecutionSchedule(BASE, 0, SELL, 100, 0, 1, 0);
    s.begin(ctx);
    expect(ctx.pendingWith(1).map((w) => w.t)).toEqual([at(0, H9 + 30 * US_PER_S)]);
  });
});
