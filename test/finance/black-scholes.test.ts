import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bsDelta, bsGamma, bsGreeks, bsPrice, erfc, normCdf, normPdf } from '../../src/finance/black-scholes.js';
import type { OptionKind } from '../../src/finance/black-scholes.js';

/** Relative difference, with an absolute floor so values near zero compare absolutely. */
function relErr(got: number, want: number, floor = 0): number {
  return Math.abs(got - want) / Math.max(Math.abs(want), floor);
}

describe('normCdf / normPdf', () => {
  // Reference: 0.5·erfc(−x/√2) from CPython's math.erfc (libm), correct to ~1 ulp.
  const table: Array<[number, number]> = [
    [0, 0.5],
    [1, 0.8413447460685429],
    [-1, 0.15865525393145707],
    [1.96, 0.9750021048517795],
    [-1.96, 0.024997895148220435],
    [0.1, 0.539827837277029],
    [-3, 0.0013498980316300957],
    [3, 0.9986501019683699],
    [-5, 2.866515718791946e-7],
    [5, 0.9999997133484281],
    [-8, 6.220960574271819e-16],
    [-10, 7.619853024160593e-24],
    [-20, 2.7536241186063314e-89],
  ];
  it.each(table)('N(%d) matches the reference to 1e-13 relative (tails included)', (x, want) => {
    expect(relErr(normCdf(x), want)).toBeLessThan(1e-13);
  });

  it('is symmetric, N(x) + N(−x) = 1, and monotone', () => {
    fc.assert(
      fc.property(fc.double({ min: -30, max: 30, noNaN: true }), fc.double({ min: 0, max: 5, noNaN: true }), (x, h) => {
        expect(Math.abs(normCdf(x) + normCdf(-x) - 1)).toBeLessThan(1e-15);
        expect(normCdf(x + h)).toBeGreaterThanOrEqual(normCdf(x));
      }),
    );
  });

  it('saturates at the extremes and propagates NaN', () => {
    expect(normCdf(-40)).toBe(0);
    expect(normCdf(40)).toBe(1);
    expect(normCdf(Number.NEGATIVE_INFINITY)).toBe(0);
    expect(normCdf(Number.POSITIVE_INFINITY)).toBe(1);
    expect(normCdf(NaN)).toBeNaN();
    expect(erfc(0)).toBe(1);
  });

  it('normPdf is the standard normal density', () => {
    expect(normPdf(0)).toBeCloseTo(1 / Math.sqrt(2 * Math.PI), 15);
    expect(relErr(normPdf(1), Math.exp(-0.5) / Math.sqrt(2 * Math.PI))).toBeLessThan(1e-15);
    expect(normPdf(-2.5)).toBe(normPdf(2.5));
  });

  it('normPdf is the derivative of normCdf (central difference)', () => {
    for (const x of [-3, -1, 0, 0.5, 2]) {
      const h = 1e-5;
      expect(relErr((normCdf(x + h) - normCdf(x - h)) / (2 * h), normPdf(x))).toBeLessThan(1e-8);
    }
  });
});

describe('bsGreeks reference values (DOMAIN §2.1, §8.3 item 2)', () => {
  it('S = K = 100, σ = 0.2, τ = 1, r = q = 0', () => {
    const c = bsGreeks('call', 100, 100, 0.2, 1);
    const p = bsGreeks('put', 100, 100, 0.2, 1);
    expect(Math.abs(c.price - 7.965567)).toBeLessThan(1e-6);
    expect(Math.abs(p.price - 7.965567)).toBeLessThan(1e-6);
    expect(Math.abs(c.delta - 0.539828)).toBeLessThan(1e-6);
    expect(Math.abs(p.delta + 0.460172)).toBeLessThan(1e-6);
    expect(Math.abs(c.gamma - 0.019848)).toBeLessThan(1e-6);
    expect(Math.abs(c.gamma - 0.0198476)).toBeLessThan(1e-7);
    expect(p.gamma).toBe(c.gamma);
    expect(Math.abs(c.vega - 39.695)).toBeLessThan(1e-3);
    expect(p.vega).toBe(c.vega);
  });

  it('with r = 5%: C = 10.450584, Δ_C = 0.636831, Γ = 0.0187620', () => {
    expect(Math.abs(bsPrice('call', 100, 100, 0.2, 1, 0.05) - 10.450584)).toBeLessThan(1e-6);
    expect(Math.abs(bsDelta('call', 100, 100, 0.2, 1, 0.05) - 0.636831)).toBeLessThan(1e-6);
    expect(Math.abs(bsGamma(100, 100, 0.2, 1, 0.05) - 0.018762)).toBeLessThan(1e-7);
  });

  it('wrappers agree with bsGreeks', () => {
    const g = bsGreeks('put', 95, 100, 0.35, 0.4, 0.03, 0.01);
    expect(bsPrice('put', 95, 100, 0.35, 0.4, 0.03, 0.01)).toBe(g.price);
    expect(bsDelta('put', 95, 100, 0.35, 0.4, 0.03, 0.01)).toBe(g.delta);
    expect(bsGamma(95, 100, 0.35, 0.4, 0.03, 0.01)).toBe(g.gamma);
  });

  it('DOMAIN §2.2: −13% move on a 21-day ATM call, σ = 60% → ΔΔ = −0.2980, Γ·dS = −0.2983', () => {
    const tau = 21 / 252;
    const dDelta = bsDelta('call', 87, 100, 0.6, tau) - bsDelta('call', 100, 100, 0.6, tau);
    expect(Math.abs(dDelta + 0.298)).toBeLessThan(5e-5);
    expect(Math.abs(bsGamma(100, 100, 0.6, tau) * -13 + 0.2983)).toBeLessThan(5e-5);
  });
});

