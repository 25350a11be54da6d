// Comparing sweep points: the difference of each metric from the reference point, paired by replicate when the
// sweep shares seeds across points (exact here: the synthetic full runs differ by −0.1 at every replicate), Welch's
// interval otherwise; the table puts units in the metric label; bad points and kinds are refused with one message.
import { describe, expect, it } from 'vitest';
import { comparePoints, comparePointsFigure, comparePointsTable, pointDifference } from '../../src/results/compare-points.js';
import { cellOf } from '../../src/results/report-table.js';
import { tQuantile975 } from '../../src/results/sample-stats.js';
import { sweepView } from '../../src/results/sweep-stats.js';
import { syntheticSweep } from './fixtures.js';

const view = sweepView(syntheticSweep());

describe('sweep point comparison', () => {
  it('paired by replicate: p1 − p0 of index_return is −0.1 at every replicate, so the interval is a point', () => {
    const d = pointDifference(view, 0, 1, 'none', 'index_return', true);
    expect(d.n).toBe(4);
    expect(d.mean).toBeCloseTo(-0.1, 12);
    expect(d.hi - d.lo).toBeCloseTo(0, 12);
  });

  it('unpaired (Welch): the same mean, an interval from the replicate spread (0.01·sd(0..3) at each point)', () => {
    const d = pointDifference(view, 0, 1, 'none', 'index_return', false);
    expect(d.mean).toBeCloseTo(-0.1, 12);
    const se = Math.sqrt(2 * (0.01 ** 2 * (5 / 3)) / 4); // var of 0.01·rep over reps 0..3 is 0.01²·5/3
    const df = 6; // equal variances and sizes: Welch–Satterthwaite gives 2(n − 1)
    expect(d.hi - d.mean).toBeCloseTo(tQuantile975(df) * se, 10);
  });

  it('a table of means and differences with units in the labels, and a figure with one row per point', () => {
    const c = comparePoints(view, 'across-points', [0, 1], ['index_return']);
    const t = comparePointsTable(c, 'KRW');
    expect(t.columns.map((x) => x.label)).toEqual(['Metric', 'p0 mean', 'p1 mean', 'p1 \u2212 p0', '95% CI', 'n']);
    expect(t.rows[0]!.map((x) => cellOf(x).text)).toEqual(['Stress-day index return (%)', '\u221211.50', '\u221221.50', '\u221210.00', '[\u221210.00, \u221210.00]', '4']);
    const fig = comparePointsFigure(c);
    expect(JSON.stringify(fig.spec)).toContain('"label":"p1: size = 2"');
  });

  it('refuses a point or a counterfactual the sweep does not have', () => {
    expect(() => comparePoints(view, 'across-points', [0, 7], ['index_return'])).toThrow('the sweep has no point 7 (points: 0, 1)');
    expect(() => comparePoints(view, 'across-points', [0, 1], ['index_return'], 'noise')).toThrow('the sweep has no counterfactual "noise" (none, dealer)');
  });
});
