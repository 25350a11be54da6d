// Identical runs run once, end to end on test/sweep/fixtures/tiny-dedup.yaml (24 runs; the counterfactual runs of
// points 1 and 2 repeat point 0's). Against a --no-dedup sweep, which runs all 24, the tables are the same but for
// the runs table's computed_by (the run whose simulation a row reports) and wall_s (0 on a copy). Deduplicated,
// 1 worker, 2 workers, 3 shards merged and a sweep killed then resumed give the same tables; `cascade merge` carries
// the sweep's provenance, resolved base scenario, copies and reproduce command into the merged manifest.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsvRows } from '../../src/results/csv-reader.js';
import { makeTempDir, removeTempDir } from './run-cli.js';
import { cli, logLines, startCli, sweepBytes, SWEEP_FIXTURES, waitForLog, type SweepBytes } from './sweep-helpers.js';

const SWEEP = join(SWEEP_FIXTURES, 'tiny-dedup.yaml');

let tmp: string;
let reference: SweepBytes;
let one: SweepBytes;
beforeAll(async () => {
  tmp = makeTempDir();
  const [all, once] = await Promise.all([
    cli(['sweep', SWEEP, '--workers', '1', '--out', join(tmp, 'all'), '--quiet', '--no-dedup']),
    cli(['sweep', SWEEP, '--workers', '1', '--out', join(tmp, 'one'), '--quiet']),
  ]);
  expect(all.stderr).toMatch(/^tiny-dedup: 24 runs, 24 ok, 0 failed in [\d.]+ s/);
  expect(once.stderr).toMatch(/^tiny-dedup: 24 runs, 24 ok, 0 failed; 8 copied from identical runs in [\d.]+ s/);
  reference = sweepBytes(join(tmp, 'all'));
  one = sweepBytes(join(tmp, 'one'));
}, 300_000);
afterAll(() => removeTempDir(tmp));

/** runs.csv as rows of cells. */
const runsRows = (dir: string): string[][] => parseCsvRows(readFileSync(join(dir, 'runs.csv'), 'utf8'));
const manifest = (dir: string): Record<string, unknown> => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;

/** The runs table without the named columns. */
function without(rows: string[][], names: readonly string[]): string[][] {
  const drop = names.map((n) => rows[0]!.indexOf(n));
  return rows.map((r) => r.filter((_, i) => !drop.includes(i)));
}

