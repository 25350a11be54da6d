// One sweep session: build the plan, validate every point's scenario before anything runs (all problems reported
// at once, at their place in the sweep or scenario file), open the directory (new, resumed or replaced), run the
// shard's runs that are not yet finished on the pool, and log each one as it ends. `executeRuns` is that last part
// for any plan given as run ids → tasks and records (`cascade attribute` runs on it too). The plan hash covers
// the sweep and every point's resolved scenario, so a resume or merge can tell the same sweep from a changed one.
import { createHash } from 'node:crypto';
import { formatDiagnostic, type Diagnostic } from '../scenario/locate.js';
import { SweepError, type LoadedSweep } from '../scenario/sweep-load.js';
import type { Scenario } from '../scenario/schema.js';
import { buildPlan, pointValues, runAt, type SweepPlan } from './plan.js';
import { runTasks, type RunTask, type TaskOutcome } from './pool.js';
import { shardRunIds, type Shard } from './shard.js';
import { SweepStore, type OpenMode, type RunRecord, type StoreIdentity, type StoreNames } from './store.js';

/** Diagnostics reported at most when validating the points (the rest are usually the same mistake again). */
const MAX_DIAGNOSTICS = 20;

/** A plan whose every point has a validated scenario. */
export interface MaterializedPlan {
  readonly plan: SweepPlan;
  /** The scenario of each point, by point id. */
  readonly scenarios: readonly Scenario[];
  /** SHA-256 (hex) of the sweep spec, the plan's points and every point's resolved scenario. */
  readonly planSha256: string;
}

/** Build the plan and every point's scenario. @throws SweepError with every distinct problem (up to 20) */
export function materialize(loaded: LoadedSweep): MaterializedPlan {
  const plan = buildPlan(loaded.spec);
  const hash = createHash('sha256').update(JSON.stringify({ format: 1, spec: loaded.spec, paths: plan.paths, points: plan.points }));
  const scenarios: Scenario[] = [];
  const problems = new Map<string, Diagnostic>();
  for (let p = 0; p < plan.points.length && problems.size < MAX_DIAGNOSTICS; p++) {
    try {
      const s = loaded.scenarioFor(pointValues(plan, p));
      scenarios.push(s.scenario);
      hash.update(`\n${JSON.stringify(s.resolved)}`);
    } catch (e) {
      if (!(e instanceof SweepError)) throw e;
      for (const d of e.diagnostics) problems.set(formatDiagnostic(d), d);
    }
  }
  if (problems.size > 0) throw new SweepError([...problems.values()].slice(0, MAX_DIAGNOSTICS));
  const inert = plan.paths.flatMap((path) => inertPath(loaded, plan, path));
  if (inert.length > 0) throw new SweepError(inert);
  return { plan, scenarios, planSha256: hash.digest('hex') };
}

/**
 * A swept path that changes nothing is almost always a mistake (a param no expression uses, a key the scenario
 * ignores): point 0 with only `path` changed must give a different scenario (its `params` block aside).
 */
function inertPath(loaded: LoadedSweep, plan: SweepPlan, path: string): Diagnostic[] {
  const i = plan.paths.indexOf(path);
  const first = plan.points[0]!;
  const other = plan.points.find((p) => JSON.stringify(p[i]) !== JSON.stringify(first[i]));
  if (other === undefined) return [];
  const withValue = (v: unknown): string => {
    const values = pointValues(plan, 0).map((pv) => (pv.path === path ? { path, value: v as typeof pv.value } : pv));
    const { params: _params, ...rest } = loaded.scenarioFor(values).resolved;
    return JSON.stringify(rest);
  };
  if (withValue(first[i]) !== withValue(other[i])) return [];
  const why = path.startsWith('params.') ? ' (no expression in the scenario uses it)' : '';
  const values = `${JSON.stringify(first[i])} and ${JSON.stringify(other[i])}`;
  const message = `${path}: the values ${values} give the same scenario, so this parameter changes nothing${why}`;
  return [{ ...loaded.where(path), message }];
}

/** Progress of a session: runs of the shard finished (this session or before) and how many failed. */
export interface SweepProgress {
  readonly total: number;
  readonly done: number;
  readonly failed: number;
  /** Runs finished by this session (for a rate). */
  readonly ranNow: number;
}

