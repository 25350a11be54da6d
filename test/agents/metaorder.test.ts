import { describe, expect, it } from 'vitest';
import { spec, twapTarget } from '../../src/agents/metaorder.js';
import { clock } from '../../src/core/time.js';
import { IOC, SELL } from '../../src/market/protocol.js';
import { build, FakeContext } from './fake-context.js';

describe('metaorder (docs/model.md §5)', () => {
  it('cumulative TWAP targets reach the parent quantity exactly', () => {
    expect([0, 1, 2, 3].map((k) => twapTarget(10, k, 4))).toEqual([2, 5, 7, 10]);
    expect(twapTarget(7, 0, 1)).toBe(7);
  });

  it('sends IOC children through the touch and carries an unfilled remainder to the next slice', () => {
    const fc = new FakeContext('metaorder', { now: 0 });
    const agent = build(spec, { instrument: 'AAA', qty: 100, day: 0, startTime: '09:30', durationMin: 2, sliceS: 30, aggressionTicks: 2 });
    fc.start(agent);
    expect(fc.nextWake()?.t).toBe(clock(9, 30));
    fc.step(agent);
    expect(fc.orders[0]).toMatchObject({ side: SELL, type: IOC, qty: 25, price: 69_900 - 200 });
    fc.fill(0, 10, agent);
    fc.step(agent);
    expect(fc.orders[1]!.qty).toBe(50 - 10);
    fc.fill(1, 40, agent);
    fc.step(agent);
    fc.step(agent);
    expect(fc.orders.map((o) => o.qty)).toEqual([25, 40, 25, 50]);
    expect(fc.step(agent)).toBe(false);
  });
});
