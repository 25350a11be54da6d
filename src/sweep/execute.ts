// One sweep session: build the plan, validate every point's scenario before anything runs (all problems reported
// at once, at their place in the sweep or scenario file), find the runs identical to an earlier one (same seed and
// input), open the directory (new, resumed or replaced), run the shard's runs that are not yet finished on the
// pool, and log each one as it ends — with a copy of its record for every identical later run, which is never run
// itself. `executeRuns` is that last part for any plan given as run ids → tasks and records (`cascade attribute`
// runs on it too). The plan hash covers the sweep and every point's resolved scenario, so a resume or merge can tell
// the same sweep from a changed one.
import { createHash } from 'node:crypto';
import { formatDiagnostic, type Diagnostic } from '../scenario/locate.js';
import { SweepError, type LoadedSweep } from '../scenario/sweep-load.js';
import type { Scenario } from '../scenario/schema.js';
import { buildPlan, copiesToJson, findCopies, pointValues, runAt, runInputKey, sourceRun, type RunCopies, type SweepPlan } from './plan.js';
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
  /** Runs identical to an earlier run, run once and copied (empty with `dedup: false`). */
  readonly copies: RunCopies;
}

/** Build the plan, every point's scenario and the identical runs. @throws SweepError with every distinct problem (up to 20) */
export function materialize(loaded: LoadedSweep, opts: { readonly dedup?: boolean } = {}): MaterializedPlan {
  const plan = buildPlan(loaded.spec);
  const hash = createHash('sha256').update(JSON.stringify({ format: 1, spec: loaded.spec, paths: plan.paths, points: plan.points }));
  const scenarios: Scenario[] = [];
  const problems = new Map<string, Diagnostic>();
  // Per slot (point, variant), a hash of what its runs compute from: kept instead of the keys (a scenario each).
  const slotKeys: string[] = [];
  for (let p = 0; p < plan.points.length && problems.size < MAX_DIAGNOSTICS; p++) {
    try {
      const s = loaded.scenarioFor(pointValues(plan, p));
      scenarios.push(s.scenario);
      hash.update(`\n${JSON.stringify(s.resolved)}`);
      for (let v = 0; v < plan.variants; v++) {
        const key = runInputKey(s.resolved, v === 0 ? null : plan.counterfactuals[v - 1]!);
        slotKeys.push(createHash('sha256').update(key).digest('hex'));
      }
    } catch (e) {
      if (!(e instanceof SweepError)) throw e;
      for (const d of e.diagnostics) problems.set(formatDiagnostic(d), d);
    }
  }
  if (problems.size > 0) throw new SweepError([...problems.values()].slice(0, MAX_DIAGNOSTICS));
  const inert = plan.paths.flatMap((path) => inertPath(loaded, plan, path));
  if (inert.length > 0) throw new SweepError(inert);
  const copies = opts.dedup === false ? new Map<number, number>() : findCopies(plan, (p, v) => slotKeys[p * plan.variants + v]!);
  return { plan, scenarios, planSha256: hash.digest('hex'), copies };
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
  const { plan, copies } = mat;
  const identity = { sweepSha256: loaded.sha256, planSha256: mat.planSha256, shard: opts.shard, runCopies: copiesToJson(plan, copies) };
  const runs: PlannedRuns = {
    runCount: plan.runCount,
    task: (id) => taskFor(mat, id),
    record: (o) => toRecord(plan, o),
    ...(copies.size > 0 ? { copies: { sourceOf: (id: number) => sourceRun(plan, copies, id), record: (id: number, from: RunRecord) => copyOf(plan, id, from) } } : {}),
  };
  return executeRuns(identity, runs, opts);
}

/**
 * A plan's runs as the executor sees them: how many, the task of a run id, the log record of its outcome and, when
 * some runs are identical to an earlier one, the run each is copied from and the copy's record.
 */
