// The moment registry: what a calibration's `stat: <source>:<name>` measures on one run. A source is a name, a
// check of the name (at load time, so a typo is a file:line:col error before anything runs) and a measure on the
// run's summary and tables (in the worker; tables never leave it). Sources: `metric` (any summary.json metric),
// `fact` (the stylized facts S1–S10 of `cascade report`, by id, or one of a fact's details: fact:S2b.kurtosis_5m),
// `book` (book:depth, mean shares at the best 10 levels, both sides, over the per-minute snapshots). Add a source
// with registerMomentSource — e.g. impact δ and Y from the impact experiment — and calibration files can use it.
import type { ColumnTable } from '../core/table.js';
import { numCol, strCol } from '../results/columns.js';
import { runInfo, type RunData } from '../results/run-data.js';
import { stylizedFacts, type FactsReport } from '../results/stylized-facts.js';

/** One moment as the worker measures it. */
export interface MomentRef {
  readonly name: string;
  readonly source: string;
  readonly stat: string;
  readonly instrument?: string;
}

/** A run as a source sees it, with lazily computed shared parts (the stylized facts are computed once per run). */
export interface MomentRun {
  readonly data: RunData;
  facts(): FactsReport;
}

export interface MomentSource {
  readonly id: string;
  readonly describe: string;
  /** Why `name` is not a statistic of this source (null when it is). */
  check(name: string): string | null;
  /** The statistic on one run; NaN when the run cannot define it. */
  measure(run: MomentRun, name: string, instrument: string | undefined): number;
}

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

/** A run's tables and summary as the report would read them, for the sources. */
export function momentRun(summary: Readonly<Record<string, number | null>>, tables: readonly ColumnTable[], scenario: unknown): MomentRun {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const manifest = { scenario: JSON.parse(JSON.stringify(scenario)) as unknown };
  const data: RunData = { kind: 'run', dir: '', manifest, summary, tables: byName, info: runInfo(manifest, byName) };
  let facts: FactsReport | undefined;
  return { data, facts: () => (facts ??= stylizedFacts(data)) };
}

/** Every moment of one run, by name. */
export function measureMoments(run: MomentRun, moments: readonly MomentRef[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of moments) {
    const s = SOURCES.get(m.source);
    out[m.name] = s === undefined ? NaN : s.measure(run, m.stat, m.instrument);
  }
  return out;
}
