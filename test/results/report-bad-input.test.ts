// `cascade report` on a directory holding a file it cannot decode — a Parquet table cut in half (a crash or a full
// disk while copying), a CSV row cut short, a truncated summary.json: one line naming the file, the cause and how to
// get it back (the run's recorded command, or resuming the sweep), exit 2, no stack trace; and nothing of the report
// is written or replaced, since every input is read before the first output file is touched.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { writeParquet } from '../../src/results/parquet-writer.js';
import { loadRun, loadSweep, ReportInputError, rewriteHint } from '../../src/results/run-data.js';
import { makeTempDir, removeTempDir, runCli } from '../cli/run-cli.js';
import { MANIFEST, syntheticSweepTable, writeSyntheticRunDir } from './fixtures.js';

const REPRODUCE = 'cascade run /data/scenarios/synthetic.yaml --seed 7 --format parquet --out /data/results/synthetic-reproduced --quiet';
const SWEEP_REPRODUCE = 'cascade sweep /data/sweeps/syn.yaml';

// The CLI tests render a report; on a loaded machine that takes minutes, and the timeout only guards against a hang.
vi.setConfig({ testTimeout: 300_000 });

let tmp = '';
beforeAll(() => {
  tmp = makeTempDir();
});
afterAll(() => removeTempDir(tmp));

/** A synthetic run directory whose manifest records how it was made, with `file` cut to half its bytes. */
async function runDirWithHalf(name: string, file: string): Promise<string> {
  const dir = join(tmp, name);
  await writeSyntheticRunDir(dir);
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ ...MANIFEST, reproduce: REPRODUCE }));
  cutInHalf(join(dir, file));
  return dir;
}

function cutInHalf(path: string): void {
  const bytes = readFileSync(path);
  writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length / 2)));
}

/** Every file under `dir` (relative path → bytes), to show that a failed report changed nothing. */
function snapshot(dir: string, sub = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of readdirSync(join(dir, sub), { withFileTypes: true })) {
    const rel = join(sub, e.name);
    if (e.isDirectory()) for (const [k, v] of snapshot(dir, rel)) out.set(k, v);
    else out.set(rel, `${statSync(join(dir, rel)).mtimeMs} ${readFileSync(join(dir, rel)).toString('base64')}`);
  }
  return out;
}

const REPORT_OUTPUTS = ['figures', 'tables', 'report.html', 'facts.json'];

describe('loading a directory with a damaged file', () => {
  it('a truncated Parquet table is a ReportInputError naming the file, the cause and the command to re-run', async () => {
    const dir = await runDirWithHalf('unit-run', 'trades.parquet');
    const err = await loadRun(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReportInputError);
    const msg = (err as Error).message;
    expect(msg).toMatch(new RegExp(`^${join(dir, 'trades.parquet')} cannot be read \\(.+\\): the file is truncated or damaged; `));
    expect(msg.endsWith(`re-run with: ${REPRODUCE} (then report that directory)`)).toBe(true);
    expect(msg).not.toContain('\n');
  });

  it('a CSV table with its last row cut short, and a truncated summary.json, are ReportInputErrors too', async () => {
    const csv = await runDirWithHalf('unit-csv', 'daily.csv');
    await expect(loadRun(csv)).rejects.toThrow(new RegExp(`^${join(csv, 'daily.csv')} cannot be read \\(daily\\.csv line \\d+: \\d+ cells, expected 7\\)`));
    const json = await runDirWithHalf('unit-json', 'summary.json');
    await expect(loadRun(json)).rejects.toThrow(new RegExp(`^${join(json, 'summary.json')} cannot be read \\(.*JSON.*\\): the file is truncated or damaged`));
  });

  it('a sweep with a truncated runs table is told to rebuild its tables from runs.jsonl by resuming', async () => {
    const dir = join(tmp, 'unit-sweep');
    mkdirSync(dir);
    await writeParquet(syntheticSweepTable(), join(dir, 'runs.parquet'));
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ kind: 'sweep', reproduce: SWEEP_REPRODUCE }));
    cutInHalf(join(dir, 'runs.parquet'));
    await expect(loadSweep(dir)).rejects.toThrow(`; rebuild its tables from runs.jsonl with: ${SWEEP_REPRODUCE} --resume --out ${dir}`);
  });

  it('the hint follows the manifest: run, sweep, calibration, or a generic one when the manifest says nothing', () => {
    expect(rewriteHint('d', { reproduce: 'cascade run x.yaml' })).toBe('re-run with: cascade run x.yaml (then report that directory)');
    expect(rewriteHint('d', { kind: 'sweep', reproduce: 'cascade sweep s.yaml' })).toBe('rebuild its tables from runs.jsonl with: cascade sweep s.yaml --resume --out d');
    expect(rewriteHint('d', { kind: 'calibration', calibrationPath: '/c.yaml' })).toBe('re-run with: cascade calibrate /c.yaml --resume --out d');
    expect(rewriteHint('d', {})).toBe('re-run the cascade command that wrote this directory (with --force to replace it)');
  });
});

describe('cascade report on a run directory with trades.parquet cut in half', () => {
  it('exits 2 with one line (file, cause, fix), no stack trace, and writes no report output', async () => {
    const dir = await runDirWithHalf('cli-fresh', 'trades.parquet');
    const r = runCli(['report', dir, '--formats', 'svg']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')).toHaveLength(2); // one line and its newline
    expect(r.stderr).toMatch(new RegExp(`^${join(dir, 'trades.parquet')} cannot be read \\(.+\\): the file is truncated or damaged; re-run with: `));
    expect(r.stderr).toContain(REPRODUCE);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    for (const f of REPORT_OUTPUTS) expect(existsSync(join(dir, f)), f).toBe(false);
  });

  it('leaves an earlier report exactly as it was (no figure removed, no file rewritten)', async () => {
    const dir = join(tmp, 'cli-earlier');
    await writeSyntheticRunDir(dir);
    const first = runCli(['report', dir, '--formats', 'svg', '--quiet']);
    expect(first.code, first.stderr).toBe(0);
    cutInHalf(join(dir, 'trades.parquet'));
    const before = snapshot(dir);
    expect([...before.keys()]).toEqual(expect.arrayContaining(['report.html', 'facts.json', join('figures', 'captions.md')]));
    const r = runCli(['report', dir, '--formats', 'svg']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/trades\.parquet cannot be read .*; re-run the cascade command that wrote this directory \(with --force to replace it\)\n$/);
    expect(snapshot(dir)).toEqual(before);
  });
});
