// `cascade calibrate` end to end on the built CLI: synthetic-target recovery of three baseline parameters (within
// 10% of each range), the same trace with 1 or 2 workers, after kill -9 and --resume, and from two design shards
// merged then resumed; bad input is one line and exit 2. Fixtures: test/calibrate/fixtures (a frozen baseline copy).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir } from './run-cli.js';
import { cli, startCli, waitForLog } from './sweep-helpers.js';

const FIXTURES = fileURLToPath(new URL('../calibrate/fixtures/', import.meta.url));
const TINY = join(FIXTURES, 'tiny.yaml');
const RECOVERY = join(FIXTURES, 'recovery.yaml');

let tmp: string;
beforeAll(() => (tmp = makeTempDir()));
afterAll(() => removeTempDir(tmp));

/** What must not depend on workers, interruptions or shards. */
function outputs(dir: string): Record<string, string> {
  const best = JSON.parse(readFileSync(join(dir, 'best.json'), 'utf8')) as Record<string, unknown>;
  return {
    trace: readFileSync(join(dir, 'trace.csv'), 'utf8'),
    fit: readFileSync(join(dir, 'fit.csv'), 'utf8'),
    identification: readFileSync(join(dir, 'identification.csv'), 'utf8'),
    best: JSON.stringify(best),
  };
}

describe('cascade calibrate', () => {
  it('recovers three baseline parameters from synthetic targets within 10% of each range', async () => {
    const out = join(tmp, 'recovery');
    const r = await cli(['calibrate', RECOVERY, '--workers', '2', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const best = JSON.parse(readFileSync(join(out, 'best.json'), 'utf8')) as { errorShareOfRange: Record<string, number>; identification: { rank: number } };
    for (const [path, err] of Object.entries(best.errorShareOfRange)) expect(err, path).toBeLessThan(0.1);
    expect(best.identification.rank).toBe(3);
    expect(r.stderr).toMatch(/identification: rank 3 of 3, condition number/);
    expect(existsSync(join(out, 'baseline.recovery.fitted.yaml'))).toBe(true);
    expect((await cli(['validate', join(out, 'baseline.recovery.fitted.yaml')])).code).toBe(0);
  }, 120_000);

  let reference: Record<string, string>;
  it('gives the same trace, fit and identification with 1 and 2 workers', async () => {
    const one = await cli(['calibrate', TINY, '--workers', '1', '--out', join(tmp, 'w1'), '--quiet']);
    const two = await cli(['calibrate', TINY, '--workers', '2', '--out', join(tmp, 'w2'), '--quiet']);
    expect(one.code, one.stderr).toBe(0);
    expect(two.code, two.stderr).toBe(0);
    reference = outputs(join(tmp, 'w1'));
    expect(reference['trace']!.split('\n')).toHaveLength(1 + 12 + 1);
    expect(outputs(join(tmp, 'w2'))).toEqual(reference);
  }, 60_000);

  it('after kill -9 partway, --resume gives the same result and reruns only unfinished runs', async () => {
    const dir = join(tmp, 'killed');
    const p = startCli(['calibrate', TINY, '--workers', '2', '--out', dir, '--quiet']);
    await waitForLog(dir, 10);
    p.child.kill('SIGKILL');
    expect((await p.done).signal).toBe('SIGKILL');
    const r = await cli(['calibrate', TINY, '--workers', '2', '--out', dir, '--resume']);
    expect(r.code, r.stderr).toBe(0);
    const m = /(\d+) runs in [\d.]+ s \(2 workers; (\d+) from the log\)/.exec(r.stderr)!;
    expect(Number(m[1]) + Number(m[2])).toBe(24);
    expect(Number(m[2])).toBeGreaterThanOrEqual(10);
    expect(outputs(dir)).toEqual(reference);
  }, 60_000);

  it('design shards merged, then --resume, give the same result', async () => {
    const shards = [0, 1].map((i) => join(tmp, 'shards', String(i)));
    for (const [i, dir] of shards.entries()) {
      const r = await cli(['calibrate', TINY, '--workers', '1', '--shard', `${i}/2`, '--out', dir, '--quiet']);
      expect(r.code, r.stderr).toBe(0);
    }
    const merged = join(tmp, 'merged');
    const early = await cli(['merge', shards[0]!, '--out', merged]);
    expect(early.code).toBe(2);
    expect(early.stderr).toContain('shard 1/2: missing');
    const m = await cli(['merge', ...shards, '--out', merged]);
    expect(m.code, m.stderr).toBe(0);
    expect(m.stderr).toContain(`finish with: cascade calibrate ${TINY} --resume --out ${merged}`);
    const r = await cli(['calibrate', TINY, '--workers', '2', '--out', merged, '--resume']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/\(2 workers; 8 from the log\)/);
    expect(outputs(merged)).toEqual(reference);
  }, 60_000);

  it('cascade report on a calibration directory: trace figure, moment-fit and parameter tables', async () => {
    const dir = join(tmp, 'w1');
    const r = await cli(['report', dir, '--formats', 'svg']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^calibration report: 1 figures \(svg\), 3 tables/);
    expect(existsSync(join(dir, 'figures', 'calibration-trace.svg'))).toBe(true);
    const fit = readFileSync(join(dir, 'tables', 'moment-fit.md'), 'utf8');
    for (const m of ['trades', 'depth', 'clustering']) expect(fit).toContain(`| ${m} |`);
    const params = readFileSync(join(dir, 'tables', 'fitted-parameters.md'), 'utf8');
    expect(params).toContain('agents.market-maker.quoteQty');
    expect(params).toContain('| ± 95% |');
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('Calibration tiny');
  }, 60_000);

  it('bad input: one line per problem, exit 2, nothing run', async () => {
    const r = await cli(['calibrate', join(FIXTURES, 'baseline.yaml'), '--out', join(tmp, 'bad')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^\S+baseline\.yaml:\d+:\d+: /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(tmp, 'bad'))).toBe(false);
    const again = await cli(['calibrate', TINY, '--out', join(tmp, 'w1')]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists; pass --resume/);
  });
});
