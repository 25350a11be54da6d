import { describe, expect, it } from 'vitest';
import { dailyVolatility, durationMinutes, measureImpact } from '../../src/sweep/impact.js';
import type { ImpactDesign, ImpactProbe } from '../../src/sweep/impact.js';
import { clock } from '../../src/core/time.js';

const design: ImpactDesign = {
  instrument: 'X', side: 'sell', day: 1, startTime: '09:10', fractions: [0.01], seeds: [1],
  participation: 0.1, minMinutes: 5, maxMinutes: 120,
};

function probe(closes: number[], dayVariance = [0, 0]): ImpactProbe {
  return { closes: Float64Array.from(closes), volume: 1000, dayVariance: Float64Array.from(dayVariance) };
}

describe('impact experiment measurement (docs/model.md §5)', () => {
  it('sets the duration from the participation within its bounds', () => {
    expect(durationMinutes(0.01, design, 390)).toBe(39);
    expect(durationMinutes(0.0001, design, 390)).toBe(5);
    expect(durationMinutes(0.5, design, 390)).toBe(120);
  });

  it('measures peak, completion and the later impacts as signed log differences of paired paths', () => {
    // start 09:10 = minute 10 after the 09:00 open, 5 minutes long: completion at minute 15, +30 at 45, +120 at 135
    const base = Array.from({ length: 200 }, () => 100);
    const withM = base.slice();
    for (let m = 10; m < 200; m++) withM[m] = m <= 12 ? 100 - (m - 9) : m <= 15 ? 97 : m < 45 ? 98 : m < 135 ? 99 : 99.5;
    const r = measureImpact(probe(withM), probe(base), design, clock(9, 0), 5);
    expect(r.peak).toBeCloseTo(-Math.log(0.97), 12);
    expect(r.completion).toBeCloseTo(-Math.log(0.97), 12);
    expect(r.after30).toBeCloseTo(-Math.log(0.99), 12);
    expect(r.after120).toBeCloseTo(-Math.log(0.995), 12);
    const buy = measureImpact(probe(withM), probe(base), { ...design, side: 'buy' }, clock(9, 0), 5);
    expect(buy.completion).toBeCloseTo(Math.log(0.97), 12);
  });

  it('takes σ_D over every day but the start-up day', () => {
    expect(dailyVolatility([probe([], [9, 0.04, 0.01]), probe([], [9, 0.01])])).toBeCloseTo(Math.sqrt(0.06 / 3), 15);
    expect(dailyVolatility([probe([], [0.04])])).toBeCloseTo(0.2, 15);
  });
});
