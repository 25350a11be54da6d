import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { inav, navAfter, rebalanceAmount, rebalanceShares } from '../../src/finance/leverage.js';

const B = 1e9;

describe('rebalanceAmount (DOMAIN §1.1–1.2, §8.3 item 1)', () => {
  it.each([
    [2, -2.6 * B],
    [-2, -7.8 * B],
    [3, -7.8 * B],
    [-1, -2.6 * B],
    [1, 0],
  ])('A = 10B, r = −13%%, L = %d → %d', (L, want) => {
    const got = rebalanceAmount(10 * B, L, -0.13);
    expect(Math.abs(got - want)).toBeLessThan(1e-12 * 10 * B);
    if (want === 0) expect(got === 0).toBe(true);
  });

  it('equals target exposure minus pre-rebalance exposure, E* − E_pre, with r from prices', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e6, max: 1e11, noNaN: true }),
        fc.constantFrom(-3, -2, -1, 1, 1.5, 2, 3),
        fc.integer({ min: 1000, max: 1_000_000 }),
        fc.integer({ min: 1000, max: 1_000_000 }),
        fc.double({ min: -1e10, max: 1e10, noNaN: true }),
        (A, L, p0, p1, F) => {
          const r = p1 / p0 - 1;
          const ePre = L * A * (1 + r);
          const eStar = L * (navAfter(A, L, r) + F);
          const scale = Math.abs(A * L * L) * (1 + Math.abs(r)) + Math.abs(L * F);
          expect(Math.abs(rebalanceAmount(A, L, r, F) - (eStar - ePre))).toBeLessThan(1e-12 * scale);
        },
      ),
    );
  });

  it('with creations F the total is A(L² − L)r + L·F', () => {
    expect(rebalanceAmount(10 * B, 2, -0.13, 1 * B)).toBeCloseTo(-2.6 * B + 2 * B, 0);
    expect(rebalanceAmount(10 * B, -2, -0.13, 1 * B)).toBeCloseTo(-7.8 * B - 2 * B, 0);
    // Dip-buying creations offset the 2x fund's selling exactly when F = −A(L−1)r.
    expect(Math.abs(rebalanceAmount(10 * B, 2, -0.13, 1.3 * B))).toBeLessThan(1e-3);
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e11, noNaN: true }),
        fc.constantFrom(-2, -1, 2, 3),
        fc.double({ min: -0.3, max: 0.3, noNaN: true }),
        fc.double({ min: -1e10, max: 1e10, noNaN: true }),
        (A, L, r, F) => {
          const got = rebalanceAmount(A, L, r, F) - rebalanceAmount(A, L, r);
          expect(Math.abs(got - L * F)).toBeLessThanOrEqual(1e-12 * (Math.abs(A * L * L) + Math.abs(L * F)));
        },
      ),
    );
  });

  it('every fund outside [0, 1] trades in the direction of the move', () => {
    for (const L of [-2, -1, 2, 3]) {
      expect(rebalanceAmount(B, L, 0.05)).toBeGreaterThan(0);
      expect(rebalanceAmount(B, L, -0.05)).toBeLessThan(0);
    }
    expect(rebalanceAmount(B, 0.5, 0.05)).toBeLessThan(0);
  });
});

describe('navAfter', () => {
  it('A(1 + L·r)', () => {
    expect(navAfter(10 * B, 2, -0.13)).toBeCloseTo(7.4 * B, 0);
    expect(navAfter(10 * B, -2, -0.13)).toBeCloseTo(12.6 * B, 0);
    expect(navAfter(10 * B, 3, -0.13)).toBeCloseTo(6.1 * B, 0);
    expect(navAfter(10 * B, -1, -0.13)).toBeCloseTo(11.3 * B, 0);
  });

  it('two-day path +10%, −10% with L = 2 gives NAV factor 0.96 (underlying 0.99)', () => {
    expect(Math.abs(navAfter(navAfter(1, 2, 0.1), 2, -0.1) - 0.96)).toBeLessThan(1e-12);
    const [p0, p1, p2] = [100, 110, 99];
    const fund = navAfter(navAfter(1, 2, p1 / p0 - 1), 2, p2 / p1 - 1);
    expect(Math.abs(fund - 0.96)).toBeLessThan(1e-12);
    expect(Math.abs(navAfter(navAfter(1, 1, p1 / p0 - 1), 1, p2 / p1 - 1) - 0.99)).toBeLessThan(1e-12);
  });
});

