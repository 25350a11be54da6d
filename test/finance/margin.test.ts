import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_MAINTENANCE,
  collateralRatio,
  forcedSaleQty,
  isMarginCall,
  marginTriggerPrice,
} from '../../src/finance/margin.js';

/** Collateral ratio after selling q shares at p_d, the proceeds repaying the loan. */
function crAfterSale(shares: number, loan: number, cash: number, P: number, d: number, q: number): number {
  return collateralRatio(cash, (shares - q) * P, loan - q * (1 - d) * P);
}

describe('collateralRatio / isMarginCall (DOMAIN §3.1, §8.3 item 3)', () => {
  it('(cash + securities)/loan', () => {
    expect(collateralRatio(0, 82, 60)).toBeCloseTo(1.3666666666666667, 15);
    expect(collateralRatio(100_000, 740_000, 600_000)).toBe(1.4);
    expect(DEFAULT_MAINTENANCE).toBe(1.4);
  });

  it('no loan means an infinite ratio, never flagged', () => {
    expect(collateralRatio(0, 100, 0)).toBe(Infinity);
    expect(isMarginCall(collateralRatio(0, 0, 0))).toBe(false);
  });

  it('flags iff CR < 1.40 (strict), or below a broker-specific level', () => {
    expect(isMarginCall(1.4)).toBe(false);
    expect(isMarginCall(1.3999999)).toBe(true);
    expect(isMarginCall(1.25, 1.2)).toBe(false);
    expect(isMarginCall(1.25, 1.7)).toBe(true);
  });
});

describe('marginTriggerPrice', () => {
  it('initial margin 40%, maintenance 140% → 0.84·P₀; Reg-T style 50%/1/0.75 → 0.667·P₀', () => {
    expect(marginTriggerPrice(10_000, 0.4)).toBeCloseTo(8400, 9);
    expect(marginTriggerPrice(10_000, 0.5, 1 / 0.75)).toBeCloseTo(6666.666666666667, 9);
  });

  it('a one-stock account bought with 40% margin is flagged exactly when P_close < 0.84·P_buy (±1 won)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 2_000_000 }), fc.integer({ min: 1, max: 10_000 }), (pBuy, n) => {
        const loan = n * pBuy * (1 - 0.4);
        const flagged = (p: number): boolean => isMarginCall(collateralRatio(0, n * p, loan));
        const trigger = marginTriggerPrice(pBuy, 0.4);
        expect(Math.abs(trigger - 0.84 * pBuy)).toBeLessThan(1e-9 * pBuy);
        const near = Math.round(trigger);
        expect(flagged(near - 1)).toBe(true);
        expect(flagged(near + 1)).toBe(false);
        expect(flagged(pBuy)).toBe(false);
      }),
    );
  });

  it('at the exact trigger with integer prices the account is not flagged (CR = 1.4, not below)', () => {
    // 0.84 · 10,000 = 8,400: CR = 100·8,400/600,000 = 1.4 exactly.
    expect(isMarginCall(collateralRatio(0, 100 * 8400, 600_000))).toBe(false);
    expect(isMarginCall(collateralRatio(0, 100 * 8399, 600_000))).toBe(true);
  });
});

