// The report's tables, built from a run's summary and facts or a sweep's statistics: run summary per instrument,
// market-wide run summary, stylized facts (value and pass/fail per stock against the target band), sweep points
// (mean and 5–95% range per headline metric) and counterfactual effects (paired mean and 95% CI).
import { formatColumn, formatCount, formatParam, withUnit } from './format.js';
import { INSTRUMENT_METRICS, metricDef, paramLabel, splitInstrumentMetric } from './metric-names.js';
import { checkTable, statusCell } from './report-table.js';
import type { CellInput, ReportTable } from './report-table.js';
import type { RunData } from './run-data.js';
import type { FactsReport } from './stylized-facts.js';
import { counterfactualLabel, okRuns, pairedEffects, paramValue, statsOf } from './sweep-stats.js';
import type { SweepView } from './sweep-stats.js';

const num = (v: number | null | undefined): number => (typeof v === 'number' ? v : NaN);

/**
 * Per-instrument summary, one row per metric (its unit in the label: '%', a money scale such as 'bn KRW'), one
 * column per symbol and the index (which has only its return). Narrow whatever the number of metrics.
 */
export function runInstrumentTable(run: RunData): ReportTable {
  const cur = run.info.reportCurrency;
  const keys = Object.keys(run.summary);
  const prefixes = Object.keys(INSTRUMENT_METRICS).filter((p) => keys.some((k) => splitInstrumentMetric(k)?.prefix === p));
  const symbols = [...new Set(keys.map((k) => splitInstrumentMetric(k)?.symbol).filter((s): s is string => s !== undefined))];
  const index = run.info.indexName !== null && 'index_return' in run.summary ? run.info.indexName : null;
  const rows: CellInput[][] = prefixes.map((p) => {
    const values = symbols.map((s) => num(run.summary[`${p}.${s}`]));
    if (index !== null) values.push(p === 'return' ? num(run.summary['index_return']) : NaN);
    const def = INSTRUMENT_METRICS[p]!;
    const { unit, cells } = formatColumn(def.kind, values, cur);
    return [withUnit(def.label, unit), ...cells];
  });
  const columns = [{ label: 'Metric', align: 'l' as const }, ...[...symbols, ...(index !== null ? [index] : [])].map((s) => ({ label: s, align: 'r' as const }))];
  return checkTable({ name: 'run-instruments', caption: `Run summary by instrument (${run.info.name}, seed ${String(run.manifest['seed'] ?? '?')}; stress day = day ${run.info.stressDay}; money in ${cur})`, columns, rows });
}

/** Market-wide summary: every metric that is not per instrument, in the summary's order, with its unit beside it. */
export function runMarketTable(run: RunData): ReportTable {
  const entries = Object.entries(run.summary).filter(([k]) => splitInstrumentMetric(k) === null && k !== 'index_return');
  const all = 'index_return' in run.summary ? [['index_return', run.summary['index_return']] as const, ...entries] : entries;
  const rows = all.map(([k, v]) => {
    const d = metricDef(k);
    const { unit, cells } = formatColumn(d.kind, [num(v)], run.info.reportCurrency);
    return [d.label, cells[0]!, unit];
  });
  return checkTable({
    name: 'run-market',
    caption: `Run summary: market-wide metrics (money in ${run.info.reportCurrency})`,
    columns: [{ label: 'Metric', align: 'l' }, { label: 'Value', align: 'r' }, { label: 'Unit', align: 'l' }],
    rows,
  });
}

