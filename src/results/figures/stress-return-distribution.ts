// Figure (sweep): the distribution of the stress-day return across replicates, one panel per point (pooled when the
// sweep has more than MAX_PANELS points), one colour per counterfactual. With at least MIN_DENSITY_RUNS runs in
// every group: overlaid (never stacked) kernel densities over 100 grid points, every run a tick underneath. With
// fewer, a density is not worth drawing: a strip plot of the runs, one row per counterfactual, with the median
// marked. Uses index_return when present, else the first return.<SYM> column; titles are readable metric names.
import { metricDef } from '../metric-names.js';
import { counterfactualLabel, okRuns, pointLabel } from '../sweep-stats.js';
import type { SweepView } from '../sweep-stats.js';
import { numCol, strCol } from '../columns.js';
import { roundSig, topLevel } from './common.js';
import type { FigureOutcome } from './common.js';

export const STRESS_RETURN_DISTRIBUTION = 'stress-return-distribution';
const MAX_PANELS = 6;
/** Fewer runs than this in some (point, counterfactual) group: strip plot instead of densities. */
export const MIN_DENSITY_RUNS = 10;

export function stressReturnDistribution(view: SweepView): FigureOutcome {
  const title = 'Stress-day return across replicates';
  const metric = view.metrics.find((m) => m === 'index_return') ?? view.metrics.find((m) => m.startsWith('return.'));
  if (metric === undefined) return { name: STRESS_RETURN_DISTRIBUTION, title, skipped: 'the runs table has no index_return or return.<SYM> column' };
  const v = numCol(view.runs, metric);
  const pid = numCol(view.runs, 'point_id');
  const cf = strCol(view.runs, 'counterfactual');
  const pooled = view.pointIds.length > MAX_PANELS;
  const values = okRuns(view, () => true)
    .filter((r) => Number.isFinite(v[r]!))
    .map((r) => ({ point: pooled ? 'all points' : pointLabel(view, pid[r]!), runs: counterfactualLabel(cf[r]!), value: roundSig(v[r]!) }));
  if (values.length < 2) return { name: STRESS_RETURN_DISTRIBUTION, title, skipped: `fewer than 2 ok runs with a finite ${metric}` };
  const groups = new Map<string, number>();
  for (const x of values) groups.set(`${x.point}|${x.runs}`, (groups.get(`${x.point}|${x.runs}`) ?? 0) + 1);
  const few = Math.min(...groups.values()) < MIN_DENSITY_RUNS;
  const label = metricDef(metric).label;
  const order = view.counterfactuals.map(counterfactualLabel);
  const color = { field: 'runs', type: 'nominal', title: 'runs', sort: order };
  const x = { field: 'value', type: 'quantitative', title: label, axis: { format: '.1%' }, scale: { zero: false } };
  const tooltip = [{ field: 'runs' }, { field: 'value', format: '.2%' }];
  const layer = few
    ? [
        { mark: { type: 'tick', thickness: 1.5 }, encoding: { x, y: { field: 'runs', type: 'nominal', title: null, sort: order }, color, tooltip } },
        { transform: [{ aggregate: [{ op: 'median', field: 'value', as: 'median' }], groupby: ['runs'] }], mark: { type: 'point', shape: 'diamond', filled: true, color: '#000000', size: 30 }, encoding: { x: { ...x, field: 'median' }, y: { field: 'runs', type: 'nominal', sort: order } } },
      ]
    : [
        { transform: [{ density: 'value', groupby: ['runs'], steps: 100 }], mark: { type: 'area', opacity: 0.3, line: true }, encoding: { x, y: { field: 'density', type: 'quantitative', title: 'density', stack: null }, color } },
        { mark: { type: 'tick', thickness: 1, opacity: 0.8 }, encoding: { x, color, y: { value: { expr: 'height' } }, tooltip } },
      ];
  const how = few ? `every run (ticks) and the median (diamond); fewer than ${MIN_DENSITY_RUNS} runs per group` : 'kernel density per counterfactual (overlaid); ticks: individual runs';
  const spec = topLevel(title, `${label}: ${how}`, {
    data: { values },
    facet: { row: { field: 'point', type: 'nominal', title: null } },
    spec: { width: 480, height: few ? 20 * order.length : 120, layer },
    resolve: { scale: { y: 'independent' } },
  });
  return { name: STRESS_RETURN_DISTRIBUTION, title, caption: `Distribution of ${label.toLowerCase()} across replicates, by counterfactual: ${how}.`, spec };
}
