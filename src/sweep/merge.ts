// Combine shard directories into one sweep's finished runs. Refused, with every reason at once: a directory given
// twice, directories from different sweeps (plan hash), shard counts or copied runs (one shard run with
// --no-dedup), a shard index given twice, and missing or incomplete shards — those are listed with the Slurm array
// indices to resubmit. A run copied from an identical earlier run is in the shard of that run (shard.ts). The runs
// are returned in run_id order, so tables built from them are the same bytes as a one-machine sweep's (wall_s aside).
// `mergeShardDirs` does the same for any sweep-like job given its plan's size and seeds (cascade attribute's shards).
import { basename, dirname, resolve } from 'node:path';
import type { SweepSpec } from '../scenario/sweep-schema.js';
import { buildPlan, copiesFromJson, runAt, sourceRun, type RunCopies, type SweepPlan } from './plan.js';
import { formatShard, shardRunIds, type Shard } from './shard.js';
import { readManifest, readRecords, StoreError, type RunRecord } from './store.js';

/** One shard directory as read. */
export interface ShardDir {
  readonly dir: string;
  readonly manifest: Record<string, unknown>;
  readonly shard: Shard;
  readonly records: readonly RunRecord[];
}

export interface MergedSweep {
  /** The first directory's manifest (all agree on sweep, plan and shard count). */
  readonly manifest: Record<string, unknown>;
  readonly spec: SweepSpec;
  readonly plan: SweepPlan;
  /** The runs copied from identical earlier runs (every shard agrees). */
  readonly copies: RunCopies;
  readonly shards: readonly ShardDir[];
  /** Every run of the plan, ascending by run id. */
  readonly records: readonly RunRecord[];
}

/** Shards that cannot be merged; `message` lists every reason and what to resubmit. */
export class MergeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MergeError';
  }
}

/**
 * What the merge needs to know of a plan: its size, a run's seed (to tell a stray run from one of its own) and, when
 * identical runs are copied, the run each copy is copied from (its shard is the source's).
 */
export interface PlanShape {
  readonly runCount: number;
  seedOf(runId: number): number;
  sourceOf?(runId: number): number;
}

/** How to say which shards to run again (the indices missing or unfinished, of `count`). */
export type ResubmitHint = (shards: readonly ShardDir[], indices: readonly number[], count: number) => string;

/** Shard directories merged: the first manifest, every shard and every run in run_id order. */
export interface MergedRuns {
  readonly manifest: Record<string, unknown>;
  readonly shards: readonly ShardDir[];
  readonly records: readonly RunRecord[];
}

/** Read and check the shard directories. @throws MergeError */
export function mergeShards(dirs: readonly string[]): MergedSweep {
  let plan: SweepPlan | undefined;
  let copies: RunCopies | undefined;
  const planOf = (m: Record<string, unknown>, dir: string): PlanShape => {
    const p = buildPlan(m['sweep'] as SweepSpec);
    let c: RunCopies;
    try {
      c = copiesFromJson(p, m['runCopies']);
    } catch (e) {
      throw new MergeError(`cannot merge:\n  ${dir}: ${(e as Error).message}; the manifest is damaged`);
    }
    plan = p;
    copies = c;
    return { runCount: p.runCount, seedOf: (id) => runAt(p, id).seed, sourceOf: (id) => sourceRun(p, c, id) };
  };
  const merged = mergeShardDirs(dirs, planOf, resubmitHint);
  return { ...merged, spec: merged.manifest['sweep'] as SweepSpec, plan: plan!, copies: copies! };
}

/**
 * Read the shard directories and check they are one plan's shards, every index once, each complete and holding
 * only its own runs (any sweep-like job: `planOf` reads the plan from the first manifest). @throws MergeError
 */
