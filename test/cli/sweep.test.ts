// `cascade sweep` and `cascade merge` end to end on test/sweep/fixtures/tiny.yaml (24 short runs). The reference is
// a one-worker sweep; 2 workers, 3 shards merged, a sweep killed with SIGKILL then resumed, and one stopped with
// Ctrl-C then resumed must all give the same `runs` (every column but wall_s) and byte-identical points and
// effects. Faults (a run that throws, a worker that exits) are failed rows and exit 3; bad input exits 2.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ColumnTable } from '../../src/core/table.js';
import { readParquet } from '../../src/results/parquet-writer.js';
import { makeTempDir, removeTempDir } from './run-cli.js';
import { cli, logLines, startCli, sweepBytes, SWEEP_FIXTURES, waitForLog, type SweepBytes } from './sweep-helpers.js';

const TINY = join(SWEEP_FIXTURES, 'tiny.yaml');
const FAULTS = join(SWEEP_FIXTURES, 'faults.yaml');
const FAULTY_WORKER = join(SWEEP_FIXTURES, 'faulty-worker.ts');

let tmp: string;
let reference: SweepBytes;
// Each test runs several real sweeps (tens of seconds when the machine is idle, minutes when it is shared); the
// timeouts only guard against a hang.
vi.setConfig({ testTimeout: 300_000 });

beforeAll(async () => {
  tmp = makeTempDir();
  const r = await cli(['sweep', TINY, '--workers', '1', '--out', join(tmp, 'one'), '--quiet']);
  expect(r.stderr).toMatch(/^tiny: 24 runs, 24 ok, 0 failed in [\d.]+ s \(1 worker, [\d.]+ runs\/s\)\n$/);
  expect(r.code).toBe(0);
  reference = sweepBytes(join(tmp, 'one'));
}, 300_000);
afterAll(() => removeTempDir(tmp));

/** runs.parquet as a table without wall_s. */
async function runsParquet(dir: string): Promise<ColumnTable['columns']> {
  const t = await readParquet(join(dir, 'runs.parquet'));
  return t.columns.filter((c) => c.name !== 'wall_s');
}

