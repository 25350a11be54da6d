// The run directory's data contract, end to end on the built CLI: every Parquet table read by an independent
// reader (hyparquet, pure JS, not the parquet-wasm that wrote it) agrees with the CSV in column types and values;
// each Parquet file carries its units and provenance; docs/results.md documents every column; and the manifest's
// reproduce command regenerates byte-identical tables.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsvRows } from '../../src/results/csv-reader.js';
import { columnDoc, RUN_TABLES } from '../../src/results/data-contract.js';
import { CLI_PATH, makeTempDir, removeTempDir, runCli } from '../cli/run-cli.js';

const SMALL = `
extends: ${join(process.cwd(), 'scenarios', 'baseline.yaml')}
name: small
calendar: { days: 1, stressDay: 0 }
params: { noiseCount: 20, beliefCount: 20 }
`;

let dir: string;
let run: string;
let manifest: Record<string, unknown>;
beforeAll(() => {
  dir = makeTempDir();
  writeFileSync(join(dir, 'small.yaml'), SMALL);
  run = join(dir, 'run');
  const r = runCli(['run', join(dir, 'small.yaml'), '--seed', '3', '--out', run, '--format', 'both', '--quiet', '--set', 'market.latency.orderUs=300']);
  expect(r.stderr).toBe('');
  manifest = JSON.parse(readFileSync(join(run, 'manifest.json'), 'utf8')) as Record<string, unknown>;
});
afterAll(() => removeTempDir(dir));

const tablesIn = (d: string): string[] => readdirSync(d).filter((f) => f.endsWith('.parquet')).map((f) => f.replace(/\.parquet$/, '')).sort();