export function mergeShardDirs(dirs: readonly string[], planOf: (manifest: Record<string, unknown>, dir: string) => PlanShape, hint: ResubmitHint): MergedRuns {
  const problems: string[] = [];
  const shards: ShardDir[] = [];
  const seenDir = new Map<string, string>();
  for (const dir of dirs) {
    const abs = resolve(dir);
    if (seenDir.has(abs)) {
      problems.push(`${dir} is given twice`);
      continue;
    }
    seenDir.set(abs, dir);
    try {
      const manifest = readManifest(dir);
      shards.push({ dir, manifest, shard: manifest['shard'] as Shard, records: readRecords(dir) });
    } catch (e) {
      if (!(e instanceof StoreError)) throw e;
      problems.push(e.message);
    }
  }
  if (shards.length === 0) throw new MergeError(['cannot merge:', ...problems.map((p) => `  ${p}`)].join('\n'));
  const first = shards[0]!;
  for (const s of shards.slice(1)) {
    if (s.manifest['kind'] !== first.manifest['kind']) {
      problems.push(`${s.dir} holds a ${String(s.manifest['kind'])}, ${first.dir} a ${String(first.manifest['kind'])}`);
    } else if (s.manifest['planSha256'] !== first.manifest['planSha256']) {
      const hashes = `${short(s.manifest['planSha256'])}… vs ${short(first.manifest['planSha256'])}…`;
      problems.push(`${s.dir} holds a different ${String(first.manifest['kind'] ?? 'sweep')} than ${first.dir} (plan sha256 ${hashes})`);
    } else if (s.shard.count !== first.shard.count) {
      problems.push(`${s.dir} is shard ${formatShard(s.shard)} but ${first.dir} is shard ${formatShard(first.shard)}: different shard counts`);
    } else if (JSON.stringify(s.manifest['runCopies'] ?? []) !== JSON.stringify(first.manifest['runCopies'] ?? [])) {
      problems.push(`${s.dir} and ${first.dir} copy different identical runs (one was run with --no-dedup, or by another cascade); rerun one of them like the other`);
    }
  }
  if (problems.length > 0) throw new MergeError(['cannot merge:', ...problems.map((p) => `  ${p}`)].join('\n'));
  checkCoverage(shards, planOf(first.manifest, first.dir), hint);
  const records = shards.flatMap((s) => s.records).sort((a, b) => a.run_id - b.run_id);
  return { manifest: first.manifest, shards, records };
}

function short(v: unknown): string {
  return String(v).slice(0, 12);
}

/** Every shard index exactly once, each complete and holding only its own runs of this plan. */
function checkCoverage(shards: readonly ShardDir[], plan: PlanShape, hint: ResubmitHint): void {
  const sourceOf = plan.sourceOf ?? ((id: number): number => id);
  const n = shards[0]!.shard.count;
  const byIndex = new Map<number, ShardDir>();
  const problems: string[] = [];
  const resubmit: number[] = [];
  for (const s of shards) {
    const other = byIndex.get(s.shard.index);
    if (other !== undefined) problems.push(`shard ${formatShard(s.shard)} is given twice: ${other.dir} and ${s.dir}`);
    else byIndex.set(s.shard.index, s);
  }
  for (let i = 0; i < n; i++) {
    const s = byIndex.get(i);
    const expected = shardRunIds(plan.runCount, { index: i, count: n }, sourceOf);
    if (s === undefined) {
      problems.push(`shard ${i}/${n}: missing`);
      resubmit.push(i);
      continue;
    }
    const stray = s.records.find((r) => r.run_id >= plan.runCount || sourceOf(r.run_id) % n !== i || plan.seedOf(r.run_id) !== r.seed);
    if (stray !== undefined) problems.push(`${s.dir}: run ${stray.run_id} does not belong to shard ${i}/${n} of this plan; the directory is damaged`);
    if (s.records.length < expected.length) {
      problems.push(`shard ${i}/${n} (${s.dir}): incomplete, ${s.records.length} of ${expected.length} runs finished`);
      resubmit.push(i);
    }
  }
  if (problems.length === 0) return;
  const lines = ['cannot merge:', ...problems.map((p) => `  ${p}`)];
  if (resubmit.length > 0) lines.push(hint(shards, resubmit, n));
  throw new MergeError(lines.join('\n'));
}

/** How to rerun the listed shards: the Slurm array line (shard dirs laid out as OUT/shards/<i>) and the plain one. */
function resubmitHint(shards: readonly ShardDir[], indices: readonly number[], n: number): string {
  const sweep = String(shards[0]!.manifest['sweepPath'] ?? '<sweep.yaml>');
  const out = shardsRoot(shards[0]!.dir);
  return [
    `resubmit shards ${indices.join(', ')} of ${n}:`,
    `  sbatch --array=${indices.join(',')} scripts/slurm/sweep-array.sbatch ${sweep} ${out} ${n}`,
    `  or on any machine: cascade sweep ${sweep} --shard ${indices[0]}/${n} --resume --out ${out}/shards/${indices[0]} (and so on)`,
  ].join('\n');
}

/** OUT for a shard directory laid out as OUT/shards/<i>; '<out>' otherwise. */
export function shardsRoot(dir: string): string {
  return basename(dirname(resolve(dir))) === 'shards' ? dirname(dirname(dir)) : '<out>';
}
