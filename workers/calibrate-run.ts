// Piscina worker for `cascade calibrate`: one run of one evaluation. Runs the scenario, measures the calibration's
// moments on the run's summary and tables inside the worker (a pooled source, as impact, runs its own experiment
// here: the wall time includes it), and returns only the moments (as the `summary` of the pool's reply, so the
// sweep pool and store carry them unchanged) and the run's wall time.
import { measureMoments, momentRun, type MomentRef } from '../src/calibrate/moments.js';
import { runScenario } from '../src/sim/run.js';
import type { RunSpec } from '../src/sim/run.js';

/** A run spec carrying the moments to measure. */
export interface CalibrationRunSpec extends RunSpec {
  readonly moments: readonly MomentRef[];
}

/** Answers the pool's start-up probe. */
export function ping(): 'pong' {
  return 'pong';
}

export default function calibrateRunTask(task: { readonly runId: number; readonly spec: CalibrationRunSpec }): { summary: Record<string, number>; wallS: number } {
  const t0 = performance.now();
  const { summary, tables } = runScenario(task.spec);
  const moments = measureMoments(momentRun(summary, tables, task.spec), task.spec.moments);
  return { summary: moments, wallS: (performance.now() - t0) / 1000 };
}