function arrayBufferOf(path: string): ArrayBuffer {
  const b = readFileSync(path);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

/** The CSV cell a Parquet value must have been written as (the CSV writer's rules). */
function expectedCell(physical: string, v: unknown): string {
  if (physical === 'BYTE_ARRAY') return String(v);
  if (physical === 'INT32' || physical === 'INT64') return String(v);
  const x = v as number;
  if (Number.isNaN(x)) return '';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  return Number.isInteger(x) && !String(x).includes('e') ? `${x}.0` : String(x);
}

/** Read `<name>.parquet` with hyparquet and check its column types and every value against `<name>.csv`. */
async function expectSameAsCsv(d: string, name: string): Promise<void> {
  const file = arrayBufferOf(join(d, `${name}.parquet`));
  const meta = parquetMetadata(file);
  const leaves = meta.schema.slice(1);
  const rows = await parquetReadObjects({ file, compressors });
  const csv = parseCsvRows(readFileSync(join(d, `${name}.csv`), 'utf8'));
  expect(csv[0], name).toEqual(leaves.map((x) => x.name));
  expect(rows.length, name).toBe(csv.length - 1);
  leaves.forEach((leaf, c) => {
    const where = `${name}.${leaf.name}`;
    expect(['INT32', 'INT64', 'DOUBLE', 'BYTE_ARRAY'], where).toContain(leaf.type);
    const cells = csv.slice(1).map((r) => r[c]!);
    // The CSV's own type as a reader infers it: integer cells only in integer columns, decimals only in floats.
    if (leaf.type === 'INT32' || leaf.type === 'INT64') expect(cells.every((x) => /^-?\d+$/.test(x)), where).toBe(true);
    if (leaf.type === 'DOUBLE') expect(cells.every((x) => x === '' || x === 'inf' || x === '-inf' || /[.e]/.test(x)), where).toBe(true);
    expect(rows.map((r) => expectedCell(leaf.type!, r[leaf.name])), where).toEqual(cells);
  });
}

describe('run directory interoperability (hyparquet against the CSV)', () => {
  it('writes the eleven tables, the long summary among them', () => {
    expect(tablesIn(run)).toEqual(['agents', 'auction_indicative', 'bars', 'daily', 'depth', 'flows', 'market_events', 'metrics', 'quotes', 'summary', 'trades']);
  });

  it('every Parquet column has the CSV\'s type (integers stay integers, floats stay floats) and the same values', async () => {
    for (const name of tablesIn(run)) await expectSameAsCsv(run, name);
  });

  it('every Parquet file names its table, units, currency, time base, scenario hash, seed and version', () => {
    for (const name of tablesIn(run)) {
      const kv = parquetMetadata(arrayBufferOf(join(run, `${name}.parquet`))).key_value_metadata ?? [];
      const entry = kv.find((e) => e.key === 'cascade');
      expect(entry, name).toBeDefined();
      const md = JSON.parse(entry!.value!) as Record<string, unknown>;
      expect(md).toMatchObject({
        table: name, version: manifest['version'], scenario_sha256: manifest['scenarioResolvedSha256'], seed: 3, currency: 'KRW', report_currency: 'KRW',
      });
      expect(md['time_base']).toMatch(/^microseconds since 00:00 of day 0/);
      const header = parseCsvRows(readFileSync(join(run, `${name}.csv`), 'utf8'))[0]!;
      expect(Object.keys(md['units'] as object).sort(), name).toEqual([...header].sort());
    }
    const trades = JSON.parse(parquetMetadata(arrayBufferOf(join(run, 'trades.parquet'))).key_value_metadata!.find((e) => e.key === 'cascade')!.value!);
    expect(trades.units).toMatchObject({ t_us: 'us', price: 'KRW', qty: 'shares' });
  });

  it('the long summary table holds summary.json without dotted names', () => {
    const summary = JSON.parse(readFileSync(join(run, 'summary.json'), 'utf8')) as Record<string, number | null>;
    const rows = parseCsvRows(readFileSync(join(run, 'summary.csv'), 'utf8'));
    expect(rows[0]).toEqual(['metric', 'instrument', 'value', 'unit']);
    expect(rows.length - 1).toBe(Object.keys(summary).length);
    const byKey = new Map(rows.slice(1).map((r) => [r[1] === '' ? r[0]! : `${r[0]}.${r[1]}`, r]));
    expect(byKey.get('return.SEC')).toEqual(['return', 'SEC', expectedCell('DOUBLE', summary['return.SEC']), 'fraction']);
    expect(byKey.get('turnover_value.SKH')![3]).toBe('KRW');
    expect(byKey.get('trades')).toEqual(['trades', '', `${summary['trades']}.0`, 'count']);
    expect(rows.slice(1).every((r) => !r[0]!.includes('.'))).toBe(true);
    expect(byKey.has('margin_forced_sale_value_d2')).toBe(true);
  });

  it('docs/results.md documents every column of every table, and the contract covers every column written', () => {
    const docs = readFileSync(join(process.cwd(), 'docs', 'results.md'), 'utf8');
    for (const [table, cols] of Object.entries(RUN_TABLES)) {
      expect(docs, table).toContain(`### \`${table}\``);
      for (const col of Object.keys(cols)) expect(docs, `${table}.${col}`).toContain(`| \`${col}\``);
    }
    for (const name of tablesIn(run)) {
      for (const col of parseCsvRows(readFileSync(join(run, `${name}.csv`), 'utf8'))[0]!) expect(columnDoc(name, col), `${name}.${col}`).toBeDefined();
    }
  });
});

describe('provenance', () => {
  it('the manifest records the dirty flag, lockfile hash, key package versions and the resolved scenario hash', () => {
    expect(typeof manifest['gitDirty'] === 'boolean' || manifest['gitDirty'] === null).toBe(true);
    expect(manifest['lockfileSha256']).toMatch(/^[0-9a-f]{64}$/);
    const lock = JSON.parse(readFileSync(join(process.cwd(), 'package-lock.json'), 'utf8')) as { packages: Record<string, { version: string }> };
    expect(manifest['packages']).toMatchObject({
      'parquet-wasm': lock.packages['node_modules/parquet-wasm']!.version,
      vega: lock.packages['node_modules/vega']!.version,
      seedrandom: lock.packages['node_modules/seedrandom']!.version,
    });
    expect(manifest['scenarioResolvedSha256']).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest['reproduce']).toBe(
      `cascade run ${join(dir, 'small.yaml')} --seed 3 --set market.latency.orderUs=300 --format both --out ${run}-reproduced --quiet`,
    );
  });

  it('the reproduce command regenerates byte-identical tables and summary', () => {
    const words = (manifest['reproduce'] as string).split(' ');
    expect(words[0]).toBe('cascade');
    const r = spawnSync(process.execPath, [CLI_PATH, ...words.slice(1)], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const again = `${run}-reproduced`;
    const files = readdirSync(run).filter((f) => f !== 'manifest.json').sort();
    expect(readdirSync(again).filter((f) => f !== 'manifest.json').sort()).toEqual(files);
    for (const f of files) expect(readFileSync(join(again, f)).equals(readFileSync(join(run, f))), f).toBe(true);
    const m2 = JSON.parse(readFileSync(join(again, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    expect(m2['scenarioResolvedSha256']).toBe(manifest['scenarioResolvedSha256']);
  });
});

describe('sweep directory interoperability', () => {
  it('every sweep Parquet table equals its CSV in types and values, and names its sweep, plan and units', async () => {
    const sweepDir = join(dir, 'sweep');
    const r = runCli(['sweep', join(process.cwd(), 'test', 'sweep', 'fixtures', 'tiny.yaml'), '--out', sweepDir, '--workers', '1', '--quiet']);
    expect(r.code).toBe(0);
    const m = JSON.parse(readFileSync(join(sweepDir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    expect(m['baseScenarioResolvedSha256']).toMatch(/^[0-9a-f]{64}$/);
    expect((m['baseScenario'] as { name: string }).name).toBe('baseline');
    expect(m['lockfileSha256']).toBe(manifest['lockfileSha256']);
    const names = tablesIn(sweepDir);
    expect(names).toEqual(expect.arrayContaining(['effects', 'points', 'runs']));
    for (const name of names) {
      await expectSameAsCsv(sweepDir, name);
      const kv = parquetMetadata(arrayBufferOf(join(sweepDir, `${name}.parquet`))).key_value_metadata!.find((e) => e.key === 'cascade')!;
      const md = JSON.parse(kv.value!) as { units: Record<string, string> } & Record<string, unknown>;
      expect(md).toMatchObject({ table: name, version: m['version'], sweep_sha256: m['sweepSha256'], plan_sha256: m['planSha256'], seed: 7 });
      const header = parseCsvRows(readFileSync(join(sweepDir, `${name}.csv`), 'utf8'))[0]!;
      expect(Object.keys(md.units).sort(), name).toEqual([...header].sort());
    }
    const runsUnits = JSON.parse(parquetMetadata(arrayBufferOf(join(sweepDir, 'runs.parquet'))).key_value_metadata!.find((e) => e.key === 'cascade')!.value!).units;
    expect(runsUnits).toMatchObject({ 'return.SEC': 'fraction', trades: 'count', wall_s: 's', seed: '' });
  }, 120_000);
});

