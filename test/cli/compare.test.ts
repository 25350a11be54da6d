// `cascade compare` end to end on the built CLI: two real runs (all agents, and the same seed without value
// traders) give the overlaid figures, the summary table with differences, and a CSV whose numbers are exactly
// summary.json's and their differences; bad input is one line and exit 2.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsvRows } from '../../src/results/csv-reader.js';
import { makeTempDir, removeTempDir, runCli } from './run-cli.js';

let dir: string;
let a: string;
let b: string;
beforeAll(() => {
  dir = makeTempDir();
  writeFileSync(join(dir, 'small.yaml'), `extends: ${join(process.cwd(), 'scenarios', 'shock.yaml')}\nname: small\ncalendar: { days: 3, stressDay: 2 }\nparams: { noiseCount: 20, beliefCount: 20 }\n`);
  a = join(dir, 'full');
  b = join(dir, 'no-value');
  expect(runCli(['run', join(dir, 'small.yaml'), '--out', a, '--quiet']).code).toBe(0);
  expect(runCli(['run', join(dir, 'small.yaml'), '--out', b, '--quiet', '--disable', 'belief-trader']).code).toBe(0);
});
afterAll(() => removeTempDir(dir));

describe('cascade compare', () => {
  it('writes overlaid figures, the summary table and a CSV of exact values and differences', () => {
    const out = join(dir, 'cmp');
    const r = runCli(['compare', a, b, '--out', out, '--labels', 'all agents,no belief traders', '--formats', 'svg,pdf']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${out}\n`);
    expect(readdirSync(join(out, 'figures')).sort()).toEqual([
      'captions.md', 'captions.tex', 'compare-flows.pdf', 'compare-flows.svg', 'compare-flows.vl.json', 'compare-prices.pdf', 'compare-prices.svg', 'compare-prices.vl.json',
    ]);
    const prices = JSON.parse(readFileSync(join(out, 'figures', 'compare-prices.vl.json'), 'utf8')) as { data: { values: { run: string }[] } };
    expect(new Set(prices.data.values.map((v) => v.run))).toEqual(new Set(['all agents', 'no belief traders']));
    const md = readFileSync(join(out, 'tables', 'compare-summary.md'), 'utf8');
    expect(md).toContain('| Metric | all agents | no belief traders | no belief traders − all agents |');
    const sa = JSON.parse(readFileSync(join(a, 'summary.json'), 'utf8')) as Record<string, number | null>;
    const sb = JSON.parse(readFileSync(join(b, 'summary.json'), 'utf8')) as Record<string, number | null>;
    const rows = parseCsvRows(readFileSync(join(out, 'compare-summary.csv'), 'utf8'));
    expect(rows[0]).toEqual(['metric', 'instrument', 'unit', 'value_all_agents', 'value_no_belief_traders', 'diff_no_belief_traders']);
    const ret = rows.find((x) => x[0] === 'return' && x[1] === 'SEC')!;
    expect(Number(ret[3])).toBe(sa['return.SEC']);
    expect(Number(ret[4])).toBe(sb['return.SEC']);
    expect(Number(ret[5])).toBe(sb['return.SEC']! - sa['return.SEC']!);
    const trades = rows.find((x) => x[0] === 'trades')!;
    expect(trades.slice(2)).toEqual(['count', `${sa['trades']}.0`, `${sb['trades']}.0`, `${sb['trades']! - sa['trades']!}.0`]);
    expect(rows.length - 1).toBe(Object.keys(sa).length);
  });

  it('refuses one directory, a directory that is not a run, and labels that do not match, with one line and exit 2', () => {
    const one = runCli(['compare', a, '--out', join(dir, 'x')]);
    expect(one.code).toBe(2);
    expect(one.stderr).toBe('compare needs at least two run directories\n');
    const notRun = runCli(['compare', a, dir, '--out', join(dir, 'y')]);
    expect(notRun.code).toBe(2);
    expect(notRun.stderr.trim().split('\n')).toHaveLength(1);
    const labels = runCli(['compare', a, b, '--labels', 'only one', '--out', join(dir, 'z')]);
    expect(labels.code).toBe(2);
    expect(labels.stderr).toBe('--labels has 1 labels for 2 runs\n');
    const style = runCli(['compare', a, b, '--style', 'poster', '--out', join(dir, 'w')]);
    expect(style.code).toBe(2);
    expect(style.stderr).toBe('--style must be paper or screen, got "poster"\n');
    const report = runCli(['report', a, '--style', 'poster']);
    expect(report.code).toBe(2);
    expect(report.stderr).toBe('--style must be paper or screen, got "poster"\n');
  });

  it('--points compares points of one sweep: paired by replicate (crn across-points), one line and exit 2 for bad ids', () => {
    const sweepDir = join(dir, 'sweep');
    const tiny = join(process.cwd(), 'test', 'sweep', 'fixtures', 'tiny.yaml');
    expect(runCli(['sweep', tiny, '--out', sweepDir, '--workers', '1', '--quiet']).code).toBe(0);
    const out = join(dir, 'points');
    const r = runCli(['compare', sweepDir, '--points', '1,0', '--metrics', 'trades,return.SEC', '--out', out, '--formats', 'svg']);
    expect(r.stderr).toMatch(/^compared 2 sweep points: /);
    expect(r.code).toBe(0);
    const rows = parseCsvRows(readFileSync(join(out, 'compare-points.csv'), 'utf8'));
    expect(rows[0]).toEqual(['metric', 'point_id', 'reference_point_id', 'paired', 'n', 'diff_mean', 'ci_low', 'ci_high']);
    expect(rows.slice(1).map((x) => x.slice(0, 5))).toEqual([['trades', '0', '1', 'true', '6'], ['return.SEC', '0', '1', 'true', '6']]);
    // the paired mean difference equals the mean of the runs table's per-replicate differences
    const runs = parseCsvRows(readFileSync(join(sweepDir, 'runs.csv'), 'utf8'));
    const col = (n: string): number => runs[0]!.indexOf(n);
    const trades = (p: number): number[] => runs.slice(1).filter((x) => x[col('point_id')] === String(p) && x[col('counterfactual')] === 'none').map((x) => Number(x[col('trades')]));
    const diffs = trades(0).map((t, k) => t - trades(1)[k]!);
    expect(Number(rows[1]![5])).toBeCloseTo(diffs.reduce((a, b) => a + b, 0) / diffs.length, 9);
    expect(readdirSync(join(out, 'tables')).sort()).toEqual(['compare-points.md', 'compare-points.tex']);
    const bad = runCli(['compare', sweepDir, '--points', '0,9', '--out', join(dir, 'bad')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('the sweep has no point 9 (points: 0, 1)\n');
  }, 120_000);
});

