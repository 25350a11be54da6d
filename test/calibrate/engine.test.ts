// The calibration engine on an analytic worker (known moment functions, seed noise, no simulation): recovery with
// optimal weights and a Latin hypercube design, the weights matching the seed noise, and a resumed session
// replaying the same trace without running anything.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { calibrate, type CalibrationResult } from '../../src/calibrate/engine.js';
import { parseCalibration } from '../../src/scenario/calibration-load.js';
import { WHOLE_SWEEP } from '../../src/sweep/shard.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const WORKER = join(FIXTURES, 'analytic-worker.ts');
const tmp = mkdtempSync(join(tmpdir(), 'cascade-calibrate-engine-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const TEXT = `
name: analytic
base: baseline.yaml
parameters:
  agents.noise-trader.ratePerMin: { min: 0.2, max: 2, scale: log }
  fundamentals.processes.SEC.volAnnual: { min: 0.1, max: 0.6 }
truth: { agents.noise-trader.ratePerMin: 0.8, fundamentals.processes.SEC.volAnnual: 0.3 }
moments:
  a: { stat: "metric:a", tolerance: 1 }
  b: { stat: "metric:b", tolerance: 1 }
  ab: { stat: "metric:ab", tolerance: 1 }
seeds: 4
seed: 9
weighting: optimal
search: { design: { method: lhs, n: 10 }, populationSize: 6, sigma0: 0.3 }
budget: 250
`;

async function run(out: string, mode: 'new' | 'resume'): Promise<CalibrationResult> {
  const loaded = parseCalibration(TEXT, join(FIXTURES, 'analytic.yaml'));
  const r = await calibrate(loaded, { outDir: out, mode, shard: WHOLE_SWEEP, workers: 2, manifest: {}, workerFile: WORKER });
  return r!;
}

describe('calibration engine (analytic worker)', () => {
  let first: CalibrationResult;
  it('recovers the parameters with optimal weights; the weights are the inverse seed covariance', async () => {
    first = await run(join(tmp, 'a'), 'new');
    const [rate, vol] = first.best.values;
    expect(Math.abs(rate! - 0.8) / 1.8).toBeLessThan(0.02);
    expect(Math.abs(vol! - 0.3) / 0.5).toBeLessThan(0.02);
    // The noise is additive and the seeds are common, so every evaluation has the same seed deviations: W must be
    // the inverse of their sample covariance (taken here from the truth evaluation).
    const runs = first.evaluations[0]!.runs;
    const mu = [0, 1, 2].map((j) => runs.reduce((s, r) => s + r[j]!, 0) / runs.length);
    const cov = [0, 1, 2].map((i) => [0, 1, 2].map((j) => runs.reduce((s, r) => s + (r[i]! - mu[i]!) * (r[j]! - mu[j]!), 0) / (runs.length - 1)));
    const product = first.weights.map((row) => [0, 1, 2].map((j) => row.reduce((s, w, k) => s + w * cov[k]![j]!, 0)));
    product.forEach((row, i) => row.forEach((x, j) => expect(x).toBeCloseTo(i === j ? 1 : 0, 6)));
    expect(first.identification.rank).toBe(2);
    expect(first.evaluations.filter((e) => e.phase === 'search')).toHaveLength(240);
    expect(first.ranRuns).toBe((1 + 250 + 4) * 4);
  }, 60_000);

  it('a resumed session replays the same trace from the log without running anything', async () => {
    const again = await run(join(tmp, 'a'), 'resume');
    expect(again.ranRuns).toBe(0);
    expect(again.resumedRuns).toBe(first.ranRuns);
    expect(again.evaluations.map((e) => [e.values, e.loss])).toEqual(first.evaluations.map((e) => [e.values, e.loss]));
  }, 60_000);
});
