// Load a run directory or a sweep directory from disk (README "run directory contract"; issue 5 for sweeps):
// manifest.json, summary.json and every table present, each read from Parquet when there is one, else from CSV.
// Nothing here imports the simulator: the report sees exactly what a reader of the directory sees. What the
// figures need from the scenario (stress day, instruments, leverage, index, session) comes from the manifest's
// resolved scenario, with fallbacks read off the tables when a field is missing.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KRX_SESSION_CLOCK } from '../core/krx-defaults.js';
import type { ColumnTable } from '../core/table.js';
import { parseClock } from '../core/time.js';
import { MANIFEST_FILE } from '../io/durable.js';
import { readCsv } from './csv-reader.js';
import { readParquet } from './parquet-writer.js';

export type Json = Record<string, unknown>;

/** One instrument of the run's scenario. */
export interface InstrumentInfo {
  readonly symbol: string;
  readonly leverage: number;
}

/** What the report needs to know about a run besides its tables. */
export interface RunInfo {
  readonly name: string;
  readonly description: string;
  readonly days: number;
  readonly stressDay: number;
  readonly instruments: readonly InstrumentInfo[];
  /** The index's name, or null when the scenario has none. */
  readonly indexName: string | null;
  readonly currency: string;
  /** Currency of the value metrics in summary.json, and of every money value the report shows. */
  readonly reportCurrency: string;
  /** Units of `currency` per unit of `reportCurrency` (1 when they are the same). */
  readonly fxRate: number;
  /** Session open and close, microseconds from midnight. */
  readonly openUs: number;
  readonly closeUs: number;
}

export interface RunData {
  readonly kind: 'run';
  readonly dir: string;
  readonly manifest: Json;
  readonly summary: Readonly<Record<string, number | null>>;
  readonly tables: ReadonlyMap<string, ColumnTable>;
  readonly info: RunInfo;
}

export interface SweepData {
  readonly kind: 'sweep';
  readonly dir: string;
  readonly manifest: Json;
  readonly tables: ReadonlyMap<string, ColumnTable>;
}

/** A directory that is neither a run nor a sweep, or is missing a file the report needs, or holds one it cannot read. */
export class ReportInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportInputError';
  }
}

/**
 * How to get a damaged file of `dir` back, for the one-line error: a run is re-run with the command its manifest
 * records (deterministic, so the same tables); a sweep's tables are rebuilt from runs.jsonl by resuming it (only
 * missing runs run); a calibration is resumed. Paths are echoed as given, as the CLI's other hints do.
 */
export function rewriteHint(dir: string, manifest: Json): string {
  const reproduce = typeof manifest['reproduce'] === 'string' ? manifest['reproduce'] : undefined;
  if (manifest['kind'] === 'calibration' && typeof manifest['calibrationPath'] === 'string') {
    return `re-run with: cascade calibrate ${manifest['calibrationPath']} --resume --out ${dir}`;
  }
  if (manifest['kind'] === 'sweep' && reproduce !== undefined) return `rebuild its tables from runs.jsonl with: ${reproduce} --resume --out ${dir}`;
  if (reproduce !== undefined) return `re-run with: ${reproduce} (then report that directory)`;
  return 're-run the cascade command that wrote this directory (with --force to replace it)';
}

/** The one-line error for a file that exists but cannot be decoded (cut short by a crash or a full disk, say). */
export function damagedFileError(path: string, cause: unknown, hint: string): ReportInputError {
  const why = (cause instanceof Error ? cause.message : String(cause)).replace(/\s+/g, ' ').trim();
  return new ReportInputError(`${path} cannot be read (${why}): the file is truncated or damaged; ${hint}`);
}

/** Which kind of directory `dir` is: a sweep holds a `runs` table, a run holds summary.json and `bars`. */
export function detectDirKind(dir: string): 'run' | 'sweep' {
  if (!existsSync(dir)) throw new ReportInputError(`${dir} does not exist`);
  const has = (name: string): boolean => existsSync(join(dir, `${name}.parquet`)) || existsSync(join(dir, `${name}.csv`));
  if (has('runs')) return 'sweep';
  if (existsSync(join(dir, 'summary.json')) && has('bars')) return 'run';
  throw new ReportInputError(
    `${dir} is neither a run directory (summary.json and bars.parquet|csv) nor a sweep directory (runs.parquet|csv)`,
  );
}

/** A JSON file of `dir` (manifest.json, summary.json); a damaged one is a ReportInputError saying how to rewrite it. */
export function readJson(path: string, hint: string): Json {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Json;
  } catch (e) {
    throw damagedFileError(path, e, hint);
  }
}

/** The manifest of `dir` ({} when it has none). A damaged one cannot say how to rewrite itself: the hint is generic. */
function readManifest(dir: string): Json {
  const path = join(dir, MANIFEST_FILE);
  return existsSync(path) ? readJson(path, rewriteHint(dir, {})) : {};
}

