import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTable, type ColumnTable } from '../../src/core/table.js';
import { tableToCsv } from '../../src/results/csv-writer.js';
import { readParquet } from '../../src/results/parquet-writer.js';
import {
  OutputExistsError, UnsafeOutputError, defaultRunDir, forceRefusal, sweepStaleTemps, variantTag, writeRunDir, type RunDirContents,
} from '../../src/results/run-dir.js';

const trades = makeTable('trades', [
  { name: 'price', type: 'int', values: Int32Array.from([100, 101]) },
  { name: 'side', type: 'string', values: ['buy', 'sell, short'] },
]);
const mids = makeTable('mids', [{ name: 'mid', type: 'float', values: Float64Array.from([100.5, NaN]) }]);
const broken = makeTable('broken', [{ name: 'x', type: 'complex', values: [] } as never]);

const contents: RunDirContents = {
  files: [
    { name: 'summary.json', json: { seed: 42, metrics: { maxDrawdown: 0.25 }, tags: ['a'] } },
    { name: 'README.txt', text: 'hello\n' },
  ],
  tables: [trades, mids],
};

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'run-dir-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** A directory's entries, sorted, with their contents (files as text). */
function snapshot(dir: string): Array<[string, string]> {
  return readdirSync(dir).sort().map((n) => [n, readFileSync(join(dir, n), 'latin1')]);
}

/** A run directory as cascade writes it (its manifest names the tool, so --force may replace it). */
function existingRun(dir: string): Array<[string, string]> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'manifest.json'), '{"tool": "cascade-sim"}\n');
  writeFileSync(join(dir, 'summary.json'), '{"old": true}\n');
  writeFileSync(join(dir, 'trades.csv'), 'old\n');
  return snapshot(dir);
}

function expectRoundTrip(read: ColumnTable, t: ColumnTable): void {
  expect(read.columns.map((c) => [c.name, c.type, Array.from(c.values as ArrayLike<unknown>)]))
    .toEqual(t.columns.map((c) => [c.name, c.type, Array.from(c.values as ArrayLike<unknown>)]));
}

