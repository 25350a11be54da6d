// Merging shard directories: the runs come back in run_id order; duplicates, other sweeps, other shard counts,
// missing and incomplete shards are refused with every reason and the shards to resubmit.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SweepSpec } from '../../src/scenario/sweep-schema.js';
import { mergeShards } from '../../src/sweep/merge.js';
import { buildPlan, runAt } from '../../src/sweep/plan.js';
import { shardRunIds, type Shard } from '../../src/sweep/shard.js';
import { SweepStore, type RunRecord } from '../../src/sweep/store.js';
import { makeTempDir, removeTempDir } from '../cli/run-cli.js';

const SPEC: SweepSpec = { name: 't', description: '', base: 'b.yaml', set: {}, vary: { a: [1, 2] }, replicates: 2, seed: 3, crn: 'across-points', counterfactuals: [] };
const plan = buildPlan(SPEC);

let tmp: string;
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => removeTempDir(tmp));

function record(id: number, computedBy?: number): RunRecord {
  const r = runAt(plan, id);
  const own = { run_id: id, point_id: r.pointId, replicate: r.replicate, counterfactual: r.counterfactual, seed: r.seed, status: 'ok' as const, error: '' };
  return computedBy === undefined ? { ...own, wall_s: 1, summary: { m: id } } : { ...own, wall_s: 0, summary: { m: computedBy }, computed_by: computedBy };
}

/** A shard directory out/shards/<i> holding the given runs (default: all of its runs). */
async function shardDir(shard: Shard, opts: { planSha256?: string; name?: string; runs?: number[]; spec?: SweepSpec; copies?: number[][] } = {}): Promise<string> {
  const dir = join(tmp, 'out', 'shards', opts.name ?? String(shard.index));
  const id = { sweepSha256: 's'.repeat(64), planSha256: opts.planSha256 ?? 'p'.repeat(64), shard, ...(opts.copies ? { runCopies: opts.copies } : {}) };
  const store = SweepStore.open(dir, id, 'new', { ...id, sweep: opts.spec ?? SPEC, sweepPath: '/x/sweep.yaml' });
  // with point 1 a copy of point 0, runs 2 and 3 (point 1) copy runs 0 and 1
  const source = (r: number): number => (opts.copies?.length ? r % 2 : r);
  for (const r of opts.runs ?? shardRunIds(plan.runCount, shard, source)) store.append(record(r, source(r) === r ? undefined : source(r)));
  await store.close();
  return dir;
}

function mergeError(dirs: string[]): string {
  try {
    mergeShards(dirs);
  } catch (e) {
    return (e as Error).message.replaceAll(tmp, 'T');
  }
  throw new Error('expected the merge to fail');
}

describe('merge', () => {
  it("combines every shard into the plan's runs in run_id order", async () => {
    const dirs = [await shardDir({ index: 1, count: 2 }), await shardDir({ index: 0, count: 2 })];
    const m = mergeShards(dirs);
    expect(m.records.map((r) => r.run_id)).toEqual([0, 1, 2, 3]);
    expect(m.records).toEqual([0, 1, 2, 3].map((id) => record(id)));
    expect(m.plan.runCount).toBe(4);
    expect(m.shards.map((s) => s.shard.index)).toEqual([1, 0]);
  });

  it('lists missing and incomplete shards with the Slurm array line to resubmit them', async () => {
    const a = await shardDir({ index: 0, count: 3 }, { runs: [0] });
    expect(mergeError([a])).toBe(
      [
        'cannot merge:',
        '  shard 0/3 (T/out/shards/0): incomplete, 1 of 2 runs finished',
        '  shard 1/3: missing',
        '  shard 2/3: missing',
        'resubmit shards 0, 1, 2 of 3:',
        '  sbatch --array=0,1,2 scripts/slurm/sweep-array.sbatch /x/sweep.yaml T/out 3',
        '  or on any machine: cascade sweep /x/sweep.yaml --shard 0/3 --resume --out T/out/shards/0 (and so on)',
      ].join('\n'),
    );
  });

  it('refuses a directory given twice, a shard index given twice, other sweeps and other shard counts', async () => {
    const a = await shardDir({ index: 0, count: 2 });
    const b = await shardDir({ index: 1, count: 2 });
    expect(mergeError([a, b, a])).toBe(`cannot merge:\n  ${a.replaceAll(tmp, 'T')} is given twice`);
    const again = await shardDir({ index: 1, count: 2 }, { name: 'again' });
    expect(mergeError([a, b, again])).toBe('cannot merge:\n  shard 1/2 is given twice: T/out/shards/1 and T/out/shards/again');
    const other = await shardDir({ index: 1, count: 2 }, { name: 'other', planSha256: 'q'.repeat(64) });
    expect(mergeError([a, other])).toBe('cannot merge:\n  T/out/shards/other holds a different sweep than T/out/shards/0 (plan sha256 qqqqqqqqqqqq… vs pppppppppppp…)');
    const three = await shardDir({ index: 1, count: 3 }, { name: 'three' });
    expect(mergeError([a, three])).toBe('cannot merge:\n  T/out/shards/three is shard 1/3 but T/out/shards/0 is shard 0/2: different shard counts');
    expect(mergeError([a, join(tmp, 'nothing')])).toBe('cannot merge:\n  T/nothing is not a sweep directory (no manifest.json)');
  });

  it('a copied run comes from the shard of the run it copies (a shard may then have none); all shards must agree on the copies', async () => {
    const copies = [[1, 0, 0]];
    const dirs = await Promise.all([0, 1, 2].map((index) => shardDir({ index, count: 3 }, { copies })));
    const m = mergeShards(dirs);
    expect(m.shards.map((s) => s.records.map((r) => r.run_id))).toEqual([[0, 2], [1, 3], []]);
    expect(m.records).toEqual([record(0), record(1), record(2, 0), record(3, 1)]);
    expect(m.copies).toEqual(new Map([[1, 0]]));
    const plain = await shardDir({ index: 2, count: 3 }, { name: 'plain' });
    expect(mergeError([dirs[0]!, dirs[1]!, plain])).toBe(
      'cannot merge:\n  T/out/shards/plain and T/out/shards/0 copy different identical runs (one was run with --no-dedup, or by another cascade); rerun one of them like the other',
    );
  });

  it('refuses a shard holding runs of another shard or plan', async () => {
    const a = await shardDir({ index: 0, count: 2 }, { runs: [0, 1, 2] });
    const b = await shardDir({ index: 1, count: 2 });
    expect(mergeError([a, b])).toBe('cannot merge:\n  T/out/shards/0: run 1 does not belong to shard 0/2 of this plan; the directory is damaged');
  });
});
