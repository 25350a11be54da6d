// Figure: the margin-call wave by day — forced sales (flows.forced_sell_value, summed over kinds) per day, stacked
// by instrument in each instrument's colour, so the split across names shows; when margin-accounts agents also
// sold voluntarily, their total selling per day is a black tick above the bar. The multiple of the pre-stress
// average is in the tooltip (DOMAIN §8.2 T10: ≥ 4× from the D+2 open). Skipped when the run has neither forced
// sales nor margin accounts.
import { hasCol, numCol, strCol } from '../columns.js';
import { formatMultiple, moneyScale } from '../format.js';
import type { RunData } from '../run-data.js';
import { instrumentColorScale, maxAbs, roundSig, topLevel } from './common.js';
import type { FigureOutcome } from './common.js';

export const MARGIN_WAVE = 'margin-wave';
const MARGIN_KIND = 'margin-accounts';

interface Sums {
  /** forced[instrument][day] */
  readonly forced: Map<string, number[]>;
  readonly marginSells: number[];
  readonly hasMargin: boolean;
}

/** Forced sales per instrument and day, and margin-account sells per day; null without a forced sales column. */
function dailySums(run: RunData): Sums | null {
  const flows = run.tables.get('flows');
  if (flows === undefined || !hasCol(flows, 'forced_sell_value')) return null;
  const day = numCol(flows, 'day');
  const kind = strCol(flows, 'kind');
  const inst = strCol(flows, 'instrument');
  const forcedCol = numCol(flows, 'forced_sell_value');
  const sell = numCol(flows, 'sell_value');
  const forced = new Map<string, number[]>();
  const marginSells = new Array<number>(run.info.days).fill(0);
  for (let r = 0; r < flows.rowCount; r++) {
    let f = forced.get(inst[r]!);
    if (f === undefined) forced.set(inst[r]!, (f = new Array<number>(run.info.days).fill(0)));
    f[day[r]!]! += forcedCol[r]!;
    if (kind[r] === MARGIN_KIND) marginSells[day[r]!]! += sell[r]!;
  }
  return { forced, marginSells, hasMargin: kind.includes(MARGIN_KIND) };
}

export function marginWave(run: RunData): FigureOutcome {
  const title = 'Margin-call wave by day';
  const sums = dailySums(run);
  if (sums === null) return { name: MARGIN_WAVE, title, skipped: 'the flows table has no forced_sell_value column' };
  const days = run.info.days;
  const total = Array.from({ length: days }, (_, d) => [...sums.forced.values()].reduce((a, f) => a + f[d]!, 0));
  if (!sums.hasMargin && total.every((v) => v === 0)) return { name: MARGIN_WAVE, title, skipped: 'no margin-accounts agents and no forced sales in this run' };
  const stress = run.info.stressDay;
  const pre = total.slice(0, stress);
  const preAvg = pre.length > 0 ? pre.reduce((a, b) => a + b, 0) / pre.length : NaN;
  // money in the reporting currency, as in every table of the report
  const fx = run.info.fxRate;
  const { div: div0, word } = moneyScale(maxAbs([...total, ...sums.marginSells]) / fx);
  const div = div0 * fx;
  const unit = `${word ? `${word} ` : ''}${run.info.reportCurrency}`;
  const names = [...sums.forced.keys()].filter((i) => sums.forced.get(i)!.some((v) => v !== 0));
  const scale = instrumentColorScale(run, names);
  const bars = scale.domain.flatMap((i) =>
    sums.forced.get(i)!.map((v, d) => ({ day: d, instrument: i, value: roundSig(v / div, 5), multiple: formatMultiple(total[d]! / preAvg) })),
  );
  const voluntary = sums.hasMargin ? sums.marginSells.map((v, d) => ({ day: d, value: roundSig(v / div, 5) })).filter((x, d) => x.value > roundSig(total[d]! / div, 5)) : [];
  const dayLabel = (d: number): string => (d === stress ? 'stress day' : d === stress + 2 ? 'D+2' : '');
  const x = { field: 'day', type: 'ordinal', title: 'day', axis: { labelAngle: 0 }, scale: { domain: Array.from({ length: days }, (_, d) => d) } };
  const spec = topLevel(title, `Forced sell value per day by instrument, ${unit}; stress day = day ${stress}, the wave is due at the D+2 open`, {
    width: 480,
    height: 260,
    layer: [
      {
        data: { values: bars },
        mark: { type: 'bar' },
        encoding: {
          x,
          y: { field: 'value', type: 'quantitative', title: `forced sales (${unit})`, stack: 'zero' },
          color: { field: 'instrument', type: 'nominal', title: 'instrument', scale },
          order: { field: 'instrument' },
          tooltip: [{ field: 'day' }, { field: 'instrument' }, { field: 'value', title: unit }, { field: 'multiple', title: 'day total × pre-stress average' }],
        },
      },
      ...(voluntary.length > 0
        ? [{ data: { values: voluntary }, mark: { type: 'tick', color: '#000000', thickness: 2 }, encoding: { x, y: { field: 'value', type: 'quantitative' }, tooltip: [{ field: 'value', title: `all margin-account sales (${unit})` }] } }]
        : []),
      {
        data: { values: Array.from({ length: days }, (_, d) => ({ day: d, label: dayLabel(d) })).filter((v) => v.label) },
        mark: { type: 'text', dy: -4, baseline: 'bottom', fontSize: 8, color: '#444' },
        encoding: { x, y: { value: 0 }, text: { field: 'label' } },
      },
    ],
  });
  const caption =
    'Forced margin sales per day, stacked by instrument' + (voluntary.length > 0 ? '; ticks: all margin-account selling that day' : '') + '.';
  return { name: MARGIN_WAVE, title, caption, spec, columns: 1 };
}
