// `cascade attribute` end to end on the tiny fixtures of test/sweep/fixtures:
// - determinism: 1 worker, 2 workers and 3 shards merged give byte-identical attribution tables;
// - each run is `cascade run <scenario> --seed k --disable <the kinds left out>`;
// - exactness, additive case (attribution-tiny.yaml: two sellers in separate stocks): per seed, each seller's
//   Shapley value equals its one-at-a-time effect v({i}) − v(∅) and its leave-one-out effect v(N) − v(N∖i), and
//   their interaction is 0;
// - exactness, non-additive case (attribution-margin.yaml: a seller and margin accounts that only it can call):
//   the efficiency identity holds per seed and the interaction is positive (complements), as constructed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir } from './run-cli.js';
import { cli, SWEEP_FIXTURES } from './sweep-helpers.js';

const TINY = join(SWEEP_FIXTURES, 'attribution-tiny.yaml');
const MARGIN = join(SWEEP_FIXTURES, 'attribution-margin.yaml');
const KINDS = ['--kinds', 'foreign-seller,metaorder,market-maker', '--seeds', '2', '--metrics', 'trades,orders,return.AAA,return.BBB,realized_vol.BBB'];
const TABLES = ['attribution', 'interactions', 'attribution_seeds'];
/** Each case runs 8 to 16 short simulations in child processes: generous on a shared, busy machine. */
const SLOW_MS = 300_000;

let tmp: string;
let reference: Record<string, string | Buffer>;
beforeAll(async () => {
  tmp = makeTempDir();
  const r = await cli(['attribute', TINY, ...KINDS, '--workers', '1', '--out', join(tmp, 'one'), '--quiet']);
  expect(r.stderr).toMatch(/^attribution-tiny attribution: 16 runs, 16 ok, 0 failed in [\d.]+ s \(1 worker, [\d.]+ runs\/s\)\nefficiency check: .* over 10 \(seed, metric\) games: /);
  expect(r.code).toBe(0);
  reference = tableBytes(join(tmp, 'one'));
}, SLOW_MS);
afterAll(() => removeTempDir(tmp));

/** The attribution tables (CSV and Parquet bytes) and runs.csv without wall_s. */
function tableBytes(dir: string): Record<string, string | Buffer> {
  const out: Record<string, string | Buffer> = {};
  for (const t of TABLES) {
    out[`${t}.csv`] = readFileSync(join(dir, `${t}.csv`), 'utf8');
    out[`${t}.parquet`] = readFileSync(join(dir, `${t}.parquet`));
  }
  out['runs.csv'] = readFileSync(join(dir, 'runs.csv'), 'utf8').split('\n').map((l) => l.slice(0, Math.max(0, l.lastIndexOf(',')))).join('\n');
  return out;
}

