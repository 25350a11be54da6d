// Sweep statistics from the runs table: parameters from the manifest's plan (or by scenario-path prefix), per-point
// distributions over ok runs only, paired counterfactual effects with a Student-t 95% interval — exact on the
// synthetic sweep whose paired effect is −0.05·size + 0.002·rep.
import { describe, expect, it } from 'vitest';
import { tQuantile975 } from '../../src/results/sample-stats.js';
import { counterfactualLabel, headlineMetrics, pairedEffects, pointLabel, sweepView } from '../../src/results/sweep-stats.js';
import { syntheticSweep } from './fixtures.js';

const view = sweepView(syntheticSweep());

describe('sweep view', () => {
  it('sorts columns into parameters and metrics; counterfactuals with the full run first', () => {
    expect(view.params).toEqual(['agents.x.size']);
    expect(view.metrics).toEqual(['index_return', 'return.STK']);
    expect(view.pointIds).toEqual([0, 1]);
    expect(view.counterfactuals).toEqual(['none', 'dealer']);
    expect(pointLabel(view, 1)).toBe('p1: size = 2');
    expect(counterfactualLabel('none')).toBe('all agents');
    expect(counterfactualLabel('dealer')).toBe('without dealer');
  });

  it('without a plan in the manifest, parameters are the columns named like scenario paths', () => {
    const s = syntheticSweep();
    expect(sweepView({ ...s, manifest: {} }).params).toEqual(['agents.x.size']);
  });

  it('metrics asked for must exist', () => {
    expect(headlineMetrics(view, 4, ['return.STK'])).toEqual(['return.STK']);
    expect(() => headlineMetrics(view, 4, ['nope'])).toThrow('unknown metric(s) nope; the sweep has index_return, return.STK');
  });
});

describe('sweep statistics', () => {
  it('paired effects: mean −0.05·size + 0.003, CI ± t(3)·sd/√4 with sd = 0.002·sd(0..3)', () => {
    const e = pairedEffects(view, ['index_return']);
    expect(e.map((x) => [x.pointId, x.counterfactual, x.n])).toEqual([[0, 'dealer', 4], [1, 'dealer', 4]]);
    const half = tQuantile975(3) * ((0.002 * Math.sqrt(5 / 3)) / 2);
    expect(e[0]!.mean).toBeCloseTo(-0.047, 12);
    expect(e[0]!.hi - e[0]!.mean).toBeCloseTo(half, 12);
    expect(e[1]!.mean).toBeCloseTo(-0.097, 12);
    expect(e[1]!.mean - e[1]!.lo).toBeCloseTo(half, 12);
  });
});
