// Student's t quantiles against reference values (scipy.stats.t.ppf), and the CDF inverting them.
import { describe, expect, it } from 'vitest';
import { tCdf, tQuantile } from '../../src/results/student-t.js';

describe('Student t', () => {
  it('gives the 97.5% quantiles of the tables', () => {
    const ref: [number, number][] = [
      [1, 12.706204736174694], [2, 4.302652729749462], [3, 3.1824463052837078], [5, 2.5705818356363146],
      [10, 2.228138851986274], [30, 2.0422724563012378], [100, 1.9839715185235518], [1000, 1.9623390808264083],
    ];
    for (const [df, q] of ref) expect(tQuantile(0.975, df)).toBeCloseTo(q, 10);
  });

  it('is symmetric, inverts its CDF, and refuses impossible arguments', () => {
    expect(tQuantile(0.025, 4)).toBeCloseTo(-tQuantile(0.975, 4), 12);
    expect(tQuantile(0.5, 7)).toBe(0);
    expect(tCdf(tQuantile(0.9, 6), 6)).toBeCloseTo(0.9, 12);
    expect(tCdf(0, 3)).toBe(0.5);
    expect(tQuantile(1, 3)).toBeNaN();
    expect(tQuantile(0.9, 0)).toBeNaN();
  });
});
