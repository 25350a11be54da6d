// A run's output directory, written atomically: everything goes into a sibling `<outDir>.tmp-<hex>`, each file is
// fsynced, then one rename makes the complete directory appear. An existing outDir is refused unless forced; when
// forced, it is swapped out only after the new directory is complete. On any error the temp directory is removed
// and outDir is left as it was. Limit: the forced swap is two renames, so a crash between them leaves the old run
// at `<outDir>.old-<hex>` and no outDir (never a half-written one).

import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { ColumnTable } from '../core/table.js';
import { writeCsv } from './csv-writer.js';
import { writeParquet } from './parquet-writer.js';
import { fsyncDir } from '../sweep/store.js';

/** One non-table file of a run: `json` is pretty-printed (2 spaces, trailing newline), `text` written as is. */
export interface RunFile {
  readonly name: string;
  readonly json?: unknown;
  readonly text?: string;
}

export interface RunDirContents {
  readonly files: readonly RunFile[];
  readonly tables: readonly ColumnTable[];
}

/** Which table formats to write: `<name>.parquet`, `<name>.csv`, or both. */
export type TableFormat = 'parquet' | 'csv' | 'both';

export interface RunDirOptions {
  readonly format: TableFormat;
  /** Replace an existing outDir (the CLI's --force). */
  readonly force: boolean;
  /** Key-value metadata of each table's Parquet file (units, provenance); none when absent. */
  readonly parquetMetadata?: (table: ColumnTable) => ReadonlyMap<string, string>;
}

/** outDir already exists and overwriting was not asked for. */
export class OutputExistsError extends Error {
  constructor(readonly outDir: string) {
    super(`${outDir} already exists; pass --force to overwrite it`);
    this.name = 'OutputExistsError';
  }
}

const SAFE_NAME = /^[^/\\\0]+$/;

function checkName(name: string, what: string): void {
  if (!SAFE_NAME.test(name) || name === '.' || name === '..') {
    throw new Error(`${what} name ${JSON.stringify(name)} must be a plain file name (no path separators)`);
  }
}

/** The file names the contents will produce, checked to be plain and distinct before anything is written. */
function plannedNames(contents: RunDirContents, format: TableFormat): string[] {
  const names = contents.files.map((f) => {
    checkName(f.name, 'file');
    return f.name;
  });
  for (const t of contents.tables) {
    checkName(t.name, 'table');
    if (format !== 'csv') names.push(`${t.name}.parquet`);
    if (format !== 'parquet') names.push(`${t.name}.csv`);
  }
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) throw new Error(`two outputs are both named ${n}`);
    seen.add(n);
  }
  return names;
}

/** The bytes of one RunFile: exactly one of `json` or `text` must be given. */
function fileText(f: RunFile): string {
  if ((f.json === undefined) === (f.text === undefined)) {
    throw new Error(`file ${f.name}: give exactly one of json or text`);
  }
  if (f.text !== undefined) return f.text;
  const json = JSON.stringify(f.json, null, 2) as string | undefined;
  if (json === undefined) throw new Error(`file ${f.name}: value is not JSON-serialisable`);
  return json + '\n';
}

function writeDurable(path: string, text: string): void {
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, text, null, 'utf8');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}


async function writeContents(dir: string, texts: readonly string[], contents: RunDirContents, opts: RunDirOptions): Promise<void> {
  const format = opts.format;
  contents.files.forEach((f, i) => writeDurable(join(dir, f.name), texts[i]!));
  for (const t of contents.tables) {
    if (format !== 'csv') await writeParquet(t, join(dir, `${t.name}.parquet`), opts.parquetMetadata?.(t));
    if (format !== 'parquet') writeCsv(t, join(dir, `${t.name}.csv`));
  }
  fsyncDir(dir);
}

/**
 * Move the complete `tmp` to `outDir`. An outDir that appeared meanwhile is refused unless forced; a forced one is
 * renamed aside only now and its new path returned for removal (see the file header).
 */
function publish(tmp: string, outDir: string, opts: RunDirOptions, hex: string): string | undefined {
  if (!existsSync(outDir)) {
    renameSync(tmp, outDir);
    return undefined;
  }
  if (!opts.force) throw new OutputExistsError(outDir);
  const old = `${outDir}.old-${hex}`;
  renameSync(outDir, old);
  try {
    renameSync(tmp, outDir);
  } catch (e) {
    renameSync(old, outDir);
    throw e;
  }
  return old;
}

/**
 * Write a run directory atomically and return its absolute path. Throws {@link OutputExistsError} before writing
 * anything if outDir exists and `force` is false. Parent directories are created as needed. Names (plain and
 * distinct) and file values (exactly one of json/text, JSON-serialisable) are checked before anything is written. On failure nothing at outDir changes and no temporary directory is left behind.
 */
export async function writeRunDir(outDir: string, contents: RunDirContents, opts: RunDirOptions): Promise<string> {
  const target = resolve(outDir);
  if (existsSync(target) && !opts.force) throw new OutputExistsError(outDir);
  plannedNames(contents, opts.format);
  const texts = contents.files.map(fileText);
  const parent = dirname(target);
  mkdirSync(parent, { recursive: true });
  // Random only to keep concurrent writers apart; it never reaches the output.
  const hex = randomBytes(6).toString('hex');
  const tmp = join(parent, `${basename(target)}.tmp-${hex}`);
  mkdirSync(tmp);
  let old: string | undefined;
  try {
    await writeContents(tmp, texts, contents, opts);
    old = publish(tmp, target, opts, hex);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  fsyncDir(parent);
  if (old !== undefined) rmSync(old, { recursive: true, force: true });
  return target;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/**
 * The default run directory `<root>/<scenarioName>/<YYYYMMDD-HHMMSS>-seed<seed>`, the time in UTC
 * (e.g. results/crash/20240305-090702-seed42). Throws if scenarioName is not a plain name.
 */
export function defaultRunDir(root: string, scenarioName: string, startedAt: Date, seed: number | string): string {
  checkName(scenarioName, 'scenario');
  const d = startedAt;
  if (Number.isNaN(d.getTime())) throw new RangeError('startedAt is an invalid Date');
  const stamp =
    `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1, 2)}${pad(d.getUTCDate(), 2)}-` +
    `${pad(d.getUTCHours(), 2)}${pad(d.getUTCMinutes(), 2)}${pad(d.getUTCSeconds(), 2)}`;
  const leaf = `${stamp}-seed${seed}`;
  checkName(leaf, 'run directory');
  return join(root, scenarioName, leaf);
}