/** Stylized facts: one row per fact, one column per stock with the value and its pass/fail mark. */
export function factsTable(facts: FactsReport): ReportTable {
  const rows = facts.facts.map((f) => [f.id, f.name, f.estimator, f.target, ...f.results.map((r) => statusCell(r.display, r.pass))]);
  const notes = [...new Set(facts.facts.flatMap((f) => f.results.flatMap((r) => (r.note ? [`${f.id}: ${r.note}`] : []))))];
  return checkTable({
    name: 'stylized-facts',
    caption: `Stylized facts (DOMAIN §8.2 S1–S10) on calm days ${facts.days.join(', ')}`,
    columns: [
      { label: 'ID', align: 'l' }, { label: 'Fact', align: 'l' }, { label: 'Estimator', align: 'l' }, { label: 'Target', align: 'l' },
      ...facts.instruments.map((s) => ({ label: s, align: 'r' as const })),
    ],
    rows,
    ...(notes.length > 0 ? { note: notes.join('; ') } : {}),
  });
}

/** Sweep points, long: one row per point, counterfactual and metric; mean, 5th and 95th percentile in columns. */
export function sweepPointsTable(view: SweepView, metrics: readonly string[], currency: string): ReportTable {
  const rows = metrics.flatMap((m) => {
    const def = metricDef(m);
    const groups = view.pointIds.flatMap((p) => view.counterfactuals.map((cf) => ({ p, cf, ok: okRuns(view, (q, c) => q === p && c === cf) })));
    const stats = groups.map((g) => statsOf(view, g.ok, m));
    const kind = def.kind === 'count' ? 'number' : def.kind;
    const f = formatColumn(kind, stats.flatMap((s) => (s.n === 0 ? [NaN, NaN, NaN] : [s.mean, s.p05, s.p95])), currency);
    return groups.map((g, i) => [
      `p${g.p}`, ...view.params.map((pa) => formatParam(paramValue(view, g.p, pa))), counterfactualLabel(g.cf), formatCount(g.ok.length),
      withUnit(def.label, f.unit), f.cells[3 * i]!, f.cells[3 * i + 1]!, f.cells[3 * i + 2]!,
    ]);
  });
  return checkTable({
    name: 'sweep-points',
    caption: 'Sweep points: mean, 5th and 95th percentile across replicates',
    columns: [
      { label: 'Point', align: 'l' }, ...view.params.map((p) => ({ label: paramLabel(p), align: 'r' as const })), { label: 'Agents', align: 'l' },
      { label: 'n ok', align: 'r' }, { label: 'Metric', align: 'l' }, { label: 'Mean', align: 'r' }, { label: '5%', align: 'r' }, { label: '95%', align: 'r' },
    ],
    rows,
  });
}

/** Counterfactual effects: paired mean difference and its 95% CI per point, kind and metric (unit in the metric). */
export function effectsTable(view: SweepView, metrics: readonly string[], currency: string): ReportTable {
  const effects = pairedEffects(view, metrics);
  const byMetric = new Map(metrics.map((m) => {
    const mine = effects.filter((e) => e.metric === m);
    const k = metricDef(m).kind;
    return [m, formatColumn(k === 'count' ? 'number' : k, mine.flatMap((e) => [e.mean, e.lo, e.hi]), currency)] as const;
  }));
  const seen = new Map<string, number>();
  const rows = effects.map((e) => {
    const i = seen.get(e.metric) ?? 0;
    seen.set(e.metric, i + 1);
    const f = byMetric.get(e.metric)!;
    return [`p${e.pointId}`, e.counterfactual, withUnit(metricDef(e.metric).label, f.unit), f.cells[3 * i]!, f.cells[3 * i + 1]!, f.cells[3 * i + 2]!, formatCount(e.n)];
  });
  return checkTable({
    name: 'counterfactual-effects',
    caption: 'Counterfactual effects: all agents minus without the kind, paired by seed (mean, 95% t-interval)',
    columns: [
      { label: 'Point', align: 'l' }, { label: 'Kind left out', align: 'l' }, { label: 'Metric', align: 'l' },
      { label: 'Effect', align: 'r' }, { label: 'CI low', align: 'r' }, { label: 'CI high', align: 'r' }, { label: 'Pairs', align: 'r' },
    ],
    rows,
  });
}
