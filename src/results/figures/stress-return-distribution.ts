// Figure (sweep): the distribution of the stress-day return across replicates — a kernel density per
// counterfactual with every run as a tick underneath, one panel per point (pooled when the sweep has more than
// MAX_PANELS points). Uses index_return when present, else the first return.<SYM> column.
import { counterfactualLabel, okRuns, pointLabel } from '../sweep-stats.js';
import type { SweepView } from '../sweep-stats.js';
import { numCol, strCol } from '../columns.js';
import { roundSig, topLevel } from './common.js';
import type { FigureOutcome } from './common.js';

export const STRESS_RETURN_DISTRIBUTION = 'stress-return-distribution';
const MAX_PANELS = 6;

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
  const color = { field: 'runs', type: 'nominal', title: 'runs', sort: view.counterfactuals.map(counterfactualLabel) };
  const x = { field: 'value', type: 'quantitative', title: metric, axis: { format: '.1%' } };
  const spec = topLevel(title, `${metric}: kernel density per counterfactual; ticks: individual runs`, {
    data: { values },
    facet: { row: { field: 'point', type: 'nominal', title: null } },
    spec: {
      width: 480,
      height: 120,
      layer: [
        { transform: [{ density: 'value', groupby: ['runs'] }], mark: { type: 'area', opacity: 0.35 }, encoding: { x, y: { field: 'density', type: 'quantitative', title: 'density' }, color } },
        { mark: { type: 'tick', thickness: 1, opacity: 0.8 }, encoding: { x, color, y: { value: 120 }, tooltip: [{ field: 'runs' }, { field: 'value', format: '.2%' }] } },
      ],
    },
    resolve: { scale: { y: 'independent' } },
  });
  return { name: STRESS_RETURN_DISTRIBUTION, title, caption: `Distribution of ${metric} across replicates, by counterfactual.`, spec };
}