export interface PlannedRuns {
  readonly runCount: number;
  task(runId: number): RunTask;
  record(outcome: TaskOutcome): RunRecord;
  readonly copies?: RunCopiesOf;
}

/** Runs identical to an earlier one: the run each is copied from (itself if none), and a copy's log record. */
export interface RunCopiesOf {
  sourceOf(runId: number): number;
  record(runId: number, from: RunRecord): RunRecord;
}

/**
 * Run the shard's unfinished runs of `runs` on the pool into opts.outDir, logging each as it ends (the machinery of
 * every sweep-like command: sweep, attribute). @throws StoreError when the directory cannot be used
 */
export async function executeRuns(identity: StoreIdentity, runs: PlannedRuns, opts: ExecuteOptions, names?: StoreNames): Promise<ExecuteResult> {
  const store = SweepStore.open(opts.outDir, identity, opts.mode, { ...opts.manifest, ...identity }, names);
  try {
    const sourceOf = runs.copies?.sourceOf ?? ((id: number): number => id);
    const ids = shardRunIds(runs.runCount, opts.shard, runs.copies?.sourceOf);
    const keep = (r: RunRecord | undefined): boolean => r !== undefined && (r.status === 'ok' || !opts.retryFailed);
    const todo = ids.filter((id) => !keep(store.done.get(id)));
    const resumedDone = ids.length - todo.length;
    // A copy waits for its source run (in this shard by construction): filled at once if that is already kept,
    // else as soon as it ends.
    const tasks: RunTask[] = [];
    const fillNow: number[] = [];
    const waiting = new Map<number, number[]>();
    for (const id of todo) {
      const src = sourceOf(id);
      if (src === id) tasks.push(runs.task(id));
      else if (keep(store.done.get(src))) fillNow.push(id);
      else {
        const list = waiting.get(src);
        if (list === undefined) waiting.set(src, [id]);
        else list.push(id);
      }
    }
    let failed = ids.filter((id) => keep(store.done.get(id)) && store.done.get(id)!.status === 'failed').length;
    let ranNow = 0;
    const report = (): void => opts.onProgress?.({ total: ids.length, done: resumedDone + ranNow, failed, ranNow });
    const log = (r: RunRecord): void => {
      store.append(r);
      ranNow++;
      if (r.status === 'failed') failed++;
    };
    for (const id of fillNow) log(runs.copies!.record(id, store.done.get(sourceOf(id))!));
    report();
    const onOutcome = (o: TaskOutcome): void => {
      const r = runs.record(o);
      log(r);
      for (const id of waiting.get(o.runId) ?? []) log(runs.copies!.record(id, r));
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

/** The worker task of a run: its point's scenario, its seed, its left-out kind; the summary only. */
function taskFor(mat: MaterializedPlan, id: number): RunTask {
  const run = runAt(mat.plan, id);
  const disable = run.variant === 0 ? [] : [run.counterfactual];
  return { runId: id, spec: { scenario: mat.scenarios[run.pointId]!, seed: run.seed, disable, tables: [] } };
}

/** The log record of a finished task. */
function toRecord(plan: SweepPlan, o: TaskOutcome): RunRecord {
  const run = runAt(plan, o.runId);
  const base = { run_id: run.runId, point_id: run.pointId, replicate: run.replicate, counterfactual: run.counterfactual, seed: run.seed };
  if (o.status === 'ok') return { ...base, status: 'ok', error: '', wall_s: o.wallS, summary: o.summary };
  return { ...base, status: 'failed', error: o.error, wall_s: o.wallS, summary: {} };
}

/** The record of run `id` copied from the identical run `from` ran: same outcome, no time of its own. */
function copyOf(plan: SweepPlan, id: number, from: RunRecord): RunRecord {
  const run = runAt(plan, id);
  return {
    run_id: id, point_id: run.pointId, replicate: run.replicate, counterfactual: run.counterfactual, seed: run.seed,
    status: from.status, error: from.error, wall_s: 0, summary: from.summary, computed_by: from.run_id,
  };
}