/**
 * Every table in `dir` (Parquet preferred over CSV), by name. Report outputs (figures/, tables/) are not tables.
 * A file that cannot be decoded is a ReportInputError naming it, before anything of the report is written.
 */
async function readTables(dir: string, hint: string): Promise<Map<string, ColumnTable>> {
  const out = new Map<string, ColumnTable>();
  const files = readdirSync(dir).sort();
  for (const f of files.filter((x) => x.endsWith('.parquet'))) {
    try {
      out.set(f.slice(0, -8), await readParquet(join(dir, f)));
    } catch (e) {
      throw damagedFileError(join(dir, f), e, hint);
    }
  }
  for (const f of files.filter((x) => x.endsWith('.csv'))) {
    const name = f.slice(0, -4);
    if (!out.has(name)) out.set(name, readCsvChecked(join(dir, f), hint));
  }
  return out;
}

/** readCsv, with a file that cannot be parsed (a row cut short, an unterminated quote) as a ReportInputError. */
export function readCsvChecked(path: string, hint: string, stringColumns?: ReadonlySet<string>): ColumnTable {
  try {
    return readCsv(path, stringColumns);
  } catch (e) {
    throw damagedFileError(path, e, hint);
  }
}

/** Load a run directory. @throws ReportInputError when manifest.json, summary.json or bars is missing */
export async function loadRun(dir: string): Promise<RunData> {
  if (detectDirKind(dir) !== 'run') throw new ReportInputError(`${dir} is a sweep directory, not a run directory`);
  const manifest = readManifest(dir);
  const hint = rewriteHint(dir, manifest);
  const summary = readJson(join(dir, 'summary.json'), hint) as Record<string, number | null>;
  const tables = await readTables(dir, hint);
  return { kind: 'run', dir, manifest, summary, tables, info: runInfo(manifest, tables) };
}

/** Load a sweep directory. */
export async function loadSweep(dir: string): Promise<SweepData> {
  if (detectDirKind(dir) !== 'sweep') throw new ReportInputError(`${dir} is a run directory, not a sweep directory`);
  const manifest = readManifest(dir);
  return { kind: 'sweep', dir, manifest, tables: await readTables(dir, rewriteHint(dir, manifest)) };
}

const obj = (x: unknown): Json => (x !== null && typeof x === 'object' && !Array.isArray(x) ? (x as Json) : {});
const str = (x: unknown, d: string): string => (typeof x === 'string' ? x : d);
const num = (x: unknown, d: number): number => (typeof x === 'number' && Number.isFinite(x) ? x : d);

/** A manifest's clock time ("09:00", "09:00:00") in microseconds from midnight; `fallback` (a clock time) when absent or malformed. */
function clockUs(text: unknown, fallback: string): number {
  try {
    return parseClock(typeof text === 'string' ? text : fallback);
  } catch {
    return parseClock(fallback);
  }
}

/** The run's scenario facts, from the manifest's resolved scenario, with fallbacks from the tables. */
export function runInfo(manifest: Json, tables: ReadonlyMap<string, ColumnTable>): RunInfo {
  const sc = obj(manifest['scenario']);
  const cal = obj(sc['calendar']);
  const market = obj(sc['market']);
  const session = obj(cal['session']);
  const daily = tables.get('daily');
  const dayCol = daily?.columns.find((c) => c.name === 'day');
  const maxDay = dayCol && dayCol.type !== 'string' ? Math.max(-1, ...dayCol.values) : -1;
  const days = num(cal['days'], maxDay + 1);
  const listed = Array.isArray(market['instruments']) ? (market['instruments'] as unknown[]).map(obj) : [];
  const instruments = listed.map((i) => ({ symbol: str(i['symbol'], '?'), leverage: num(i['leverage'], 1) }));
  const index = obj(market['index']);
  const currency = str(market['currency'], str(manifest['currency'], 'KRW'));
  const report = obj(manifest['reportCurrency'] ?? market['reportCurrency']);
  return {
    name: str(sc['name'], 'run'),
    description: str(sc['description'], ''),
    days,
    stressDay: num(cal['stressDay'], days - 1),
    instruments: instruments.length > 0 ? instruments : instrumentsFromTables(tables, str(index['name'], '')),
    indexName: typeof index['name'] === 'string' ? index['name'] : null,
    currency,
    reportCurrency: str(report['code'], currency),
    fxRate: num(report['fxRate'], 1),
    openUs: clockUs(session['open'], KRX_SESSION_CLOCK.open),
    closeUs: clockUs(session['close'], KRX_SESSION_CLOCK.close),
  };
}

/** Instruments named in the flows table (which never lists the index), leverage unknown (1). */
function instrumentsFromTables(tables: ReadonlyMap<string, ColumnTable>, indexName: string): InstrumentInfo[] {
  const col = tables.get('flows')?.columns.find((c) => c.name === 'instrument');
  if (col === undefined || col.type !== 'string') return [];
  return [...new Set(col.values)].filter((s) => s !== indexName).map((symbol) => ({ symbol, leverage: 1 }));
}