const inputs = fc.record({
  S: fc.double({ min: 1, max: 1000, noNaN: true }),
  kOverS: fc.double({ min: 0.3, max: 3, noNaN: true }),
  sigma: fc.double({ min: 0.01, max: 2, noNaN: true }),
  tau: fc.double({ min: 1 / 365, max: 5, noNaN: true }),
  r: fc.double({ min: -0.02, max: 0.15, noNaN: true }),
  q: fc.double({ min: 0, max: 0.1, noNaN: true }),
});

describe('bsGreeks identities (fast-check)', () => {
  it('put–call parity C − P = S e^{−qτ} − K e^{−rτ} to 1e-10', () => {
    fc.assert(
      fc.property(inputs, ({ S, kOverS, sigma, tau, r, q }) => {
        const K = S * kOverS;
        const lhs = bsPrice('call', S, K, sigma, tau, r, q) - bsPrice('put', S, K, sigma, tau, r, q);
        expect(Math.abs(lhs - (S * Math.exp(-q * tau) - K * Math.exp(-r * tau)))).toBeLessThan(1e-10);
      }),
      { numRuns: 500 },
    );
  });

  it('parity at won-scale prices (S up to 1e6) to 1e-14 relative to max(S, K)', () => {
    fc.assert(
      fc.property(inputs, fc.integer({ min: 1000, max: 1000 }), ({ S, kOverS, sigma, tau, r, q }, scale) => {
        const s = S * scale;
        const K = s * kOverS;
        const lhs = bsPrice('call', s, K, sigma, tau, r, q) - bsPrice('put', s, K, sigma, tau, r, q);
        const rhs = s * Math.exp(-q * tau) - K * Math.exp(-r * tau);
        expect(Math.abs(lhs - rhs) / Math.max(s, K)).toBeLessThan(1e-14);
      }),
    );
  });

  it('Δ_C − Δ_P = e^{−qτ}, gammas and vegas equal, and prices/Greeks are within bounds', () => {
    fc.assert(
      fc.property(inputs, ({ S, kOverS, sigma, tau, r, q }) => {
        const K = S * kOverS;
        const c = bsGreeks('call', S, K, sigma, tau, r, q);
        const p = bsGreeks('put', S, K, sigma, tau, r, q);
        const dfq = Math.exp(-q * tau);
        expect(Math.abs(c.delta - p.delta - dfq)).toBeLessThan(1e-15);
        expect(c.gamma).toBe(p.gamma);
        expect(c.vega).toBe(p.vega);
        expect(c.delta).toBeGreaterThanOrEqual(0);
        expect(c.delta).toBeLessThanOrEqual(dfq);
        expect(c.gamma).toBeGreaterThanOrEqual(0);
        expect(c.price).toBeGreaterThanOrEqual(Math.max(S * dfq - K * Math.exp(-r * tau), 0) - 1e-12 * S);
        expect(c.price).toBeLessThanOrEqual(S * dfq * (1 + 1e-15));
      }),
      { numRuns: 500 },
    );
  });

  it('delta and gamma are the S-derivatives of price and delta (central differences)', () => {
    fc.assert(
      fc.property(inputs, fc.constantFrom<OptionKind>('call', 'put'), ({ S, kOverS, sigma, tau, r, q }, kind) => {
        fc.pre(sigma * Math.sqrt(tau) >= 0.05); // sharper gamma peaks defeat the finite difference, not the formula
        const K = S * kOverS;
        const h = S * 1e-5;
        const g = bsGreeks(kind, S, K, sigma, tau, r, q);
        const dPrice = (bsPrice(kind, S + h, K, sigma, tau, r, q) - bsPrice(kind, S - h, K, sigma, tau, r, q)) / (2 * h);
        const dDelta = (bsDelta(kind, S + h, K, sigma, tau, r, q) - bsDelta(kind, S - h, K, sigma, tau, r, q)) / (2 * h);
        expect(Math.abs(dPrice - g.delta)).toBeLessThan(1e-6);
        expect(Math.abs(dDelta - g.gamma) * S).toBeLessThan(1e-5);
      }),
    );
  });
});

