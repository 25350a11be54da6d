// Figure: the margin-call wave by day — forced sales (flows.forced_sell_value, summed over instruments and kinds)
// and, when margin-accounts agents exist, their total selling, per day, with the multiple of the pre-stress
// average in the tooltip (DOMAIN §8.2 T10: ≥ 4× from the D+2 open). Skipped when the run has neither forced sales
// nor margin accounts.
import { hasCol, numCol, strCol } from '../columns.js';
import { formatMultiple, moneyScale } from '../format.js';
import type { RunData } from '../run-data.js';
import { maxAbs, roundSig, topLevel } from './common.js';
import type { FigureOutcome } from './common.js';

export const MARGIN_WAVE = 'margin-wave';
const MARGIN_KIND = 'margin-accounts';
const SERIES = ['forced sales (margin calls)', 'all margin-account sales'];

/** Forced sales (all kinds) and margin-account sells per day; null when the flows table has no forced sales column. */
function dailySums(run: RunData): { forced: number[]; marginSells: number[]; hasMargin: boolean } | null {
  const flows = run.tables.get('flows');
  if (flows === undefined || !hasCol(flows, 'forced_sell_value')) return null;
  const day = numCol(flows, 'day');
  const kind = strCol(flows, 'kind');
  const forcedCol = numCol(flows, 'forced_sell_value');
  const sell = numCol(flows, 'sell_value');
  const forced = new Array<number>(run.info.days).fill(0);
  const marginSells = new Array<number>(run.info.days).fill(0);
  for (let r = 0; r < flows.rowCount; r++) {
    forced[day[r]!]! += forcedCol[r]!;
    if (kind[r] === MARGIN_KIND) marginSells[day[r]!]! += sell[r]!;
  }
  return { forced, marginSells, hasMargin: kind.includes(MARGIN_KIND) };
}

export function marginWave(run: RunData): FigureOutcome {
  const title = 'Margin-call wave by day';
  const sums = dailySums(run);
  if (sums === null) return { name: MARGIN_WAVE, title, skipped: 'the flows table has no forced_sell_value column' };
  const { forced: forcedByDay, marginSells, hasMargin } = sums;
  if (!hasMargin && forcedByDay.every((v) => v === 0)) return { name: MARGIN_WAVE, title, skipped: 'no margin-accounts agents and no forced sales in this run' };
  const days = run.info.days;
  const stress = run.info.stressDay;
  const pre = forcedByDay.slice(0, stress);
  const preAvg = pre.length > 0 ? pre.reduce((a, b) => a + b, 0) / pre.length : NaN;
  const { div, word } = moneyScale(maxAbs([...forcedByDay, ...marginSells]));
  const unit = `${word ? `${word} ` : ''}${run.info.currency}`;
  const values = [
    ...forcedByDay.map((v, d) => ({ day: d, series: SERIES[0], value: roundSig(v / div, 5), multiple: formatMultiple(v / preAvg) })),
    ...(hasMargin ? marginSells.map((v, d) => ({ day: d, series: SERIES[1], value: roundSig(v / div, 5), multiple: '' })) : []),
  ];
  const dayLabel = (d: number): string => (d === stress ? 'stress day' : d === stress + 2 ? 'D+2' : '');
  const spec = topLevel(title, `Sell value per day, ${unit}; stress day = day ${stress}, the wave is due at the D+2 open`, {
    width: 480,
    height: 260,
    layer: [
      {
        data: { values },
        mark: { type: 'bar' },
        encoding: {
          x: { field: 'day', type: 'ordinal', title: 'day', axis: { labelAngle: 0 } },
          xOffset: { field: 'series', type: 'nominal', sort: SERIES },
          y: { field: 'value', type: 'quantitative', title: `sell value (${unit})` },
          color: { field: 'series', type: 'nominal', title: null, scale: { domain: SERIES, range: ['#d62728', '#bbbbbb'] }, legend: { orient: 'bottom', labelLimit: 400 } },
          tooltip: [{ field: 'day' }, { field: 'series' }, { field: 'value', title: unit }, { field: 'multiple', title: '× pre-stress average' }],
        },
      },
      {
        data: { values: Array.from({ length: days }, (_, d) => ({ day: d, label: dayLabel(d) })).filter((x) => x.label) },
        mark: { type: 'text', dy: -4, baseline: 'bottom', fontSize: 8, color: '#444' },
        encoding: { x: { field: 'day', type: 'ordinal' }, y: { value: 0 }, text: { field: 'label' } },
      },
    ],
  });
  return { name: MARGIN_WAVE, title, caption: 'Forced margin sales per day (and all margin-account selling) around the stress day.', spec };
}
