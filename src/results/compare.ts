// `cascade compare A B…`: two or more run directories side by side — the with/without comparison (a counterfactual
// run next to the full one, or any two scenarios) the tool exists for. Writes into OUT: figures/compare-prices
// (each instrument's stress-day path, % from its previous close, one line per run), figures/compare-flows (net
// traded value by agent kind on the stress day, one bar per run, in the reporting currency), tables/compare-summary
// (.tex/.md: every summary metric per run and each run's difference from the first, units in the labels) and
// compare-summary.csv (the same numbers unformatted: metric, instrument, unit, then one column per run and per
// difference), plus captions. Runs must share the stress day; they are labelled by their directory names unless
// labels are given.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { makeTable } from '../core/table.js';
import { captionsMarkdown, captionsTex } from './captions.js';
import { numCol, strCol } from './columns.js';
import { writeCsv } from './csv-writer.js';
import { summaryTable } from './data-contract.js';
import { instrumentColorScale, kindColorScale, roundSig, timeX, topLevel } from './figures/common.js';
import type { Figure } from './figures/common.js';
import type { FigureStyle } from './figures/style.js';
import { dayBars, previousClose } from './figures/day-data.js';
import { formatColumn, withUnit } from './format.js';
import { tableToLatex } from './latex.js';
import { tableToMarkdown } from './markdown.js';
import { metricDef } from './metric-names.js';
import { renderFigure } from './render.js';
import type { FigureFormat } from './render.js';
import { checkTable } from './report-table.js';
import type { ReportTable } from './report-table.js';
import { loadRun, ReportInputError } from './run-data.js';
import type { RunData } from './run-data.js';

export interface CompareOptions {
  readonly out: string;
  readonly formats: readonly FigureFormat[];
  readonly style?: FigureStyle;
  /** One label per run (default: the directory names, made distinct). */
  readonly labels?: readonly string[];
}

export interface CompareResult {
  readonly figures: readonly string[];
  readonly tables: readonly string[];
  readonly csv: string;
}

/** Distinct labels: the given ones, else directory names (with a counter when two are equal). */
function labelsOf(dirs: readonly string[], given: readonly string[] | undefined): string[] {
  if (given !== undefined) {
    if (given.length !== dirs.length) throw new ReportInputError(`--labels has ${given.length} labels for ${dirs.length} runs`);
    if (new Set(given).size !== given.length) throw new ReportInputError('--labels must be distinct');
    return [...given];
  }
  const names = dirs.map((d) => basename(d.replace(/\/+$/, '')) || d);
  return names.map((n, i) => (names.indexOf(n) === i && names.lastIndexOf(n) === i ? n : `${n} (${i + 1})`));
}

/** Stress-day paths of every instrument and the index, one line per run, one panel per series. */
export function comparePrices(runs: readonly RunData[], labels: readonly string[]): Figure {
  const day = runs[0]!.info.stressDay;
  const values = runs.flatMap((run, k) =>
    dayBars(run, day).flatMap((s) => {
      const base = previousClose(run, s.series, day);
      if (!(base > 0)) return [];
      return s.time.map((time, i) => ({ run: labels[k]!, series: s.series, time, change: roundSig(s.close[i]! / base - 1, 5) }));
    }),
  );
  const series = [...new Set(values.map((v) => v.series))];
  const order = instrumentColorScale(runs[0]!, series).domain;
  const spec = topLevel(`Stress day (day ${day}): paths by run`, `Bar closes as % change from the previous close; one line per run`, {
    data: { values },
    facet: { field: 'series', type: 'nominal', title: null, sort: order, header: { labelFontWeight: 'bold' } },
    columns: 2,
    spec: {
      width: 320,
      height: 170,
      mark: { type: 'line', interpolate: 'step-after' },
      encoding: {
        x: timeX(),
        y: { field: 'change', type: 'quantitative', axis: { format: '.0%' }, title: 'change from previous close' },
        color: { field: 'run', type: 'nominal', title: 'run', sort: labels, scale: { range: RUN_COLORS } },
        strokeDash: { field: 'run', type: 'nominal', sort: labels, legend: null, scale: { range: RUN_DASHES } },
        tooltip: [{ field: 'run' }, { field: 'series' }, { field: 'change', format: '.2%' }],
      },
    },
    resolve: { axis: { x: 'independent' } },
  });
  const caption = `Intraday path of each instrument on the stress day (day ${day}) in runs ${labels.join(', ')}; 1-minute bar closes relative to each run's previous close.`;
  return { name: 'compare-prices', title: `Stress-day paths: ${labels.join(' vs ')}`, caption, spec };
}

