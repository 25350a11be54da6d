// Combine the shard directories of one calibration's design (cascade calibrate --shard i/N) into a directory that
// `cascade calibrate <file> --resume --out <dir>` continues: the runs of every shard in one log, in run_id order,
// and a manifest for the whole (shard 0/1) with the same calibration and plan hashes. Refused, with every reason
// at once, for a directory given twice, different calibrations or shard counts, and missing or unfinished shards.
import { resolve } from 'node:path';
import type { CalibrationSpec } from '../scenario/calibration-schema.js';
import { formatShard, shardRunIds, type Shard } from '../sweep/shard.js';
import { readManifest, readRecords, StoreError, type RunRecord } from '../sweep/store.js';

export interface MergedCalibration {
  readonly manifest: Record<string, unknown>;
  readonly records: readonly RunRecord[];
  readonly shards: number;
}

/** Whether a directory's manifest is a calibration's. */
export function isCalibrationDir(dir: string): boolean {
  try {
    return readManifest(dir)['kind'] === 'calibration';
  } catch {
    return false;
  }
}

/** Read and check the shard directories. @throws StoreError listing every problem */
export function mergeCalibrationShards(dirs: readonly string[]): MergedCalibration {
  const problems: string[] = [];
  const seen = new Set<string>();
  const shards: { dir: string; m: Record<string, unknown>; shard: Shard; records: RunRecord[] }[] = [];
  for (const dir of dirs) {
    if (seen.has(resolve(dir))) {
      problems.push(`${dir} is given twice`);
      continue;
    }
    seen.add(resolve(dir));
    try {
      const m = readManifest(dir);
      shards.push({ dir, m, shard: m['shard'] as Shard, records: readRecords(dir) });
    } catch (e) {
      if (!(e instanceof StoreError)) throw e;
      problems.push(e.message);
    }
  }
  const first = shards[0];
  if (first !== undefined) {
    const spec = first.m['calibration'] as CalibrationSpec;
    const n = first.shard.count;
    const designRuns = ((spec.truth !== undefined ? 1 : 0) + spec.search.design.n) * spec.seeds;
    const byIndex = new Map<number, string>();
    for (const s of shards) {
      if (s.m['kind'] !== 'calibration') problems.push(`${s.dir} is not a calibration directory`);
      else if (s.m['planSha256'] !== first.m['planSha256'] || s.m['sweepSha256'] !== first.m['sweepSha256']) problems.push(`${s.dir} holds a different calibration than ${first.dir}`);
      else if (s.shard.count !== n) problems.push(`${s.dir} is shard ${formatShard(s.shard)} but ${first.dir} is shard ${formatShard(first.shard)}`);
      else if (byIndex.has(s.shard.index)) problems.push(`shard ${formatShard(s.shard)} is given twice: ${byIndex.get(s.shard.index)} and ${s.dir}`);
      else byIndex.set(s.shard.index, s.dir);
      const want = shardRunIds(designRuns, s.shard).length;
      const have = s.records.filter((r) => r.run_id < designRuns).length;
      if (have < want) problems.push(`shard ${formatShard(s.shard)} (${s.dir}): unfinished, ${have} of ${want} design runs (rerun it with --resume)`);
    }
    for (let i = 0; i < n; i++) if (!byIndex.has(i) && shards.every((s) => s.shard.count === n)) problems.push(`shard ${i}/${n}: missing`);
  }
  if (problems.length > 0 || first === undefined) throw new StoreError(['cannot merge:', ...problems.map((p) => `  ${p}`)].join('\n'));
  const records = shards.flatMap((s) => s.records).sort((a, b) => a.run_id - b.run_id);
  const manifest = { ...first.m, shard: { index: 0, count: 1 }, status: 'merged', mergedFrom: shards.map((s) => ({ dir: resolve(s.dir), shard: s.shard })) };
  return { manifest, records, shards: shards.length };
}
