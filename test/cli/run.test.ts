// `cascade run` end to end on the built CLI: the run directory contract (manifest, summary, tables in Parquet/CSV),
// byte-identical tables for the same seed, --force / existing directories, --set and --disable, and every malformed
// scenario of the catalog refused with its file:line:col, exit 2, and nothing written.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BAD_CASES, BAD_DIR } from '../scenario/bad-catalog.js';
import { makeTempDir, removeTempDir, runCli } from './run-cli.js';

const TABLES = ['trades', 'bars', 'daily', 'flows', 'agents', 'market_events', 'metrics', 'depth', 'quotes', 'auction_indicative', 'summary'];
const STACK_FRAME = /\n\s+at .+\(.+:\d+:\d+\)/;

/** A one-day version of the shipped baseline, small enough for a test. */
const SMALL = `
extends: ${join(process.cwd(), 'scenarios', 'baseline.yaml')}
name: small
calendar: { days: 1, stressDay: 0 }
params: { noiseCount: 20, beliefCount: 20 }   # per instrument (SEC, SKH, REST)
`;

let dir: string;
let scenario: string;
beforeAll(() => {
  dir = makeTempDir();
  scenario = join(dir, 'small.yaml');
  writeFileSync(scenario, SMALL);
});
afterAll(() => removeTempDir(dir));

const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('cascade run', () => {
  it('writes the run directory: manifest, summary and the eleven tables in both formats', () => {
    const out = join(dir, 'r1');
    const r = runCli(['run', scenario, '--out', out, '--format', 'both', '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(out);
    const files = readdirSync(out).sort();
    expect(files).toEqual(['manifest.json', 'summary.json', ...TABLES.flatMap((t) => [`${t}.csv`, `${t}.parquet`])].sort());
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ tool: 'cascade-sim', seed: 1, node: process.version });
    expect(manifest.scenarioSha256).toBe(sha(scenario));
    expect(manifest.scenario.name).toBe('small');
    // the expressions "noiseCount" and "beliefCount" resolved, in each instrument's group
    expect(manifest.scenario.agents.map((g: { kind: string; count: number }) => [g.kind, g.count])).toEqual([
      ['noise-trader', 20], ['noise-trader', 20], ['noise-trader', 20], ['belief-trader', 20], ['belief-trader', 20], ['belief-trader', 20],
      ['market-maker', 2], ['market-maker', 2], ['market-maker', 2],
    ]);
    expect(typeof manifest.wallSeconds).toBe('number');
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    for (const key of ['return.SEC', 'max_drawdown.SKH', 'turnover_value.REST', 'index_return', 'circuit_breakers', 'vi_count', 'trades', 'orders', 'events']) {
      expect(summary).toHaveProperty(key);
    }
    const trades = readFileSync(join(out, 'trades.csv'), 'utf8').split('\n');
    expect(trades[0]).toBe('t_us,day,instrument,price,qty,aggressor,buyer_id,seller_id,buyer_kind,seller_kind');
    expect(trades.length - 2).toBe(summary.trades);
  });

  it('gives byte-identical tables and summary for the same seed, and different ones for another seed', () => {
    const a = join(dir, 'det-a');
    const b = join(dir, 'det-b');
    const c = join(dir, 'det-c');
    for (const [out, seed] of [[a, '5'], [b, '5'], [c, '6']] as const) {
      expect(runCli(['run', scenario, '--out', out, '--seed', seed, '--format', 'both', '--quiet']).code).toBe(0);
    }
    for (const f of [...TABLES.flatMap((t) => [`${t}.csv`, `${t}.parquet`]), 'summary.json']) {
      expect(sha(join(b, f)), f).toBe(sha(join(a, f)));
    }
    expect(sha(join(c, 'trades.parquet'))).not.toBe(sha(join(a, 'trades.parquet')));
  });

  it('refuses an existing output directory without --force and leaves it untouched; --force replaces only a run', () => {
    const out = join(dir, 'exists');
    mkdirSync(out);
    writeFileSync(join(out, 'keep.txt'), 'mine');
    const r = runCli(['run', scenario, '--out', out, '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`${out} already exists; pass --force to overwrite it`);
    expect(readdirSync(out)).toEqual(['keep.txt']);
    // Not a directory cascade wrote (no manifest): even --force leaves it alone.
    const forced = runCli(['run', scenario, '--out', out, '--quiet', '--force']);
    expect(forced.code).toBe(2);
    expect(forced.stderr.trim()).toContain('is not a run directory written by cascade');
    expect(readdirSync(out)).toEqual(['keep.txt']);
    // A run directory cascade wrote is replaced.
    const run = join(dir, 'run-once');
    expect(runCli(['run', scenario, '--out', run, '--quiet']).code).toBe(0);
    writeFileSync(join(run, 'stale.txt'), 'old');
    expect(runCli(['run', scenario, '--out', run, '--quiet', '--force']).code).toBe(0);
    expect(existsSync(join(run, 'stale.txt'))).toBe(false);
    expect(existsSync(join(run, 'trades.parquet'))).toBe(true);
  });

  it('applies --set overrides and --disable, and rejects bad ones with one line and exit 2', () => {
    const out = join(dir, 'set');
    const r = runCli(['run', scenario, '--out', out, '--quiet', '--format', 'csv', '--set', 'agents.noise-trader.count=30', '--disable', 'belief-trader']);
    expect(r.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.scenario.agents.slice(0, 3).map((g: { count: number }) => g.count)).toEqual([30, 30, 30]);
    const kinds = new Set(readFileSync(join(out, 'agents.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[1]));
    expect([...kinds].sort()).toEqual(['market-maker', 'noise-trader']);
    const bad = runCli(['run', scenario, '--out', join(dir, 'nope'), '--disable', 'option-dealer']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toMatch(/^--disable option-dealer: the scenario has no agents of kind "option-dealer"/);
    expect(existsSync(join(dir, 'nope'))).toBe(false);
    const badFmt = runCli(['run', scenario, '--format', 'xlsx']);
    expect(badFmt.code).toBe(2);
    expect(badFmt.stderr.trim()).toBe('--format must be parquet, csv or both, got "xlsx"');
  });

  describe('refuses every malformed scenario of the catalog, writing nothing', () => {
    for (const c of BAD_CASES) {
      it(c.file, () => {
        const out = join(dir, `bad-${c.file}`);
        const r = runCli(['run', join(BAD_DIR, c.file), '--out', out]);
        expect(r.code).toBe(2);
        expect(r.stderr).toContain(`${join(BAD_DIR, c.in ?? c.file)}:${c.line}:${c.col}: `);
        expect(r.stderr).toContain(c.phrase);
        expect(r.stderr).not.toMatch(STACK_FRAME);
        expect(existsSync(out)).toBe(false);
      });
    }
  });
});
