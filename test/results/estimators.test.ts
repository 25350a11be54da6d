// The stylized-fact estimators: exact values on tiny series computed by hand, and known answers on seeded synthetic
// series — Student-t(3) returns have tail index 3, i.i.d. returns have no autocorrelation, GARCH(1,1) returns are
// uncorrelated while |r| is positively autocorrelated for many lags.
import { describe, expect, it } from 'vitest';
import { deriveRng } from '../../src/core/rng.js';
import {
  autocorrelation, concat, excessKurtosis, hillTailIndex, leverageCorrelation, logReturns, mean, meanAbsBetween, pearson, powerLawFit,
  quantileSorted,
} from '../../src/results/estimators.js';

const N = 100_000;

function studentT3(seed: number, n: number): Float64Array {
  const rng = deriveRng(seed, 'student-t3');
  return Float64Array.from({ length: n }, () => {
    const z = rng.normal();
    const chi2 = rng.normal() ** 2 + rng.normal() ** 2 + rng.normal() ** 2;
    return z / Math.sqrt(chi2 / 3);
  });
}

function gaussian(seed: number, n: number): Float64Array {
  const rng = deriveRng(seed, 'iid');
  return Float64Array.from({ length: n }, () => rng.normal());
}

/** GARCH(1,1): σ²_t = ω + α r²_{t−1} + β σ²_{t−1}, r_t = σ_t z_t. */
function garch(seed: number, n: number, omega = 1e-6, alpha = 0.1, beta = 0.88): Float64Array {
  const rng = deriveRng(seed, 'garch');
  const r = new Float64Array(n);
  let s2 = omega / (1 - alpha - beta);
  let prev = 0;
  for (let t = 0; t < n; t++) {
    s2 = omega + alpha * prev * prev + beta * s2;
    prev = Math.sqrt(s2) * rng.normal();
    r[t] = prev;
  }
  return r;
}

describe('moments, correlation, quantiles', () => {
  it('excess kurtosis of 1,2,3,4 is 2.5625/1.5625 − 3 = −1.36', () => {
    expect(excessKurtosis([1, 2, 3, 4])).toBeCloseTo(-1.36, 12);
    expect(excessKurtosis([1, 1, 1, 1])).toBeNaN();
    expect(excessKurtosis([1, 2, 3])).toBeNaN();
  });

  it('excess kurtosis is about 0 for a normal sample and 0 + large for Student-t(3)', () => {
    expect(Math.abs(excessKurtosis(gaussian(1, N)))).toBeLessThan(0.1);
    expect(excessKurtosis(studentT3(1, N))).toBeGreaterThan(5);
  });

  it('pearson: ±1 for exact lines, NaN for a constant series', () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
    expect(pearson([1, 2, 3], [5, 5, 5])).toBeNaN();
    expect(() => pearson([1, 2], [1])).toThrow('lengths differ');
  });

  it('R-7 quantiles interpolate between order statistics', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted(Float64Array.from({ length: 101 }, (_, k) => k), 0.05)).toBeCloseTo(5, 12);
    expect(quantileSorted([7], 0.95)).toBe(7);
    expect(quantileSorted([], 0.5)).toBeNaN();
  });

  it('mean, concat, logReturns', () => {
    expect(mean([1, 2, 6])).toBe(3);
    expect(Array.from(concat([Float64Array.of(1), Float64Array.of(2, 3)]))).toEqual([1, 2, 3]);
    const r = logReturns([100, 110, 121]);
    expect(r[0]).toBeCloseTo(Math.log(1.1), 14);
    expect(r[1]).toBeCloseTo(Math.log(1.1), 14);
    expect(Array.from(logReturns([100, 110, 121, 133.1, 146.41], 2)).map((x) => x.toFixed(12))).toEqual([Math.log(1.21), Math.log(1.21)].map((x) => x.toFixed(12)));
  });
});

describe('Hill tail index', () => {
  it('on exact Pareto(α) quantiles equals α·k / (k·ln(k+1) − ln k!)', () => {
    const alpha = 2.5;
    const n = 1000;
    const x = Float64Array.from({ length: n }, (_, j) => (n / (j + 1)) ** (1 / alpha));
    const h = hillTailIndex(x, 0.05);
    expect(h.k).toBe(50);
    let lnFact = 0;
    for (let j = 2; j <= 50; j++) lnFact += Math.log(j);
    expect(h.alpha).toBeCloseTo((alpha * 50) / (50 * Math.log(51) - lnFact), 10);
  });

  it('Student-t with 3 degrees of freedom → α̂ ≈ 3 (top 1%: within 0.2; top 2.5%: within 0.3)', () => {
    const x = studentT3(7, N);
    expect(Math.abs(hillTailIndex(x, 0.01).alpha - 3)).toBeLessThan(0.2);
    expect(Math.abs(hillTailIndex(x, 0.025).alpha - 3)).toBeLessThan(0.3);
  });

  it('a Gaussian sample has a much larger apparent tail index than Student-t(3)', () => {
    expect(hillTailIndex(gaussian(3, N), 0.01).alpha).toBeGreaterThan(5);
  });

  it('ignores zeros and signs; NaN when k < 2', () => {
    const h = hillTailIndex([0, 0, -4, 2, 1, 0.5, -0.25], 0.5);
    expect(h.n).toBe(5);
    expect(h.k).toBe(3);
    expect(h.alpha).toBeCloseTo(3 / (Math.log(8) + Math.log(4) + Math.log(2)), 12);
    expect(hillTailIndex([1, 2, 3], 0.05).alpha).toBeNaN();
  });
});