/** Runs are told apart by colour and dash (black solid first, then colour-blind-safe colours; the PDF writer refuses a zero-length gap, hence 0.001). */
const RUN_COLORS = ['#000000', '#D55E00', '#0072B2', '#009E73', '#CC79A7', '#E69F00'];
const RUN_DASHES = [[100, 0.001], [5, 3], [2, 2], [6, 2, 2, 2], [1, 3], [8, 3]];

/** Net traded value (buy − sell) per agent kind on the stress day, summed over instruments, per run. */
export function compareFlows(runs: readonly RunData[], labels: readonly string[]): Figure | null {
  const day = runs[0]!.info.stressDay;
  const cur = runs[0]!.info.reportCurrency;
  const values = runs.flatMap((run, k) => {
    const flows = run.tables.get('flows');
    if (flows === undefined) return [];
    const d = numCol(flows, 'day');
    const kind = strCol(flows, 'kind');
    const buy = numCol(flows, 'buy_value');
    const sell = numCol(flows, 'sell_value');
    const net = new Map<string, number>();
    for (let r = 0; r < flows.rowCount; r++) if (d[r] === day) net.set(kind[r]!, (net.get(kind[r]!) ?? 0) + (buy[r]! - sell[r]!) / run.info.fxRate);
    return [...net].map(([kind, v]) => ({ run: labels[k]!, kind, net: v }));
  });
  if (values.length === 0) return null;
  const f = formatColumn('money', values.map((v) => v.net), cur);
  const scaled = values.map((v, i) => ({ ...v, net: Number(f.cells[i]!.replace(/,/g, '').replace('\u2212', '-')) }));
  const kinds = kindColorScale(values.map((v) => v.kind));
  const spec = topLevel(`Stress day (day ${day}): net buying by agent kind and run`, `Buy − sell value on the stress day, all instruments, ${f.unit}`, {
    data: { values: scaled },
    width: 420,
    height: 220,
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'kind', type: 'nominal', title: null, sort: kinds.domain },
      yOffset: { field: 'run', type: 'nominal', sort: labels },
      x: { field: 'net', type: 'quantitative', title: withUnit('net buying', f.unit) },
      color: { field: 'run', type: 'nominal', title: 'run', sort: labels, scale: { range: RUN_COLORS } },
      tooltip: [{ field: 'run' }, { field: 'kind' }, { field: 'net', title: f.unit }],
    },
  });
  const caption = `Net traded value (buys − sells) of each agent kind on the stress day, summed over instruments, for runs ${labels.join(', ')}; negative = net seller.`;
  return { name: 'compare-flows', title: `Who sold: ${labels.join(' vs ')}`, caption, spec };
}

/** Summary metrics of every run in long form: key → value per run. */
function summaryRows(runs: readonly RunData[]): { key: string; metric: string; instrument: string; unit: string; values: number[] }[] {
  const long = runs.map((r) => summaryTable(r.summary, r.info.instruments.map((i) => i.symbol), r.info.reportCurrency));
  const keys: string[] = [];
  const at = long.map((t) => {
    const m = strCol(t, 'metric');
    const i = strCol(t, 'instrument');
    const v = numCol(t, 'value');
    const u = strCol(t, 'unit');
    const map = new Map<string, { metric: string; instrument: string; unit: string; value: number }>();
    for (let r = 0; r < t.rowCount; r++) {
      const key = i[r] === '' ? m[r]! : `${m[r]}.${i[r]}`;
      if (!keys.includes(key)) keys.push(key);
      map.set(key, { metric: m[r]!, instrument: i[r]!, unit: u[r]!, value: v[r]! });
    }
    return map;
  });
  return keys.map((key) => {
    const first = at.find((m) => m.has(key))!.get(key)!;
    return { key, metric: first.metric, instrument: first.instrument, unit: first.unit, values: at.map((m) => m.get(key)?.value ?? NaN) };
  });
}