interface LoggedRun {
  run_id: number;
  seed: number;
  point_id: number;
  counterfactual: string;
  summary: Record<string, number | string>;
}
const logged = (dir: string): LoggedRun[] => readFileSync(join(dir, 'runs.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as LoggedRun);

/** v[seed][subset] of a metric, from the durable log. */
function games(dir: string, metric: string): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (const r of logged(dir)) {
    if (!out.has(r.seed)) out.set(r.seed, []);
    out.get(r.seed)![r.point_id] = Number(r.summary[metric]);
  }
  return out;
}

/** A CSV without quoted fields as rows of cells. */
function csvRows(path: string): string[][] {
  return readFileSync(path, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
}

/** attribution_seeds as value by "metric|seed|kind". */
function seedValues(dir: string): Map<string, number> {
  return new Map(csvRows(join(dir, 'attribution_seeds.csv')).map(([m, seed, kind, v]) => [`${m}|${seed}|${kind}`, Number(v)]));
}

describe('cascade attribute: the same tables however it runs', () => {
  it('writes the manifest, the log and the tables', () => {
    const m = JSON.parse(readFileSync(join(tmp, 'one', 'manifest.json'), 'utf8')) as Record<string, unknown>;
    expect(m).toMatchObject({
      kind: 'attribution', status: 'complete', kinds: ['foreign-seller', 'metaorder', 'market-maker'], seeds: 2, shard: { index: 0, count: 1 },
      plan: { subsets: 8, runs: 16 }, counts: { ok: 16, failed: 0 },
    });
    expect((m['efficiency'] as { maxAbsError: number }).maxAbsError).toBeLessThan(1e-15);
    expect(logged(join(tmp, 'one')).map((r) => [r.run_id, r.seed, r.point_id, r.counterfactual]).slice(0, 8)).toEqual([
      [0, 1, 0, 'foreign-seller+metaorder+market-maker'], [1, 1, 1, 'metaorder+market-maker'], [2, 1, 2, 'foreign-seller+market-maker'],
      [3, 1, 3, 'market-maker'], [4, 1, 4, 'foreign-seller+metaorder'], [5, 1, 5, 'metaorder'], [6, 1, 6, 'foreign-seller'], [7, 1, 7, 'none'],
    ]);
    expect(String(reference['attribution.csv']).split('\n')[0]).toBe('metric,kind,shapley,ci_low,ci_high,share_of_total,n_seeds');
    expect(String(reference['attribution.csv']).split('\n').filter((l) => l.startsWith('trades,')).map((l) => l.split(',')[1])).toEqual(['baseline', 'foreign-seller', 'metaorder', 'market-maker', 'total', 'all-agents']);
    expect(String(reference['interactions.csv']).split('\n')[0]).toBe('metric,kind_a,kind_b,interaction,ci_low,ci_high,n_seeds');
    expect(String(reference['runs.csv']).split('\n')[0]).toMatch(/^run_id,seed,subset,counterfactual,present\.foreign-seller,present\.metaorder,present\.market-maker,return\.AAA,.*,status,error$/);
  });

  it('2 workers give byte-identical tables', async () => {
    const r = await cli(['attribute', TINY, ...KINDS, '--workers', '2', '--out', join(tmp, 'two'), '--quiet']);
    expect(r.code).toBe(0);
    expect(tableBytes(join(tmp, 'two'))).toEqual(reference);
  }, SLOW_MS);

  it('3 shards merged give byte-identical tables; a missing shard is named with the command to rerun it', async () => {
    const shards = [0, 1, 2].map((i) => join(tmp, 'sharded', 'shards', String(i)));
    const runs = await Promise.all([
      cli(['attribute', TINY, ...KINDS, '--shard', '0/3', '--workers', '1', '--out', shards[0]!, '--quiet']),
      cli(['attribute', TINY, ...KINDS, '--shard', 'auto/3', '--workers', '1', '--out', shards[1]!, '--quiet'], { SLURM_ARRAY_TASK_ID: '1' }),
      cli(['attribute', TINY, ...KINDS, '--shard', '2/3', '--workers', '1', '--out', shards[2]!, '--quiet']),
    ]);
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0]);
    expect(runs[1]!.stderr).toMatch(/^attribution-tiny attribution 1\/3: 5 runs, 5 ok, 0 failed/);
    const merged = join(tmp, 'sharded', 'merged');
    const missing = await cli(['merge', shards[0]!, shards[2]!, '--out', merged]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('  shard 1/3: missing\nresubmit shards 1 of 3:\n  cascade attribute ');
    expect(missing.stderr).toContain('--kinds foreign-seller,metaorder,market-maker --seeds 2 --shard 1/3 --resume');
    const m = await cli(['merge', ...shards, '--out', merged, '--quiet']);
    expect(m.code).toBe(0);
    expect(tableBytes(merged)).toEqual(reference);
  }, SLOW_MS);

  it('--resume of a finished attribution runs nothing and rewrites the same tables; other kinds are another plan', async () => {
    const r = await cli(['attribute', TINY, ...KINDS, '--resume', '--out', join(tmp, 'one'), '--quiet']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/in [\d.]+ s \(\d+ workers?\)\n/);
    expect(tableBytes(join(tmp, 'one'))).toEqual(reference);
    const other = await cli(['attribute', TINY, '--kinds', 'foreign-seller,metaorder', '--seeds', '2', '--resume', '--out', join(tmp, 'one'), '--quiet']);
    expect(other.code).toBe(2);
    expect(other.stderr).toBe(`cannot resume ${join(tmp, 'one')}: the same scenario file now gives a different plan (its --set overrides, --kinds or --seeds, or a file the scenario extends, changed); start over with --force, or use another --out\n`);
  }, SLOW_MS);

  it('each run is `cascade run --seed k` with the kinds outside its subset disabled', async () => {
    const out = join(tmp, 'by-hand');
    const r = await cli(['run', TINY, '--seed', '2', '--disable', 'foreign-seller', '--disable', 'market-maker', '--out', out, '--quiet']);
    expect(r.code).toBe(0);
    const byHand = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Record<string, number | null>;
    const run = logged(join(tmp, 'one')).find((x) => x.seed === 2 && x.point_id === 2)!;
    expect(run.counterfactual).toBe('foreign-seller+market-maker');
    const fromLog = Object.fromEntries(Object.entries(run.summary).map(([k, v]) => [k, typeof v === 'number' ? v : null]));
    expect(fromLog).toEqual(byHand);
  }, SLOW_MS);
});

describe('cascade report on an attribution directory', () => {
  it('draws the waterfall and writes the attribution and interactions tables (booktabs and Markdown)', async () => {
    const dir = join(tmp, 'two');
    const r = await cli(['report', dir, '--formats', 'svg', '--metrics', 'trades,return.BBB']);
    expect(r.stderr, r.stderr).toMatch(/^attribution report: 1 figures \(svg\), 2 tables in [\d.]+ s\n$/);
    expect(r.code).toBe(0);
    const svg = readFileSync(join(dir, 'figures', 'attribution-waterfall.svg'), 'utf8');
    for (const label of ['baseline', 'foreign-seller', 'metaorder', 'market-maker', 'all agents', 'Trades (2 seeds)']) expect(svg).toContain(label);
    const tex = readFileSync(join(dir, 'tables', 'attribution.tex'), 'utf8');
    expect(tex).toContain('\\label{tab:attribution}');
    expect(tex).toContain('\\toprule');
    const md = readFileSync(join(dir, 'tables', 'attribution.md'), 'utf8').split('\n').filter((l) => l.startsWith('| '));
    expect(md[0]).toBe('| Metric | Contribution | Value | CI low | CI high | Share of total (%) | Seeds |');
    expect(md.slice(2).map((l) => l.split(' | ')[1])).toEqual([
      'without the listed kinds', 'foreign-seller', 'metaorder', 'market-maker', 'total (sum of the kinds)', 'all agents',
      'without the listed kinds', 'foreign-seller', 'metaorder', 'market-maker', 'total (sum of the kinds)', 'all agents',
    ]);
    expect(readFileSync(join(dir, 'tables', 'interactions.md'), 'utf8')).toContain('| Trades | foreign-seller × metaorder | 0 | 0 | 0 | 2 |');
    const bad = await cli(['report', dir, '--metrics', 'return.ZZZ']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('unknown metric(s) return.ZZZ; the attribution has trades, orders, return.AAA, return.BBB, realized_vol.BBB\n');
  }, SLOW_MS);
});

describe('cascade attribute: exactness', () => {
  it('two independent sellers in separate stocks: Shapley value = one-at-a-time effect = leave-one-out effect, no interaction', async () => {
    const dir = join(tmp, 'additive');
    const r = await cli(['attribute', TINY, '--kinds', 'foreign-seller,metaorder', '--seeds', '3', '--metrics', 'trades,orders,return.AAA,return.BBB', '--out', dir, '--quiet']);
    expect(r.code).toBe(0);
    const phi = seedValues(dir);
    for (const metric of ['trades', 'orders', 'return.AAA', 'return.BBB']) {
      for (const [seed, v] of games(dir, metric)) {
        // subsets: 0 none, 1 foreign-seller, 2 metaorder, 3 both
        expect(phi.get(`${metric}|${seed}|foreign-seller`), `${metric} seed ${seed}`).toBe(v[1]! - v[0]!);
        expect(phi.get(`${metric}|${seed}|foreign-seller`)).toBe(v[3]! - v[2]!);
        expect(phi.get(`${metric}|${seed}|metaorder`)).toBe(v[2]! - v[0]!);
        expect(phi.get(`${metric}|${seed}|metaorder`)).toBe(v[3]! - v[1]!);
        expect(v[3]! - v[2]! - v[1]! + v[0]!).toBe(0);
      }
    }
    for (const [, v] of games(dir, 'return.BBB')) expect(v[1]).toBe(v[0]); // the AAA seller leaves BBB as it was
    for (const [, v] of games(dir, 'return.AAA')) expect(v[2]).toBe(v[0]); // and the BBB seller leaves AAA
    for (const [metric, a, b, value, lo, hi] of csvRows(join(dir, 'interactions.csv'))) {
      expect([metric, a, b, Number(value), Number(lo), Number(hi)]).toEqual([metric, 'foreign-seller', 'metaorder', 0, 0, 0]);
    }
  }, SLOW_MS);

  it('a seller and the margin accounts only it can call: efficient per seed, a positive interaction', async () => {
    const dir = join(tmp, 'margin');
    const r = await cli(['attribute', MARGIN, '--kinds', 'metaorder,margin-accounts', '--seeds', '3', '--metrics', 'margin_forced_sale_value.d2', '--out', dir, '--quiet']);
    expect(r.code).toBe(0);
    const phi = seedValues(dir);
    const metric = 'margin_forced_sale_value.d2';
    const v = games(dir, metric);
    expect([...v.keys()]).toEqual([1, 2, 3]);
    for (const [seed, g] of v) {
      expect([g[0], g[1], g[2]], `seed ${seed}: no forced sales without both kinds`).toEqual([0, 0, 0]);
      expect(g[3]!).toBeGreaterThan(0);
      const at = (kind: string): number => phi.get(`${metric}|${seed}|${kind}`)!;
      expect(at('metaorder') + at('margin-accounts')).toBe(g[3]! - g[0]!); // efficiency, per seed
      expect(at('total')).toBe(g[3]! - g[0]!);
      expect(at('metaorder')).toBe(g[3]! / 2);
      expect(at('margin-accounts')).toBe(g[3]! / 2);
    }
    const [row] = csvRows(join(dir, 'interactions.csv'));
    const mean = [...v.values()].reduce((s, g) => s + (g[3]! - g[2]! - g[1]! + g[0]!), 0) / 3;
    expect(row!.slice(0, 3)).toEqual([metric, 'metaorder', 'margin-accounts']);
    expect(Number(row![3])).toBeCloseTo(mean, 6);
    expect(Number(row![3])).toBeGreaterThan(0); // complements, in every seed (v(both) > 0 above)
  }, SLOW_MS);
});
