import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CircuitBreaker, KRX_CIRCUIT_BREAKER } from '../../../src/market/rules/circuit-breaker.js';
import { US_PER_MIN, US_PER_S, clock } from '../../../src/core/time.js';

// Prior close 5,000: L1 at ≤ 4,600 (−8%), L2 at ≤ 4,250 (−15%), L3 at ≤ 4,000 (−20%).
const PRIOR = 5_000;
/** Midnight of the simulated day in absolute sim time (day 2), so t and tod differ. */
const DAY0 = 2 * 24 * 60 * US_PER_MIN;
const at = (h: number, m: number, s = 0): number => DAY0 + clock(h, m, s);

/** A breaker on a fresh day whose `observe`/`due` take absolute t and derive the tod. */
function breaker(): { cb: CircuitBreaker; obs: (t: number, v: number) => void; due: (t: number) => number } {
  const cb = new CircuitBreaker();
  cb.newDay(PRIOR);
  return { cb, obs: (t, v) => cb.observe(t, t - DAY0, v), due: (t) => cb.due(t, t - DAY0) };
}

describe('CircuitBreaker (DOMAIN §5.4, §8.3 item 6)', () => {
  it('has the KRX defaults', () => {
    expect(KRX_CIRCUIT_BREAKER).toEqual({
      levels: [{ dropBp: 800 }, { dropBp: 1500, extraBelowPrevBp: 100 }, { dropBp: 2000, extraBelowPrevBp: 100 }],
      sustainUs: 60_000_000,
      haltUs: 1_200_000_000,
      reopenAuctionUs: 600_000_000,
      lastTriggerTod: clock(14, 50),
    });
  });

  it('L1 fires at exactly t0 + 60 s, then a 20-minute halt and a 10-minute auction', () => {
    const { cb, obs, due } = breaker();
    const t0 = at(10, 0);
    obs(t0, 4_600); // exactly 0.92 × prior close
    expect(cb.nextCheckTime()).toBe(t0 + 60 * US_PER_S);
    expect(due(t0 + 60 * US_PER_S - 1)).toBe(0);
    expect(due(t0 + 60 * US_PER_S)).toBe(1);
    expect(cb.fire(1, t0 + 60 * US_PER_S, 4_600)).toEqual({
      haltEndT: t0 + 60 * US_PER_S + 20 * US_PER_MIN,
      reopenEndT: t0 + 60 * US_PER_S + 30 * US_PER_MIN,
    });
    expect(cb.highestFired).toBe(1);
    expect(cb.firedIndexValue(1)).toBe(4_600);
  });

  it('does not count an index just above 0.92 × prior close', () => {
    const { cb, obs, due } = breaker();
    obs(at(10, 0), 4_600.01);
    expect(cb.nextCheckTime()).toBe(Infinity);
    expect(due(at(10, 5))).toBe(0);
  });

  it('59.999 s below then above: no fire', () => {
    const { cb, obs, due } = breaker();
    const t0 = at(10, 0);
    obs(t0, 4_500);
    obs(t0 + 59_999_000, 4_601);
    expect(cb.nextCheckTime()).toBe(Infinity);
    expect(due(t0 + 60 * US_PER_S)).toBe(0);
    expect(due(t0 + 10 * US_PER_MIN)).toBe(0);
  });

  it('an observation above the threshold at t itself breaks the window', () => {
    const { obs, due } = breaker();
    const t0 = at(10, 0);
    obs(t0, 4_500);
    obs(t0 + 60 * US_PER_S, 4_700);
    expect(due(t0 + 60 * US_PER_S)).toBe(0);
  });

  it('further observations below the threshold keep the window running; a break restarts it', () => {
    const { cb, obs, due } = breaker();
    const t0 = at(10, 0);
    obs(t0, 4_590);
    obs(t0 + 20 * US_PER_S, 4_550);
    expect(cb.nextCheckTime()).toBe(t0 + 60 * US_PER_S);
    obs(t0 + 30 * US_PER_S, 4_650);
    obs(t0 + 40 * US_PER_S, 4_580);
    expect(cb.nextCheckTime()).toBe(t0 + 100 * US_PER_S);
    expect(due(t0 + 99 * US_PER_S)).toBe(0);
    expect(due(t0 + 100 * US_PER_S)).toBe(1);
  });

  it('no L1 at or after 14:50, but L3 still possible', () => {
    const { cb, obs, due } = breaker();
    obs(at(14, 49), 4_500); // would be due at 14:50:00 exactly — too late
    expect(cb.nextCheckTime()).toBe(Infinity);
    expect(due(at(14, 50))).toBe(0);
    expect(due(at(14, 55))).toBe(0);
    obs(at(14, 55), 3_999);
    expect(cb.nextCheckTime()).toBe(at(14, 56));
    expect(due(at(14, 56))).toBe(3);
    expect(cb.fire(3, at(14, 56), 3_999)).toEqual({ endOfDay: true });
    expect(cb.nextCheckTime()).toBe(Infinity);
  });

  it('L1 can still fire when due one µs before 14:50', () => {
    const { cb, obs, due } = breaker();
    obs(at(14, 49) - 1, 4_500);
    expect(cb.nextCheckTime()).toBe(at(14, 50) - 1);
    expect(due(at(14, 50) - 1)).toBe(1);
  });

  it('a second L1 the same day never fires', () => {
    const { cb, obs, due } = breaker();
    obs(at(10, 0), 4_500);
    cb.fire(1, at(10, 1), 4_500);
    obs(at(10, 31), 4_900);
    obs(at(11, 0), 4_550);
    expect(cb.nextCheckTime()).toBe(Infinity);
    expect(due(at(12, 0))).toBe(0);
    expect(() => cb.fire(1, at(12, 0), 4_550)).toThrow('circuit breaker level 1 cannot fire: level 1 already fired today');
  });

  it('a gap below −15% fires L1 first; L2 then needs 1% below the L1 index value', () => {
    const { cb, obs, due } = breaker();
    obs(at(10, 0), 4_200); // −16%: both L1 and L2 drops hold
    expect(due(at(10, 1))).toBe(1);
    cb.fire(1, at(10, 1), 4_200);
    // L2 now needs ≤ min(4,250, 0.99 × 4,200 = 4,158); the frozen index during the halt cannot meet it.
    expect(cb.nextCheckTime()).toBe(Infinity);
    expect(due(at(10, 31))).toBe(0);
    obs(at(10, 31), 4_159);
    expect(due(at(10, 40))).toBe(0);
    obs(at(10, 40), 4_158);
    expect(cb.nextCheckTime()).toBe(at(10, 41));
    expect(due(at(10, 41))).toBe(2);
    expect(cb.fire(2, at(10, 41), 4_158)).toEqual({ haltEndT: at(11, 1), reopenEndT: at(11, 11) });
    // L3 needs ≤ min(4,000, 0.99 × 4,158 = 4,116.42) = 4,000.
    obs(at(11, 11), 4_001);
    expect(due(at(11, 20))).toBe(0);
    obs(at(11, 20), 4_000);
    expect(due(at(11, 21))).toBe(3);
  });

  it('L2 is bounded by −15% when that is lower than 1% below the L1 value', () => {
    const { obs, due, cb } = breaker();
    obs(at(10, 0), 4_600);
    cb.fire(1, at(10, 1), 4_600); // 0.99 × 4,600 = 4,554 > 4,250
    obs(at(10, 31), 4_251);
    expect(due(at(10, 40))).toBe(0);
    obs(at(10, 40), 4_250);
    expect(due(at(10, 41))).toBe(2);
  });

  it('L3 before 14:50 waits for L2; after 14:50 it no longer does', () => {
    const { cb, obs, due } = breaker();
    obs(at(10, 0), 4_500);
    cb.fire(1, at(10, 1), 4_500);
    obs(at(14, 40), 3_900); // L2 and L3 drops both hold
    expect(due(at(14, 41))).toBe(2);
    expect(cb.nextCheckTime()).toBe(at(14, 41));
    // Not fired (e.g. the exchange was busy): from 14:50 L2 is out, so L3 becomes due.
    expect(due(at(14, 50))).toBe(3);
  });

  it('newDay resets the fired levels; misuse throws', () => {
    const cb = new CircuitBreaker();
    expect(() => cb.observe(at(10, 0), clock(10, 0), 4_500)).toThrow('call newDay before observe');
    cb.newDay(PRIOR);
    cb.observe(at(10, 0), clock(10, 0), 4_500);
    cb.fire(1, at(10, 1), 4_500);
    expect(() => cb.observe(at(9, 0), clock(9, 0), 4_500)).toThrow('is before the last one');
    cb.newDay(PRIOR);
    expect(cb.highestFired).toBe(0);
    cb.observe(at(10, 0), clock(10, 0), 4_500);
    expect(cb.due(at(10, 1), clock(10, 1))).toBe(1);
    expect(() => new CircuitBreaker({ ...KRX_CIRCUIT_BREAKER, sustainUs: -1 })).toThrow('sustainUs -1');
    expect(() => cb.newDay(0)).toThrow('prior close 0 must be a positive number');
  });

  it('L1 is due iff the index was ≤ 0.92 × prior close throughout the last 60 s (model check)', () => {
    const step = fc.record({
      dt: fc.constantFrom(1, 30 * US_PER_S, 59_999_999, 60 * US_PER_S, 0),
      v: fc.constantFrom(4_599, 4_600, 4_601),
    });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 12 }), fc.integer({ min: 0, max: 120 * US_PER_S }), (steps, wait) => {
        const { cb, obs, due } = breaker();
        const seen: { t: number; v: number }[] = [];
        let t = at(10, 0);
        for (const s of steps) {
          t += s.dt;
          obs(t, s.v);
          seen.push({ t, v: s.v });
        }
        const check = t + wait;
        // Reference: the value in force at check − 60 s, and every later value, are ≤ 4,600.
        const from = check - 60 * US_PER_S;
        let inForce: number | undefined;
        for (const o of seen) if (o.t <= from) inForce = o.v;
        const held = inForce !== undefined && inForce <= 4_600 && seen.every((o) => o.t <= from || o.v <= 4_600);
        expect(due(check)).toBe(held ? 1 : 0);
        const next = cb.nextCheckTime();
        if (next !== Infinity) {
          expect(due(Math.max(next, t))).toBe(1);
          if (next - 1 >= t) expect(due(next - 1)).toBe(0);
        } else {
          expect(due(check)).toBe(0);
        }
      }),
    );
  });
});
