import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { priceLimits, withinLimits } from '../../../src/market/rules/price-limits.js';
import { gridFor } from '../../../src/market/rules/tick-table.js';

const stock = gridFor('krx-stock');
const etf = gridFor('krx-etf');

describe('priceLimits (DOMAIN §5.2, §8.3 item 5)', () => {
  it('base 9,980 → 12,970 / 6,990', () => {
    // width = 9,980 × 0.3 = 2,994 → tick of 9,980 is 10 → 2,990; 9,980 ± 2,990 = 12,970 / 6,990 (both tick 10).
    expect(priceLimits(9_980, stock)).toEqual({ lower: 6_990, upper: 12_970 });
  });

  it('a 2x ETF gets ±60% on the 5-won grid', () => {
    // width = 10,000 × 0.6 = 6,000 (a multiple of 5) → 16,000 / 4,000: exactly ±60%.
    expect(priceLimits(10_000, etf, 3000, 2)).toEqual({ lower: 4_000, upper: 16_000 });
    // width = 12,345 × 0.6 = 7,407 → 7,405; 12,345 ± 7,405 = 19,750 / 4,940.
    expect(priceLimits(12_345, etf, 3000, 2)).toEqual({ lower: 4_940, upper: 19_750 });
    // An inverse 2x ETF scales the same way; a 1x ETF: 12,345 × 0.3 = 3,703.5 → 3,700 → 16,045 / 8,645.
    expect(priceLimits(12_345, etf, 3000, -2)).toEqual({ lower: 4_940, upper: 19_750 });
    expect(priceLimits(12_345, etf)).toEqual({ lower: 8_645, upper: 16_045 });
  });

  it('rounds across band edges', () => {
    // 1,999 (tick 1): width 599.7 → 599; upper 2,598 lies in the 5-won band → 2,595; lower 1,400.
    expect(priceLimits(1_999, stock)).toEqual({ lower: 1_400, upper: 2_595 });
    // 16,670 (tick 10): width 5,001 → 5,000; upper 21,670 in the 50-won band → 21,650; lower 11,670.
    expect(priceLimits(16_670, stock)).toEqual({ lower: 11_670, upper: 21_650 });
    // 180,100 (tick 100): width 54,030 → 54,000; upper 234,100 in the 500-won band → 234,000; lower 126,100.
    expect(priceLimits(180_100, stock)).toEqual({ lower: 126_100, upper: 234_000 });
    // 450,500 (tick 500): width 135,150 → 135,000; upper 585,500 in the 1,000-won band → 585,000; lower 315,500.
    expect(priceLimits(450_500, stock)).toEqual({ lower: 315_500, upper: 585_000 });
    // 5,010 (tick 10): width 1,503 → 1,500; upper 6,510; lower 3,510 in the 5-won band (already on it).
    expect(priceLimits(5_010, stock)).toEqual({ lower: 3_510, upper: 6_510 });
  });

  it('never goes below the lowest valid price', () => {
    // 4x: width = 100 × 1.2 = 120 → lower −20 → clamped to 1; upper 220.
    expect(priceLimits(100, gridFor('uniform'), 3000, 4)).toEqual({ lower: 1, upper: 220 });
    // ETF 4x: width = 10 × 1.2 = 12 → 10; lower 0 → clamped to 5; upper 20.
    expect(priceLimits(10, etf, 3000, 4)).toEqual({ lower: 5, upper: 20 });
  });

  it('rejects an off-grid base and a zero or fractional-bp limit', () => {
    expect(() => priceLimits(2_001, stock)).toThrow('price-limit base 2001 is not a valid price on the grid');
    expect(() => priceLimits(10_000, stock, 3000, 0)).toThrow('must be a positive integer number of bp');
    expect(() => priceLimits(10_000, stock, 3000, 1.00001)).toThrow('must be a positive integer number of bp');
  });

  it('withinLimits is inclusive at both ends', () => {
    const lim = priceLimits(9_980, stock);
    expect(withinLimits(6_990, lim)).toBe(true);
    expect(withinLimits(12_970, lim)).toBe(true);
    expect(withinLimits(6_989, lim)).toBe(false);
    expect(withinLimits(12_971, lim)).toBe(false);
  });

  it('every limit is on the grid, within ±limit and as wide as the rounding allows', () => {
    const cases = fc.record({
      grid: fc.constantFrom(stock, etf),
      idx: fc.integer({ min: 0, max: 200_000 }),
      lev: fc.constantFrom(1, 2, 3, -1, -2),
    });
    fc.assert(
      fc.property(cases, ({ grid, idx, lev }) => {
        const base = grid.toPrice(idx);
        const bp = 3000 * Math.abs(lev);
        const { lower, upper } = priceLimits(base, grid, 3000, lev);
        expect(grid.isValid(lower) && grid.isValid(upper)).toBe(true);
        expect(lower <= base && base <= upper).toBe(true);
        expect((upper - base) * 10_000 <= base * bp).toBe(true);
        const slack = grid.tickAt(base) + grid.tickAt(upper);
        expect((upper - base + slack) * 10_000 > base * bp).toBe(true);
        if (lower > grid.toPrice(0)) expect((base - lower) * 10_000 <= base * bp).toBe(true);
      }),
    );
  });
});
