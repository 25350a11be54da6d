// Evaluations on the worker pool, each durable: evaluation e runs its S seeds as run ids e·S + k, appended to the
// sweep store's fsync'd runs.jsonl as they end (the moments are the record's summary). A batch (a design, a CMA-ES
// generation) is proposed whole, the runs not already in the log are run, and results are read back by run id, so
// neither completion order nor an earlier kill -9 changes them. Under --shard i/N only the runs with
// run_id % N == i are run, and a batch then comes back without results (the shard's job is to fill the log).
import { fileURLToPath } from 'node:url';
import type { Piscina } from 'piscina';
import { FULL_RUN } from '../core/full-run.js';
import type { LoadedCalibration } from '../scenario/calibration-load.js';
import { makePool, runTasks, type RunTask, type TaskOutcome } from '../sweep/pool.js';
import { fromUnit } from '../sweep/sample.js';
import { inShard, type Shard } from '../sweep/shard.js';
import type { RunRecord, SweepStore } from '../sweep/store.js';
import { seedMoments, type MomentRef } from './moments.js';

export type Phase = 'truth' | 'design' | 'search' | 'jacobian';

/** One evaluated parameter point. */
export interface Evaluation {
  readonly id: number;
  readonly phase: Phase;
  /** Design and truth: 0; search: CMA-ES generation 1, 2, ...; jacobian: last generation + 1. */
  readonly generation: number;
  /** Unit-cube position and parameter values (spec.parameters order). */
  readonly u: readonly number[];
  readonly values: readonly number[];
  /** Per seed, the moments (NaN for a failed run or an undefined statistic). */
  readonly runs: readonly (readonly number[])[];
}

/** A proposed point: its unit position (values are derived) or its values (truth). */
export interface Proposal {
  readonly phase: Phase;
  readonly generation: number;
  readonly u: readonly number[];
  readonly values?: readonly number[];
}

/** The batch was cut short (Ctrl-C, SIGTERM): finished runs are kept. */
export class Interrupted extends Error {}

const FROM_SOURCE = import.meta.url.endsWith('.ts');

/** workers/calibrate-run beside this build (.ts from source, through tsx). */
export function defaultCalibrateWorker(): string {
  return fileURLToPath(new URL(`../../workers/calibrate-run.${FROM_SOURCE ? 'ts' : 'js'}`, import.meta.url));
}

export interface EvaluatorOptions {
  readonly loaded: LoadedCalibration;
  readonly store: SweepStore;
  readonly seeds: readonly number[];
  readonly moments: readonly MomentRef[];
  readonly shard: Shard;
  readonly workers: number;
  readonly workerFile?: string;
  readonly signal?: AbortSignal;
  readonly onRun?: () => void;
}

export class Evaluator {
  private next = 0;
  private pool: Piscina | undefined;
  /** Runs started by this session. */
  ranNow = 0;

  constructor(private readonly o: EvaluatorOptions) {}

  /** Evaluate a batch; undefined under a shard of several (the shard's runs are logged, nothing is returned). */
  async evaluate(batch: readonly Proposal[]): Promise<Evaluation[] | undefined> {
    const { loaded, seeds, store } = this.o;
    const ranges = Object.values(loaded.spec.parameters);
    const planned = batch.map((p) => ({ ...p, id: this.next++, values: p.values ?? p.u.map((x, i) => fromUnit(ranges[i]!, x)) }));
    const tasks: RunTask[] = [];
    for (const p of planned) {
      const ids = seeds.map((_, k) => p.id * seeds.length + k).filter((id) => inShard(id, this.o.shard) && !store.done.has(id));
      if (ids.length === 0) continue;
      const { scenario } = loaded.scenarioAt(p.values);
      // The moments read the summary and the trades, bars, daily, market_events and depth tables, never the quotes
      // or the auction samples: those are not recorded.
      const tables = scenario.outputs.tables.filter((t) => t !== 'quotes' && t !== 'auction_indicative');
      for (const id of ids) tasks.push({ runId: id, spec: { scenario, seed: seeds[id % seeds.length]!, tables, moments: this.o.moments } as RunTask['spec'] });
    }
    if (tasks.length > 0) {
      this.pool ??= makePool(this.o.workerFile ?? defaultCalibrateWorker(), this.o.workers);
      const res = await runTasks(tasks, {
        workers: this.o.workers, pool: this.pool,
        onOutcome: (o) => {
          store.append(toRecord(o, seeds));
          this.ranNow++;
          this.o.onRun?.();
        },
        ...(this.o.signal ? { signal: this.o.signal } : {}),
      });
      if (res.interrupted) throw new Interrupted('interrupted');
    }
    if (this.o.shard.count > 1) return undefined;
    return planned.map((p) => ({
      id: p.id, phase: p.phase, generation: p.generation, u: p.u, values: p.values,
      runs: seedMoments(this.o.moments, seeds.map((_, k) => {
        const r = store.done.get(p.id * seeds.length + k);
        return r?.status === 'ok' ? r.summary : undefined;
      })),
    }));
  }

  async close(): Promise<void> {
    await this.pool?.destroy();
    this.pool = undefined;
  }
}

function toRecord(o: TaskOutcome, seeds: readonly number[]): RunRecord {
  const base = { run_id: o.runId, point_id: Math.floor(o.runId / seeds.length), replicate: o.runId % seeds.length, counterfactual: FULL_RUN, seed: seeds[o.runId % seeds.length]! };
  if (o.status === 'ok') return { ...base, status: 'ok', error: '', wall_s: o.wallS, summary: o.summary };
  return { ...base, status: 'failed', error: o.error, wall_s: o.wallS, summary: {} };
}
