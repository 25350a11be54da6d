// Figure (sweep): each headline metric against each varied parameter — the mean over replicates as a line and the
// 5–95% band across replicates (a 90% band), one colour per counterfactual; one panel per (metric, parameter),
// rows are metrics. With several parameters, each panel pools the runs at the same value of its parameter.
import { metricDef, paramLabel } from '../metric-names.js';
import { counterfactualLabel, okRuns, paramValue, statsOf } from '../sweep-stats.js';
import type { SweepView } from '../sweep-stats.js';
import { grid, roundSig, topLevel } from './common.js';
import type { FigureOutcome, VlSpec } from './common.js';

export const METRIC_VS_PARAM = 'metric-vs-param';

function rowsFor(view: SweepView, param: string, metric: string, cf: string) {
  const byValue = new Map<number | string, number[]>();
  for (const p of view.pointIds) {
    const v = paramValue(view, p, param);
    byValue.set(v, [...(byValue.get(v) ?? []), p]);
  }
  return [...byValue].flatMap(([x, points]) => {
    const s = statsOf(view, okRuns(view, (q, c) => points.includes(q) && c === cf), metric);
    if (s.n === 0) return [];
    return [{ counterfactual: counterfactualLabel(cf), x, mean: roundSig(s.mean), p05: roundSig(s.p05), p95: roundSig(s.p95), n: s.n }];
  });
}

function panel(view: SweepView, param: string, metric: string): VlSpec {
  const values = view.counterfactuals.flatMap((cf) => rowsFor(view, param, metric, cf));
  const xs = values.map((v) => v.x);
  const numeric = xs.every((x) => typeof x === 'number');
  const pos = xs as number[];
  const logScale = numeric && pos.every((x) => x > 0) && Math.max(...pos) / Math.min(...pos) >= 100;
  const x = numeric
    ? { field: 'x', type: 'quantitative', title: paramLabel(param), scale: { type: logScale ? 'log' : 'linear', zero: false } }
    : { field: 'x', type: 'ordinal', title: paramLabel(param) };
  const def = metricDef(metric);
  const fmt = def.kind === 'pct' ? '.1%' : '~s';
  const color = { field: 'counterfactual', type: 'nominal', title: 'runs', sort: view.counterfactuals.map(counterfactualLabel) };
  return {
    width: 260,
    height: 150,
    data: { values },
    layer: [
      { mark: { type: 'area', opacity: 0.2 }, encoding: { x, y: { field: 'p05', type: 'quantitative', title: def.label, scale: { zero: false }, axis: { format: fmt } }, y2: { field: 'p95' }, color } },
      {
        mark: { type: 'line', point: true },
        encoding: { x, y: { field: 'mean', type: 'quantitative' }, color, tooltip: [{ field: 'counterfactual' }, { field: 'x', title: param }, { field: 'mean' }, { field: 'p05' }, { field: 'p95' }, { field: 'n' }] },
      },
    ],
  };
}

export function metricVsParam(view: SweepView, metrics: readonly string[]): FigureOutcome {
  const title = 'Metrics across the sweep';
  if (view.params.length === 0) return { name: METRIC_VS_PARAM, title, skipped: 'the sweep varies no parameter' };
  if (metrics.length === 0) return { name: METRIC_VS_PARAM, title, skipped: 'the runs table has no metric columns' };
  const panels = metrics.flatMap((m) => view.params.map((p) => panel(view, p, m)));
  const spec = topLevel(title, 'Mean over replicates (line) and the 5–95% band across replicates (shaded)', grid(panels, Math.max(2, view.params.length)));
  return { name: METRIC_VS_PARAM, title, caption: `${metrics.join(', ')} against ${view.params.join(', ')}: mean and 90% band across replicates.`, spec };
}