export interface ExecuteOptions {
  readonly outDir: string;
  readonly mode: OpenMode;
  readonly shard: Shard;
  readonly workers: number;
  /** Run again the runs whose last record failed (a resume otherwise keeps them). */
  readonly retryFailed: boolean;
  /** The manifest written when the directory is started (the identity fields are added here). */
  readonly manifest: Record<string, unknown>;
  readonly signal?: AbortSignal;
  readonly workerFile?: string;
  readonly onProgress?: (p: SweepProgress) => void;
  readonly onWorkerError?: (e: Error) => void;
}

export interface ExecuteResult {
  /** The shard's finished runs (the last record of each), ascending by run id. */
  readonly records: RunRecord[];
  /** Runs of the shard not finished (after an interrupt). */
  readonly pending: number;
  /** Runs found finished in the directory when it was opened. */
  readonly resumedDone: number;
  readonly interrupted: boolean;
}

/** Run a session of the sweep into opts.outDir. @throws StoreError when the directory cannot be used */
export async function executeSweep(loaded: LoadedSweep, mat: MaterializedPlan, opts: ExecuteOptions): Promise<ExecuteResult> {
  const { plan } = mat;
  const identity = { sweepSha256: loaded.sha256, planSha256: mat.planSha256, shard: opts.shard };
  const runs: PlannedRuns = {
    runCount: plan.runCount,
    task(id) {
      const run = runAt(plan, id);
      const disable = run.variant === 0 ? [] : [run.counterfactual];
      return { runId: id, spec: { scenario: mat.scenarios[run.pointId]!, seed: run.seed, disable } };
    },
    record: (o) => toRecord(plan, o),
  };
  return executeRuns(identity, runs, opts);
}

/** A plan's runs as the executor sees them: how many, the task of a run id, and the log record of its outcome. */
export interface PlannedRuns {
  readonly runCount: number;
  task(runId: number): RunTask;
  record(outcome: TaskOutcome): RunRecord;
}

/**
 * Run the shard's unfinished runs of `runs` on the pool into opts.outDir, logging each as it ends (the machinery of
 * every sweep-like command: sweep, attribute). @throws StoreError when the directory cannot be used
 */
export async function executeRuns(identity: StoreIdentity, runs: PlannedRuns, opts: ExecuteOptions, names?: StoreNames): Promise<ExecuteResult> {
  const store = SweepStore.open(opts.outDir, identity, opts.mode, { ...opts.manifest, ...identity }, names);
  try {
    const ids = shardRunIds(runs.runCount, opts.shard);
    const keep = (r: RunRecord | undefined): boolean => r !== undefined && (r.status === 'ok' || !opts.retryFailed);
    const todo = ids.filter((id) => !keep(store.done.get(id)));
    const resumedDone = ids.length - todo.length;
    const tasks: RunTask[] = todo.map((id) => runs.task(id));
    let failed = ids.filter((id) => keep(store.done.get(id)) && store.done.get(id)!.status === 'failed').length;
    let ranNow = 0;
    const report = (): void => opts.onProgress?.({ total: ids.length, done: resumedDone + ranNow, failed, ranNow });
    report();
    const onOutcome = (o: TaskOutcome): void => {
      store.append(runs.record(o));
      ranNow++;
      if (o.status === 'failed') failed++;
      report();
    };
    const res = await runTasks(tasks, {
      workers: opts.workers,
      onOutcome,
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.workerFile ? { workerFile: opts.workerFile } : {}),
      ...(opts.onWorkerError ? { onWorkerError: opts.onWorkerError } : {}),
    });
    const records = ids.flatMap((id) => (store.done.has(id) ? [store.done.get(id)!] : []));
    return { records, pending: ids.length - records.length, resumedDone, interrupted: res.interrupted };
  } finally {
    await store.close();
  }
}

/** The log record of a finished task. */
function toRecord(plan: SweepPlan, o: TaskOutcome): RunRecord {
  const run = runAt(plan, o.runId);
  const base = { run_id: run.runId, point_id: run.pointId, replicate: run.replicate, counterfactual: run.counterfactual, seed: run.seed };
  if (o.status === 'ok') return { ...base, status: 'ok', error: '', wall_s: o.wallS, summary: o.summary };
  return { ...base, status: 'failed', error: o.error, wall_s: o.wallS, summary: {} };
}
