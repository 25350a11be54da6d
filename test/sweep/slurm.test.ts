// The shipped Slurm scripts on a real cluster: scripts/slurm/submit-sweep.sh submits the tiny sweep as a 3-task
// array plus an afterok merge job; the merged tables must equal a one-machine sweep's. Runs when a cluster answers
// `sinfo`, or when .ci/slurm-test.sh (which starts a single-node cluster) sets CASCADE_SLURM_TEST=1 — then a
// missing cluster is a failure, not a skip.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir } from '../cli/run-cli.js';
import { cli, sweepBytes, SWEEP_FIXTURES } from '../cli/sweep-helpers.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const REQUIRED = process.env['CASCADE_SLURM_TEST'] === '1';
const clusterUp = spawnSync('sinfo', ['-h', '-o', '%T'], { encoding: 'utf8' });
const AVAILABLE = clusterUp.status === 0 && /idle|mix|alloc/.test(clusterUp.stdout);
const tmp = makeTempDir();
afterAll(() => removeTempDir(tmp));

/** The job's state from scontrol (COMPLETED, FAILED, ...), or '' when Slurm no longer knows it. */
function jobState(id: string): string {
  const r = spawnSync('scontrol', ['show', 'job', id], { encoding: 'utf8' });
  return /JobState=(\w+)/.exec(r.stdout)?.[1] ?? '';
}

async function waitForJob(id: string, timeoutMs: number): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const state = jobState(id);
    if (['COMPLETED', 'FAILED', 'CANCELLED', 'TIMEOUT', 'NODE_FAIL', 'OUT_OF_MEMORY'].includes(state)) return state;
    if (Date.now() > until) throw new Error(`job ${id} still ${state} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

const SKIP_REASON = 'skipped: no Slurm cluster answers sinfo (.ci/slurm-test.sh starts one and sets CASCADE_SLURM_TEST=1)';
describe.skipIf(!AVAILABLE && !REQUIRED)(`Slurm: job array plus afterok merge${AVAILABLE || REQUIRED ? '' : ` — ${SKIP_REASON}`}`, () => {
  it('a cluster answers sinfo', () => {
    expect(AVAILABLE, `sinfo: ${clusterUp.stderr || clusterUp.stdout}`).toBe(true);
  });

  it('submit-sweep.sh on 3 shards gives the tables of a one-machine sweep', async () => {
    const tiny = join(SWEEP_FIXTURES, 'tiny.yaml');
    const out = join(tmp, 'slurm');
    const sub = spawnSync('bash', [join(ROOT, 'scripts/slurm/submit-sweep.sh'), tiny, out, '3'], {
      encoding: 'utf8', cwd: tmp, env: { ...process.env, CPUS: '1' },
    });
    expect(sub.status, sub.stderr).toBe(0);
    const [array, merge] = sub.stdout.trim().split(' ');
    expect(array).toMatch(/^\d+$/);
    expect(await waitForJob(merge!, 300_000), readLogs(out)).toBe('COMPLETED');
    const local = join(tmp, 'local');
    expect((await cli(['sweep', tiny, '--workers', '2', '--out', local, '--quiet'])).code).toBe(0);
    expect(sweepBytes(join(out, 'merged'))).toEqual(sweepBytes(local));
    expect(readFileSync(join(out, 'logs', 'merge.out'), 'utf8')).toContain('tiny: 24 runs, 24 ok, 0 failed; merged 3 shards');
  });
});

function readLogs(out: string): string {
  const logs = ['shard-0.out', 'shard-1.out', 'shard-2.out', 'merge.out'].map((f) => join(out, 'logs', f));
  return logs.filter((f) => existsSync(f)).map((f) => `--- ${f}\n${readFileSync(f, 'utf8')}`).join('\n');
}