describe('writeRunDir', () => {
  it('writes every file and table into a new directory, creating parents, leaving no temp dirs', async () => {
    const out = join(root, 'results', 'crash', 'run1');
    await expect(writeRunDir(out, contents, { format: 'both', force: false })).resolves.toBe(out);
    expect(readdirSync(join(root, 'results', 'crash'))).toEqual(['run1']);
    expect(readdirSync(out).sort()).toEqual([
      'README.txt', 'mids.csv', 'mids.parquet', 'summary.json', 'trades.csv', 'trades.parquet',
    ]);
    expect(readFileSync(join(out, 'summary.json'), 'utf8')).toBe(
      '{\n  "seed": 42,\n  "metrics": {\n    "maxDrawdown": 0.25\n  },\n  "tags": [\n    "a"\n  ]\n}\n',
    );
    expect(readFileSync(join(out, 'README.txt'), 'utf8')).toBe('hello\n');
    expect(readFileSync(join(out, 'trades.csv'), 'utf8')).toBe('price,side\n100,buy\n101,"sell, short"\n');
    expect(readFileSync(join(out, 'mids.csv'), 'utf8')).toBe(tableToCsv(mids));
    expectRoundTrip(await readParquet(join(out, 'trades.parquet')), trades);
    expectRoundTrip(await readParquet(join(out, 'mids.parquet')), mids);
  });

  it('writes only the chosen table format', async () => {
    await writeRunDir(join(root, 'p'), contents, { format: 'parquet', force: false });
    await writeRunDir(join(root, 'c'), contents, { format: 'csv', force: false });
    expect(readdirSync(join(root, 'p')).sort()).toEqual(['README.txt', 'mids.parquet', 'summary.json', 'trades.parquet']);
    expect(readdirSync(join(root, 'c')).sort()).toEqual(['README.txt', 'mids.csv', 'summary.json', 'trades.csv']);
  });

  it('builds the run in a sibling temp dir; outDir appears only once complete', async () => {
    const out = join(root, 'run');
    const pending = writeRunDir(out, contents, { format: 'both', force: false });
    // Before the first await inside writeRunDir resolves, the JSON files sit in the temp dir and outDir is absent.
    const during = readdirSync(root);
    expect(during).toHaveLength(1);
    expect(during[0]).toMatch(/^\.run\.tmp-\d+-[0-9a-f]{12}$/); // hidden: no `*/summary.json` glob matches it
    expect(readdirSync(join(root, during[0]!)).sort()).toEqual(['README.txt', 'summary.json']);
    await pending;
    expect(readdirSync(root)).toEqual(['run']);
    expect(readdirSync(out)).toHaveLength(6);
  });

  it('refuses an existing outDir without force, before writing anything, and leaves it untouched', async () => {
    const out = join(root, 'run');
    const before = existingRun(out);
    const attempt = writeRunDir(out, contents, { format: 'both', force: false });
    expect(readdirSync(root)).toEqual(['run']);
    await expect(attempt).rejects.toThrow(new OutputExistsError(out));
    await expect(writeRunDir(out, contents, { format: 'csv', force: false })).rejects.toThrow(
      `${out} already exists; pass --force to overwrite it`,
    );
    await expect(writeRunDir(out, contents, { format: 'csv', force: false })).rejects.toBeInstanceOf(OutputExistsError);
    expect(snapshot(out)).toEqual(before);
    expect(readdirSync(root)).toEqual(['run']);
  });

  it('with force, replaces the existing outDir and removes the old one', async () => {
    const out = join(root, 'run');
    existingRun(out);
    writeFileSync(join(out, 'stale.txt'), 'only in the old run\n');
    await writeRunDir(out, contents, { format: 'csv', force: true });
    expect(readdirSync(root)).toEqual(['run']);
    expect(readdirSync(out).sort()).toEqual(['README.txt', 'mids.csv', 'summary.json', 'trades.csv']);
    expect(readFileSync(join(out, 'trades.csv'), 'utf8')).toBe(tableToCsv(trades));
  });

  it.each(['parquet', 'csv'] as const)('a failing %s table write leaves nothing at outDir and no temp dir', async (format) => {
    const failing: RunDirContents = { files: contents.files, tables: [trades, broken] };
    const out = join(root, 'nested', 'run');
    await expect(writeRunDir(out, failing, { format, force: false })).rejects.toThrow(
      'table broken: column x has unsupported type complex',
    );
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(join(root, 'nested'))).toEqual([]);
  });

  it('a failing write with force leaves the existing outDir exactly as it was', async () => {
    const out = join(root, 'run');
    const before = existingRun(out);
    const failing: RunDirContents = { files: contents.files, tables: [trades, broken] };
    await expect(writeRunDir(out, failing, { format: 'both', force: true })).rejects.toThrow('unsupported type complex');
    expect(snapshot(out)).toEqual(before);
    expect(readdirSync(root)).toEqual(['run']);
  });

  it('checks names and file values before creating anything', async () => {
    const out = join(root, 'a', 'run');
    const opts = { format: 'both', force: false } as const;
    await expect(writeRunDir(out, { files: [{ name: 'x.json', json: 1 }, { name: 'x.json', text: '' }], tables: [] }, opts))
      .rejects.toThrow('two outputs are both named x.json');
    await expect(writeRunDir(out, { files: [{ name: 'trades.csv', text: '' }], tables: [trades] }, opts))
      .rejects.toThrow('two outputs are both named trades.csv');
    await expect(writeRunDir(out, { files: [{ name: '../escape.txt', text: '' }], tables: [] }, opts))
      .rejects.toThrow('file name "../escape.txt" must be a plain file name (no path separators)');
    await expect(writeRunDir(out, { files: [{ name: 'both.txt', json: 1, text: '1' }], tables: [] }, opts))
      .rejects.toThrow('file both.txt: give exactly one of json or text');
    await expect(writeRunDir(out, { files: [{ name: 'none.txt' }], tables: [] }, opts))
      .rejects.toThrow('file none.txt: give exactly one of json or text');
    await expect(writeRunDir(out, { files: [{ name: 'f.json', json: () => 1 }], tables: [] }, opts))
      .rejects.toThrow('file f.json: value is not JSON-serialisable');
    expect(readdirSync(root)).toEqual([]);
  });
});

