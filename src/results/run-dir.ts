// A run's output directory, written atomically: everything goes into a hidden sibling `.<leaf>.tmp-<pid>-<hex>`
// (hidden, so no glob of finished runs such as `results/x/*/summary.json` matches it; one left by a killed process
// is swept by the next write into the same parent), each file is fsynced, then one rename makes the complete
// directory appear. An existing outDir is refused unless forced, and `--force` replaces only a directory cascade
// wrote itself (its manifest.json says `"tool": "cascade-sim"`), never the working directory, one of its
// ancestors, or a non-directory. When forced, the old directory is swapped out only after the new one is
// complete. On any error the temp directory is removed and outDir is left as it was. Limit: the forced swap is
// two renames, so a crash between them leaves the old run at `.<leaf>.old-<pid>-<hex>` and no outDir.

import { createHash, randomBytes } from 'node:crypto';
import { accessSync, constants, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, parse, resolve, sep } from 'node:path';
import type { ColumnTable } from '../core/table.js';
import { writeCsv } from './csv-writer.js';
import { writeParquet } from './parquet-writer.js';
import { fsyncDir, MANIFEST_FILE, writeFileDurable } from '../io/durable.js';

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

/** The tool name a run directory's manifest.json carries; `--force` replaces only directories that carry it. */
export const RUN_DIR_TOOL = 'cascade-sim';

/** outDir may not be written or replaced (the working directory, a file, a directory cascade did not write, ...). */
export class UnsafeOutputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsafeOutputError';
  }
}

/**
 * Why `--force` may not replace `outDir`, or undefined when it may (it is absent, or a run directory cascade
 * wrote). Refused: the working directory or an ancestor of it (a file-system root included), a symbolic link, a
 * non-directory, and any directory without a cascade manifest (a results root holding many runs, say).
 */
export function forceRefusal(outDir: string, cwd: string = process.cwd()): string | undefined {
  const target = resolve(outDir);
  const here = resolve(cwd);
  if (target === parse(target).root || here === target || here.startsWith(target.endsWith(sep) ? target : target + sep)) {
    return `${outDir} is the working directory or one of its parents; --force never replaces it (choose a new --out)`;
  }
  let st;
  try {
    st = lstatSync(target);
  } catch {
    return undefined;
  }
  if (st.isSymbolicLink()) return `${outDir} is a symbolic link; --force never replaces it (choose a new --out)`;
  if (!st.isDirectory()) return `${outDir} exists and is not a directory; --force never replaces it (choose a new --out)`;
  if (!isRunDir(target)) {
    return `${outDir} is not a run directory written by cascade (no manifest.json naming ${RUN_DIR_TOOL}); --force replaces only those`;
  }
  return undefined;
}

/** Whether `dir` holds a manifest.json written by cascade. */
export function isRunDir(dir: string): boolean {
  try {
    const m = JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')) as { tool?: unknown } | null;
    return m !== null && typeof m === 'object' && m.tool === RUN_DIR_TOOL;
  } catch {
    return false;
  }
}

/**
 * Why nothing can be written at `outDir`, or undefined: its nearest existing ancestor must be a writable
 * directory (checked before a run starts, so an EACCES or ENOTDIR is not found after simulating).
 */
export function unwritableReason(outDir: string): string | undefined {
  let dir = dirname(resolve(outDir));
  for (;;) {
    let st;
    try {
      st = statSync(dir);
    } catch {
      const up = dirname(dir);
      if (up === dir) return `cannot create ${outDir}: no existing parent directory`;
      dir = up;
      continue;
    }
    if (!st.isDirectory()) return `cannot create ${outDir}: ${dir} is not a directory`;
    try {
      accessSync(dir, constants.W_OK | constants.X_OK);
    } catch (e) {
      return `cannot write ${outDir}: ${dir} is not writable (${(e as NodeJS.ErrnoException).code ?? 'denied'})`;
    }
    return undefined;
  }
}