describe('dealer book: exact discrete re-hedge vs Γ·dS (DOMAIN §2.2, §8.3 item 2)', () => {
  interface Position { kind: OptionKind; K: number; tau: number; n: number }
  const multiplier = 10;
  const sigma = 0.5;
  // Net short gamma (customers long options), strikes at or above the money, maturities 1–2 y. The second-order
  // term is |S·Γ'/(2Γ)|·|dS/S| ≈ (1.5 + ln(S/K)/(σ²τ))/2 · 1e-3 per option, so the 1e-3 bound needs σ²τ not
  // small and strikes not far below spot: it is a property of such books, not of every book.
  const book: Position[] = [
    { kind: 'call', K: 100, tau: 1, n: -10 },
    { kind: 'put', K: 105, tau: 1.5, n: -5 },
    { kind: 'call', K: 110, tau: 2, n: -3 },
    { kind: 'put', K: 100, tau: 1.25, n: -4 },
  ];
  const bookDelta = (S: number, dt: number): number =>
    book.reduce((acc, p) => acc + p.n * multiplier * bsDelta(p.kind, S, p.K, sigma, p.tau - dt), 0);
  const bookGamma = (S: number): number => book.reduce((acc, p) => acc + p.n * multiplier * bsGamma(S, p.K, sigma, p.tau), 0);

  it('change in book delta equals the sum of per-option delta changes', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 60, max: 140, noNaN: true }),
        fc.double({ min: 60, max: 140, noNaN: true }),
        fc.double({ min: 0, max: 0.4, noNaN: true }),
        (s0, s1, dt) => {
          const perOption = book.reduce(
            (acc, p) =>
              acc + p.n * multiplier * (bsDelta(p.kind, s1, p.K, sigma, p.tau - dt) - bsDelta(p.kind, s0, p.K, sigma, p.tau)),
            0,
          );
          expect(Math.abs(bookDelta(s1, dt) - bookDelta(s0, 0) - perOption)).toBeLessThan(1e-12);
        },
      ),
    );
  });

  it('for |dS/S| ≤ 0.1% the delta change matches Γ_D·dS to relative error < 1e-3', () => {
    expect(bookGamma(100)).toBeLessThan(0);
    fc.assert(
      fc.property(
        fc.double({ min: 95, max: 105, noNaN: true }),
        fc.double({ min: -1e-3, max: 1e-3, noNaN: true }).filter((x) => Math.abs(x) > 1e-6),
        (S, rel) => {
          const dS = S * rel;
          const exact = bookDelta(S + dS, 0) - bookDelta(S, 0);
          expect(relErr(exact, bookGamma(S) * dS)).toBeLessThan(1e-3);
        },
      ),
    );
  });
});

describe('degenerate inputs (τ ≤ 0 or σ ≤ 0)', () => {
  it('at expiry: intrinsic value, delta 1/0/0.5, gamma = vega = 0', () => {
    expect(bsGreeks('call', 110, 100, 0.2, 0)).toEqual({ price: 10, delta: 1, gamma: 0, vega: 0 });
    expect(bsGreeks('call', 90, 100, 0.2, 0)).toEqual({ price: 0, delta: 0, gamma: 0, vega: 0 });
    expect(bsGreeks('call', 100, 100, 0.2, 0)).toEqual({ price: 0, delta: 0.5, gamma: 0, vega: 0 });
    expect(bsGreeks('put', 90, 100, 0.2, -0.1)).toEqual({ price: 10, delta: -1, gamma: 0, vega: 0 });
    expect(bsGreeks('put', 110, 100, 0.2, 0)).toEqual({ price: 0, delta: 0, gamma: 0, vega: 0 });
    expect(bsGreeks('put', 100, 100, 0.2, 0)).toEqual({ price: 0, delta: -0.5, gamma: 0, vega: 0 });
  });

  it('σ = 0 with r = q = 0 is intrinsic value too', () => {
    expect(bsGreeks('call', 120, 100, 0, 1)).toEqual({ price: 20, delta: 1, gamma: 0, vega: 0 });
    expect(bsGamma(120, 100, 0, 1)).toBe(0);
  });

  it('σ = 0 with rates is the σ→0 limit (discounted forward), keeping parity', () => {
    const c = bsGreeks('call', 100, 100, 0, 1, 0.05, 0.01);
    const p = bsGreeks('put', 100, 100, 0, 1, 0.05, 0.01);
    expect(c.price).toBeCloseTo(100 * Math.exp(-0.01) - 100 * Math.exp(-0.05), 12);
    expect(c.delta).toBe(Math.exp(-0.01));
    expect(p.price).toBe(0);
    expect(c.delta - p.delta).toBe(Math.exp(-0.01));
    // Continuity: a tiny σ gives nearly the same price.
    expect(bsPrice('call', 100, 100, 1e-9, 1, 0.05, 0.01)).toBeCloseTo(c.price, 9);
  });

  it('rejects non-positive or non-finite S and K', () => {
    expect(() => bsGreeks('call', 0, 100, 0.2, 1)).toThrow('black-scholes: spot S must be finite and > 0, got 0');
    expect(() => bsPrice('put', 100, -1, 0.2, 1)).toThrow('black-scholes: strike K must be finite and > 0, got -1');
    expect(() => bsDelta('call', NaN, 100, 0.2, 1)).toThrow(RangeError);
  });
});
