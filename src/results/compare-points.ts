// `cascade compare SWEEP --points A,B…`: sweep points side by side (a sweep stores summaries, not paths, so this is
// the summary part of a run comparison, with intervals). For each metric: the mean at every point (over its ok
// runs of the chosen counterfactual) and each later point's difference from the first with a 95% t interval —
// paired by replicate when the sweep's replicates share seeds across points (crn across-points: the difference of
// the same replicate at two points, far less noisy), else Welch's unpaired interval. Writes
// tables/compare-points.{tex,md}, compare-points.csv (unformatted) and a figure of the differences with intervals.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FULL_RUN } from '../core/full-run.js';
import { makeTable } from '../core/table.js';
import { captionsMarkdown, captionsTex } from './captions.js';
import { numCol } from './columns.js';
import { writeCsv } from './csv-writer.js';
import { grid, roundSig, topLevel } from './figures/common.js';
import type { Figure } from './figures/common.js';
import type { FigureStyle } from './figures/style.js';
import { formatColumn, formatCount, withUnit } from './format.js';
import { tableToLatex } from './latex.js';
import { tableToMarkdown } from './markdown.js';
import { metricDef } from './metric-names.js';
import { renderFigure } from './render.js';
import type { FigureFormat } from './render.js';
import { checkTable } from './report-table.js';
import type { ReportTable } from './report-table.js';
import { loadSweep, ReportInputError } from './run-data.js';
import { describe as stats, meanInterval, tQuantile975, type MeanInterval } from './sample-stats.js';
import { okRuns, pointLabel, replicateKeys, sweepView } from './sweep-stats.js';
import type { SweepView } from './sweep-stats.js';

/** One metric's difference between a point and the reference point. */
export interface PointDiff extends MeanInterval {
  readonly metric: string;
  readonly point: number;
  readonly paired: boolean;
}

/** Metric values of the ok runs of (point, counterfactual), by replicate. */
function byReplicate(view: SweepView, point: number, cf: string, metric: string): Map<number, number> {
  const rep = replicateKeys(view);
  const v = numCol(view.runs, metric);
  return new Map(okRuns(view, (p, c) => p === point && c === cf).filter((r) => Number.isFinite(v[r]!)).map((r) => [rep[r]!, v[r]!]));
}

/**
 * Difference of `metric` between `point` and `ref` (point − ref): paired over common replicates when `paired`, else
 * Welch's interval (t quantile at the Welch–Satterthwaite df).
 */
export function pointDifference(view: SweepView, ref: number, point: number, cf: string, metric: string, paired: boolean): PointDiff {
  const a = byReplicate(view, ref, cf, metric);
  const b = byReplicate(view, point, cf, metric);
  if (paired) {
    return { metric, point, paired, ...meanInterval([...b].filter(([k]) => a.has(k)).map(([k, x]) => x - a.get(k)!)) };
  }
  const sa = stats([...a.values()]);
  const sb = stats([...b.values()]);
  const va = sa.sd ** 2 / sa.n;
  const vb = sb.sd ** 2 / sb.n;
  const df = (va + vb) ** 2 / (va ** 2 / (sa.n - 1) + vb ** 2 / (sb.n - 1));
  const half = tQuantile975(df) * Math.sqrt(va + vb);
  const mean = sb.mean - sa.mean;
  return { metric, point, paired, n: Math.min(sa.n, sb.n), mean, lo: mean - half, hi: mean + half };
}

export interface PointComparison {
  readonly view: SweepView;
  readonly points: readonly number[];
  readonly counterfactual: string;
  readonly paired: boolean;
  readonly metrics: readonly string[];
  readonly means: ReadonlyMap<string, readonly number[]>;
  readonly diffs: readonly PointDiff[];
}

