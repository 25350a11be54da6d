// The report's tables, built from a run's summary and facts or a sweep's statistics: run summary per instrument,
// market-wide run summary, stylized facts (value and pass/fail per stock against the target band), sweep points
// (mean and 5–95% range per headline metric) and counterfactual effects (paired mean and 95% CI).
import { formatCount, formatParam, MISSING } from './format.js';
import { formatMetric, INSTRUMENT_METRICS, metricDef, splitInstrumentMetric } from './metric-names.js';
import { checkTable, statusCell } from './report-table.js';
import type { CellInput, ReportTable } from './report-table.js';
import type { RunData } from './run-data.js';
import type { FactsReport } from './stylized-facts.js';
import { counterfactualLabel, okRuns, pairedEffects, paramValue, statsOf } from './sweep-stats.js';
import type { SweepView } from './sweep-stats.js';

const num = (v: number | null | undefined): number => (typeof v === 'number' ? v : NaN);

/** Per-instrument summary: one row per symbol (and the index's return), one column per metric present. */
export function runInstrumentTable(run: RunData): ReportTable {
  const cur = run.info.reportCurrency;
  const keys = Object.keys(run.summary);
  const prefixes = Object.keys(INSTRUMENT_METRICS).filter((p) => keys.some((k) => splitInstrumentMetric(k)?.prefix === p));
  const symbols = [...new Set(keys.map((k) => splitInstrumentMetric(k)?.symbol).filter((s): s is string => s !== undefined))];
  const rows: CellInput[][] = symbols.map((s) => [s, ...prefixes.map((p) => formatMetric(INSTRUMENT_METRICS[p]!.kind, num(run.summary[`${p}.${s}`]), cur))]);
  if (run.info.indexName !== null && 'index_return' in run.summary) {
    rows.push([run.info.indexName, ...prefixes.map((p) => (p === 'return' ? formatMetric('pct', num(run.summary['index_return']), cur) : MISSING))]);
  }
  const columns = [{ label: 'Instrument', align: 'l' as const }, ...prefixes.map((p) => ({ label: INSTRUMENT_METRICS[p]!.label, align: 'r' as const }))];
  return checkTable({ name: 'run-instruments', caption: `Run summary by instrument (${run.info.name}, seed ${String(run.manifest['seed'] ?? '?')}; stress day = day ${run.info.stressDay})`, columns, rows });
}

/** Market-wide summary: every metric that is not per instrument, in the summary's order. */
export function runMarketTable(run: RunData): ReportTable {
  const rows = Object.entries(run.summary)
    .filter(([k]) => splitInstrumentMetric(k) === null && k !== 'index_return')
    .map(([k, v]) => {
      const d = metricDef(k);
      return [d.label, formatMetric(d.kind, num(v), run.info.reportCurrency)];
    });
  const idx = 'index_return' in run.summary ? [[metricDef('index_return').label, formatMetric('pct', num(run.summary['index_return']), '')]] : [];
  return checkTable({
    name: 'run-market',
    caption: `Run summary: market-wide metrics (values in ${run.info.reportCurrency})`,
    columns: [{ label: 'Metric', align: 'l' }, { label: 'Value', align: 'r' }],
    rows: [...idx, ...rows],
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

/** Sweep points: one row per point and counterfactual; per metric "mean [p05, p95]". */
export function sweepPointsTable(view: SweepView, metrics: readonly string[], currency: string): ReportTable {
  const rows = view.pointIds.flatMap((p) =>
    view.counterfactuals.map((cf) => {
      const ok = okRuns(view, (q, c) => q === p && c === cf);
      const cells = metrics.map((m) => {
        const s = statsOf(view, ok, m);
        const k = metricDef(m).kind;
        return s.n === 0 ? MISSING : `${formatMetric(k, s.mean, currency)} [${formatMetric(k, s.p05, currency)}, ${formatMetric(k, s.p95, currency)}]`;
      });
      const params = view.params.map((pa) => formatParam(paramValue(view, p, pa)));
      return [`p${p}`, ...params, counterfactualLabel(cf), formatCount(ok.length), ...cells];
    }),
  );
  return checkTable({
    name: 'sweep-points',
    caption: 'Sweep points: mean [5th, 95th percentile] across replicates',
    columns: [
      { label: 'Point', align: 'l' }, ...view.params.map((p) => ({ label: p, align: 'r' as const })), { label: 'Agents', align: 'l' },
      { label: 'n ok', align: 'r' }, ...metrics.map((m) => ({ label: metricDef(m).label, align: 'r' as const })),
    ],
    rows,
  });
}

/** Counterfactual effects: paired mean difference and 95% CI per point, kind and metric. */
export function effectsTable(view: SweepView, metrics: readonly string[], currency: string): ReportTable {
  const rows = pairedEffects(view, metrics).map((e) => {
    const k = metricDef(e.metric).kind;
    const f = (x: number): string => formatMetric(k === 'count' ? 'number' : k, x, currency);
    return [`p${e.pointId}`, e.counterfactual, metricDef(e.metric).label, f(e.mean), `[${f(e.lo)}, ${f(e.hi)}]`, formatCount(e.n)];
  });
  return checkTable({
    name: 'counterfactual-effects',
    caption: 'Counterfactual effects: all agents minus without the kind, paired by seed (mean, 95% t-interval)',
    columns: [
      { label: 'Point', align: 'l' }, { label: 'Kind left out', align: 'l' }, { label: 'Metric', align: 'l' },
      { label: 'Effect', align: 'r' }, { label: '95% CI', align: 'r' }, { label: 'Pairs', align: 'r' },
    ],
    rows,
  });
}
