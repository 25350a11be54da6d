import { describe, expect, it } from 'vitest';
import { fitImpact, wls } from '../../src/results/impact-fit.js';
import type { ImpactRow } from '../../src/sweep/impact.js';

describe('impact fit (docs/model.md §5)', () => {
  it('weighted least squares recovers an exact line and weighs points by precision', () => {
    const x = [0, 1, 2, 3];
    const y = x.map((v) => 1 + 2 * v);
    expect(wls(x, y)).toMatchObject({ a: 1, b: 2 });
    // a wild point with (almost) no weight does not move the fit
    const f = wls([0, 1, 2, 3], [1, 3, 5, 100], [1, 1, 1, 1e-12]);
    expect(f.a).toBeCloseTo(1, 6);
    expect(f.b).toBeCloseTo(2, 6);
  });

  it('recovers δ and Y from rows on an exact square-root law, and the persistence ratio', () => {
    const sigma = 0.02;
    const rows: ImpactRow[] = [];
    for (const f of [0.001, 0.01, 0.05, 0.2]) {
      for (const [seed, noise] of [[1, 0.95], [2, 1.05], [3, 1.0]] as const) {
        const i = 0.7 * sigma * Math.sqrt(f) * noise;
        rows.push({ fraction: f, seed, qty: 1, dayVolume: 1, durationMin: 10, peak: i, completion: i, after30: 0.6 * i, after120: 0.4 * i });
      }
    }
    const fit = fitImpact(rows, sigma, 1);
    expect(fit.delta).toBeCloseTo(0.5, 10);
    expect(fit.y).toBeCloseTo(0.7, 10);
    expect(fit.persistence120).toBeCloseTo(0.4, 12);
    expect(fit.persistence30).toBeCloseTo(0.6, 12);
    expect(fit.levels.map((l) => l.n)).toEqual([3, 3, 3, 3]);
    expect(fit.levels[1]!.completion).toBeCloseTo(0.7 * Math.sqrt(0.01), 12);
  });

  it('leaves levels with a non-positive mean out of the log fit', () => {
    const rows: ImpactRow[] = [0.001, 0.01, 0.1].flatMap((f) => [1, 2].map((seed) => ({
      fraction: f, seed, qty: 1, dayVolume: 1, durationMin: 5,
      peak: 0, completion: f === 0.001 ? -0.01 : f * (seed === 1 ? 0.9 : 1.1), after30: 0, after120: 0,
    })));
    const fit = fitImpact(rows, 1);
    expect(fitImpact(rows, 1, 0.01).fitted).toBe(1);
    expect(fit.fitted).toBe(2);
    expect(fit.delta).toBeCloseTo(1, 10);
  });
});
