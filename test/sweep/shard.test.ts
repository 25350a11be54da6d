// Shards: `i/N` and `auto/N` parsing with its messages, and shards partitioning the runs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatShard, inShard, parseShard, shardRunIds } from '../../src/sweep/shard.js';

describe('shards', () => {
  it('parses i/N, and auto/N from SLURM_ARRAY_TASK_ID or else JOB_COMPLETION_INDEX', () => {
    expect(parseShard('3/16', {})).toEqual({ index: 3, count: 16 });
    expect(parseShard('auto/4', { SLURM_ARRAY_TASK_ID: '2', JOB_COMPLETION_INDEX: '1' })).toEqual({ index: 2, count: 4 });
    expect(parseShard('auto/4', { JOB_COMPLETION_INDEX: '1' })).toEqual({ index: 1, count: 4 });
    expect(formatShard({ index: 1, count: 4 })).toBe('1/4');
  });

  it('refuses bad values with a message saying what is expected', () => {
    expect(() => parseShard('3', {})).toThrow('--shard must be i/N (e.g. 3/16) or auto/N, got "3"');
    expect(() => parseShard('4/4', {})).toThrow('--shard 4/4: the index must be below 4 (shards are numbered 0..3)');
    expect(() => parseShard('1/0', {})).toThrow('--shard 1/0: N must be a positive whole number');
    expect(() => parseShard('x/3', {})).toThrow('--shard x/3: i must be a whole number or auto');
    expect(() => parseShard('auto/3', {})).toThrow('--shard auto/3: neither SLURM_ARRAY_TASK_ID nor JOB_COMPLETION_INDEX is set; give the index explicitly');
    expect(() => parseShard('auto/3', { SLURM_ARRAY_TASK_ID: 'a' })).toThrow('--shard auto/3: SLURM_ARRAY_TASK_ID="a" is not a whole number');
  });

  it('partitions the runs: every run in exactly one shard', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 1, max: 12 }), (runs, n) => {
        const all = Array.from({ length: n }, (_, index) => shardRunIds(runs, { index, count: n })).flat().sort((a, b) => a - b);
        expect(all).toEqual(Array.from({ length: runs }, (_, i) => i));
        for (let i = 0; i < n; i++) for (const id of shardRunIds(runs, { index: i, count: n })) expect(inShard(id, { index: i, count: n })).toBe(true);
      }),
    );
  });

  it('puts a copied run in the shard of the run it copies, still partitioning the runs', () => {
    // runs 5, 7, 9, 11 copy runs 1, 3, 1, 3 (plan-dedup.test.ts's first plan)
    const source = (id: number): number => ({ 5: 1, 7: 3, 9: 1, 11: 3 } as Record<number, number>)[id] ?? id;
    expect([0, 1, 2].map((index) => shardRunIds(12, { index, count: 3 }, source))).toEqual([[0, 3, 6, 7, 11], [1, 4, 5, 9, 10], [2, 8]]);
  });
});