describe('rebalanceShares', () => {
  it('divides by the close and rounds to the nearest share', () => {
    expect(rebalanceShares(-2.6 * B, 87_000)).toBe(-29_885); // 29,885.06
    expect(rebalanceShares(1_000_000, 300)).toBe(3333); // 3333.33
    expect(rebalanceShares(1_000_000, 600)).toBe(1667); // 1666.67
    expect(rebalanceShares(-1_000_000, 600)).toBe(-1667);
  });

  it('rounds ties away from zero, keeping the sign', () => {
    expect(rebalanceShares(25, 10)).toBe(3);
    expect(rebalanceShares(-25, 10)).toBe(-3);
    expect(rebalanceShares(15, 10)).toBe(2);
    expect(rebalanceShares(-15, 10)).toBe(-2);
  });

  it('rounds to a lot size', () => {
    expect(rebalanceShares(250, 10, 10)).toBe(30); // 2.5 lots → 3
    expect(rebalanceShares(-250, 10, 10)).toBe(-30);
    expect(rebalanceShares(1240, 10, 10)).toBe(120);
    expect(rebalanceShares(1260, 10, 10)).toBe(130);
  });

  it('never returns −0', () => {
    expect(Object.is(rebalanceShares(-4, 10), 0)).toBe(true);
    expect(Object.is(rebalanceShares(0, 10), 0)).toBe(true);
  });

  it('is odd, integral, a lot multiple, and within half a lot of amount/price', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e11, max: 1e11, noNaN: true }),
        fc.integer({ min: 1, max: 2_000_000 }),
        fc.constantFrom(1, 10, 100),
        (amount, price, lot) => {
          const q = rebalanceShares(amount, price, lot);
          expect(Number.isInteger(q)).toBe(true);
          expect(q % lot === 0).toBe(true);
          expect(rebalanceShares(-amount, price, lot)).toBe(q === 0 ? 0 : -q);
          expect(Math.abs(q - amount / price)).toBeLessThanOrEqual(lot / 2 + 1e-6);
        },
      ),
    );
  });

  it('rejects a non-positive price or a bad lot', () => {
    expect(() => rebalanceShares(100, 0)).toThrow('rebalanceShares: price must be > 0, got 0');
    expect(() => rebalanceShares(100, 10, 0)).toThrow('rebalanceShares: lot must be a positive integer, got 0');
    expect(() => rebalanceShares(100, 10, 2.5)).toThrow(RangeError);
  });
});

describe('inav', () => {
  it('navPrev(1 + L(S/S₀ − 1))', () => {
    expect(inav(10_000, 2, 110, 100)).toBeCloseTo(12_000, 9);
    expect(inav(10_000, -2, 110, 100)).toBeCloseTo(8_000, 9);
    expect(inav(10_000, 2, 100, 100)).toBe(10_000);
  });

  it('at the close equals navAfter with r = S/S₀ − 1', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 1e6, noNaN: true }),
        fc.constantFrom(-2, -1, 2, 3),
        fc.integer({ min: 1000, max: 1_000_000 }),
        fc.integer({ min: 1000, max: 1_000_000 }),
        (nav, L, s0, s) => {
          expect(inav(nav, L, s, s0)).toBe(navAfter(nav, L, s / s0 - 1));
        },
      ),
    );
  });

  it('rejects a non-positive previous close', () => {
    expect(() => inav(100, 2, 100, 0)).toThrow('inav: prevClose must be > 0, got 0');
  });
});
