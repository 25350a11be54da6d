// Piscina worker of `cascade impact`: one run of the experiment, answered with its impact probe (the instrument's
// minute closes on the experiment day, its volume and per-day variance) instead of tables.
import { impactProbe } from '../src/sim/impact-probe.js';
import type { ImpactProbeData } from '../src/sim/impact-probe.js';
import { runScenario } from '../src/sim/run.js';
import type { RunSpec } from '../src/sim/run.js';

export interface ImpactTask {
  readonly spec: RunSpec;
  readonly symbol: string;
  readonly day: number;
}

/** Answers the pool's start-up probe. */
export function ping(): 'pong' {
  return 'pong';
}

export default function impactRun(task: ImpactTask): ImpactProbeData {
  return impactProbe(runScenario(task.spec), task.symbol, task.day);
}
