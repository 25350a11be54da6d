// `cascade policy-report <sweep dirs…>`: the policy levers side by side (docs/policy.md). Each directory is a sweep
// of one lever (scenarios/sweeps/policy-*.yaml) whose point 0 is the scenario as calibrated and whose replicates
// share seeds across points (crn across-points). For every other point and each metric: the difference from point 0
// paired by replicate (point − calibrated, same seed), its mean and 95% t interval. Writes figures/policy-effects
// (one panel per headline metric: each lever setting's effect with its interval), tables/policy-effects.{tex,md}
// (booktabs), policy-effects.csv (every metric, unformatted) and, with `doc`, replaces the part of a Markdown file
// between `<!-- policy-effects:start -->` and `<!-- policy-effects:end -->` with the table.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, dirname } from 'node:path';
import { makeTable } from '../core/table.js';
import { captionsMarkdown, captionsTex } from './captions.js';
import { pointDifference, type PointDiff } from './compare-points.js';
import { writeCsv } from './csv-writer.js';
import { grid, roundSig, topLevel } from './figures/common.js';
import type { Figure } from './figures/common.js';
import type { FigureStyle } from './figures/style.js';
import { formatCount } from './format.js';
import { tableToLatex } from './latex.js';
import { tableToMarkdown } from './markdown.js';
import { metricDef } from './metric-names.js';
import { renderFigure } from './render.js';
import type { FigureFormat } from './render.js';
import { checkTable, type ReportTable } from './report-table.js';
import { loadSweep, ReportInputError } from './run-data.js';
import { FULL_RUN } from '../core/full-run.js';
import { describe as stats } from './sample-stats.js';
import { okRuns, sweepView, type SweepView } from './sweep-stats.js';

/** The three effects docs/policy.md reports: stress-day fall, D+2 fall, peak-to-trough drawdown (index). */
export const POLICY_METRICS = ['index_return', 'index_return_d2', 'index_peak_to_trough'] as const;

export const DOC_START = '<!-- policy-effects:start -->';
export const DOC_END = '<!-- policy-effects:end -->';

/** Readable names of the levers the shipped policy sweeps vary (others show their path). */
const LEVER_LABELS: Readonly<Record<string, string>> = {
  'params.marginMaintenance': 'margin maintenance ratio',
  'agents.margin-accounts.maintenance': 'margin maintenance ratio (switch)',
  'agents.margin-accounts.sellAll': 'margin: sell all on a call',
  'params.letfMaxLeverage': 'LETF leverage cap',
  'params.letfMaxAumUsd': 'LETF AUM cap (USD)',
  'agents.leveraged-etf.schedule': 'LETF rebalance schedule',
  'agents.leveraged-etf.twapMinutes': 'LETF TWAP window (min)',
  'agents.swap-dealer.schedule': 'LETF rebalance schedule (swap dealers)',
  'params.swapTwapMinutes': 'LETF TWAP window (min, swap dealers)',
  'agents.margin-accounts.brokers': 'margin: brokers selling all on a call',
  'market.viThresholdScale': 'VI thresholds (× KRX)',
  'market.circuitBreakerLevelsPct': 'circuit-breaker levels (%)',
  'market.auctionRandomEndUs': 'auction random end (µs)',
  'agents.authorized-participant.lpObligationInAuctions': 'LP quotes in auctions',
};

/** One lever setting's effects. */
export interface PolicyRow {
  readonly sweep: string;
  readonly lever: string;
  readonly setting: string;
  readonly calibrated: string;
  readonly point: number;
  readonly diffs: readonly PointDiff[];
}

/** The levers of several policy sweeps: per non-calibrated point, the paired differences of `metrics`. */
export interface PolicyEffects {
  readonly rows: readonly PolicyRow[];
  readonly metrics: readonly string[];
  /** Per metric, the mean at the calibrated point of the first sweep (the level the effects move). */
  readonly calibrated: ReadonlyMap<string, number>;
  readonly seeds: number;
}