describe('cascade sweep: the same tables however it runs', () => {
  it('writes the manifest, the log and the tables', () => {
    const m = JSON.parse(readFileSync(join(tmp, 'one', 'manifest.json'), 'utf8')) as Record<string, unknown>;
    expect(m).toMatchObject({ kind: 'sweep', status: 'complete', shard: { index: 0, count: 1 }, counts: { ok: 24, failed: 0 }, workers: 1 });
    expect(m['plan']).toEqual({ points: 2, replicates: 6, counterfactuals: ['belief-trader'], variants: 2, runs: 24, copiedRuns: 0, paths: ['agents.noise-trader.ratePerMin'], crn: 'across-points' });
    expect(m['runCopies']).toEqual([]);
    expect(m['sweepFile']).toBe(readFileSync(TINY, 'utf8'));
    expect(logLines(join(tmp, 'one'))).toBe(24);
    expect(reference.runsCsv.split('\n')[0]).toMatch(/^run_id,point_id,replicate,counterfactual,seed,computed_by,agents\.noise-trader\.ratePerMin,return\.SEC,.*,status,error$/);
    expect(reference.effectsCsv.split('\n').length).toBe(4);
  });

  it('2 workers give the same runs and byte-identical points and effects', async () => {
    const r = await cli(['sweep', TINY, '--workers', '2', '--out', join(tmp, 'two'), '--quiet']);
    expect(r.code).toBe(0);
    expect(sweepBytes(join(tmp, 'two'))).toEqual(reference);
    expect(await runsParquet(join(tmp, 'two'))).toEqual(await runsParquet(join(tmp, 'one')));
  });

  it('3 shards merged give the same tables; the index may come from SLURM_ARRAY_TASK_ID', async () => {
    const shards = [0, 1, 2].map((i) => join(tmp, 'sharded', 'shards', String(i)));
    const runs = await Promise.all([
      cli(['sweep', TINY, '--shard', '0/3', '--workers', '1', '--out', shards[0]!, '--quiet']),
      cli(['sweep', TINY, '--shard', 'auto/3', '--workers', '1', '--out', shards[1]!, '--quiet'], { SLURM_ARRAY_TASK_ID: '1' }),
      cli(['sweep', TINY, '--shard', 'auto/3', '--workers', '1', '--out', shards[2]!, '--quiet'], { JOB_COMPLETION_INDEX: '2' }),
    ]);
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0]);
    expect(runs[1]!.stderr).toMatch(/^tiny 1\/3: 8 runs, 8 ok, 0 failed/);
    const merged = join(tmp, 'sharded', 'merged');
    const missing = await cli(['merge', shards[0]!, shards[2]!, '--out', merged]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('  shard 1/3: missing\nresubmit shards 1 of 3:\n  sbatch --array=1 scripts/slurm/sweep-array.sbatch');
    const m = await cli(['merge', ...shards, '--out', merged]);
    expect(m.stderr).toBe('tiny: 24 runs, 24 ok, 0 failed; merged 3 shards\n');
    expect(m.code).toBe(0);
    expect(sweepBytes(merged)).toEqual(reference);
    expect(await runsParquet(merged)).toEqual(await runsParquet(join(tmp, 'one')));
    expect((await cli(['merge', ...shards, '--out', merged])).stderr).toBe(`${merged} already exists; pass --force to replace it\n`);
  });

  it('a sweep killed with SIGKILL partway resumes to the same tables, rerunning only unfinished runs', async () => {
    const dir = join(tmp, 'killed');
    const p = startCli(['sweep', TINY, '--workers', '1', '--out', dir, '--quiet']);
    await waitForLog(dir, 5);
    p.child.kill('SIGKILL');
    expect((await p.done).signal).toBe('SIGKILL');
    const kept = logLines(dir);
    expect(kept).toBeGreaterThanOrEqual(5);
    expect(kept).toBeLessThan(24);
    const again = await cli(['sweep', TINY, '--workers', '2', '--out', dir]);
    expect(again.stderr).toContain(`already exists; pass --resume`);
    const r = await cli(['sweep', TINY, '--workers', '2', '--out', dir, '--resume', '--quiet']);
    expect(r.code).toBe(0);
    expect(logLines(dir)).toBe(24);
    expect(sweepBytes(dir)).toEqual(reference);
  });

  it('Ctrl-C stops cleanly (exit 130, finished runs kept, how to continue) and --resume completes it', async () => {
    const dir = join(tmp, 'interrupted');
    const p = startCli(['sweep', TINY, '--workers', '2', '--out', dir, '--quiet']);
    await waitForLog(dir, 3);
    p.child.kill('SIGINT');
    const r = await p.done;
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(new RegExp(`tiny: interrupted; (\\d+) of 24 runs finished and kept in ${dir}; continue with: cascade sweep ${TINY} --resume --out ${dir}\\n$`));
    const kept = Number(/interrupted; (\d+) of/.exec(r.stderr)![1]);
    expect(logLines(dir)).toBe(kept);
    expect(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'))).toMatchObject({ status: 'interrupted', pending: 24 - kept });
    const resumed = await cli(['sweep', TINY, '--resume', '--out', dir, '--quiet']);
    expect(resumed.code).toBe(0);
    expect(sweepBytes(dir)).toEqual(reference);
  });

  it('refuses to resume after the sweep file changed', async () => {
    const file = join(tmp, 'copy.yaml');
    copyFileSync(TINY, file);
    writeFileSync(file, readFileSync(TINY, 'utf8').replace('base: ../../../scenarios/', `base: ${join(SWEEP_FIXTURES, '../../../scenarios/')}`));
    const dir = join(tmp, 'changed');
    const p = startCli(['sweep', file, '--workers', '1', '--out', dir, '--quiet']);
    await waitForLog(dir, 1);
    p.child.kill('SIGKILL');
    await p.done;
    writeFileSync(file, readFileSync(file, 'utf8').replace('seed: 7', 'seed: 8'));
    const r = await cli(['sweep', file, '--resume', '--out', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^cannot resume ${dir}: the sweep file changed since that sweep started \\(sha256 [0-9a-f]{12}… then, [0-9a-f]{12}… now\\); restore the file, or start over with --force, or use another --out\\n$`));
  });
});

describe('cascade sweep: failures, dry runs and bad input', () => {
  it('a run that throws and a worker that exits are failed rows; the rest completes; exit 3 with one summary line', async () => {
    const dir = join(tmp, 'faults');
    const r = await cli(['sweep', FAULTS, '--workers', '2', '--out', dir, '--quiet', '--worker', FAULTY_WORKER]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^faults: 6 runs, 2 ok, 4 failed \(first failure: run 2, seed 1866142557: RangeError: injected fault in run 2\) in [\d.]+ s \(2 workers, [\d.]+ runs\/s\)\n$/);
    const rows = readFileSync(join(dir, 'runs.csv'), 'utf8').trim().split('\n').slice(1);
    expect(rows.map((l) => l.split(',').slice(-3, -1).join(','))).toEqual([
      'ok,', 'ok,', 'failed,RangeError: injected fault in run 2', 'failed,RangeError: injected fault in run 3',
      'failed,worker died: worker exited with code: 3', 'failed,worker died: worker exited with code: 3',
    ]);
    const points = readFileSync(join(dir, 'points.csv'), 'utf8').trim().split('\n').map((l) => l.split(',').slice(0, 5).join(','));
    expect(points).toEqual(['point_id,counterfactual,params.fault,n_ok,n_failed', '0,none,0,2,0', '1,none,1,0,2', '2,none,2,0,2']);
    const again = await cli(['sweep', FAULTS, '--workers', '2', '--out', dir, '--quiet', '--resume', '--worker', FAULTY_WORKER]);
    expect(again.code).toBe(3);
    expect(logLines(dir)).toBe(6);
    await cli(['sweep', FAULTS, '--workers', '2', '--out', dir, '--quiet', '--resume', '--retry-failed', '--worker', FAULTY_WORKER]);
    expect(logLines(dir)).toBe(10);
  });

  it('--dry-run validates every point and prints the plan', async () => {
    const r = await cli(['sweep', TINY, '--dry-run', '--shard', '1/5']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${TINY}: ok — 2 points x 6 replicates x 2 variants = 24 runs; shard 1/5 has 5\n`);
    const three = await cli(['sweep', TINY, '--dry-run', '--replicates', '3']);
    expect(three.stdout).toBe(`${TINY}: ok — 2 points x 3 replicates x 2 variants = 12 runs\n`);
  });

  it('bad input exits 2 with file:line:col lines and runs nothing', async () => {
    const file = join(tmp, 'bad.yaml');
    writeFileSync(file, `name: bad\nbase: ${join(SWEEP_FIXTURES, '../../../scenarios/baseline.yaml')}\nvary:\n  agents.noise-trader.ratePerMin: [0.5, -1]\nreplicate: 2\n`);
    const r = await cli(['sweep', file, '--out', join(tmp, 'bad-out')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`${file}:5:1: replicate: unknown key "replicate" (did you mean "replicates"?)\n`);
    writeFileSync(file, readFileSync(file, 'utf8').replace('replicate: 2', 'replicates: 2'));
    const v = await cli(['sweep', file, '--out', join(tmp, 'bad-out')]);
    // baseline.yaml has a noise-trader group per instrument: each is reported
    expect(v.stderr).toBe([0, 1, 2].map((g) => `${file}:4:3: vary agents.noise-trader.ratePerMin = -1: agents[${g}].params.ratePerMin: Too small: expected number to be >0\n`).join(''));
    expect((await cli(['sweep', TINY, '--shard', '3/3'])).stderr).toBe('--shard 3/3: the index must be below 3 (shards are numbered 0..2)\n');
    expect((await cli(['sweep', TINY, '--resume', '--force'])).stderr).toBe('--resume and --force exclude each other\n');
  });
});