describe('forcedSaleQty', () => {
  // DOMAIN §3.1 worked example: L = 60, V = 82 (CR = 1.367), scaled to 8,200 shares at 100 won, loan 600,000.
  const shares = 8200;
  const loan = 600_000;
  const P = 100;

  it.each([
    [0.15, 1053, 0.128],
    [0.2, 1667, 0.203],
    [0.3, 8200, 1],
  ])('d = %d → %d shares (%d of the position)', (d, want, frac) => {
    const q = forcedSaleQty(shares, loan, 0, P, d);
    expect(q).toBe(want);
    expect(Math.abs(q / shares - frac)).toBeLessThan(5e-4);
  });

  it('is ⌈(m·L − V)/(m·p_d − P)⌉: 20,000/19 = 1052.6 and 20,000/12 = 1666.7 shares', () => {
    expect(forcedSaleQty(shares, loan, 0, P, 0.15)).toBe(Math.ceil(20_000 / 19));
    expect(forcedSaleQty(shares, loan, 0, P, 0.2)).toBe(Math.ceil(20_000 / 12));
  });

  it('counts cash in V', () => {
    // V = 10,000 + 8,200·100 = 830,000; (840,000 − 830,000)/19 = 526.3 → 527.
    expect(forcedSaleQty(shares, loan, 10_000, P, 0.15)).toBe(527);
  });

  it('does not add a share when the quotient is an integer up to float error', () => {
    // m = 1.4, d = 5%, P = 100: m·p_d − P = 33. With V = 10,000,000 and m·L − V = 33,000 the answer is exactly
    // 1,000 shares, but the float quotient is 1000.0000000000009; a bare ceil would return 1,001.
    const L = (10_000_000 + 33_000) / 1.4;
    expect((1.4 * L - 10_000_000) / (1.4 * (1 - 0.05) * 100 - 100)).toBeGreaterThan(1000);
    expect(forcedSaleQty(100_000, L, 0, 100, 0.05)).toBe(1000);
  });

  it('sells all shares whenever m(1 − d) ≤ 1', () => {
    expect(forcedSaleQty(shares, loan, 0, P, 0.3)).toBe(shares); // 1.4·0.7 = 0.98
    expect(forcedSaleQty(shares, loan, 0, P, 0.29)).toBe(shares); // 0.994
    expect(forcedSaleQty(shares, 800_000, 0, P, 0.15, 1.1)).toBe(shares); // CR 1.025 < 1.1, and 1.1·0.85 = 0.935
  });

  it('returns 0 if the ratio already meets maintenance or there is no loan', () => {
    expect(forcedSaleQty(shares, 500_000, 0, P, 0.3)).toBe(0); // CR = 1.64
    expect(forcedSaleQty(shares, loan, 0, P, 0.15, 1.2)).toBe(0); // CR 1.367 ≥ 1.2
    expect(forcedSaleQty(shares, 0, 0, P, 0.15)).toBe(0);
    expect(forcedSaleQty(0, loan, 0, P, 0.15)).toBe(0);
  });

  it('clamps to the position when the shortfall is too deep', () => {
    // CR = 50,000/600,000: no partial sale can help; q is capped at the 500 shares held.
    expect(forcedSaleQty(500, loan, 0, P, 0.15)).toBe(500);
  });

  it('restores CR ≥ m with the smallest whole number of shares', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 100, max: 1_000_000 }),
        fc.double({ min: 1.01, max: 1.7, noNaN: true }),
        fc.double({ min: 0, max: 0.25, noNaN: true }),
        fc.constantFrom(1.2, 1.4, 1.7),
        (n, p, cr, d, m) => {
          const loanAmt = (n * p) / cr;
          const q = forcedSaleQty(n, loanAmt, 0, p, d, m);
          const crNow = collateralRatio(0, n * p, loanAmt); // the drawn cr, up to float rounding
          expect(Number.isInteger(q)).toBe(true);
          expect(q).toBeGreaterThanOrEqual(0);
          expect(q).toBeLessThanOrEqual(n);
          if (crNow >= m) {
            expect(q).toBe(0);
          } else if (m * (1 - d) <= 1) {
            expect(q).toBe(n);
          } else {
            expect(q).toBeGreaterThan(0);
            if (q < n) expect(crAfterSale(n, loanAmt, 0, p, d, q)).toBeGreaterThanOrEqual(m * (1 - 1e-12));
            expect(crAfterSale(n, loanAmt, 0, p, d, q - 1)).toBeLessThan(m);
          }
        },
      ),
    );
  });

  it('rejects a non-positive reference price or a discount outside [0, 1)', () => {
    expect(() => forcedSaleQty(10, 100, 0, 0, 0.15)).toThrow('forcedSaleQty: refPrice must be > 0, got 0');
    expect(() => forcedSaleQty(10, 100, 0, 5, 1)).toThrow('forcedSaleQty: discount must be in [0, 1), got 1');
    expect(() => forcedSaleQty(10, 100, 0, 5, -0.1)).toThrow(RangeError);
  });
});