/** The comparison of `points` (the first is the reference) on `metrics`. @throws ReportInputError */
export function comparePoints(view: SweepView, crn: string, points: readonly number[], metrics: readonly string[], counterfactual = FULL_RUN): PointComparison {
  const unknown = points.filter((p) => !view.pointIds.includes(p));
  if (unknown.length > 0) throw new ReportInputError(`the sweep has no point ${unknown.join(', ')} (points: ${view.pointIds.join(', ')})`);
  if (!view.counterfactuals.includes(counterfactual)) throw new ReportInputError(`the sweep has no counterfactual "${counterfactual}" (${view.counterfactuals.join(', ')})`);
  const paired = crn === 'across-points';
  const means = new Map(metrics.map((m) => [m, points.map((p) => stats([...byReplicate(view, p, counterfactual, m).values()]).mean)] as const));
  const diffs = points.slice(1).flatMap((p) => metrics.map((m) => pointDifference(view, points[0]!, p, counterfactual, m, paired)));
  return { view, points, counterfactual, paired, metrics, means, diffs };
}

/** Per metric: the mean at each point, and each later point's difference from the first with its interval. */
export function comparePointsTable(c: PointComparison, currency: string): ReportTable {
  const [ref, ...rest] = c.points;
  const rows = c.metrics.map((m) => {
    const def = metricDef(m);
    const kind = def.kind === 'count' ? 'number' : def.kind;
    const diffs = rest.map((p) => c.diffs.find((d) => d.metric === m && d.point === p)!);
    const f = formatColumn(kind, [...c.means.get(m)!, ...diffs.flatMap((d) => [d.mean, d.lo, d.hi])], currency);
    const k = c.points.length;
    return [withUnit(def.label, f.unit), ...f.cells.slice(0, k), ...diffs.flatMap((d, i) => [f.cells[k + 3 * i]!, `[${f.cells[k + 3 * i + 1]!}, ${f.cells[k + 3 * i + 2]!}]`, formatCount(d.n)])];
  });
  const how = c.paired ? 'paired by replicate (same seeds at every point)' : "Welch's unpaired interval";
  return checkTable({
    name: 'compare-points',
    caption: `Sweep points compared (${c.counterfactual === FULL_RUN ? 'all agents' : `without ${c.counterfactual}`}): mean per point; difference from p${ref} with 95% interval, ${how}`,
    columns: [
      { label: 'Metric', align: 'l' },
      ...c.points.map((p) => ({ label: `p${p} mean`, align: 'r' as const })),
      ...rest.flatMap((p) => [{ label: `p${p} \u2212 p${ref}`, align: 'r' as const }, { label: '95% CI', align: 'r' as const }, { label: 'n', align: 'r' as const }]),
    ],
    rows,
  });
}

/** The differences with their intervals, one panel per metric. */
export function comparePointsFigure(c: PointComparison): Figure {
  const ref = c.points[0]!;
  const values = c.diffs.filter((d) => Number.isFinite(d.mean)).map((d) => ({ ...d, label: pointLabel(c.view, d.point), mean: roundSig(d.mean), lo: roundSig(d.lo), hi: roundSig(d.hi) }));
  const panels = c.metrics.map((m) => {
    const def = metricDef(m);
    const fmt = def.kind === 'pct' ? '.1%' : '~s';
    const data = { values: values.filter((v) => v.metric === m) };
    const y = { field: 'label', type: 'nominal', title: null };
    return {
      width: 240,
      height: { step: 16 },
      data,
      layer: [
        { mark: { type: 'rule', color: '#999999' }, encoding: { x: { datum: 0 } } },
        { mark: { type: 'rule', strokeWidth: 1.5, color: '#000000' }, encoding: { y, x: { field: 'lo', type: 'quantitative', title: `difference in ${def.label.charAt(0).toLowerCase()}${def.label.slice(1)}`, axis: { format: fmt } }, x2: { field: 'hi' } } },
        { mark: { type: 'point', filled: true, size: 30, color: '#000000' }, encoding: { y, x: { field: 'mean', type: 'quantitative' }, tooltip: [{ field: 'label' }, { field: 'mean' }, { field: 'lo' }, { field: 'hi' }, { field: 'n' }] } },
      ],
    };
  });
  const spec = topLevel(`Sweep points compared with p${ref}`, `Difference from ${pointLabel(c.view, ref)}; bars: 95% interval (${c.paired ? 'paired by replicate' : 'Welch'})`, grid(panels, 2));
  return {
    name: 'compare-points',
    title: `Sweep points compared with p${ref}`,
    caption: `Difference of each metric between the sweep points and ${pointLabel(c.view, ref)}, mean over replicates with its 95% interval (${c.paired ? 'paired by replicate: the points share seeds' : "Welch's unpaired interval"}).`,
    spec,
  };
}