describe('identical runs run once', () => {
  it('gives the tables of running every run, but for computed_by and wall_s', () => {
    expect(logLines(join(tmp, 'one'))).toBe(24);
    const all = runsRows(join(tmp, 'all'));
    const once = runsRows(join(tmp, 'one'));
    expect(without(once, ['computed_by', 'wall_s'])).toEqual(without(all, ['computed_by', 'wall_s']));
    expect(one.pointsCsv).toBe(reference.pointsCsv);
    expect(one.pointsParquet.equals(reference.pointsParquet)).toBe(true);
    expect(one.effectsCsv).toBe(reference.effectsCsv);
    expect(one.effectsParquet.equals(reference.effectsParquet)).toBe(true);
  });

  it('computed_by names the run each row comes from; a copy took no time', () => {
    const h = runsRows(join(tmp, 'one'))[0]!;
    const col = (rows: string[][], name: string): string[] => rows.slice(1).map((r) => r[h.indexOf(name)]!);
    const rows = runsRows(join(tmp, 'one'));
    // run id = (point·4 + replicate)·2 + variant; point 1 and 2's counterfactual runs copy point 0's of the same replicate
    const expected = Array.from({ length: 24 }, (_, id) => (id % 2 === 1 && id >= 8 ? (id % 8).toString() : id.toString()));
    expect(col(rows, 'computed_by')).toEqual(expected);
    expect(col(runsRows(join(tmp, 'all')), 'computed_by')).toEqual(Array.from({ length: 24 }, (_, id) => id.toString()));
    col(rows, 'wall_s').forEach((w, id) => expect(Number(w) === 0, `run ${id}`).toBe(expected[id] !== id.toString()));
    const m = manifest(join(tmp, 'one'));
    expect(m['runCopies']).toEqual([[1, 1, 0], [2, 1, 0]]);
    expect(m['plan']).toMatchObject({ runs: 24, copiedRuns: 8 });
    expect(manifest(join(tmp, 'all'))['runCopies']).toEqual([]);
  });

  it('2 workers give the same tables', async () => {
    const r = await cli(['sweep', SWEEP, '--workers', '2', '--out', join(tmp, 'two'), '--quiet']);
    expect(r.code).toBe(0);
    expect(sweepBytes(join(tmp, 'two'))).toEqual(one);
  });

  it('3 shards merged give the same tables, a copy logged by the shard of its source; the merged manifest keeps the sweep\'s provenance', async () => {
    const shards = [0, 1, 2].map((i) => join(tmp, 'sharded', 'shards', String(i)));
    const runs = await Promise.all(shards.map((d, i) => cli(['sweep', SWEEP, '--shard', `${i}/3`, '--workers', '1', '--out', d, '--quiet'])));
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0]);
    expect(shards.map(logLines)).toEqual([7, 10, 7]);
    const merged = join(tmp, 'sharded', 'merged');
    const m = await cli(['merge', ...shards, '--out', merged]);
    expect(m.stderr).toBe('tiny-dedup: 24 runs, 24 ok, 0 failed; 8 copied from identical runs; merged 3 shards\n');
    expect(sweepBytes(merged)).toEqual(one);
    const whole = manifest(join(tmp, 'one'));
    const mm = manifest(merged);
    const keys = [
      'tool', 'kind', 'version', 'gitCommit', 'gitDirty', 'lockfileSha256', 'packages', 'node', 'sweepPath', 'sweepSha256', 'sweepFile', 'sweep',
      'baseScenarioPath', 'baseScenarioResolvedSha256', 'baseScenario', 'planSha256', 'plan', 'runCopies', 'reproduce',
    ];
    for (const k of keys) expect(mm[k], k).toEqual(whole[k]);
    expect(mm['lockfileSha256']).toMatch(/^[0-9a-f]{64}$/);
    expect((mm['baseScenario'] as { name: string }).name).toBe('baseline');
    expect(mm['reproduce']).toBe(`cascade sweep ${SWEEP}`);
    expect(mm['mergedFrom']).toEqual(shards.map((d, i) => expect.objectContaining({ shard: { index: i, count: 3 }, gitDirty: whole['gitDirty'], lockfileSha256: whole['lockfileSha256'] })));
  });

  it('merged shards of different builds: provenance the shards share is kept, the rest is null and each shard\'s is listed', async () => {
    const shards = [0, 1, 2].map((i) => join(tmp, 'mixed', String(i)));
    shards.forEach((d, i) => cpSync(join(tmp, 'sharded', 'shards', String(i)), d, { recursive: true }));
    const m1 = manifest(shards[1]!);
    writeFileSync(join(shards[1]!, 'manifest.json'), JSON.stringify({ ...m1, gitDirty: true, lockfileSha256: 'f'.repeat(64) }));
    const r = await cli(['merge', ...shards, '--out', join(tmp, 'mixed', 'merged')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('warning: the shards were run by different builds: ');
    const mm = manifest(join(tmp, 'mixed', 'merged'));
    expect(mm['gitDirty']).toBe(true);
    expect(mm['lockfileSha256']).toBeNull();
    expect(mm['gitCommit']).toBe(m1['gitCommit']);
    expect((mm['mergedFrom'] as { lockfileSha256: string }[]).map((s) => s.lockfileSha256)).toEqual([m1['lockfileSha256'], 'f'.repeat(64), m1['lockfileSha256']]);
  });

  it('a sweep killed partway resumes to the same tables; resuming it with --no-dedup is refused', async () => {
    const dir = join(tmp, 'killed');
    const p = startCli(['sweep', SWEEP, '--workers', '1', '--out', dir, '--quiet']);
    await waitForLog(dir, 5);
    p.child.kill('SIGKILL');
    await p.done;
    expect(logLines(dir)).toBeLessThan(24);
    const refused = await cli(['sweep', SWEEP, '--out', dir, '--resume', '--no-dedup']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(`cannot resume ${dir}: it was started running identical runs once; resume it without --no-dedup, or start over with --force, or use another --out\n`);
    const r = await cli(['sweep', SWEEP, '--workers', '2', '--out', dir, '--resume', '--quiet']);
    expect(r.code).toBe(0);
    expect(logLines(dir)).toBe(24);
    expect(sweepBytes(dir)).toEqual(one);
  });
});
