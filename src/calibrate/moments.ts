// The moment registry: what a calibration's `stat: <source>:<name>` measures. A source is a name, a check of the
// name and of its `options:` (at load time, so a typo is a file:line:col error before anything runs) and a measure.
// A *run* source measures one run's summary and tables (in the worker; tables never leave it): `metric` (any
// summary.json metric), `fact` (the stylized facts S1–S10 of `cascade report`, by id, or one of a fact's details:
// fact:S2b.kurtosis_5m), `book` (book:depth, mean shares at the best 10 levels, both sides, over the per-minute
// snapshots), `daily` (daily:vol, daily:turnover over the run's days). A *pooled* source is a statistic of all the
// seeds together — a regression across seeds, as the impact law's δ and Y (src/calibrate/impact-moments.ts) — so
// each seed's worker returns a contribution (numbers, carried in the run record as `<moment>#<i>`), and the
// evaluation's value pools the contributions of its seeds. Add a source with registerMomentSource.
import type { ColumnTable } from '../core/table.js';
import { dailySource } from './daily-moments.js';
import { impactSource } from './impact-moments.js';
import { numCol, strCol } from '../results/columns.js';
import { runInfo, type RunData } from '../results/run-data.js';
import { stylizedFacts, type FactsReport } from '../results/stylized-facts.js';
import type { Scenario } from '../scenario/schema.js';
import type { RunSpec } from '../sim/run.js';

/** A moment's `options:` in the calibration file (what they mean is up to its source). */
export type MomentOptions = Readonly<Record<string, number | string | readonly number[]>>;

/** One moment as the worker measures it. */
export interface MomentRef {
  readonly name: string;
  readonly source: string;
  readonly stat: string;
  readonly instrument?: string;
  readonly options?: MomentOptions;
}

/** A run as a source sees it, with lazily computed shared parts (the stylized facts are computed once per run). */
export interface MomentRun {
  readonly data: RunData;
  /** The run's scenario and seed, for a source that simulates more (the impact experiment's paired runs). */
  readonly spec: RunSpec;
  facts(): FactsReport;
  /** f() computed once per run and key, shared by the moments that need it (δ and Y of one impact experiment). */
  memo<T>(key: string, f: () => T): T;
}

interface SourceBase {
  readonly id: string;
  readonly describe: string;
  /** Why `name` is not a statistic of this source (null when it is). */
  check(name: string): string | null;
  /**
   * Why these options (no options: {}) do not fit the source or the scenario (at the ranges' midpoints), or null.
   * A source without it takes no options.
   */
  checkOptions?(options: MomentOptions, scenario: Scenario, instrument: string | undefined): string | null;
  /** Simulation runs a seed adds besides its calibration run (moments with the same key share them), with their days. */
  extraRuns?(options: MomentOptions, scenario: Scenario, instrument: string | undefined): { readonly key: string; readonly runs: number; readonly days: number };
}

/** A statistic of one run; the evaluation's value is the mean over its seeds. */
export interface RunMomentSource extends SourceBase {
  readonly kind?: 'run';
  /** The statistic on one run; NaN when the run cannot define it. */
  measure(run: MomentRun, name: string, instrument: string | undefined): number;
}

/** A statistic of all seeds together: each seed contributes numbers, the evaluation pools them. */
export interface PooledMomentSource extends SourceBase {
  readonly kind: 'pooled';
  /** One seed's contribution (any count of numbers; NaN allowed), computed in the worker. */
  collect(run: MomentRun, name: string, instrument: string | undefined, options: MomentOptions): number[];
  /** The statistic from the contributions of the seeds whose runs succeeded, in seed order. */
  pool(contributions: readonly (readonly number[])[], name: string, instrument: string | undefined, options: MomentOptions): number;
}

export type MomentSource = RunMomentSource | PooledMomentSource;

const SOURCES = new Map<string, MomentSource>();

/** Add (or replace) a source of statistics. */
export function registerMomentSource(s: MomentSource): void {
  SOURCES.set(s.id, s);
}

/** The registered sources, by id. */
export function momentSources(): ReadonlyMap<string, MomentSource> {
  return SOURCES;
}

/** Why `source:name` cannot be measured, or null. */
export function checkStat(source: string, name: string): string | null {
  const s = SOURCES.get(source);
  if (s === undefined) return `unknown statistic source "${source}" (known: ${[...SOURCES.keys()].join(', ')})`;
  return s.check(name);
}

/** Whether the source checks options (and so needs the scenario to check them against). */
export function takesOptions(source: string): boolean {
  return SOURCES.get(source)?.checkOptions !== undefined;
}

/** Why a known source rejects these options for this scenario, or null. */
export function checkMomentOptions(m: MomentRef, scenario: () => Scenario): string | null {
  const s = SOURCES.get(m.source);
  if (s === undefined) return null;
  if (s.checkOptions === undefined) return m.options === undefined ? null : `the "${m.source}" statistics take no options`;
  return s.checkOptions(m.options ?? {}, scenario(), m.instrument);
}

/** Per seed, the extra simulation runs and simulated days the moments need (shared experiments counted once). */
export function extraRunsPerSeed(moments: readonly MomentRef[], scenario: Scenario): { runs: number; days: number } {
  const seen = new Map<string, { runs: number; days: number }>();
  for (const m of moments) {
    const x = SOURCES.get(m.source)?.extraRuns?.(m.options ?? {}, scenario, m.instrument);
    if (x !== undefined) seen.set(x.key, x);
  }
  let runs = 0, days = 0;
  for (const x of seen.values()) {
    runs += x.runs;
    days += x.runs * x.days;
  }
  return { runs, days };
}