/** Load the sweep, compare the points, write the outputs into `out`. @throws ReportInputError */
export async function writePointComparison(
  dir: string,
  points: readonly number[],
  opts: { readonly out: string; readonly formats: readonly FigureFormat[]; readonly style?: FigureStyle; readonly metrics?: readonly string[]; readonly counterfactual?: string },
): Promise<{ figures: string[]; tables: string[]; csv: string }> {
  if (points.length < 2) throw new ReportInputError('--points needs at least two point ids, e.g. --points 0,4');
  const sweep = await loadSweep(dir);
  const view = sweepView(sweep);
  const metrics = opts.metrics ?? view.metrics.filter((m) => !['trades', 'orders', 'events'].includes(m));
  const bad = metrics.filter((m) => !view.metrics.includes(m));
  if (bad.length > 0) throw new ReportInputError(`unknown metric(s) ${bad.join(', ')}; the sweep has ${view.metrics.join(', ')}`);
  const plan = (sweep.manifest['plan'] ?? {}) as { crn?: unknown };
  const crn = typeof plan.crn === 'string' ? plan.crn : 'within-point';
  const c = comparePoints(view, crn, points, metrics, opts.counterfactual);
  const currency = typeof sweep.manifest['reportCurrency'] === 'string' ? sweep.manifest['reportCurrency'] : 'KRW';
  const figDir = join(opts.out, 'figures');
  const tabDir = join(opts.out, 'tables');
  for (const d of [figDir, tabDir]) {
    rmSync(d, { recursive: true, force: true });
    mkdirSync(d, { recursive: true });
  }
  const fig = comparePointsFigure(c);
  const figures = await renderFigure(fig, figDir, { formats: opts.formats, ...(opts.style ? { style: opts.style } : {}) }, { warnings: [] });
  writeFileSync(join(figDir, 'captions.tex'), captionsTex([fig], 'figures'));
  writeFileSync(join(figDir, 'captions.md'), captionsMarkdown([fig]));
  const table = comparePointsTable(c, currency);
  const tex = join(tabDir, 'compare-points.tex');
  const md = join(tabDir, 'compare-points.md');
  writeFileSync(tex, tableToLatex(table));
  writeFileSync(md, tableToMarkdown(table));
  const csv = join(opts.out, 'compare-points.csv');
  writeCsv(makeTable('compare-points', [
    { name: 'metric', type: 'string', values: c.diffs.map((d) => d.metric) },
    { name: 'point_id', type: 'int', values: Int32Array.from(c.diffs, (d) => d.point) },
    { name: 'reference_point_id', type: 'int', values: Int32Array.from(c.diffs, () => points[0]!) },
    { name: 'paired', type: 'string', values: c.diffs.map((d) => String(d.paired)) },
    { name: 'n', type: 'int', values: Int32Array.from(c.diffs, (d) => d.n) },
    { name: 'diff_mean', type: 'float', values: Float64Array.from(c.diffs, (d) => d.mean) },
    { name: 'ci_low', type: 'float', values: Float64Array.from(c.diffs, (d) => d.lo) },
    { name: 'ci_high', type: 'float', values: Float64Array.from(c.diffs, (d) => d.hi) },
  ]), csv);
  return { figures, tables: [tex, md], csv };
}
