// Piscina worker: one planned run of a sweep. Adapts Piscina's call (a structured-cloned task) to runScenario and
// returns only the summary metrics and the run's own wall time; the run's tables stay in the worker.
import { runScenario } from '../src/sim/run.js';
import type { RunSpec } from '../src/sim/run.js';

export interface ScenarioTask {
  readonly runId: number;
  readonly spec: RunSpec;
}

export interface ScenarioTaskReply {
  readonly summary: Record<string, number>;
  readonly wallS: number;
}

/** Answers the pool's start-up probe: the module loaded. */
export function ping(): 'pong' {
  return 'pong';
}

/** Run one task; an error propagates to the pool, which records the run as failed. */
export default function runScenarioTask(task: ScenarioTask): ScenarioTaskReply {
  const t0 = performance.now();
  const { summary } = runScenario(task.spec);
  return { summary, wallS: (performance.now() - t0) / 1000 };
}