/** Check before any work that `outDir` may be written with these options; throws the error the CLI prints. */
export function checkOutDir(outDir: string, force: boolean): void {
  if (existsSync(outDir) || isSymlink(outDir)) {
    if (!force) throw new OutputExistsError(outDir);
    const why = forceRefusal(outDir);
    if (why !== undefined) throw new UnsafeOutputError(why);
  } else if (force) {
    const why = forceRefusal(outDir);
    if (why !== undefined) throw new UnsafeOutputError(why);
  }
  const why = unwritableReason(outDir);
  if (why !== undefined) throw new UnsafeOutputError(why);
}

function isSymlink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Hidden temp names beside run directories: `.<leaf>.tmp-<pid>-<hex>`. */
const TEMP_RE = /^\..+\.tmp-(\d+)-[0-9a-f]+$/;

/** Remove temp directories in `parent` left by processes that are no longer running (killed mid-write). */
export function sweepStaleTemps(parent: string): string[] {
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const n of names) {
    const m = TEMP_RE.exec(n);
    if (m === null || processAlive(Number(m[1]))) continue;
    rmSync(join(parent, n), { recursive: true, force: true });
    removed.push(n);
  }
  return removed;
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
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

async function writeContents(dir: string, texts: readonly string[], contents: RunDirContents, opts: RunDirOptions): Promise<void> {
  const format = opts.format;
  contents.files.forEach((f, i) => writeFileDurable(join(dir, f.name), texts[i]!));
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
  const why = forceRefusal(outDir);
  if (why !== undefined) throw new UnsafeOutputError(why);
  const old = join(dirname(outDir), `.${basename(outDir)}.old-${process.pid}-${hex}`);
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
 * anything if outDir exists and `force` is false, {@link UnsafeOutputError} if it may not be replaced or written. Parent directories are created as needed. Names (plain and
 * distinct) and file values (exactly one of json/text, JSON-serialisable) are checked before anything is written. On failure nothing at outDir changes and no temporary directory is left behind.
 */
export async function writeRunDir(outDir: string, contents: RunDirContents, opts: RunDirOptions): Promise<string> {
  const target = resolve(outDir);
  checkOutDir(outDir, opts.force);
  plannedNames(contents, opts.format);
  const texts = contents.files.map(fileText);
  const parent = dirname(target);
  mkdirSync(parent, { recursive: true });
  sweepStaleTemps(parent);
  // Random only to keep concurrent writers apart; it never reaches the output.
  const hex = randomBytes(6).toString('hex');
  const tmp = join(parent, `.${basename(target)}.tmp-${process.pid}-${hex}`);
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
 * The default run directory `<root>/<scenarioName>/<YYYYMMDD-HHMMSS>-seed<seed>[-<tag>]`, the time in UTC
 * (e.g. results/crash/20240305-090702-seed42-3fa2c1). `tag` (see {@link variantTag}) keeps a run and its
 * `--set`/`--disable` variants started in the same second apart. Throws if scenarioName is not a plain name.
 */
export function defaultRunDir(root: string, scenarioName: string, startedAt: Date, seed: number | string, tag = ''): string {
  checkName(scenarioName, 'scenario');
  const d = startedAt;
  if (Number.isNaN(d.getTime())) throw new RangeError('startedAt is an invalid Date');
  const stamp =
    `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1, 2)}${pad(d.getUTCDate(), 2)}-` +
    `${pad(d.getUTCHours(), 2)}${pad(d.getUTCMinutes(), 2)}${pad(d.getUTCSeconds(), 2)}`;
  const leaf = `${stamp}-seed${seed}${tag === '' ? '' : `-${tag}`}`;
  checkName(leaf, 'run directory');
  return join(root, scenarioName, leaf);
}

/**
 * A short hash (6 hex digits) of a run's overrides and disabled kinds, '' when there are none. Order-insensitive
 * for disabled kinds (a set); overrides keep their order (later ones win).
 */
export function variantTag(overrides: readonly string[], disabled: readonly string[]): string {
  if (overrides.length === 0 && disabled.length === 0) return '';
  const key = JSON.stringify({ set: overrides, disable: [...new Set(disabled)].sort() });
  return createHash('sha256').update(key).digest('hex').slice(0, 6);
}
