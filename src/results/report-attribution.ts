// The report of an attribution directory (cascade attribute): the waterfall figure (each metric from "without the
// listed kinds" through each kind's mean Shapley value to "all agents"), the attribution table (booktabs: each
// kind's Shapley value with its 95% interval and share of the total, per metric) and the interactions table. Reads
// only the directory's attribution.csv and interactions.csv and its manifest.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ColumnTable } from '../core/table.js';
import { ALL_AGENTS_ROW, BASELINE_ROW, TOTAL_ROW } from './attribution-tables.js';
import { numCol, strCol } from './columns.js';
import { readCsv } from './csv-reader.js';
import { attributionWaterfall, type WaterfallInput } from './figures/attribution-waterfall.js';
import type { FigureOutcome } from './figures/common.js';
import { formatColumn, formatCount, formatPct, withUnit } from './format.js';
import { metricDef } from './metric-names.js';
import type { HtmlReportInput, KeyValue } from './report-html.js';
import { checkTable, type ReportTable } from './report-table.js';
import { ReportInputError } from './run-data.js';

type Json = Record<string, unknown>;

/** Whether `dir` holds a finished attribution (manifest kind 'attribution' and an attribution table). */
export function isAttributionDir(dir: string): boolean {
  if (!existsSync(join(dir, 'attribution.csv')) || !existsSync(join(dir, 'manifest.json'))) return false;
  try {
    return (JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Json)['kind'] === 'attribution';
  } catch {
    return false;
  }
}

export interface AttributionParts {
  readonly figures: readonly FigureOutcome[];
  readonly tables: readonly ReportTable[];
  readonly html: HtmlReportInput;
  readonly facts: null;
  readonly createdAt: Date;
}

const TEXT = new Set(['metric', 'kind', 'kind_a', 'kind_b']);

/** One metric's rows of the attribution table, by row name. */
function rowsOf(t: ColumnTable, metric: string): Map<string, { value: number; lo: number; hi: number; share: number; n: number }> {
  const m = strCol(t, 'metric');
  const kind = strCol(t, 'kind');
  const [value, lo, hi, share, n] = ['shapley', 'ci_low', 'ci_high', 'share_of_total', 'n_seeds'].map((c) => numCol(t, c)) as Float64Array[];
  const out = new Map<string, { value: number; lo: number; hi: number; share: number; n: number }>();
  for (let r = 0; r < t.rowCount; r++) if (m[r] === metric) out.set(kind[r]!, { value: value![r]!, lo: lo![r]!, hi: hi![r]!, share: share![r]!, n: n![r]! });
  return out;
}

/** The waterfall inputs of the metrics, from the attribution table. */
export function waterfallInputs(t: ColumnTable, metrics: readonly string[], kinds: readonly string[]): WaterfallInput[] {
  return metrics.map((metric) => {
    const rows = rowsOf(t, metric);
    return {
      metric,
      baseline: rows.get(BASELINE_ROW)?.value ?? NaN,
      kinds: kinds.map((kind) => ({ kind, value: rows.get(kind)?.value ?? NaN, lo: rows.get(kind)?.lo ?? NaN, hi: rows.get(kind)?.hi ?? NaN })),
      all: rows.get(ALL_AGENTS_ROW)?.value ?? NaN,
      seeds: rows.get(BASELINE_ROW)?.n ?? 0,
    };
  });
}

const ROW_LABEL: Readonly<Record<string, string>> = { [BASELINE_ROW]: 'without the listed kinds', [TOTAL_ROW]: 'total (sum of the kinds)', [ALL_AGENTS_ROW]: 'all agents' };

/** The attribution table as a report table: per metric its rows, values in the metric's unit. */
export function attributionReportTable(t: ColumnTable, metrics: readonly string[], kinds: readonly string[], currency: string): ReportTable {
  const rows: string[][] = [];
  for (const metric of metrics) {
    const byRow = rowsOf(t, metric);
    const order = [BASELINE_ROW, ...kinds, TOTAL_ROW, ALL_AGENTS_ROW].filter((r) => byRow.has(r));
    const def = metricDef(metric);
    const f = formatColumn(def.kind === 'count' ? 'number' : def.kind, order.flatMap((r) => [byRow.get(r)!.value, byRow.get(r)!.lo, byRow.get(r)!.hi]), currency);
    order.forEach((r, i) => {
      const x = byRow.get(r)!;
      const isKind = kinds.includes(r) || r === TOTAL_ROW;
      rows.push([
        i === 0 ? withUnit(def.label, f.unit) : '', ROW_LABEL[r] ?? r, f.cells[3 * i]!, isKind ? f.cells[3 * i + 1]! : '', isKind ? f.cells[3 * i + 2]! : '',
        isKind ? formatPct(x.share, 1).replace('%', '') : '', formatCount(x.n),
      ]);
    });
  }
  return checkTable({
    name: 'attribution',
    caption: 'Shapley attribution of each metric to the listed agent kinds (mean over seeds, 95% t interval)',
    columns: [
      { label: 'Metric', align: 'l' }, { label: 'Contribution', align: 'l' }, { label: 'Value', align: 'r' }, { label: 'CI low', align: 'r' },
      { label: 'CI high', align: 'r' }, { label: 'Share of total (%)', align: 'r' }, { label: 'Seeds', align: 'r' },
    ],
    rows,
    note: 'Exact Shapley values over all 2^k subsets of the kinds, same seed in every subset; per seed they sum to the all-agents value minus the value without the listed kinds.',
  });
}

