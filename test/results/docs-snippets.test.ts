// The loading snippets of docs/results.md that the Debian-packaged interpreters can run (pandas on CSV, base R on
// CSV; each block marked `<!-- run-in-ci: python|r -->`) are run here on a real run directory. A missing
// interpreter skips its test and says why (.ci/run installs python3-pandas and r-base-core).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir, runCli } from '../cli/run-cli.js';

const DOCS = readFileSync(join(process.cwd(), 'docs', 'results.md'), 'utf8');

/** The code of the blocks marked `<!-- run-in-ci: lang -->`. */
function ciBlocks(lang: 'python' | 'r'): string[] {
  const re = new RegExp(`<!-- run-in-ci: ${lang} -->\\n\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``, 'g');
  return [...DOCS.matchAll(re)].map((m) => m[1]!);
}

const works = (cmd: string, args: string[]): boolean => spawnSync(cmd, args, { encoding: 'utf8' }).status === 0;
const PYTHON = ['/usr/bin/python3', 'python3'].find((p) => works(p, ['-c', 'import pandas']));
const HAS_R = works('Rscript', ['-e', 'invisible(0)']);

let dir: string;
beforeAll(() => {
  dir = makeTempDir();
  writeFileSync(join(dir, 'small.yaml'), `extends: ${join(process.cwd(), 'scenarios', 'baseline.yaml')}\nname: small\ncalendar: { days: 1, stressDay: 0 }\nparams: { noiseCount: 20, beliefCount: 20 }\n`);
  mkdirSync(join(dir, 'results'));
  const r = runCli(['run', join(dir, 'small.yaml'), '--seed', '7', '--format', 'both', '--out', join(dir, 'results', 'shock-7'), '--quiet']);
  expect(r.code).toBe(0);
});
afterAll(() => removeTempDir(dir));

function runIn(cmd: string, args: string[], code: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { cwd: dir, input: code, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('docs/results.md loading snippets', () => {
  it('marks one pandas and one R block to run', () => {
    expect(ciBlocks('python')).toHaveLength(1);
    expect(ciBlocks('r')).toHaveLength(1);
  });

  it.skipIf(PYTHON === undefined)('the pandas snippet runs and reads integers as int64 (needs python3-pandas)', () => {
    const r = runIn(PYTHON!, ['-'], ciBlocks('python')[0]!);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    for (const col of ['t_us', 'day', 'price', 'qty', 'buyer_id']) expect(r.stdout).toMatch(new RegExp(`^${col}\\s+int64$`, 'm'));
    expect(r.stdout).toMatch(/^clock\s+timedelta64\[ns\]$/m);
    expect(r.stdout).toMatch(/^\s*return\s+SEC\s+-?\d/m);
  });

  it.skipIf(!HAS_R)('the R snippet runs and reads counts as integers, prices as doubles (needs r-base-core)', () => {
    const r = runIn('Rscript', ['-'], ciBlocks('r')[0]!);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\$ day\s+: int/);
    expect(r.stdout).toMatch(/\$ volume\s+: int/);
    expect(r.stdout).toMatch(/\$ close\s+: num/);
    expect(r.stdout).toMatch(/max_drawdown\s+SEC\s+\d/);
  });
});