describe('autocorrelation', () => {
  it('never pairs values across segments (exact: [1,2],[3,4] → ρ(1) = 0.6; as one segment → 1/3)', () => {
    const split = autocorrelation([Float64Array.of(1, 2), Float64Array.of(3, 4)], 1);
    expect(split[0]).toBeCloseTo(1, 12);
    expect(split[1]).toBeCloseTo(0.6, 12);
    expect(autocorrelation([Float64Array.of(1, 2, 3, 4)], 1)[1]).toBeCloseTo(1 / 3, 12);
  });

  it('is NaN at lags with no pairs and for a constant series', () => {
    expect(autocorrelation([Float64Array.of(1, 2)], 3)[3]).toBeNaN();
    expect(autocorrelation([Float64Array.of(5, 5, 5)], 1)[1]).toBeNaN();
  });

  it('i.i.d. returns: ρ_r(τ) and ρ_|r|(τ) inside ±4/√n for τ = 1..20', () => {
    const x = gaussian(5, N);
    const bound = 4 / Math.sqrt(N);
    const r = autocorrelation([x], 20);
    const a = autocorrelation([x.map(Math.abs)], 20);
    for (let t = 1; t <= 20; t++) {
      expect(Math.abs(r[t]!)).toBeLessThan(bound);
      expect(Math.abs(a[t]!)).toBeLessThan(bound);
    }
  });

  it('GARCH(1,1): returns uncorrelated, |r| positively autocorrelated and slowly decaying over 50 lags', () => {
    const x = garch(9, N);
    const r = autocorrelation([x], 20);
    const a = autocorrelation([x.map(Math.abs)], 50);
    const bound = 4 / Math.sqrt(N);
    for (let t = 1; t <= 20; t++) expect(Math.abs(r[t]!)).toBeLessThan(0.03);
    expect(a[1]).toBeGreaterThan(0.15);
    for (let t = 1; t <= 50; t++) expect(a[t]).toBeGreaterThan(bound);
    expect(a[20]! / a[1]!).toBeGreaterThan(0.4);
    const fit = powerLawFit(Float64Array.from({ length: 20 }, (_, k) => k + 1), a.subarray(1, 21));
    expect(fit.points).toBe(20);
    expect(fit.exponent).toBeGreaterThan(0);
    expect(fit.exponent).toBeLessThan(0.5);
  });

  it('meanAbsBetween averages |ρ| over a lag range, skipping NaN', () => {
    expect(meanAbsBetween(Float64Array.of(1, -0.2, 0.4, NaN, -0.6), 1, 4)).toBeCloseTo(0.4, 12);
  });
});

describe('leverage correlation and power-law fit', () => {
  it('ℒ(1) = E[r_t r²_{t+1}] / E[r²]²: +1 for [1, −1], −1 for [−1, 1]', () => {
    expect(leverageCorrelation([Float64Array.of(1, -1)], 1)[1]).toBeCloseTo(1, 12);
    expect(leverageCorrelation([Float64Array.of(-1, 1)], 1)[1]).toBeCloseTo(-1, 12);
  });

  it('GARCH with symmetric shocks has ℒ(τ) ≈ 0; a leverage (GJR) term makes it negative', () => {
    const sym = leverageCorrelation([garch(4, N)], 10);
    expect(Math.abs(mean(Array.from(sym.subarray(1))))).toBeLessThan(3);
    const rng = deriveRng(4, 'gjr');
    const x = new Float64Array(N);
    let s2 = 1e-4;
    let prev = 0;
    for (let t = 0; t < N; t++) {
      s2 = 1e-6 + (prev < 0 ? 0.2 : 0.02) * prev * prev + 0.85 * s2;
      prev = Math.sqrt(s2) * rng.normal();
      x[t] = prev;
    }
    expect(mean(Array.from(leverageCorrelation([x], 10).subarray(1)))).toBeLessThan(-3);
  });

  it('fits y = 2·x^−0.5 exactly and needs 3 positive points', () => {
    const xs = [1, 2, 4, 8, 16];
    const fit = powerLawFit(xs, xs.map((x) => 2 * x ** -0.5));
    expect(fit.exponent).toBeCloseTo(0.5, 12);
    expect(fit.amplitude).toBeCloseTo(2, 12);
    expect(fit.points).toBe(5);
    expect(powerLawFit([1, 2, 3], [1, -1, 0]).exponent).toBeNaN();
  });
});
