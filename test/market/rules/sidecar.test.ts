import { describe, expect, it } from 'vitest';
import { BUY, SELL } from '../../../src/market/order.js';
import { KRX_SIDECAR, Sidecar } from '../../../src/market/rules/sidecar.js';
import { US_PER_MIN, US_PER_S, clock } from '../../../src/core/time.js';

// Prior close 400: up at ≥ 420 (+5%), down at ≤ 380 (−5%).
const PRIOR = 400;
const DAY0 = 3 * 24 * 60 * US_PER_MIN;
const at = (h: number, m: number, s = 0): number => DAY0 + clock(h, m, s);

function sidecar(): { sc: Sidecar; obs: (t: number, v: number) => void; due: (t: number) => number | null } {
  const sc = new Sidecar();
  sc.newDay(PRIOR);
  return { sc, obs: (t, v) => sc.observe(t, t - DAY0, v), due: (t) => sc.due(t, t - DAY0) };
}

describe('Sidecar (DOMAIN §5.5, §8.3 item 6)', () => {
  it('has the KRX defaults', () => {
    expect(KRX_SIDECAR).toEqual({
      moveBp: 500,
      sustainUs: 60 * US_PER_S,
      blockUs: 5 * US_PER_MIN,
      openTod: clock(9, 0),
      openGraceUs: 5 * US_PER_MIN,
      lastTriggerTod: clock(14, 50),
    });
  });

  it('a −5% move held 60 s blocks program sells for exactly 5 minutes, not buys', () => {
    const { sc, obs, due } = sidecar();
    obs(at(10, 0), 380);
    expect(sc.nextCheckTime()).toBe(at(10, 1));
    expect(due(at(10, 1) - 1)).toBe(null);
    expect(due(at(10, 1))).toBe(SELL);
    const fired = at(10, 1);
    expect(sc.fire(SELL, fired)).toEqual({ blockEndT: fired + 5 * US_PER_MIN });
    expect(sc.blocks(SELL, fired - 1)).toBe(false);
    expect(sc.blocks(SELL, fired)).toBe(true);
    expect(sc.blocks(SELL, fired + 5 * US_PER_MIN - 1)).toBe(true);
    expect(sc.blocks(SELL, fired + 5 * US_PER_MIN)).toBe(false);
    expect(sc.blocks(BUY, fired)).toBe(false);
    expect(sc.blocks(BUY, fired + US_PER_MIN)).toBe(false);
    expect(sc.fired).toEqual({ side: SELL, t: fired });
  });

  it('a +5% move blocks program buys', () => {
    const { sc, obs, due } = sidecar();
    obs(at(11, 0), 420);
    expect(due(at(11, 1))).toBe(BUY);
    sc.fire(BUY, at(11, 1));
    expect(sc.blocks(BUY, at(11, 3))).toBe(true);
    expect(sc.blocks(SELL, at(11, 3))).toBe(false);
  });

  it('needs a full 5% move held for 60 s', () => {
    const { sc, obs, due } = sidecar();
    obs(at(10, 0), 380.01);
    obs(at(10, 1), 419.99);
    expect(sc.nextCheckTime()).toBe(Infinity);
    expect(due(at(10, 5))).toBe(null);
    obs(at(10, 5), 379);
    obs(at(10, 5) + 59_999_000, 381);
    expect(sc.nextCheckTime()).toBe(Infinity);
    expect(due(at(10, 6))).toBe(null);
  });

  it('fires once per day', () => {
    const { sc, obs, due } = sidecar();
    obs(at(10, 0), 380);
    sc.fire(SELL, at(10, 1));
    obs(at(10, 10), 400);
    obs(at(10, 20), 421);
    expect(sc.nextCheckTime()).toBe(Infinity);
    expect(due(at(10, 30))).toBe(null);
    expect(() => sc.fire(BUY, at(10, 30))).toThrow('sidecar already fired today');
    sc.newDay(PRIOR);
    expect(sc.fired).toBe(null);
    expect(sc.blocks(SELL, at(10, 2))).toBe(false);
  });

  it('cannot fire in the first 5 minutes of the session', () => {
    const { sc, obs, due } = sidecar();
    obs(at(9, 0), 380);
    expect(sc.nextCheckTime()).toBe(at(9, 5));
    expect(due(at(9, 1))).toBe(null);
    expect(due(at(9, 5) - 1)).toBe(null);
    expect(due(at(9, 5))).toBe(SELL);
  });

  it('cannot fire at or after 14:50', () => {
    const { sc, obs, due } = sidecar();
    obs(at(14, 49), 380);
    expect(sc.nextCheckTime()).toBe(Infinity);
    expect(due(at(14, 50))).toBe(null);
    const late = sidecar();
    late.obs(at(14, 49) - 1, 380);
    expect(late.sc.nextCheckTime()).toBe(at(14, 50) - 1);
    expect(late.due(at(14, 50) - 1)).toBe(SELL);
  });

  it('rejects misuse', () => {
    const sc = new Sidecar();
    expect(() => sc.observe(at(10, 0), clock(10, 0), 380)).toThrow('sidecar: call newDay before observe');
    expect(() => sc.newDay(-1)).toThrow('sidecar prior close -1 must be a positive number');
    expect(() => new Sidecar({ ...KRX_SIDECAR, moveBp: 0 })).toThrow('sidecar moveBp 0 must be in (0, 10000)');
  });
});
