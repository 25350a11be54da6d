// Figure (sweep): each counterfactual effect against each swept parameter — the paired difference (all agents −
// without the kind, same seeds) as its mean with the 95% t interval, one colour per kind left out; one panel per
// (metric, parameter). When some point has fewer than STRIP_BELOW pairs, every paired difference is also drawn (a
// strip), since an interval from a handful of runs says little on its own. Parameter values are pooled when a
// sweep varies several parameters. Skipped without a varied parameter or counterfactual runs.
import { metricDef, paramLabel } from '../metric-names.js';
import { FULL_RUN } from '../../core/full-run.js';
import { meanInterval } from '../sample-stats.js';
import { pairedDifferences, paramValue } from '../sweep-stats.js';
import type { SweepView } from '../sweep-stats.js';
import { grid, kindColorScale, roundSig, topLevel } from './common.js';
import type { FigureOutcome, VlSpec } from './common.js';

export const EFFECT_VS_PARAM = 'effect-vs-param';
/** Fewer pairs than this at some point: draw the individual paired differences too. */
export const STRIP_BELOW = 10;

interface Diff {
  readonly kind: string;
  readonly x: number | string;
  readonly diff: number;
}

/** Every finite paired difference of `metric`, with the point's value of `param`. */
function pairedDiffs(view: SweepView, metric: string, param: string): Diff[] {
  return view.pointIds.flatMap((p) => view.counterfactuals.filter((c) => c !== FULL_RUN).flatMap((cf) =>
    pairedDifferences(view, p, cf, metric).filter(Number.isFinite).map((diff) => ({ kind: cf, x: paramValue(view, p, param), diff })),
  ));
}

function panel(view: SweepView, metric: string, param: string, kinds: { domain: string[]; range: string[] }): VlSpec {
  const diffs = pairedDiffs(view, metric, param);
  const groups = new Map<string, Diff[]>();
  for (const d of diffs) groups.set(`${d.kind}\u0000${String(d.x)}`, [...(groups.get(`${d.kind}\u0000${String(d.x)}`) ?? []), d]);
  const summary = [...groups.values()].map((g) => {
    const s = meanInterval(g.map((d) => d.diff));
    return { kind: g[0]!.kind, x: g[0]!.x, mean: roundSig(s.mean), lo: roundSig(s.lo), hi: roundSig(s.hi), n: s.n };
  });
  const strip = summary.some((s) => s.n < STRIP_BELOW);
  const numeric = summary.every((s) => typeof s.x === 'number');
  const def = metricDef(metric);
  const fmt = def.kind === 'pct' ? '.1%' : '~s';
  const x = numeric ? { field: 'x', type: 'quantitative', title: paramLabel(param), scale: { zero: false } } : { field: 'x', type: 'ordinal', title: paramLabel(param) };
  const color = { field: 'kind', type: 'nominal', title: 'kind left out', scale: kinds };
  return {
    width: 260,
    height: 150,
    layer: [
      { data: { values: [{ y: 0 }] }, mark: { type: 'rule', color: '#999999' }, encoding: { y: { field: 'y', type: 'quantitative' } } },
      ...(strip ? [{ data: { values: diffs.map((d) => ({ ...d, diff: roundSig(d.diff) })) }, mark: { type: 'point', size: 12, opacity: 0.5 }, encoding: { x, y: { field: 'diff', type: 'quantitative' }, color } }] : []),
      { data: { values: summary }, mark: { type: 'rule', strokeWidth: 1.5 }, encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' }, color } },
      {
        data: { values: summary },
        mark: { type: 'line', point: { filled: true, size: 30 } },
        encoding: {
          x, y: { field: 'mean', type: 'quantitative', title: `effect on ${def.label.charAt(0).toLowerCase()}${def.label.slice(1)}`, axis: { format: fmt } }, color,
          tooltip: [{ field: 'kind' }, { field: 'x', title: paramLabel(param) }, { field: 'mean' }, { field: 'lo' }, { field: 'hi' }, { field: 'n' }],
        },
      },
    ],
  };
}

export function effectVsParam(view: SweepView, metrics: readonly string[]): FigureOutcome {
  const title = 'Counterfactual effects across the sweep';
  if (view.params.length === 0) return { name: EFFECT_VS_PARAM, title, skipped: 'the sweep varies no parameter' };
  const kindsLeftOut = view.counterfactuals.filter((c) => c !== FULL_RUN);
  if (kindsLeftOut.length === 0) return { name: EFFECT_VS_PARAM, title, skipped: 'the sweep has no counterfactual runs' };
  const shown = metrics.filter((m) => view.params.some((p) => pairedDiffs(view, m, p).length > 0));
  if (shown.length === 0) return { name: EFFECT_VS_PARAM, title, skipped: 'no replicate finished both its full and its counterfactual run' };
  const kinds = kindColorScale(kindsLeftOut);
  const panels = shown.flatMap((m) => view.params.map((p) => panel(view, m, p, kinds)));
  const spec = topLevel(title, `All agents − without the kind, paired by seed: mean and 95% t interval; points: each pair when a point has < ${STRIP_BELOW}`, grid(panels, Math.max(2, view.params.length)));
  const caption = `Paired effect of leaving out ${kindsLeftOut.join(', ')} on ${shown.join(', ')} against ${view.params.map(paramLabel).join(', ')}: mean over replicates with its 95% t interval (every pair drawn when a point has fewer than ${STRIP_BELOW}).`;
  return { name: EFFECT_VS_PARAM, title, caption, spec };
}