/** The interactions table as a report table. */
export function interactionsReportTable(t: ColumnTable, metrics: readonly string[], currency: string): ReportTable {
  const m = strCol(t, 'metric');
  const a = strCol(t, 'kind_a');
  const b = strCol(t, 'kind_b');
  const [value, lo, hi, n] = ['interaction', 'ci_low', 'ci_high', 'n_seeds'].map((c) => numCol(t, c)) as Float64Array[];
  const rows: string[][] = [];
  for (const metric of metrics) {
    const idx = Array.from({ length: t.rowCount }, (_, r) => r).filter((r) => m[r] === metric);
    const def = metricDef(metric);
    const f = formatColumn(def.kind === 'count' ? 'number' : def.kind, idx.flatMap((r) => [value![r]!, lo![r]!, hi![r]!]), currency);
    idx.forEach((r, i) => rows.push([i === 0 ? withUnit(def.label, f.unit) : '', `${a[r]} × ${b[r]}`, f.cells[3 * i]!, f.cells[3 * i + 1]!, f.cells[3 * i + 2]!, formatCount(n![r]!)]));
  }
  return checkTable({
    name: 'interactions',
    caption: 'Shapley interaction index of each pair of kinds (mean over seeds, 95% t interval); > 0: the pair does more together than apart',
    columns: [
      { label: 'Metric', align: 'l' }, { label: 'Pair', align: 'l' }, { label: 'Interaction', align: 'r' }, { label: 'CI low', align: 'r' },
      { label: 'CI high', align: 'r' }, { label: 'Seeds', align: 'r' },
    ],
    rows,
  });
}

/** Figures, tables and HTML sections of an attribution directory; `asked` narrows the metrics. */
export function attributionParts(dir: string, asked?: readonly string[]): AttributionParts {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Json;
  const attribution = readCsv(join(dir, 'attribution.csv'), TEXT);
  const interactions = existsSync(join(dir, 'interactions.csv')) ? readCsv(join(dir, 'interactions.csv'), TEXT) : undefined;
  const kinds = Array.isArray(manifest['kinds']) ? (manifest['kinds'] as string[]) : [];
  const all = [...new Set(strCol(attribution, 'metric'))];
  const unknown = (asked ?? []).filter((x) => !all.includes(x));
  if (unknown.length > 0) throw new ReportInputError(`unknown metric(s) ${unknown.join(', ')}; the attribution has ${all.join(', ')}`);
  const metrics = asked !== undefined && asked.length > 0 ? [...asked] : all;
  const currency = typeof manifest['reportCurrency'] === 'string' ? manifest['reportCurrency'] : 'KRW';
  const figures = [attributionWaterfall(waterfallInputs(attribution, metrics, kinds))];
  const table = attributionReportTable(attribution, metrics, kinds, currency);
  const inter = interactions !== undefined && interactions.rowCount > 0 ? [interactionsReportTable(interactions, metrics, currency)] : [];
  const kv = (label: string, value: unknown): KeyValue => ({ label, value: typeof value === 'string' ? value : JSON.stringify(value) });
  const created = new Date(typeof manifest['startedAt'] === 'string' ? manifest['startedAt'] : 0);
  const efficiency = (manifest['efficiency'] ?? {}) as Json;
  const scenarioName = String(((manifest['scenario'] ?? {}) as Json)['name'] ?? '');
  return {
    figures,
    tables: [table, ...inter],
    facts: null,
    createdAt: Number.isNaN(created.getTime()) ? new Date(0) : created,
    html: {
      title: `Shapley attribution: ${scenarioName}`,
      subtitle: `${kinds.length} kinds, ${String(manifest['seeds'])} seeds, ${2 ** kinds.length} subsets a seed`,
      overview: [
        kv('scenario', manifest['scenarioPath']), kv('kinds', kinds.join(', ')), kv('seeds', manifest['seeds']), kv('overrides (--set)', manifest['overrides'] ?? []),
        kv('runs', manifest['counts']), kv('efficiency: largest |Σφ − (v(all) − v(none))| per seed', efficiency['maxAbsError']),
      ],
      overviewTables: [],
      headline: [table],
      figures,
      tables: inter,
      facts: null,
      manifest: [kv('version', manifest['version']), kv('git commit', manifest['gitCommit']), kv('plan sha256', manifest['planSha256']), kv('reproduce', manifest['reproduce'])],
      manifestJson: manifest,
    },
  };
}
