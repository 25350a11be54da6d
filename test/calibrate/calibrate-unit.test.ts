// The calibration's parts in-process: CMA-ES on a known minimum, the eigen-decomposition, the MSM weights and loss,
// the identification check on an exactly linear model, the moment registry, and the calibration file's diagnostics.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CmaEs, reflect } from '../../src/calibrate/cmaes.js';
import { momentRefs } from '../../src/calibrate/engine.js';
import { identify, jacobianProposals } from '../../src/calibrate/identification.js';
import { parameterErrors } from '../../src/calibrate/intervals.js';
import { symmetricEigen, symmetricInverse } from '../../src/calibrate/linalg.js';
import { diagonalWeights, msmLoss, optimalWeights, seedStats } from '../../src/calibrate/loss.js';
import { checkStat, measureMoments, momentRun, registerMomentSource, seedMoments } from '../../src/calibrate/moments.js';
import type { Scenario } from '../../src/scenario/schema.js';
import { CalibrationError, parseCalibration } from '../../src/scenario/calibration-load.js';
import { calibrationJsonSchema } from '../../src/scenario/calibration-json-schema.js';
import { formatDiagnostic } from '../../src/scenario/locate.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

describe('CMA-ES', () => {
  it('finds the minimum of a shifted ellipsoid in the unit cube within 1e-3, the same way every time', () => {
    const target = [0.3, 0.7, 0.55];
    const f = (x: readonly number[]): number => x.reduce((s, v, i) => s + (i + 1) ** 2 * (v - target[i]!) ** 2, 0);
    const run = (): number[] => {
      const es = new CmaEs([0.5, 0.5, 0.5], 0.3, 8, 42);
      for (let g = 0; g < 60; g++) {
        const pts = es.ask();
        es.tell(pts, pts.map(f));
      }
      return es.mean;
    };
    const m = run();
    m.forEach((x, i) => expect(Math.abs(x - target[i]!)).toBeLessThan(1e-3));
    expect(run()).toEqual(m);
  });

  it('reflects points back into [0, 1]', () => {
    expect([-0.2, 1.3, 0.4, 2.5].map(reflect).map((x) => Number(x.toFixed(10)))).toEqual([0.2, 0.7, 0.4, 0.5]);
  });
});

describe('linear algebra', () => {
  it('decomposes a symmetric matrix (A v = λ v) and inverts it', () => {
    const a = [[4, 1, 0.5], [1, 3, 0.2], [0.5, 0.2, 2]];
    const { values, vectors } = symmetricEigen(a);
    for (let k = 0; k < 3; k++) {
      const v = vectors.map((r) => r[k]!);
      const av = a.map((row) => row.reduce((s, x, j) => s + x * v[j]!, 0));
      av.forEach((x, i) => expect(x).toBeCloseTo(values[k]! * v[i]!, 10));
    }
    const inv = symmetricInverse(a, 1e-12);
    a.forEach((row, i) => row.forEach((_, j) => expect(a[i]!.reduce((s, x, k) => s + x * inv[k]![j]!, 0)).toBeCloseTo(i === j ? 1 : 0, 10)));
  });
});

describe('method of simulated moments', () => {
  it('averages finite seed values, weights by 1/tolerance² (or the weight) and makes a missing moment an infinite loss', () => {
    const { mean, sd } = seedStats([[1, 10], [3, NaN]], 2);
    expect(mean).toEqual([2, 10]);
    expect(sd[0]).toBeCloseTo(Math.SQRT2, 12);
    const w = diagonalWeights([{ tolerance: 2 }, { weight: 3 }]);
    expect(w).toEqual([[0.25, 0], [0, 3]]);
    expect(msmLoss([4, 11], [2, 10], w)).toBe(1 + 3);
    expect(msmLoss([NaN, 11], [2, 10], w)).toBe(Infinity);
  });

  it('optimal weights are the inverse of the pooled seed covariance', () => {
    // Two evaluations, moments with seed sd 1 and 2, uncorrelated by construction.
    const evals = [[[1, 2], [-1, -2], [1, -2], [-1, 2]], [[11, 2], [9, -2], [11, -2], [9, 2]]];
    const w = optimalWeights(evals, [1, 1]);
    const cov = 4 / 3; // per moment 0: deviations ±1 over 4 runs, n - 1 = 3 per evaluation
    expect(w[0]![0]).toBeCloseTo(1 / cov, 10);
    expect(w[1]![1]).toBeCloseTo(1 / (4 * cov), 10);
    expect(w[0]![1]).toBeCloseTo(0, 10);
  });

  it('identification: an exactly linear model gives its Jacobian, full rank and the right condition number', () => {
    const jac = [[2, 0], [0, 0.5], [1, 1]];
    const props = jacobianProposals([0.5, 0.5], [0.1, 0.1], 1);
    const evals = props.map((p, id) => ({ ...p, id, values: p.u, runs: [] }));
    const means = props.map((p) => jac.map((row) => row[0]! * p.u[0]! + row[1]! * p.u[1]!));
    const id = identify(evals, means, [[1, 0, 0], [0, 1, 0], [0, 0, 1]], (v) => [...v]);
    id.jacobian.forEach((row, j) => row.forEach((x, i) => expect(x).toBeCloseTo(jac[j]![i]!, 10)));
    expect(id.rank).toBe(2);
    expect(id.sensitivity[0]).toBeCloseTo(Math.sqrt(5), 10);
    const collinear = identify(evals, props.map((p) => [p.u[0]! + p.u[1]!, 2 * (p.u[0]! + p.u[1]!)]), [[1, 0], [0, 1]], (v) => [...v]);
    expect(collinear.rank).toBe(1);
    expect(collinear.conditionNumber).toBeGreaterThan(1e6);
  });
});