/** Every summary metric per run and each later run's difference from the first (units in the metric label). */
export function compareSummaryTable(runs: readonly RunData[], labels: readonly string[]): ReportTable {
  const cur = runs[0]!.info.reportCurrency;
  const rows = summaryRows(runs).map((r) => {
    const def = metricDef(r.key);
    const diffs = r.values.slice(1).map((v) => v - r.values[0]!);
    const kind = def.kind === 'count' && r.values.every((v) => !Number.isFinite(v) || Number.isInteger(v)) ? 'count' : def.kind === 'count' ? 'number' : def.kind;
    const f = formatColumn(kind, [...r.values, ...diffs], cur);
    return [withUnit(def.label, f.unit), ...f.cells];
  });
  return checkTable({
    name: 'compare-summary',
    caption: `Summary metrics by run (money in ${cur}); differences are each run minus ${labels[0]}`,
    columns: [
      { label: 'Metric', align: 'l' },
      ...labels.map((l) => ({ label: l, align: 'r' as const })),
      ...labels.slice(1).map((l) => ({ label: `${l} \u2212 ${labels[0]}`, align: 'r' as const })),
    ],
    rows,
  });
}

/** The same numbers as a plain table for analysis: metric, instrument, unit, one column per run and per difference. */
function compareCsvTable(runs: readonly RunData[], labels: readonly string[]) {
  const rows = summaryRows(runs);
  const safe = labels.map((l) => l.replace(/[^\w]+/g, '_'));
  return makeTable('compare-summary', [
    { name: 'metric', type: 'string', values: rows.map((r) => r.metric) },
    { name: 'instrument', type: 'string', values: rows.map((r) => r.instrument) },
    { name: 'unit', type: 'string', values: rows.map((r) => r.unit) },
    ...safe.map((l, k) => ({ name: `value_${l}`, type: 'float' as const, values: Float64Array.from(rows, (r) => r.values[k]!) })),
    ...safe.slice(1).map((l, k) => ({ name: `diff_${l}`, type: 'float' as const, values: Float64Array.from(rows, (r) => r.values[k + 1]! - r.values[0]!) })),
  ]);
}

/** Load the runs, check they can be compared, and write the comparison into opts.out. @throws ReportInputError */
export async function writeComparison(dirs: readonly string[], opts: CompareOptions): Promise<CompareResult> {
  if (dirs.length < 2) throw new ReportInputError('compare needs at least two run directories');
  const labels = labelsOf(dirs, opts.labels);
  const runs = await Promise.all(dirs.map((d) => loadRun(d)));
  const days = new Set(runs.map((r) => r.info.stressDay));
  if (days.size > 1) throw new ReportInputError(`the runs have different stress days (${runs.map((r) => r.info.stressDay).join(', ')}); compare runs of the same calendar`);
  const curs = new Set(runs.map((r) => r.info.reportCurrency));
  if (curs.size > 1) throw new ReportInputError(`the runs report in different currencies (${[...curs].join(', ')}); rerun with the same --report-currency`);
  const figDir = join(opts.out, 'figures');
  const tabDir = join(opts.out, 'tables');
  for (const d of [figDir, tabDir]) {
    rmSync(d, { recursive: true, force: true });
    mkdirSync(d, { recursive: true });
  }
  const figures = [comparePrices(runs, labels), compareFlows(runs, labels)].filter((f): f is Figure => f !== null);
  const log = { warnings: [] as string[] };
  const paths: string[] = [];
  for (const f of figures) paths.push(...(await renderFigure(f, figDir, { formats: opts.formats, ...(opts.style ? { style: opts.style } : {}) }, log)));
  writeFileSync(join(figDir, 'captions.tex'), captionsTex(figures, 'figures'));
  writeFileSync(join(figDir, 'captions.md'), captionsMarkdown(figures));
  const table = compareSummaryTable(runs, labels);
  const tex = join(tabDir, `${table.name}.tex`);
  const md = join(tabDir, `${table.name}.md`);
  writeFileSync(tex, tableToLatex(table));
  writeFileSync(md, tableToMarkdown(table));
  const csv = join(opts.out, 'compare-summary.csv');
  writeCsv(compareCsvTable(runs, labels), csv);
  return { figures: paths, tables: [tex, md], csv };
}
