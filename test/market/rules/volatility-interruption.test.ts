import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  STATIC_VI_BP,
  VI_AUCTION_US,
  dynamicViBp,
  viBounds,
  viTriggered,
} from '../../../src/market/rules/volatility-interruption.js';
import { gridFor } from '../../../src/market/rules/tick-table.js';

const stock = gridFor('krx-stock');

describe('VI thresholds (DOMAIN §5.6)', () => {
  it('dynamic thresholds: KOSPI200 3/2/3%, others 6/4/6%', () => {
    expect(dynamicViBp('kospi200', 'continuous')).toBe(300);
    expect(dynamicViBp('kospi200', 'closing-auction')).toBe(200);
    expect(dynamicViBp('kospi200', 'off-hours')).toBe(300);
    expect(dynamicViBp('other', 'continuous')).toBe(600);
    expect(dynamicViBp('other', 'closing-auction')).toBe(400);
    expect(dynamicViBp('other', 'off-hours')).toBe(600);
  });

  it('expiry day: 1% in the closing auction for underlying (KOSPI200) stocks only', () => {
    expect(dynamicViBp('kospi200', 'closing-auction', true)).toBe(100);
    expect(dynamicViBp('kospi200', 'continuous', true)).toBe(300);
    expect(dynamicViBp('other', 'closing-auction', true)).toBe(400);
  });

  it('static VI is 10% and the VI auction lasts 2 minutes', () => {
    expect(STATIC_VI_BP).toBe(1000);
    expect(VI_AUCTION_US).toBe(2 * 60 * 1_000_000);
  });
});

describe('viTriggered (§8.3 item 6: "≥")', () => {
  it('dynamic 3% triggers at exactly 3.00% and not at 2.99%', () => {
    expect(viTriggered(100_000, 103_000, 300)).toBe(true);
    expect(viTriggered(100_000, 102_990, 300)).toBe(false);
    expect(viTriggered(100_000, 97_000, 300)).toBe(true);
    expect(viTriggered(100_000, 97_010, 300)).toBe(false);
    expect(viTriggered(100_000, 100_000, 300)).toBe(false);
  });

  it('static 10% triggers at exactly 10% either way', () => {
    expect(viTriggered(50_000, 55_000, STATIC_VI_BP)).toBe(true);
    expect(viTriggered(50_000, 54_999, STATIC_VI_BP)).toBe(false);
    expect(viTriggered(50_000, 45_000, STATIC_VI_BP)).toBe(true);
    expect(viTriggered(50_000, 45_001, STATIC_VI_BP)).toBe(false);
  });
});

describe('viBounds', () => {
  it('gives the extreme non-triggering grid prices', () => {
    // 3% of 10,000 = 300: 10,300 triggers; the last safe price 10,299 → grid (tick 10) 10,290; low 9,701 → 9,710.
    expect(viBounds(10_000, 300, stock)).toEqual({ low: 9_710, high: 10_290 });
    // 3% of 100,000 = 3,000: safe deviation 2,999 → high 102,999 → 102,900, low 97,001 → 97,100.
    expect(viBounds(100_000, 300, stock)).toEqual({ low: 97_100, high: 102_900 });
    // 3% of 1,990 = 59.7: safe deviation 59 → high 2,049 (5-won band) → 2,045, low 1,931.
    expect(viBounds(1_990, 300, stock)).toEqual({ low: 1_931, high: 2_045 });
    // 10% of 10 on a uniform grid: 1 → safe deviation 0 → only the reference.
    expect(viBounds(10, 1000, gridFor('uniform'))).toEqual({ low: 10, high: 10 });
  });

  it('rejects bad arguments', () => {
    expect(() => viBounds(0, 300, stock)).toThrow('VI reference 0 must be a positive integer price');
    expect(() => viBounds(100, 0, stock)).toThrow('VI threshold 0 bp must be a positive integer');
  });

  it('bounds are safe and the next grid price beyond each triggers', () => {
    const cases = fc.record({
      idx: fc.integer({ min: 0, max: 100_000 }),
      bp: fc.constantFrom(100, 200, 300, 400, 600, 1000),
    });
    fc.assert(
      fc.property(cases, ({ idx, bp }) => {
        const ref = stock.toPrice(idx);
        const { low, high } = viBounds(ref, bp, stock);
        expect(stock.isValid(low) && stock.isValid(high)).toBe(true);
        expect(low <= ref && ref <= high).toBe(true);
        expect(viTriggered(ref, low, bp) || viTriggered(ref, high, bp)).toBe(false);
        expect(viTriggered(ref, stock.toPrice(stock.toIndex(high) + 1), bp)).toBe(true);
        if (low > 1) expect(viTriggered(ref, stock.toPrice(stock.toIndex(low) - 1), bp)).toBe(true);
      }),
    );
  });
});