describe('parameter intervals', () => {
  const lin = { min: 0, max: 10, scale: 'linear' as const, type: 'float' as const };
  it('are the tolerance over the slope for one moment and one parameter, widened by the seed noise of the fit', () => {
    // J = 2 per unit, tolerance 0.5: se_u = 0.5 / 2 = 0.25, over a range of 10 → 2.5; with seed-mean variance 0.75: 0.5 → 5.
    expect(parameterErrors([[2]], [[4]], [0.25], [NaN], [lin], [3])).toEqual([2.5]);
    expect(parameterErrors([[2]], [[4]], [0.25], [0.75], [lin], [3])).toEqual([5]);
    // On a log range the unit step is θ·ln(max/min): ln(100) at θ = 1 on [1, 100].
    expect(parameterErrors([[2]], [[4]], [0.25], [0], [{ min: 1, max: 100, scale: 'log', type: 'float' }], [1])).toEqual([0.25 * Math.log(100)]);
  });

  it('are NaN for parameters the moments cannot tell apart', () => {
    expect(parameterErrors([[1, 1], [2, 2]], [[1, 0], [0, 1]], [1, 1], [0, 0], [lin, lin], [1, 1])).toEqual([NaN, NaN]);
  });
});

describe('moment registry', () => {
  it('knows metric, fact, book, daily and impact statistics, rejects unknown ones, and takes new sources', () => {
    expect(checkStat('metric', 'trades')).toBeNull();
    expect(checkStat('fact', 'S2b.kurtosis_5m')).toBeNull();
    expect(checkStat('fact', 'S8')).toMatch(/unknown fact "S8"/);
    expect(checkStat('daily', 'turnover')).toBeNull();
    expect(checkStat('daily', 'vol')).toBeNull();
    expect(checkStat('daily', 'spread')).toBe('unknown daily statistic "spread" (known: vol, turnover, volume)');
    expect(checkStat('impact', 'Y')).toBeNull();
    expect(checkStat('custom', 'x')).toBe('unknown statistic source "custom" (known: metric, fact, book, daily, impact)');
    registerMomentSource({ id: 'custom', describe: 'test', check: () => null, measure: () => 0.5 });
    expect(checkStat('custom', 'x')).toBeNull();
  });

  it('carries a pooled source\'s contribution per seed (NaN survives the JSON of the run log) and pools the seeds that ran', () => {
    registerMomentSource({
      id: 'pooled-test', kind: 'pooled', describe: 'test', check: () => null,
      collect: (run) => [run.spec.seed, NaN],
      pool: (cs) => cs.reduce((s, c) => s + c[0]! + (Number.isNaN(c[1]) ? 0 : 1000), 0),
    });
    const moments = [{ name: 'p', source: 'pooled-test', stat: 'x' }, { name: 'm', source: 'metric', stat: 'trades' }];
    const rec = (seed: number): Record<string, number | null> => {
      const run = momentRun({ trades: 10 * seed }, [], { scenario: {} as Scenario, seed });
      return JSON.parse(JSON.stringify(measureMoments(run, moments))) as Record<string, number | null>;
    };
    expect(rec(7)).toEqual({ 'p#n': 2, 'p#0': 7, 'p#1': null, m: 70 });
    expect(seedMoments(moments, [rec(7), undefined, rec(5)])).toEqual([[12, 70], [NaN, NaN], [12, 50]]);
  });
});

describe('calibration file', () => {
  const text = readFileSync(`${FIXTURES}tiny.yaml`, 'utf8');
  const errors = (t: string): string[] => {
    try {
      const loaded = parseCalibration(t, `${FIXTURES}bad.yaml`);
      momentRefs(loaded);
      return [];
    } catch (e) {
      if (!(e instanceof CalibrationError)) throw e;
      return e.diagnostics.map((d) => formatDiagnostic(d).replace(FIXTURES, ''));
    }
  };

  it('loads the fixture', () => {
    expect(errors(text)).toEqual([]);
  });

  it('reports problems at file:line:col', () => {
    expect(errors(text.replace('seeds: 2', 'seedz: 2'))).toEqual([expect.stringMatching(/^bad\.yaml:21:1: seedz: unknown key "seedz" \(did you mean "seeds"\?\)$/)]);
    expect(errors(text.replace('tolerance: 50', 'weight: 1, tolerance: 50'))).toEqual(['bad.yaml:18:3: moments.trades: give a moment either tolerance or weight (exactly one)']);
    expect(errors(text.replace('"book:depth"', '"book:width"'))).toEqual(['bad.yaml:19:18: moments.depth.stat: unknown book statistic "width" (known: depth)']);
    expect(errors(text.replace('budget: 8', 'budget: 3'))).toEqual([expect.stringMatching(/^bad\.yaml:26:9: .*smaller than the initial design \(4\)/)]);
    expect(errors(text.replace('{ min: 20, max: 80, type: int }', '{ min: 20, max: 80.5, type: int }'))).toHaveLength(1);
  });

  it('reports a parameter value the scenario rejects at that parameter', () => {
    const loaded = parseCalibration(text, `${FIXTURES}tiny.yaml`);
    expect(() => loaded.scenarioAt([-1, 40])).toThrow(/tiny\.yaml:15:3: parameters agents\.noise-trader\.ratePerMin = -1: /);
  });

  it('scenarios/calibration.schema.json is the current schema (regenerate: cascade calibration-schema)', () => {
    const file = fileURLToPath(new URL('../../scenarios/calibration.schema.json', import.meta.url));
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(calibrationJsonSchema());
  });
});
