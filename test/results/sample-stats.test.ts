// The one implementation of a sample's summary and a mean's t interval, behind the sweep's points and effects
// tables and every sweep statistic of the report: exact values on small samples, non-finite values left out.
import { describe, expect, it } from 'vitest';
import { describe as stats, meanInterval, tInterval, tQuantile975 } from '../../src/results/sample-stats.js';

describe('sample statistics', () => {
  it('describe: n, mean, sample sd and R-7 percentiles of the finite values', () => {
    const s = stats([4, 1, NaN, 3, Infinity, 2]);
    expect(s).toMatchObject({ n: 4, mean: 2.5, p50: 2.5 });
    expect(s.sd).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect(s.p05).toBeCloseTo(1.15, 12);
    expect(s.p95).toBeCloseTo(3.85, 12);
    expect(stats([])).toMatchObject({ n: 0, mean: NaN, sd: NaN, p50: NaN });
    expect(stats([7])).toMatchObject({ n: 1, mean: 7, sd: NaN, p05: 7, p95: 7 });
  });

  it('t quantiles: 0.975 points of Student t', () => {
    expect(tQuantile975(1)).toBeCloseTo(12.7062, 4);
    expect(tQuantile975(3)).toBeCloseTo(3.18245, 5);
    expect(tQuantile975(30)).toBeCloseTo(2.04227, 5);
    expect(tQuantile975(1e6)).toBeCloseTo(1.95997, 4);
    expect(tQuantile975(0)).toBeNaN();
  });

  it('meanInterval: mean ± t(0.975, n − 1)·sd/√n; bounds NaN below two values', () => {
    const e = meanInterval([1, 2, 4, 5, NaN]);
    const half = (3.1824463052837078 * Math.sqrt(10 / 3)) / 2;
    expect(e.n).toBe(4);
    expect(e.mean).toBe(3);
    expect(e.lo).toBeCloseTo(3 - half, 11);
    expect(e.hi).toBeCloseTo(3 + half, 11);
    expect(meanInterval([2])).toMatchObject({ n: 1, mean: 2, lo: NaN, hi: NaN });
    expect(tInterval({ n: 4, mean: 3, sd: Math.sqrt(10 / 3) })).toEqual(e);
  });
});