/** A lever setting as the table prints it (numbers ≥ 1e6 in exponent form, broker profiles as how many sell all). */
export function valueText(value: unknown): string {
  let v = value;
  if (typeof v === 'string' && v.startsWith('[{')) {
    try {
      v = JSON.parse(v) as unknown;
    } catch {
      v = value;
    }
  }
  // A list of margin broker profiles reads as how many of them sell the whole position on a call.
  if (Array.isArray(v) && v.length > 0 && v.every((b) => typeof b === 'object' && b !== null && 'share' in b)) {
    const all = (v as { sellAll?: unknown }[]).filter((b) => b.sellAll === true).length;
    return `${all} of ${v.length} profiles`;
  }
  if (typeof v === 'number') return Math.abs(v) >= 1e6 ? v.toExponential(0).replace('e+', 'e') : String(v);
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** The one varied path of a policy sweep and its value at each point. @throws ReportInputError */
function leverOf(view: SweepView, dir: string): { path: string; values: Map<number, string> } {
  if (view.params.length !== 1) throw new ReportInputError(`${dir}: a policy sweep varies exactly one lever, this one varies ${view.params.length} (${view.params.join(', ')})`);
  const path = view.params[0]!;
  const col = view.runs.columns.find((c) => c.name === path)!;
  const pid = view.runs.columns.find((c) => c.name === 'point_id')!.values;
  const values = new Map<number, string>();
  for (let r = 0; r < view.runs.rowCount; r++) if (!values.has(Number(pid[r]))) values.set(Number(pid[r]), valueText(col.values[r]));
  return { path, values };
}

/** Compute the effects of every sweep directory. @throws ReportInputError */
export async function policyEffects(dirs: readonly string[], metrics: readonly string[] = POLICY_METRICS): Promise<PolicyEffects> {
  if (dirs.length === 0) throw new ReportInputError('policy-report needs at least one sweep directory');
  const rows: PolicyRow[] = [];
  const calibrated = new Map<string, number>();
  let seeds = Infinity;
  for (const dir of dirs) {
    const sweep = await loadSweep(dir);
    const view = sweepView(sweep);
    const crn = ((sweep.manifest['plan'] ?? {}) as { crn?: unknown }).crn;
    if (crn !== 'across-points') throw new ReportInputError(`${dir}: the points must share seeds (crn: across-points) to be paired with the calibrated point`);
    const missing = metrics.filter((m) => !view.metrics.includes(m));
    if (missing.length > 0) throw new ReportInputError(`${dir}: no metric ${missing.join(', ')} in its runs (run the sweep again with this version)`);
    const { path, values } = leverOf(view, dir);
    const name = String(((sweep.manifest['sweep'] ?? {}) as { name?: unknown }).name ?? dir);
    for (const m of metrics) {
      const base = okRuns(view, (p, c) => p === 0 && c === FULL_RUN).map((r) => view.runs.columns.find((c) => c.name === m)!.values[r] as number);
      if (!calibrated.has(m)) calibrated.set(m, stats(base.filter(Number.isFinite)).mean);
    }
    for (const p of view.pointIds.filter((x) => x !== 0)) {
      const diffs = metrics.map((m) => pointDifference(view, 0, p, FULL_RUN, m, true));
      seeds = Math.min(seeds, ...diffs.map((d) => d.n));
      rows.push({ sweep: name, lever: LEVER_LABELS[path] ?? path, setting: values.get(p)!, calibrated: values.get(0)!, point: p, diffs });
    }
  }
  return { rows, metrics, calibrated, seeds: Number.isFinite(seeds) ? seeds : 0 };
}

/** A label inside a sentence: "Stress-day return" → "stress-day return", but "D+2 return" stays. */
function inSentence(label: string): string {
  return /^[A-Z][a-z]/.test(label) ? label.charAt(0).toLowerCase() + label.slice(1) : label;
}

/** A difference in percentage points with its interval: "−0.42 [−0.80, −0.04]". */
function ppCell(d: PointDiff): string {
  if (!Number.isFinite(d.mean)) return '–';
  const f = (x: number): string => (Number.isFinite(x) ? (100 * x).toFixed(2).replace('-', '−') : '–');
  return `${f(d.mean)} [${f(d.lo)}, ${f(d.hi)}]`;
}

/** The booktabs / Markdown table: one row per lever setting, one column per metric (effect and interval, pp). */
export function policyTable(e: PolicyEffects): ReportTable {
  const level = e.metrics.map((m) => `${metricDef(m).label} ${(100 * e.calibrated.get(m)!).toFixed(2).replace('-', '−')}%`).join('; ');
  return checkTable({
    name: 'policy-effects',
    caption: 'Policy levers: effect on the index’s stress-day return, D+2 return and peak-to-trough drawdown against the scenario as calibrated (percentage points; mean and 95% interval over seeds paired by seed)',
    columns: [
      { label: 'Lever', align: 'l' }, { label: 'Setting (calibrated)', align: 'l' }, { label: 'Seeds', align: 'r' },
      ...e.metrics.map((m) => ({ label: `Δ ${inSentence(metricDef(m).label)} (pp)`, align: 'r' as const })),
    ],
    rows: e.rows.map((r) => [r.lever, `${r.setting} (${r.calibrated})`, formatCount(Math.min(...r.diffs.map((d) => d.n))), ...r.diffs.map(ppCell)]),
    note: `As calibrated: ${level}. A fall is a negative return: a positive effect on a return is a smaller fall, a negative effect on the drawdown a smaller drawdown.`,
  });
}

/** The summary figure: each lever setting's effect with its 95% interval, one panel per metric. */
export function policyFigure(e: PolicyEffects): Figure {
  const values = e.rows.flatMap((r) => r.diffs.filter((d) => Number.isFinite(d.mean)).map((d) => ({
    metric: d.metric, label: `${r.lever}: ${r.setting}`, mean: roundSig(d.mean), lo: roundSig(d.lo), hi: roundSig(d.hi), n: d.n,
  })));
  const order = e.rows.map((r) => `${r.lever}: ${r.setting}`);
  const panels = e.metrics.map((m, i) => {
    const def = metricDef(m);
    // every panel has the same rows in the same order (a fixed domain), so only the first one names them
    const y = { field: 'label', type: 'nominal', title: null, sort: order, scale: { domain: order }, axis: i === 0 ? { labelLimit: 400 } : { labels: false, ticks: false } };
    return {
      title: { text: `Δ ${inSentence(def.label)}`, fontSize: 11, fontWeight: 'normal' },
      width: 180,
      height: { step: 14 },
      data: { values: values.filter((v) => v.metric === m) },
      layer: [
        { mark: { type: 'rule', color: '#999999' }, encoding: { x: { datum: 0 } } },
        { mark: { type: 'rule', strokeWidth: 1.5, color: '#000000' }, encoding: { y, x: { field: 'lo', type: 'quantitative', title: 'vs calibrated', axis: { format: '+.1%' } }, x2: { field: 'hi' } } },
        { mark: { type: 'point', filled: true, size: 30, color: '#000000' }, encoding: { y, x: { field: 'mean', type: 'quantitative' }, tooltip: [{ field: 'label' }, { field: 'mean' }, { field: 'lo' }, { field: 'hi' }, { field: 'n' }] } },
      ],
    };
  });
  const title = 'Policy levers against the scenario as calibrated';
  const spec = topLevel(title, 'Paired by seed: setting − calibrated; bars: 95% interval', grid(panels, 3));
  return {
    name: 'policy-effects',
    title,
    caption: `Effect of each policy lever setting on the index's stress-day return, D+2 return and peak-to-trough drawdown, against the Korea-2026 scenario as calibrated, mean over ${e.seeds} seeds with its 95% interval (each setting paired with the calibrated run of the same seed).`,
    spec,
  };
}

/** Replace the text between the markers of `doc` (which must hold both) with `body`. @throws ReportInputError */
export function spliceDoc(text: string, body: string, doc: string): string {
  const a = text.indexOf(DOC_START);
  const b = text.indexOf(DOC_END);
  if (a < 0 || b < a) throw new ReportInputError(`${doc} has no ${DOC_START} … ${DOC_END} section to replace`);
  return `${text.slice(0, a + DOC_START.length)}\n${body}\n${text.slice(b)}`;
}

export interface PolicyReportOptions {
  readonly out: string;
  readonly formats: readonly FigureFormat[];
  readonly style?: FigureStyle;
  /** A Markdown file whose marked section receives the table and the figure. */
  readonly doc?: string;
  /** A line on how the numbers were made (seeds, command), put above the table in `doc`. */
  readonly provenance?: string;
}

/** Compute the effects and write the figure, tables, CSV (and the doc section). @throws ReportInputError */
export async function writePolicyReport(dirs: readonly string[], opts: PolicyReportOptions): Promise<{ files: string[]; effects: PolicyEffects }> {
  if (opts.doc !== undefined && !existsSync(opts.doc)) throw new ReportInputError(`${opts.doc} does not exist`);
  if (opts.doc !== undefined) spliceDoc(readFileSync(opts.doc, 'utf8'), '', opts.doc); // markers checked before anything is written
  const e = await policyEffects(dirs);
  const all = await policyEffects(dirs, allMetrics(await loadSweep(dirs[0]!)));
  const figDir = join(opts.out, 'figures');
  const tabDir = join(opts.out, 'tables');
  for (const d of [figDir, tabDir]) {
    rmSync(d, { recursive: true, force: true });
    mkdirSync(d, { recursive: true });
  }
  const fig = policyFigure(e);
  const files = await renderFigure(fig, figDir, { formats: opts.formats, ...(opts.style ? { style: opts.style } : {}) }, { warnings: [] });
  writeFileSync(join(figDir, 'captions.tex'), captionsTex([fig], 'figures'));
  writeFileSync(join(figDir, 'captions.md'), captionsMarkdown([fig]));
  const table = policyTable(e);
  writeFileSync(join(tabDir, 'policy-effects.tex'), tableToLatex(table));
  writeFileSync(join(tabDir, 'policy-effects.md'), tableToMarkdown(table));
  const csv = join(opts.out, 'policy-effects.csv');
  const flat = all.rows.flatMap((r) => r.diffs.map((d) => ({ r, d })));
  writeCsv(makeTable('policy-effects', [
    { name: 'sweep', type: 'string', values: flat.map((x) => x.r.sweep) },
    { name: 'lever', type: 'string', values: flat.map((x) => x.r.lever) },
    { name: 'setting', type: 'string', values: flat.map((x) => x.r.setting) },
    { name: 'calibrated', type: 'string', values: flat.map((x) => x.r.calibrated) },
    { name: 'metric', type: 'string', values: flat.map((x) => x.d.metric) },
    { name: 'n', type: 'int', values: Int32Array.from(flat, (x) => x.d.n) },
    { name: 'diff_mean', type: 'float', values: Float64Array.from(flat, (x) => x.d.mean) },
    { name: 'ci_low', type: 'float', values: Float64Array.from(flat, (x) => x.d.lo) },
    { name: 'ci_high', type: 'float', values: Float64Array.from(flat, (x) => x.d.hi) },
  ]), csv);
  files.push(join(tabDir, 'policy-effects.tex'), join(tabDir, 'policy-effects.md'), csv);
  if (opts.doc !== undefined) {
    const png = files.find((f) => f.endsWith('.png')) ?? files.find((f) => f.endsWith('.svg'));
    const image = png === undefined ? '' : `\n![${fig.title}](${relative(dirname(opts.doc), png)})\n`;
    const body = [opts.provenance ?? '', '', tableToMarkdown(table).trim(), image].join('\n').trim();
    writeFileSync(opts.doc, spliceDoc(readFileSync(opts.doc, 'utf8'), body, opts.doc));
    files.push(opts.doc);
  }
  return { files, effects: e };
}

/** Every float metric of a sweep (for the CSV). */
function allMetrics(sweep: Awaited<ReturnType<typeof loadSweep>>): string[] {
  return sweepView(sweep).metrics.filter((m) => !['trades', 'orders', 'events'].includes(m));
}
