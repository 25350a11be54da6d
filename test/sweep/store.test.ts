// The sweep directory's durable log: records survive a reopen exactly (NaN and infinities too), a torn last line is
// cut off, a damaged line is named, the last record of a run wins, and the open modes refuse what they should.
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MANIFEST_FILE } from '../../src/io/durable.js';
import { readRecords, RUNS_LOG, SweepStore, type RunRecord, type StoreIdentity } from '../../src/sweep/store.js';
import { makeTempDir, removeTempDir } from '../cli/run-cli.js';

const ID: StoreIdentity = { sweepSha256: 'a'.repeat(64), planSha256: 'b'.repeat(64), shard: { index: 0, count: 1 } };

function record(runId: number, over: Partial<RunRecord> = {}): RunRecord {
  return {
    run_id: runId, point_id: runId, replicate: 0, counterfactual: 'none', seed: 1000 + runId, status: 'ok', error: '',
    wall_s: 0.25, summary: { trades: 10 + runId, index_return: -0.01 }, ...over,
  };
}

let tmp: string;
let dir: string;
beforeEach(() => {
  tmp = makeTempDir();
  dir = join(tmp, 'sweep');
});
afterEach(() => removeTempDir(tmp));

function open(mode: 'new' | 'resume' | 'force', id: StoreIdentity = ID): SweepStore {
  return SweepStore.open(dir, id, mode, { ...id, note: 'test' });
}

describe('sweep store', () => {
  it('logs records that read back exactly, NaN and infinities included', async () => {
    const s = open('new');
    const odd = record(1, { summary: { a: NaN, b: Infinity, c: -Infinity, d: 0.1 + 0.2 }, wall_s: NaN, status: 'failed', error: 'Error: boom' });
    s.append(record(0));
    s.append(odd);
    await s.close();
    expect(JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8'))).toEqual({ ...ID, note: 'test' });
    expect(readRecords(dir)).toEqual([record(0), odd]);
    expect(readFileSync(join(dir, RUNS_LOG), 'utf8').split('\n')[1]).toContain('"summary":{"a":"NaN","b":"Infinity","c":"-Infinity","d":0.30000000000000004}');
  });

  it('on resume cuts a torn last line (a crash mid-write) and appends after the last whole one', async () => {
    const s = open('new');
    s.append(record(0));
    s.append(record(1));
    await s.close();
    appendFileSync(join(dir, RUNS_LOG), '{"run_id":2,"point_');
    expect(readRecords(dir).map((r) => r.run_id)).toEqual([0, 1]);
    const again = open('resume');
    expect(again.resumed).toBe(true);
    expect([...again.done.keys()]).toEqual([0, 1]);
    again.append(record(2));
    await again.close();
    expect(readFileSync(join(dir, RUNS_LOG), 'utf8').split('\n').length).toBe(4);
    expect(readRecords(dir).map((r) => r.run_id)).toEqual([0, 1, 2]);
  });

  it('keeps the last record of a run id (a retried failure) and names a damaged line', async () => {
    const s = open('new');
    s.append(record(0, { status: 'failed', error: 'Error: x', summary: {} }));
    s.append(record(0));
    await s.close();
    expect(readRecords(dir)).toEqual([record(0)]);
    appendFileSync(join(dir, RUNS_LOG), 'garbage\n{"run_id":1}\n');
    expect(() => readRecords(dir)).toThrow(`${join(dir, RUNS_LOG)}:3: not a run record; the log is damaged`);
  });

  it('refuses to start over an existing directory unless resumed or forced, and never deletes a non-sweep one', async () => {
    await open('new').close();
    expect(() => open('new')).toThrow(`${dir} already exists; pass --resume to continue that sweep, or --force to start it over`);
    const s = open('force');
    expect(s.resumed).toBe(false);
    await s.close();
    const other = join(tmp, 'other');
    mkdirSync(other);
    writeFileSync(join(other, 'precious.txt'), 'x');
    expect(() => SweepStore.open(other, ID, 'force', {})).toThrow(`${other} is not empty and holds no sweep (no manifest.json); refusing to delete it`);
    expect(existsSync(join(other, 'precious.txt'))).toBe(true);
  });

  it('resume starts a missing sweep, and refuses another sweep file, plan or shard', async () => {
    const fresh = open('resume');
    expect(fresh.resumed).toBe(false);
    await fresh.close();
    expect(() => open('resume', { ...ID, sweepSha256: 'c'.repeat(64) })).toThrow(
      `cannot resume ${dir}: the sweep file changed since that sweep started (sha256 aaaaaaaaaaaa… then, cccccccccccc… now); restore the file, or start over with --force, or use another --out`,
    );
    expect(() => open('resume', { ...ID, planSha256: 'c'.repeat(64) })).toThrow(
      `cannot resume ${dir}: the same sweep file now gives a different plan (its base scenario or a file that scenario extends changed, or --replicates differs); start over with --force, or use another --out`,
    );
    expect(() => open('resume', { ...ID, shard: { index: 1, count: 2 } })).toThrow(`cannot resume ${dir}: it holds shard 0/1, not 1/2`);
  });

  it('keeps a copy\'s computed_by, and resumes only with the copies the sweep started with', async () => {
    const copies = { ...ID, runCopies: [[1, 1, 0]] };
    const s = open('new', copies);
    const copy = record(3, { computed_by: 1, wall_s: 0 });
    s.append(copy);
    await s.close();
    expect(readRecords(dir)).toEqual([copy]);
    expect(readFileSync(join(dir, RUNS_LOG), 'utf8')).toContain('"computed_by":1');
    await open('resume', copies).close();
    expect(() => open('resume', { ...ID, runCopies: [] })).toThrow(
      `cannot resume ${dir}: it was started running identical runs once; resume it without --no-dedup, or start over with --force, or use another --out`,
    );
    const plain = join(tmp, 'plain');
    await SweepStore.open(plain, ID, 'new', { ...ID }).close();
    expect(() => SweepStore.open(plain, copies, 'resume', {})).toThrow(
      `cannot resume ${plain}: it was started running every run, identical ones included (--no-dedup, or an earlier cascade); resume it with --no-dedup, or start over with --force, or use another --out`,
    );
    // a store user without copies (calibration) is not asked
    await SweepStore.open(plain, ID, 'resume', {}).close();
  });
});
