// One `cascade attribute` session after validation: Ctrl-C / SIGTERM handling, the progress display (bar and ETA),
// the runs on the pool through the sweep executor and store, then the outputs: the attribution tables and a
// complete manifest for a whole attribution, the manifest alone for a shard (its log is what `cascade merge` reads).
import { join, resolve } from 'node:path';
import type { LoadedScenario } from '../scenario/load.js';
import { attributionRunAt, type AttributionPlan } from '../sweep/attribution-plan.js';
import { executeRuns, type PlannedRuns } from '../sweep/execute.js';
import type { TaskOutcome } from '../sweep/pool.js';
import { formatShard, type Shard } from '../sweep/shard.js';
import { MANIFEST_FILE, writeFileAtomic } from '../io/durable.js';
import type { OpenMode, RunRecord, StoreNames } from '../sweep/store.js';
import { attributionLines, efficiencyLine, writeAttribution } from './attribute-output.js';
import { canonicalSha256, shellQuote } from './provenance.js';
import { counts, summaryLine, toolInfo } from './sweep-manifest.js';
import { EXIT_INTERRUPTED, EXIT_RUNS_FAILED, executeWithProgress } from './sweep-session.js';

export interface AttributionSession {
  readonly file: string;
  readonly loaded: LoadedScenario;
  readonly plan: AttributionPlan;
  readonly planSha256: string;
  readonly metrics: readonly string[];
  readonly sets: readonly string[];
  readonly shard: Shard;
  readonly outDir: string;
  readonly workers: number;
  readonly mode: OpenMode;
  readonly retryFailed: boolean;
  readonly quiet: boolean;
  readonly workerFile?: string;
}

/** How the store's messages name an attribution. */
export const ATTRIBUTION_NAMES: StoreNames = {
  job: 'attribution',
  file: 'scenario file',
  planInputs: 'its --set overrides, --kinds or --seeds, or a file the scenario extends, changed',
};

/** The runs of the plan as tasks and log records. */
export function attributionRuns(plan: AttributionPlan, scenario: LoadedScenario['scenario']): PlannedRuns {
  return {
    runCount: plan.runCount,
    task(id) {
      const run = attributionRunAt(plan, id);
      return { runId: id, spec: { scenario, seed: run.seed, disable: run.disabled, tables: [] } };
    },
    record(o: TaskOutcome): RunRecord {
      const run = attributionRunAt(plan, o.runId);
      const base = { run_id: run.runId, point_id: run.subset, replicate: run.seed - 1, counterfactual: run.counterfactual, seed: run.seed };
      if (o.status === 'ok') return { ...base, status: 'ok', error: '', wall_s: o.wallS, summary: o.summary };
      return { ...base, status: 'failed', error: o.error, wall_s: o.wallS, summary: {} };
    },
  };
}

/** The manifest fields that say what this attribution is (shared by every shard and the merge). */
function attributionInfo(s: AttributionSession): Record<string, unknown> {
  const market = s.loaded.scenario.market;
  const args = ['cascade', 'attribute', resolve(s.file), '--kinds', s.plan.kinds.join(','), '--seeds', String(s.plan.seeds), '--metrics', s.metrics.join(',')];
  for (const x of s.sets) args.push('--set', x);
  return {
    ...toolInfo(),
    kind: 'attribution',
    scenarioPath: resolve(s.file),
    scenarioSha256: s.loaded.sha256,
    scenarioResolvedSha256: canonicalSha256(s.loaded.resolved),
    scenario: s.loaded.resolved,
    overrides: s.sets,
    kinds: s.plan.kinds,
    seeds: s.plan.seeds,
    metrics: s.metrics,
    plan: { kinds: s.plan.kinds, seeds: s.plan.seeds, subsets: s.plan.subsets, runs: s.plan.runCount },
    reportCurrency: market.reportCurrency?.code ?? market.currency,
    sweepSha256: s.loaded.sha256,
    planSha256: s.planSha256,
    shard: s.shard,
    reproduce: args.map(shellQuote).join(' '),
  };
}

export async function runAttributionSession(s: AttributionSession): Promise<void> {
  const label = `${s.loaded.scenario.name} attribution${s.shard.count > 1 ? ` ${formatShard(s.shard)}` : ''}`;
  const info = attributionInfo(s);
  const startedAt = new Date();
  const t0 = performance.now();
  const identity = { sweepSha256: s.loaded.sha256, planSha256: s.planSha256, shard: s.shard };
  const result = await executeWithProgress(label, s.outDir, s.quiet, t0, (signal, onProgress) =>
    executeRuns(identity, attributionRuns(s.plan, s.loaded.scenario), {
      outDir: s.outDir, mode: s.mode, shard: s.shard, workers: s.workers, retryFailed: s.retryFailed,
      manifest: { ...info, status: 'running', startedAt: startedAt.toISOString(), workers: s.workers },
      signal,
      onProgress,
      ...(s.workerFile !== undefined ? { workerFile: resolve(s.workerFile) } : {}),
    }, ATTRIBUTION_NAMES));
  if (result === undefined) return;
  const base = { ...info, startedAt: startedAt.toISOString(), workers: s.workers, counts: counts(result.records) };
  if (result.interrupted || result.pending > 0) {
    writeFileAtomic(join(s.outDir, MANIFEST_FILE), `${JSON.stringify({ ...base, status: 'interrupted', pending: result.pending }, null, 2)}\n`);
    const again = `cascade attribute ${s.file} --kinds ${s.plan.kinds.join(',')} --seeds ${s.plan.seeds} --resume --out ${s.outDir}${s.shard.count > 1 ? ` --shard ${formatShard(s.shard)}` : ''}`;
    process.stderr.write(`${label}: interrupted; ${result.records.length} of ${result.records.length + result.pending} runs finished and kept in ${s.outDir}; continue with: ${again}\n`);
    process.exitCode = EXIT_INTERRUPTED;
    return;
  }
  const wallSeconds = (performance.now() - t0) / 1000;
  const done = { ...base, status: 'complete', finishedAt: new Date().toISOString(), wallSeconds: Math.round(wallSeconds * 1000) / 1000, resumedRuns: result.resumedDone };
  const ran = result.records.length - result.resumedDone;
  const rate = ran > 0 ? `, ${(ran / wallSeconds).toFixed(2)} runs/s` : '';
  process.stderr.write(`${summaryLine(label, result.records)} in ${wallSeconds.toFixed(1)} s (${s.workers} worker${s.workers === 1 ? '' : 's'}${rate})\n`);
  if (s.shard.count === 1) {
    const games = await writeAttribution(s.outDir, s.plan, result.records, s.metrics, done);
    process.stderr.write(`${efficiencyLine(games)}\n`);
    if (!s.quiet) process.stderr.write(`${(await attributionLines(s.plan, games, String(info['reportCurrency']))).join('\n')}\n`);
  } else {
    const { writeSweepOutputs } = await import('../results/sweep-output.js');
    await writeSweepOutputs(s.outDir, [], { ...done, note: 'one shard: combine all shards with `cascade merge`' });
  }
  process.stdout.write(`${resolve(s.outDir)}\n`);
  if (counts(result.records).failed > 0) process.exitCode = EXIT_RUNS_FAILED;
}
