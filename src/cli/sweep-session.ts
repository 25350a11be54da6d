// One `cascade sweep` session after validation: Ctrl-C / SIGTERM handling (the first stops cleanly, a second
// exits at once), the progress display, the run on the pool, then the outputs: the tables and a complete manifest
// for a whole sweep, the manifest alone for a shard (its log is what `cascade merge` reads).
import { join, resolve } from 'node:path';
import type { LoadedSweep } from '../scenario/sweep-load.js';
import { executeSweep, type ExecuteResult, type MaterializedPlan, type SweepProgress } from '../sweep/execute.js';
import { WorkerPoolError } from '../sweep/pool.js';
import { formatShard, type Shard } from '../sweep/shard.js';
import { MANIFEST_FILE, writeFileAtomic } from '../io/durable.js';
import { StoreError, type OpenMode } from '../sweep/store.js';
import { counts, summaryLine, sweepInfo, toolInfo } from './sweep-manifest.js';
import { sweepProgress } from './sweep-progress.js';
import { UserError } from './user-error.js';

/** Exit code of a sweep that finished with failed runs. */
export const EXIT_RUNS_FAILED = 3;
/** Exit code of an interrupted sweep (128 + SIGINT). */
export const EXIT_INTERRUPTED = 130;

export interface SessionOptions {
  readonly file: string;
  readonly loaded: LoadedSweep;
  readonly mat: MaterializedPlan;
  readonly shard: Shard;
  readonly outDir: string;
  readonly workers: number;
  readonly mode: OpenMode;
  readonly retryFailed: boolean;
  readonly quiet: boolean;
  readonly workerFile?: string;
}

/** What the manifest and messages need about this session. */
interface SessionContext {
  readonly s: SessionOptions;
  readonly label: string;
  readonly info: Record<string, unknown>;
  readonly startedAt: Date;
  readonly t0: number;
}

export async function runSession(s: SessionOptions): Promise<void> {
  const label = s.shard.count > 1 ? `${s.loaded.spec.name} ${formatShard(s.shard)}` : s.loaded.spec.name;
  const ctx: SessionContext = { s, label, info: { ...toolInfo(), ...sweepInfo(s.loaded, s.mat), shard: s.shard }, startedAt: new Date(), t0: performance.now() };
  const result = await executeWithProgress(label, s.outDir, s.quiet, ctx.t0, (signal, onProgress) =>
    executeSweep(s.loaded, s.mat, {
      outDir: s.outDir, mode: s.mode, shard: s.shard, workers: s.workers, retryFailed: s.retryFailed,
      manifest: { ...ctx.info, status: 'running', startedAt: ctx.startedAt.toISOString(), workers: s.workers },
      signal,
      onProgress,
      ...(s.workerFile !== undefined ? { workerFile: resolve(s.workerFile) } : {}),
    }));
  if (result === undefined) return;
  if (result.interrupted || result.pending > 0) finishInterrupted(ctx, result);
  else await finishComplete(ctx, result);
}

/**
 * Run a session's runs with a progress display, stopping cleanly on SIGINT/SIGTERM (the machinery of every sweep-like
 * command). A directory that cannot be used is a UserError; a pool that cannot start its workers is reported with
 * where the finished runs are (exit 1) and gives undefined; anything else is rethrown.
 */
export async function executeWithProgress(
  label: string, outDir: string, quiet: boolean, t0: number,
  execute: (signal: AbortSignal, onProgress: (p: SweepProgress) => void) => Promise<ExecuteResult>,
): Promise<ExecuteResult | undefined> {
  const stop = stopOnSignals();
  const progress = sweepProgress(label, quiet ? 'quiet' : 'show', t0);
  let result: ExecuteResult | undefined;
  let failure: unknown;
  try {
    result = await execute(stop.signal, (p) => progress.update(p));
  } catch (e) {
    failure = e;
  } finally {
    progress.stop();
    stop.dispose();
  }
  if (failure instanceof StoreError) throw new UserError(failure.message);
  if (failure instanceof WorkerPoolError) {
    process.stderr.write(`${label}: ${failure.message}; finished runs are kept in ${outDir} (continue with --resume)\n`);
    process.exitCode = 1;
    return undefined;
  }
  if (result === undefined) throw failure;
  return result;
}

/** The first SIGINT or SIGTERM aborts cleanly (finished runs are kept); a second one exits at once. */
export function stopOnSignals(): { signal: AbortSignal; dispose: () => void } {
  const ac = new AbortController();
  const onSignal = (sig: NodeJS.Signals): void => {
    if (ac.signal.aborted) process.exit(EXIT_INTERRUPTED);
    process.stderr.write(`\n${sig}: stopping; finished runs are kept (${sig === 'SIGINT' ? 'Ctrl-C again' : 'again'} to quit at once)\n`);
    ac.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: ac.signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

/** Mark the manifest interrupted and say how to continue; exit 130. */
function finishInterrupted({ s, label, info, startedAt }: SessionContext, result: ExecuteResult): void {
  const again = `cascade sweep ${s.file} --resume --out ${s.outDir}${s.shard.count > 1 ? ` --shard ${formatShard(s.shard)}` : ''}`;
  const manifest = { ...info, status: 'interrupted', startedAt: startedAt.toISOString(), workers: s.workers, counts: counts(result.records), pending: result.pending };
  writeFileAtomic(join(s.outDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  const total = result.records.length + result.pending;
  process.stderr.write(`${label}: interrupted; ${result.records.length} of ${total} runs finished and kept in ${s.outDir}; continue with: ${again}\n`);
  process.exitCode = EXIT_INTERRUPTED;
}

/** Write the tables (a whole sweep) or the manifest alone (a shard), print the summary; exit 3 if runs failed. */
async function finishComplete({ s, label, info, startedAt, t0 }: SessionContext, result: ExecuteResult): Promise<void> {
  const wallSeconds = (performance.now() - t0) / 1000;
  const manifest = {
    ...info, status: 'complete', startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(),
    wallSeconds: Math.round(wallSeconds * 1000) / 1000, workers: s.workers, counts: counts(result.records),
    resumedRuns: result.resumedDone,
  };
  const { writeSweepOutputs } = await import('../results/sweep-output.js');
  if (s.shard.count === 1) {
    const { sweepTables } = await import('../results/sweep-tables.js');
    const { sensitivityTables } = await import('../results/sensitivity.js');
    const tables = [...sweepTables(s.mat.plan, result.records), ...sensitivityTables(s.mat.plan, result.records)];
    await writeSweepOutputs(s.outDir, tables, manifest);
  } else {
    await writeSweepOutputs(s.outDir, [], { ...manifest, note: 'one shard: combine all shards with `cascade merge`' });
  }
  const ran = result.records.length - result.resumedDone;
  const rate = ran > 0 ? `, ${(ran / wallSeconds).toFixed(2)} runs/s` : '';
  process.stderr.write(`${summaryLine(label, result.records)} in ${wallSeconds.toFixed(1)} s (${s.workers} worker${s.workers === 1 ? '' : 's'}${rate})\n`);
  process.stdout.write(`${resolve(s.outDir)}\n`);
  if (counts(result.records).failed > 0) process.exitCode = EXIT_RUNS_FAILED;
}
