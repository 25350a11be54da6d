// One `cascade sweep` session after validation: Ctrl-C / SIGTERM handling (the first stops cleanly, a second
// exits at once), the progress display, the run on the pool, then the outputs: the tables and a complete manifest
// for a whole sweep, the manifest alone for a shard (its log is what `cascade merge` reads).
import { join, resolve } from 'node:path';
import type { LoadedSweep } from '../scenario/sweep-load.js';
import { executeSweep, type MaterializedPlan } from '../sweep/execute.js';
import { WorkerPoolError } from '../sweep/pool.js';
import { formatShard, type Shard } from '../sweep/shard.js';
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

export async function runSession(s: SessionOptions): Promise<void> {
  const startedAt = new Date();
  const t0 = performance.now();
  const ac = new AbortController();
  const onSignal = (sig: NodeJS.Signals): void => {
    if (ac.signal.aborted) process.exit(EXIT_INTERRUPTED);
    process.stderr.write(`\n${sig}: stopping; finished runs are kept (${sig === 'SIGINT' ? 'Ctrl-C again' : 'again'} to quit at once)\n`);
    ac.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const label = s.shard.count > 1 ? `${s.loaded.spec.name} ${formatShard(s.shard)}` : s.loaded.spec.name;
  const progress = sweepProgress(label, s.quiet ? 'quiet' : 'show', t0);
  const info = { ...toolInfo(), ...sweepInfo(s.loaded, s.mat), shard: s.shard };
  let result;
  let failure: unknown;
  try {
    result = await executeSweep(s.loaded, s.mat, {
      outDir: s.outDir, mode: s.mode, shard: s.shard, workers: s.workers, retryFailed: s.retryFailed,
      manifest: { ...info, status: 'running', startedAt: startedAt.toISOString(), workers: s.workers },
      signal: ac.signal,
      onProgress: (p) => progress.update(p),
      ...(s.workerFile !== undefined ? { workerFile: resolve(s.workerFile) } : {}),
    });
  } catch (e) {
    failure = e;
  } finally {
    progress.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  if (failure instanceof StoreError) throw new UserError(failure.message);
  if (failure instanceof WorkerPoolError) {
    process.stderr.write(`${label}: ${failure.message}; finished runs are kept in ${s.outDir} (continue with --resume)\n`);
    process.exitCode = 1;
    return;
  }
  if (result === undefined) throw failure;
  const wallSeconds = (performance.now() - t0) / 1000;
  if (result.interrupted || result.pending > 0) {
    const again = `cascade sweep ${s.file} --resume --out ${s.outDir}${s.shard.count > 1 ? ` --shard ${formatShard(s.shard)}` : ''}`;
    const { writeFileAtomic, MANIFEST_FILE } = await import('../sweep/store.js');
    const note = { ...info, status: 'interrupted', startedAt: startedAt.toISOString(), workers: s.workers, counts: counts(result.records), pending: result.pending };
    writeFileAtomic(join(s.outDir, MANIFEST_FILE), `${JSON.stringify(note, null, 2)}\n`);
    process.stderr.write(`${label}: interrupted; ${result.records.length} of ${result.records.length + result.pending} runs finished and kept in ${s.outDir}; continue with: ${again}\n`);
    process.exitCode = EXIT_INTERRUPTED;
    return;
  }
  const manifest = {
    ...info, status: 'complete', startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(),
    wallSeconds: Math.round(wallSeconds * 1000) / 1000, workers: s.workers, counts: counts(result.records),
    resumedRuns: result.resumedDone,
  };
  const { writeSweepOutputs } = await import('../results/sweep-output.js');
  if (s.shard.count === 1) {
    const { sweepTables } = await import('../results/sweep-tables.js');
    await writeSweepOutputs(s.outDir, sweepTables(s.mat.plan, result.records), manifest);
  } else {
    await writeSweepOutputs(s.outDir, [], { ...manifest, note: 'one shard: combine all shards with `cascade merge`' });
  }
  const ran = result.records.length - result.resumedDone;
  const rate = ran > 0 ? `, ${(ran / wallSeconds).toFixed(2)} runs/s` : '';
  process.stderr.write(`${summaryLine(label, result.records)} in ${wallSeconds.toFixed(1)} s (${s.workers} worker${s.workers === 1 ? '' : 's'}${rate})\n`);
  process.stdout.write(`${resolve(s.outDir)}\n`);
  if (counts(result.records).failed > 0) process.exitCode = EXIT_RUNS_FAILED;
}
