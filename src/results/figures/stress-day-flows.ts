// Figure: who sold when — cumulative signed traded value (buys − sells) of each agent kind through the stress day,
// one panel per instrument, from the trades table (each fill adds its value to the buyer's kind and subtracts it
// from the seller's; trades inside one kind cancel). Bucketed by bar length; market events shaded as in the
// price figure. Draws whatever kinds traded, so it works with or without the cascade agents.
import { US_PER_DAY } from '../../core/time.js';
import { hasCol, numCol, strCol } from '../columns.js';
import { formatMoney } from '../format.js';
import type { RunData } from '../run-data.js';
import { barLengthUs } from '../fact-series.js';
import { eventMarks, kindColorScale, maxAbs, orderedInstruments, roundSig, timeX, todMs, topLevel } from './common.js';
import type { FigureOutcome } from './common.js';

export const STRESS_DAY_FLOWS = 'stress-day-flows';

interface KindSeries {
  readonly inst: string;
  readonly kind: string;
  readonly net: number[];
}

/** Net value per (instrument, kind) per bucket of `day`, and each instrument's traded value that day. */
function bucketedFlows(run: RunData, day: number, barUs: number): { series: KindSeries[]; traded: Map<string, number> } {
  const trades = run.tables.get('trades')!;
  const d = numCol(trades, 'day');
  const t = numCol(trades, 't_us');
  const price = numCol(trades, 'price');
  const qty = numCol(trades, 'qty');
  const inst = strCol(trades, 'instrument');
  const buyer = strCol(trades, 'buyer_kind');
  const seller = strCol(trades, 'seller_kind');
  const start = day * US_PER_DAY + run.info.openUs;
  const out = new Map<string, KindSeries>();
  const traded = new Map<string, number>();
  const add = (i: string, k: string, b: number, v: number): void => {
    const key = `${i}\u0000${k}`;
    let s = out.get(key);
    if (s === undefined) out.set(key, (s = { inst: i, kind: k, net: [] }));
    while (s.net.length <= b) s.net.push(0);
    s.net[b]! += v;
  };
  for (let r = 0; r < trades.rowCount; r++) {
    if (d[r] !== day) continue;
    const b = Math.max(0, Math.floor((t[r]! - start) / barUs));
    const v = price[r]! * qty[r]!;
    add(inst[r]!, buyer[r]!, b, v);
    add(inst[r]!, seller[r]!, b, -v);
    traded.set(inst[r]!, (traded.get(inst[r]!) ?? 0) + v);
  }
  return { series: [...out.values()], traded };
}

/** Cumulative net value per bucket, as rows of the chart, for instruments where some kind's net is not 0. */
function flowRows(run: RunData, day: number, barUs: number): { rows: Record<string, unknown>[]; instruments: string[]; kinds: string[] } {
  const { series, traded } = bucketedFlows(run, day, barUs);
  const nBuckets = Math.max(0, ...series.map((s) => s.net.length));
  const cums = series.map((s) => {
    let c = 0;
    return { ...s, cum: Array.from({ length: nBuckets }, (_, b) => (c += s.net[b] ?? 0)) };
  }).filter((s) => maxAbs(s.cum) > 0);
  const instruments = orderedInstruments(run, cums.map((s) => s.inst));
  const t0 = day * US_PER_DAY + run.info.openUs;
  const rows = cums.flatMap((s) => {
    const turnover = turnoverOf(run, s.inst, day, traded);
    return s.cum.map((c, b) => ({ type: 'flow', instrument: s.inst, kind: s.kind, time: todMs(t0 + (b + 1) * barUs), share: roundSig(c / turnover, 4), value: formatMoney(c / run.info.fxRate, run.info.reportCurrency) }));
  });
  return { rows, instruments, kinds: [...new Set(cums.map((s) => s.kind))] };
}

export function stressDayFlows(run: RunData): FigureOutcome {
  const day = run.info.stressDay;
  const title = `Stress day (day ${day}): cumulative net buying by agent kind`;
  if (!run.tables.has('trades')) return { name: STRESS_DAY_FLOWS, title, skipped: 'the run has no trades table' };
  const barUs = barLengthUs(run);
  const { rows: flows, instruments, kinds } = flowRows(run, day, barUs);
  if (instruments.length === 0) return { name: STRESS_DAY_FLOWS, title, skipped: `no trades between different agent kinds on day ${day}` };
  const shaded = eventMarks(run, day).flatMap((m) =>
    instruments.filter((i) => m.event !== 'VI auction' || i === m.instrument).map((i) => ({ type: m.end > m.start ? 'event' : 'shock', instrument: i, start: m.start, end: m.end })),
  );
  const spec = topLevel(title, `Buys − sells since the open ÷ the day’s turnover, ${barUs / 60e6}-min buckets; shaded: halts, VIs; dashed: shock`, {
    data: { values: [...shaded, ...flows] },
    facet: { field: 'instrument', type: 'nominal', title: null, sort: instruments, header: { labelFontWeight: 'bold' } },
    columns: 2,
    spec: {
      width: 320,
      height: 190,
      layer: [
        ...(shaded.some((r) => r.type === 'event') ? [{ transform: [{ filter: "datum.type === 'event'" }], mark: { type: 'rect', opacity: 0.25, color: '#8c8c8c' }, encoding: { x: timeX('start'), x2: { field: 'end' } } }] : []),
        ...(shaded.some((r) => r.type === 'shock') ? [{ transform: [{ filter: "datum.type === 'shock'" }], mark: { type: 'rule', strokeDash: [4, 3], color: '#111' }, encoding: { x: timeX('start') } }] : []),
        {
          transform: [{ filter: "datum.type === 'flow'" }],
          mark: { type: 'line', interpolate: 'step-before' },
          encoding: {
            x: timeX(),
            y: { field: 'share', type: 'quantitative', title: 'net buying, share of turnover', axis: { format: '.1~%' } },
            color: { field: 'kind', type: 'nominal', title: 'agent kind', scale: kindColorScale(kinds) },
            tooltip: [{ field: 'kind' }, { field: 'share', format: '.1%', title: 'share of turnover' }, { field: 'value', title: 'net value' }],
          },
        },
      ],
    },
    resolve: { scale: { y: 'independent' }, axis: { x: 'independent' } },
  });
  const caption = `Cumulative signed traded value by agent kind on the stress day (day ${day}), per instrument, as a share of that instrument’s turnover; negative = net seller.`;
  return { name: STRESS_DAY_FLOWS, title, caption, spec };
}

/** The day's turnover of an instrument: the daily table's value, else the sum of the trades' values. */
function turnoverOf(run: RunData, inst: string, day: number, fromTrades: ReadonlyMap<string, number>): number {
  const daily = run.tables.get('daily');
  if (daily !== undefined && hasCol(daily, 'turnover_value')) {
    const d = numCol(daily, 'day');
    const i = strCol(daily, 'instrument');
    const v = numCol(daily, 'turnover_value');
    for (let r = 0; r < daily.rowCount; r++) if (d[r] === day && i[r] === inst && v[r]! > 0) return v[r]!;
  }
  return fromTrades.get(inst) ?? NaN;
}