describe('defaultRunDir', () => {
  it('is <root>/<scenario>/<YYYYMMDD-HHMMSS>-seed<seed> in UTC', () => {
    const at = new Date(Date.UTC(2024, 2, 5, 9, 7, 2, 999));
    expect(defaultRunDir('results', 'crash', at, 42)).toBe('results/crash/20240305-090702-seed42');
    expect(defaultRunDir('/data/out/', 'flash', new Date('1999-12-31T23:59:59-05:00'), 'abc'))
      .toBe('/data/out/flash/20000101-045959-seedabc');
  });

  it('rejects a scenario name with a path separator and an invalid date', () => {
    expect(() => defaultRunDir('r', 'a/b', new Date(0), 1)).toThrow('scenario name "a/b" must be a plain file name');
    expect(() => defaultRunDir('r', 'x', new Date(Number.NaN), 1)).toThrow('startedAt is an invalid Date');
  });
});

describe('--force replaces only run directories cascade wrote', () => {
  it('refuses the working directory and its ancestors, files, and directories without a cascade manifest', () => {
    const cwd = join(root, 'work', 'here');
    mkdirSync(cwd, { recursive: true });
    writeFileSync(join(root, 'file.txt'), 'x');
    mkdirSync(join(root, 'results', 'a'), { recursive: true });
    expect(forceRefusal(cwd, cwd)).toContain('is the working directory or one of its parents');
    expect(forceRefusal(join(root, 'work'), cwd)).toContain('is the working directory or one of its parents');
    expect(forceRefusal('/', cwd)).toContain('is the working directory or one of its parents');
    expect(forceRefusal(join(root, 'file.txt'), cwd)).toContain('is not a directory');
    expect(forceRefusal(join(root, 'results'), cwd)).toContain('is not a run directory written by cascade');
    expect(forceRefusal(join(root, 'absent'), cwd)).toBeUndefined();
    existingRun(join(root, 'results', 'a', 'run'));
    expect(forceRefusal(join(root, 'results', 'a', 'run'), cwd)).toBeUndefined();
  });

  it('writeRunDir with force refuses a results root and leaves it exactly as it was', async () => {
    const results = join(root, 'results');
    existingRun(join(results, 'x', 'run1'));
    const before = readdirSync(results);
    await expect(writeRunDir(results, contents, { format: 'csv', force: true })).rejects.toBeInstanceOf(UnsafeOutputError);
    expect(readdirSync(results)).toEqual(before);
    expect(readdirSync(join(results, 'x', 'run1')).sort()).toEqual(['manifest.json', 'summary.json', 'trades.csv']);
  });

  it('sweeps temp directories of dead processes, keeps live ones', () => {
    mkdirSync(join(root, '.run.tmp-999999999-abcdef012345'));
    mkdirSync(join(root, `.run.tmp-${process.pid}-abcdef012345`));
    expect(sweepStaleTemps(root)).toEqual(['.run.tmp-999999999-abcdef012345']);
    expect(readdirSync(root)).toEqual([`.run.tmp-${process.pid}-abcdef012345`]);
  });
});

describe('variantTag', () => {
  it('is empty without overrides or disabled kinds, and tells variants apart', () => {
    expect(variantTag([], [])).toBe('');
    const a = variantTag([], ['value-trader']);
    expect(a).toMatch(/^[0-9a-f]{6}$/);
    expect(variantTag([], ['value-trader', 'value-trader'])).toBe(a);
    expect(variantTag(['seed=2'], [])).not.toBe(a);
    expect(defaultRunDir('results', 'x', new Date(0), 1, a)).toBe(`results/x/19700101-000000-seed1-${a}`);
  });
});
