// Figure (sweep): counterfactual effects — for each agent kind left out, the paired difference of each headline
// metric (all agents − without the kind, same seeds) with its 95% confidence interval, per point; one panel per
// metric. A kind whose interval excludes 0 changed the outcome. Skipped when the sweep has no counterfactual runs.
import { metricDef } from '../metric-names.js';
import { FULL_RUN } from '../../core/full-run.js';
import { counterfactualLabel, pairedEffects, pointLabel } from '../sweep-stats.js';
import type { SweepView } from '../sweep-stats.js';
import { grid, roundSig, topLevel } from './common.js';
import type { FigureOutcome, VlSpec } from './common.js';

export const COUNTERFACTUAL_EFFECTS = 'counterfactual-effects';

interface EffectRow {
  metric: string;
  kind: string;
  point: string;
  mean: number;
  lo: number;
  hi: number;
  n: number;
}

function panel(metric: string, values: readonly EffectRow[], points: readonly string[]): VlSpec {
  const def = metricDef(metric);
  const fmt = def.kind === 'pct' ? '.1%' : '~s';
  const y = { field: 'kind', type: 'nominal', title: 'agent kind left out' };
  const color = { field: 'point', type: 'nominal', title: 'point', sort: points };
  const x = { field: 'lo', type: 'quantitative', title: `effect on ${def.label.charAt(0).toLowerCase()}${def.label.slice(1)}`, axis: { format: fmt } };
  return {
    title: { text: def.label, fontSize: 11, fontWeight: 'normal' },
    width: 260,
    height: { step: 18 },
    data: { values: values.filter((v) => v.metric === metric) },
    layer: [
      { mark: { type: 'rule', color: '#999' }, encoding: { x: { datum: 0 } } },
      { mark: { type: 'rule', strokeWidth: 2 }, encoding: { y, yOffset: { field: 'point', sort: points }, x, x2: { field: 'hi' }, color } },
      {
        mark: { type: 'point', filled: true, size: 40 },
        encoding: { y, yOffset: { field: 'point', sort: points }, x: { field: 'mean', type: 'quantitative' }, color, tooltip: [{ field: 'kind' }, { field: 'point' }, { field: 'mean' }, { field: 'lo' }, { field: 'hi' }, { field: 'n' }] },
      },
    ],
  };
}

export function counterfactualEffects(view: SweepView, metrics: readonly string[]): FigureOutcome {
  const title = 'Counterfactual effects';
  if (!view.counterfactuals.some((c) => c !== FULL_RUN)) return { name: COUNTERFACTUAL_EFFECTS, title, skipped: 'the sweep has no counterfactual runs' };
  const values: EffectRow[] = pairedEffects(view, metrics)
    .filter((e) => Number.isFinite(e.mean))
    .map((e) => ({ metric: e.metric, kind: e.counterfactual, point: pointLabel(view, e.pointId), mean: roundSig(e.mean), lo: roundSig(e.lo), hi: roundSig(e.hi), n: e.n }));
  if (values.length === 0) return { name: COUNTERFACTUAL_EFFECTS, title, skipped: 'no replicate finished both its full and its counterfactual run' };
  const points = view.pointIds.map((p) => pointLabel(view, p));
  const shown = metrics.filter((m) => values.some((v) => v.metric === m));
  const spec = topLevel(title, `Paired difference: ${counterfactualLabel(FULL_RUN)} − without the kind (same seeds); bars: 95% CI`, grid(shown.map((m) => panel(m, values, points)), 2));
  return { name: COUNTERFACTUAL_EFFECTS, title, caption: 'Effect of each agent kind on the headline metrics, with 95% confidence intervals.', spec };
}