/** Whether the source's statistic pools the seeds (no seed-to-seed spread of its own). */
export function isPooled(source: string): boolean {
  return SOURCES.get(source)?.kind === 'pooled';
}

/** Stylized facts a single run measures (S8 needs metaorder runs). */
const FACT_IDS = ['S1', 'S2', 'S2b', 'S3', 'S4', 'S4b', 'S5', 'S6', 'S7', 'S9', 'S10'];

registerMomentSource({
  id: 'metric',
  describe: 'a summary.json metric, e.g. metric:trades, metric:realized_vol.SEC',
  check: () => null,
  measure: (run, name) => run.data.summary[name] ?? NaN,
});

registerMomentSource({
  id: 'fact',
  describe: 'a stylized fact of `cascade report` (S1..S10 but S8) or one of its details, e.g. fact:S4, fact:S2b.kurtosis_5m',
  check: (name) => (FACT_IDS.includes(name.split('.')[0]!) ? null : `unknown fact "${name.split('.')[0]}" (known: ${FACT_IDS.join(', ')})`),
  measure: (run, name, instrument) => {
    const [id, detail] = name.split('.', 2) as [string, string | undefined];
    const fact = run.facts().facts.find((f) => f.id === id);
    const r = fact?.results.find((x) => instrument === undefined || x.instrument === instrument);
    const v = detail === undefined ? r?.value : r?.details[detail];
    return typeof v === 'number' ? v : NaN;
  },
});

registerMomentSource({
  id: 'book',
  describe: 'book:depth, mean shares at the best 10 levels (bid plus ask) over the per-minute snapshots',
  check: (name) => (name === 'depth' ? null : `unknown book statistic "${name}" (known: depth)`),
  measure: (run, _name, instrument) => meanDepth(run.data.tables.get('depth'), instrument ?? firstStock(run.data)),
});

function firstStock(run: RunData): string {
  return run.info.instruments.find((i) => i.leverage === 1 && i.symbol !== run.info.indexName)?.symbol ?? '';
}

/** Mean over snapshots (times) of the instrument's bid + ask shares (the depth table has a row per level and side). */
function meanDepth(t: ColumnTable | undefined, instrument: string): number {
  if (t === undefined || t.rowCount === 0) return NaN;
  const inst = strCol(t, 'instrument');
  const qty = numCol(t, 'qty');
  const time = numCol(t, 't_us');
  const snapshots = new Set<number>();
  let s = 0;
  for (let i = 0; i < t.rowCount; i++) {
    if (inst[i] !== instrument) continue;
    s += qty[i]!;
    snapshots.add(time[i]!);
  }
  return snapshots.size > 0 ? s / snapshots.size : NaN;
}

registerMomentSource(dailySource);
registerMomentSource(impactSource);

/** A run's tables and summary as the report would read them, for the sources. */
export function momentRun(summary: Readonly<Record<string, number | null>>, tables: readonly ColumnTable[], spec: RunSpec): MomentRun {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const manifest = { scenario: JSON.parse(JSON.stringify(spec.scenario)) as unknown };
  const data: RunData = { kind: 'run', dir: '', manifest, summary, tables: byName, info: runInfo(manifest, byName) };
  let facts: FactsReport | undefined;
  const memos = new Map<string, unknown>();
  return {
    data, spec,
    facts: () => (facts ??= stylizedFacts(data)),
    memo<T>(key: string, f: () => T): T {
      if (!memos.has(key)) memos.set(key, f());
      return memos.get(key) as T;
    },
  };
}

/** Every moment of one run, by name; a pooled moment's contribution as `<name>#n` (its length) and `<name>#<i>`. */
export function measureMoments(run: MomentRun, moments: readonly MomentRef[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of moments) {
    const s = SOURCES.get(m.source);
    if (s?.kind === 'pooled') {
      const c = s.collect(run, m.stat, m.instrument, m.options ?? {});
      out[`${m.name}#n`] = c.length;
      c.forEach((x, i) => (out[`${m.name}#${i}`] = x));
    } else {
      out[m.name] = s === undefined ? NaN : s.measure(run, m.stat, m.instrument);
    }
  }
  return out;
}

/** A pooled moment's contribution read back from a run record (JSON turns NaN into null). */
function contribution(rec: Readonly<Record<string, number | null>>, name: string): number[] {
  return Array.from({ length: rec[`${name}#n`] ?? 0 }, (_, i) => rec[`${name}#${i}`] ?? NaN);
}

/**
 * Per seed (undefined: the run failed), per moment: a run moment as its run measured it; a pooled moment's value
 * over the seeds that succeeded, repeated in each of their rows (so the seed mean is that value). NaN otherwise.
 */
export function seedMoments(moments: readonly MomentRef[], records: readonly (Readonly<Record<string, number | null>> | undefined)[]): number[][] {
  const rows = records.map((r) => moments.map((m) => (r === undefined ? NaN : (r[m.name] ?? NaN))));
  moments.forEach((m, j) => {
    const s = SOURCES.get(m.source);
    if (s?.kind !== 'pooled') return;
    const ok = records.flatMap((r) => (r === undefined ? [] : [contribution(r, m.name)]));
    const v = ok.length > 0 ? s.pool(ok, m.stat, m.instrument, m.options ?? {}) : NaN;
    rows.forEach((row, k) => (row[j] = records[k] === undefined ? NaN : v));
  });
  return rows;
}
