// Figure (attribution): a waterfall per metric — the baseline, the metric without any of the attributed kinds (the
// exogenous shock and the background market), then each kind's mean Shapley value as a floating step (with its 95% interval as a
// rule at the step's end), then the metric with all agents. By efficiency the steps add up exactly to the last bar.
// One panel per metric, each kind in its own colour (the same in every figure), the ends in greys.
import { metricDef } from '../metric-names.js';
import { grid, kindColorScale, roundSig, topLevel } from './common.js';
import type { FigureOutcome, VlSpec } from './common.js';

export const ATTRIBUTION_WATERFALL = 'attribution-waterfall';

/** One metric's attribution as the waterfall needs it. */
export interface WaterfallInput {
  readonly metric: string;
  /** v(∅): none of the listed kinds. */
  readonly baseline: number;
  /** Per kind, in order: mean Shapley value and its 95% interval. */
  readonly kinds: readonly { readonly kind: string; readonly value: number; readonly lo: number; readonly hi: number }[];
  /** v(N): all agents. */
  readonly all: number;
  readonly seeds: number;
}

const BASELINE_LABEL = 'baseline';
const ALL_LABEL = 'all agents';
const END_COLORS = { [BASELINE_LABEL]: '#c7c7c7', [ALL_LABEL]: '#333333' } as const;

interface Step {
  step: string;
  order: number;
  start: number;
  end: number;
  value: number;
  lo: number | null;
  hi: number | null;
  label: string;
}

function steps(w: WaterfallInput): Step[] {
  const out: Step[] = [{ step: BASELINE_LABEL, order: 0, start: 0, end: roundSig(w.baseline), value: roundSig(w.baseline), lo: null, hi: null, label: BASELINE_LABEL }];
  let level = w.baseline;
  w.kinds.forEach((k, i) => {
    const ok = Number.isFinite(k.lo) && Number.isFinite(k.hi);
    out.push({
      step: k.kind, order: i + 1, start: roundSig(level), end: roundSig(level + k.value), value: roundSig(k.value),
      lo: ok ? roundSig(level + k.lo) : null, hi: ok ? roundSig(level + k.hi) : null, label: k.kind,
    });
    level += k.value;
  });
  out.push({ step: ALL_LABEL, order: w.kinds.length + 1, start: 0, end: roundSig(w.all), value: roundSig(w.all), lo: null, hi: null, label: ALL_LABEL });
  return out;
}

function panel(w: WaterfallInput, color: { domain: string[]; range: string[] }): VlSpec {
  const def = metricDef(w.metric);
  const format = def.kind === 'pct' ? '.1%' : '~s';
  const order = steps(w).map((s) => s.step);
  const x = { field: 'step', type: 'nominal', sort: order, title: null, axis: { labelAngle: -35, labelLimit: 170, labelOverlap: false } };
  return {
    title: { text: `${def.label} (${w.seeds} seeds)`, fontSize: 11, fontWeight: 'normal' },
    width: 240,
    height: 170,
    data: { values: steps(w) },
    layer: [
      { mark: { type: 'rule', color: '#999' }, encoding: { y: { datum: 0 } } },
      {
        mark: { type: 'bar', width: { band: 0.7 } },
        encoding: {
          x,
          y: { field: 'start', type: 'quantitative', title: null, axis: { format } },
          y2: { field: 'end' },
          color: { field: 'step', type: 'nominal', scale: color, legend: null },
          tooltip: [{ field: 'step' }, { field: 'value', title: 'contribution' }, { field: 'end', title: 'level after' }, { field: 'lo' }, { field: 'hi' }],
        },
      },
      { transform: [{ filter: 'isValid(datum.lo)' }], mark: { type: 'rule', strokeWidth: 1.2, color: '#000' }, encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } } },
    ],
  };
}

/** The waterfall figure of every metric given. */
export function attributionWaterfall(inputs: readonly WaterfallInput[]): FigureOutcome {
  const title = 'Shapley attribution';
  const shown = inputs.filter((w) => Number.isFinite(w.baseline) && Number.isFinite(w.all));
  if (shown.length === 0) return { name: ATTRIBUTION_WATERFALL, title, skipped: 'no metric has a seed whose runs all finished' };
  const kinds = kindColorScale(shown[0]!.kinds.map((k) => k.kind));
  const color = { domain: [BASELINE_LABEL, ...kinds.domain, ALL_LABEL], range: [END_COLORS[BASELINE_LABEL], ...kinds.range, END_COLORS[ALL_LABEL]] };
  const subtitle = 'Baseline (none of the listed kinds) → each kind’s mean Shapley value (rule: 95% interval) → all agents';
  const spec = topLevel(title, subtitle, grid(shown.map((w) => panel(w, color)), 2));
  const caption =
    'Exact Shapley attribution over all subsets of the listed agent kinds (common random numbers). Baseline: the metric without any of ' +
    'the listed kinds (the exogenous shock and the rest of the market). Each step is a kind’s mean Shapley value with its 95% interval over ' +
    'seeds; per seed the steps add up to the all-agents value exactly (efficiency).';
  return { name: ATTRIBUTION_WATERFALL, title, caption, spec };
}
