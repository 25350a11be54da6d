// Load a run directory or a sweep directory from disk (README "run directory contract"; issue 5 for sweeps):
// manifest.json, summary.json and every table present, each read from Parquet when there is one, else from CSV.
// Nothing here imports the simulator: the report sees exactly what a reader of the directory sees. What the
// figures need from the scenario (stress day, instruments, leverage, index, session) comes from the manifest's
// resolved scenario, with fallbacks read off the tables when a field is missing.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ColumnTable } from '../core/table.js';
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

/** A directory that is neither a run nor a sweep, or is missing a file the report needs. */
export class ReportInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportInputError';
  }
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

function readJson(path: string): Json {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Json;
  } catch (e) {
    throw new ReportInputError(`${path}: ${(e as Error).message}`);
  }
}

/** Every table in `dir` (Parquet preferred over CSV), by name. Report outputs (figures/, tables/) are not tables. */
async function readTables(dir: string): Promise<Map<string, ColumnTable>> {
  const out = new Map<string, ColumnTable>();
  const files = readdirSync(dir).sort();
  for (const f of files.filter((x) => x.endsWith('.parquet'))) out.set(f.slice(0, -8), await readParquet(join(dir, f)));
  for (const f of files.filter((x) => x.endsWith('.csv'))) {
    const name = f.slice(0, -4);
    if (!out.has(name)) out.set(name, readCsv(join(dir, f)));
  }
  return out;
}

/** Load a run directory. @throws ReportInputError when manifest.json, summary.json or bars is missing */
export async function loadRun(dir: string): Promise<RunData> {
  if (detectDirKind(dir) !== 'run') throw new ReportInputError(`${dir} is a sweep directory, not a run directory`);
  const manifest = existsSync(join(dir, 'manifest.json')) ? readJson(join(dir, 'manifest.json')) : {};
  const summary = readJson(join(dir, 'summary.json')) as Record<string, number | null>;
  const tables = await readTables(dir);
  return { kind: 'run', dir, manifest, summary, tables, info: runInfo(manifest, tables) };
}

/** Load a sweep directory. */
export async function loadSweep(dir: string): Promise<SweepData> {
  if (detectDirKind(dir) !== 'sweep') throw new ReportInputError(`${dir} is a run directory, not a sweep directory`);
  const manifest = existsSync(join(dir, 'manifest.json')) ? readJson(join(dir, 'manifest.json')) : {};
  return { kind: 'sweep', dir, manifest, tables: await readTables(dir) };
}

const obj = (x: unknown): Json => (x !== null && typeof x === 'object' && !Array.isArray(x) ? (x as Json) : {});
const str = (x: unknown, d: string): string => (typeof x === 'string' ? x : d);
const num = (x: unknown, d: number): number => (typeof x === 'number' && Number.isFinite(x) ? x : d);

/** "09:00" or "09:00:00" → microseconds from midnight. */
function clockUs(text: unknown, fallback: number): number {
  const m = typeof text === 'string' ? /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text) : null;
  if (!m) return fallback;
  return ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3] ?? 0)) * 1_000_000;
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
    openUs: clockUs(session['open'], 9 * 3_600_000_000),
    closeUs: clockUs(session['close'], 15.5 * 3_600_000_000),
  };
}

/** Instruments named in the flows table (which never lists the index), leverage unknown (1). */
function instrumentsFromTables(tables: ReadonlyMap<string, ColumnTable>, indexName: string): InstrumentInfo[] {
  const col = tables.get('flows')?.columns.find((c) => c.name === 'instrument');
  if (col === undefined || col.type !== 'string') return [];
  return [...new Set(col.values)].filter((s) => s !== indexName).map((symbol) => ({ symbol, leverage: 1 }));
}
