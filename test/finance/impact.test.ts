import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sqrtImpact } from '../../src/finance/impact.js';

describe('sqrtImpact: Y·σ·√(Q/V)', () => {
  it('matches the formula on round numbers', () => {
    expect(sqrtImpact(1, 0.02, 10_000, 1_000_000)).toBeCloseTo(0.002, 15); // 1% of ADV, 2% vol → 20 bp
    expect(sqrtImpact(0.5, 0.03, 250_000, 1_000_000)).toBeCloseTo(0.0075, 15);
    expect(sqrtImpact(1, 0.02, 1_000_000, 1_000_000)).toBe(0.02);
  });

  it('carries the sign of qty and is 0 for no trade', () => {
    expect(sqrtImpact(1, 0.02, -10_000, 1_000_000)).toBeCloseTo(-0.002, 15);
    expect(Object.is(sqrtImpact(1, 0.02, 0, 1_000_000), 0)).toBe(true);
  });

  it('quadrupling the quantity doubles the impact; it is linear in Y and σ', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 2, noNaN: true }),
        fc.double({ min: 0.001, max: 0.2, noNaN: true }),
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.integer({ min: 1, max: 100_000_000 }),
        (y, s, q, v) => {
          const i = sqrtImpact(y, s, q, v);
          expect(Math.abs(sqrtImpact(y, s, 4 * q, v) - 2 * i)).toBeLessThan(1e-14 * Math.max(1, i));
          expect(Math.abs(sqrtImpact(2 * y, s, q, v) - 2 * i)).toBeLessThan(1e-14 * Math.max(1, i));
          expect(sqrtImpact(y, s, -q, v)).toBe(-i);
        },
      ),
    );
  });

  it('rejects non-positive daily volume', () => {
    expect(() => sqrtImpact(1, 0.02, 100, 0)).toThrow('sqrtImpact: dailyVolume must be > 0, got 0');
  });
});
