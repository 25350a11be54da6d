// The worker pool (Piscina): runs planned runs on N worker threads and places each outcome at its task's index,
// whatever the completion order. A run that throws, or a worker that dies under it, becomes a failed outcome and
// the pool goes on (Piscina replaces the worker). Abort stops cleanly: nothing new starts, running tasks are
// cancelled (their workers terminated) and reported as not done. At most 2·N tasks are handed to Piscina at
// once, so memory stays flat for any plan size. Workers load workers/run-scenario (.js compiled; .ts from source),
// which must export `ping` besides its default task function.
import { setMaxListeners } from 'node:events';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { RunSpec } from '../sim/run.js';

/** What a worker is given: one run. */
export interface RunTask {
  readonly runId: number;
  readonly spec: RunSpec;
}

/** What the worker module returns (workers/run-scenario.ts). */
interface WorkerReply {
  readonly summary: Record<string, number>;
  readonly wallS: number;
}

/** How one task ended. */
export type TaskOutcome =
  | { readonly runId: number; readonly status: 'ok'; readonly summary: Record<string, number>; readonly wallS: number }
  | { readonly runId: number; readonly status: 'failed'; readonly error: string; readonly wallS: number };

export interface PoolOptions {
  readonly workers: number;
  /** Worker module (default: workers/run-scenario); a `.ts` module is loaded through tsx. */
  readonly workerFile?: string;
  readonly signal?: AbortSignal;
  /** Called as each task ends, in completion order (the store appends here). */
  readonly onOutcome?: (o: TaskOutcome, index: number) => void;
  /** Told of a worker's error outside any task (the sweep then stops with WorkerPoolError). */
  readonly onWorkerError?: (e: Error) => void;
  /** An open pool to run on (kept open afterwards: a calibration runs many batches on one pool); default: a new
   * pool of `workers` threads on `workerFile`, destroyed at the end. */
  readonly pool?: Piscina;
}

export interface PoolResult {
  /** Outcome per task, at the task's index; undefined for a task that never finished (abort). */
  readonly outcomes: (TaskOutcome | undefined)[];
  readonly interrupted: boolean;
}

const FROM_SOURCE = import.meta.url.endsWith('.ts');

/** The default worker module beside this build: workers/run-scenario.js, or .ts when running from source. */
export function defaultWorkerFile(): string {
  return fileURLToPath(new URL(`../../workers/run-scenario.${FROM_SOURCE ? 'ts' : 'js'}`, import.meta.url));
}

/**
 * A Piscina pool of exactly `workers` threads on `file`. Only a `.ts` worker (running from source, in tests) needs
 * tsx, a dev dependency: it is looked up then and only then, so the built package never reaches for it.
 */
export function makePool(file: string, workers: number): Piscina {
  return new Piscina({
    filename: file,
    minThreads: workers,
    maxThreads: workers,
    idleTimeout: 60_000,
    execArgv: file.endsWith('.ts') ? ['--import', tsxLoader()] : [],
  });
}

/** The tsx loader for a `.ts` worker; a clear error where the dev dependencies are not installed. */
function tsxLoader(): string {
  try {
    return import.meta.resolve('tsx');
  } catch {
    throw new WorkerPoolError('a .ts worker module needs the dev dependency tsx (run `npm ci` in a checkout, or use the built .js worker)');
  }
}

/** The workers could not start, or one failed outside any run: the sweep cannot go on (finished runs are kept). */
export class WorkerPoolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkerPoolError';
  }
}

/**
 * Run every task; resolves when all have ended or, after an abort, when the running ones have stopped.
 * First the worker module is loaded and its `ping` export called, so a module that cannot load stops the sweep
 * before any run (rather than failing every run). An 'error' from the pool (a worker failing outside a task)
 * stops the sweep too. @throws WorkerPoolError in both cases
 */
export async function runTasks(tasks: readonly RunTask[], opts: PoolOptions): Promise<PoolResult> {
  const outcomes: (TaskOutcome | undefined)[] = new Array<TaskOutcome | undefined>(tasks.length);
  if (tasks.length === 0) return { outcomes, interrupted: opts.signal?.aborted === true };
  const workers = Math.max(1, Math.min(opts.workers, tasks.length));
  const pool = opts.pool ?? makePool(opts.workerFile ?? defaultWorkerFile(), workers);
  const ac = new AbortController();
  setMaxListeners(0, ac.signal);
  let fatal: Error | undefined;
  const onError = (e: Error): void => {
    fatal ??= e;
    opts.onWorkerError?.(e);
    ac.abort();
  };
  pool.on('error', onError);
  const stop = (): void => ac.abort();
  opts.signal?.addEventListener('abort', stop, { once: true });
  if (opts.signal?.aborted) stop();
  let next = 0;
  const runOne = async (): Promise<void> => {
    while (next < tasks.length && !ac.signal.aborted) {
      const index = next++;
      const o = await settle(pool, tasks[index]!, ac.signal);
      if (o === undefined) continue;
      outcomes[index] = o;
      opts.onOutcome?.(o, index);
    }
  };
  try {
    await pool.run(null, { name: 'ping', signal: ac.signal }).catch((e: Error) => {
      if (!ac.signal.aborted) fatal ??= e;
    });
    if (fatal !== undefined) throw new WorkerPoolError(`the sweep's workers cannot start: ${errorLine(fatal)}`);
    await Promise.all(Array.from({ length: 2 * workers }, runOne));
    if (fatal !== undefined) throw new WorkerPoolError(`a worker failed outside any run: ${errorLine(fatal)}`);
  } finally {
    opts.signal?.removeEventListener('abort', stop);
    pool.off('error', onError);
    if (opts.pool === undefined) {
      // Other workers of a module that cannot load report the same error after the first stopped the sweep, up to
      // the end of destroy(); an 'error' with no listener would be an uncaught exception. The pool dies here, so
      // they are ignored: the sweep has already stopped with the first one.
      pool.on('error', ignoreLateError);
      await pool.destroy();
    }
  }
  return { outcomes, interrupted: ac.signal.aborted };
}

function ignoreLateError(): void {}

/** One task's outcome; undefined if it was cut short by the abort (it is not finished, so it is not failed). */
async function settle(pool: Piscina, task: RunTask, signal: AbortSignal): Promise<TaskOutcome | undefined> {
  try {
    const r = (await pool.run(task, { signal })) as WorkerReply;
    return { runId: task.runId, status: 'ok', summary: r.summary, wallS: r.wallS };
  } catch (e) {
    if (signal.aborted) return undefined;
    return { runId: task.runId, status: 'failed', error: errorLine(e), wallS: NaN };
  }
}

/** An error as one line: `Name: message`, the message's first line only; a dead worker says so. */
export function errorLine(e: unknown): string {
  if (!(e instanceof Error)) return String(e).split('\n')[0]!;
  const msg = e.message.split('\n')[0]!;
  if (/^worker exited with code/i.test(msg) || /terminated/i.test(msg)) return `worker died: ${msg}`;
  return `${e.name}: ${msg}`;
}
