// `cascade policy-report` end to end on two tiny one-lever sweeps (test/sweep/fixtures/policy-tiny-*.yaml): each
// setting's effect paired by seed with the calibrated point 0 (checked against the runs table by hand), the booktabs
// and Markdown table, the CSV of every metric, the figure, and the section of a Markdown file it replaces.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir } from './run-cli.js';
import { cli, SWEEP_FIXTURES } from './sweep-helpers.js';

const SLOW_MS = 300_000;
let tmp: string;
beforeAll(async () => {
  tmp = makeTempDir();
  const runs = await Promise.all(['vi', 'end'].map((n) => cli(['sweep', join(SWEEP_FIXTURES, `policy-tiny-${n}.yaml`), '--workers', '1', '--out', join(tmp, n), '--quiet'])));
  expect(runs.map((r) => r.code)).toEqual([0, 0]);
}, SLOW_MS);
afterAll(() => removeTempDir(tmp));

/** runs.csv as objects (no quoted fields in these sweeps). */
function runs(dir: string): Record<string, string>[] {
  const [head, ...rows] = readFileSync(join(dir, 'runs.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
  return rows.map((r) => Object.fromEntries(head!.map((h, i) => [h, r[i]!])));
}

describe('cascade policy-report', () => {
  it('pairs each setting with the calibrated point by seed, and writes the table, CSV, figure and doc section', async () => {
    const doc = join(tmp, 'policy.md');
    writeFileSync(doc, '# Policy\n\nintro\n\n<!-- policy-effects:start -->\nold table\n<!-- policy-effects:end -->\n\nafter\n');
    const out = join(tmp, 'out');
    const r = await cli(['policy-report', join(tmp, 'vi'), join(tmp, 'end'), '--out', out, '--doc', doc, '--provenance', 'Seeds 1-3, a test.', '--formats', 'svg,png']);
    expect(r.stderr).toBe('policy report: 2 lever settings from 2 sweeps (3 seeds), 7 files\n');
    expect(r.code).toBe(0);
    // the paired difference by hand: point 1 − point 0 of the same replicate, mean over replicates
    const rs = runs(join(tmp, 'end'));
    const at = (p: string, rep: string): number => Number(rs.find((x) => x['point_id'] === p && x['replicate'] === rep)!['index_return']);
    const mean = ['0', '1', '2'].reduce((s, k) => s + at('1', k) - at('0', k), 0) / 3;
    const csv = readFileSync(join(out, 'policy-effects.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('sweep,lever,setting,calibrated,metric,n,diff_mean,ci_low,ci_high');
    const row = csv.find((l) => l.startsWith('policy-tiny-end,auction random end (µs),0,3e7,index_return,3,'))!.split(',');
    expect(Number(row[6])).toBeCloseTo(mean, 15);
    const md = readFileSync(join(out, 'tables', 'policy-effects.md'), 'utf8').split('\n').filter((l) => l.startsWith('| '));
    expect(md[0]).toBe('| Lever | Setting (calibrated) | Seeds | Δ stress-day index return (pp) | Δ D+2 index return (pp) | Δ index peak-to-trough drawdown (pp) |');
    expect(md.slice(2).map((l) => l.split(' | ').slice(0, 3).join(' | '))).toEqual(['| VI thresholds (× KRX) | 0.5 (1) | 3', '| auction random end (µs) | 0 (3e7) | 3']);
    expect(md[3]).toContain(` | ${(100 * mean).toFixed(2).replace('-', '−')} [`);
    expect(readFileSync(join(out, 'tables', 'policy-effects.tex'), 'utf8')).toContain('\\label{tab:policy-effects}');
    expect(readFileSync(join(out, 'figures', 'policy-effects.svg'), 'utf8')).toContain('VI thresholds');
    const text = readFileSync(doc, 'utf8');
    expect(text.startsWith('# Policy\n\nintro\n\n<!-- policy-effects:start -->\nSeeds 1-3, a test.\n\n**Policy levers:')).toBe(true);
    expect(text).toContain('![Policy levers against the scenario as calibrated](out/figures/policy-effects.png)\n<!-- policy-effects:end -->\n\nafter\n');
    expect(text).not.toContain('old table');
  }, SLOW_MS);

  it('refuses a document without the markers and a directory that is not a sweep (exit 2, one line)', async () => {
    const doc = join(tmp, 'plain.md');
    writeFileSync(doc, '# nothing to replace\n');
    const r = await cli(['policy-report', join(tmp, 'vi'), '--out', join(tmp, 'o2'), '--doc', doc]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`${doc} has no <!-- policy-effects:start --> … <!-- policy-effects:end --> section to replace\n`);
    const bad = await cli(['policy-report', tmp, '--out', join(tmp, 'o3')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/is neither a run directory .* nor a sweep directory/);
  }, SLOW_MS);
});
