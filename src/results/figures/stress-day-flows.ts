// Figure: who sold when — cumulative signed traded value (buys − sells) of each agent kind through the stress day,
// one panel per instrument, from the trades table (each fill adds its value to the buyer's kind and subtracts it
// from the seller's; trades inside one kind cancel). Bucketed by bar length; market events shaded as in the
// price figure. Draws whatever kinds traded, so it works with or without the cascade agents.
import { hasCol, numCol, strCol } from '../columns.js';
import { formatMoney } from '../format.js';
import type { RunData } from '../run-data.js';
import { barLengthUs } from '../fact-series.js';
import { eventMarks, kindColorScale, maxAbs, orderedInstruments, roundSig, timeX, todMs, topLevel } from './common.js';
import type { FigureOutcome } from './common.js';

export const STRESS_DAY_FLOWS = 'stress-day-flows';

/** Net value per (instrument, kind) per bucket of `day`. */
function bucketedFlows(run: RunData, day: number, barUs: number): Map<string, { inst: string; kind: string; net: number[] }> {
  const trades = run.tables.get('trades')!;
  const d = numCol(trades, 'day');
  const t = numCol(trades, 't_us');
  const price = numCol(trades, 'price');
  const qty = numCol(trades, 'qty');
  const inst = strCol(trades, 'instrument');
  const buyer = strCol(trades, 'buyer_kind');
  const seller = strCol(trades, 'seller_kind');
  const start = day * 86_400_000_000 + run.info.openUs;
  const out = new Map<string, { inst: string; kind: string; net: number[] }>();
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
  }
  return out;
}

export function stressDayFlows(run: RunData): FigureOutcome {
  const day = run.info.stressDay;
  const title = `Stress day (day ${day}): cumulative net buying by agent kind`;
  if (!run.tables.has('trades')) return { name: STRESS_DAY_FLOWS, title, skipped: 'the run has no trades table' };
  const barUs = barLengthUs(run);
  const series = [...bucketedFlows(run, day, barUs).values()];
  const nBuckets = Math.max(0, ...series.map((s) => s.net.length));
  const cums = series.map((s) => {
    let c = 0;
    return { ...s, cum: Array.from({ length: nBuckets }, (_, b) => (c += s.net[b] ?? 0)) };
  });
  // Turnover per instrument: every trade's value was added once to its buyer's kind.
  const turnover = new Map<string, number>();
  for (const s of series) turnover.set(s.inst, (turnover.get(s.inst) ?? 0) + s.net.reduce((a, v) => a + Math.max(0, v), 0));
  const traded = new Set(cums.filter((s) => maxAbs(s.cum) > 0).map((s) => s.inst));
  if (traded.size === 0) return { name: STRESS_DAY_FLOWS, title, skipped: `no trades between different agent kinds on day ${day}` };
  const t0 = day * 86_400_000_000 + run.info.openUs;
  const flows = cums
    .filter((s) => traded.has(s.inst))
    .flatMap((s) => s.cum.map((c, b) => ({ type: 'flow', instrument: s.inst, kind: s.kind, time: todMs(t0 + (b + 1) * barUs), share: roundSig(c / turnoverOf(run, s.inst, day, turnover), 4), value: formatMoney(c, run.info.currency) })));
  const instruments = orderedInstruments(run, traded);
  const shaded = eventMarks(run, day).flatMap((m) =>
    instruments.filter((i) => m.event !== 'VI auction' || i === m.instrument).map((i) => ({ type: m.end > m.start ? 'event' : 'shock', instrument: i, start: m.start, end: m.end })),
  );
  const spec = topLevel(title, `Buys − sells from the open as a share of the instrument’s stress-day turnover, per ${barUs / 60e6}-minute bucket; shaded: halts, VIs, sidecars; dashed: shocks`, {
    data: { values: [...shaded, ...flows] },
    facet: { field: 'instrument', type: 'nominal', title: null, sort: instruments, header: { labelFontWeight: 'bold' } },
    columns: 2,
    spec: {
      width: 320,
      height: 190,
      layer: [
        ...(shaded.some((r) => r.type === 'event') ? [{ transform: [{ filter: "datum.type === 'event'" }], mark: { type: 'rect', opacity: 0.15, color: '#d62728' }, encoding: { x: timeX('start'), x2: { field: 'end' } } }] : []),
        ...(shaded.some((r) => r.type === 'shock') ? [{ transform: [{ filter: "datum.type === 'shock'" }], mark: { type: 'rule', strokeDash: [4, 3], color: '#111' }, encoding: { x: timeX('start') } }] : []),
        {
          transform: [{ filter: "datum.type === 'flow'" }],
          mark: { type: 'line', interpolate: 'step-before' },
          encoding: {
            x: timeX(),
            y: { field: 'share', type: 'quantitative', title: 'net buying, share of turnover', axis: { format: '.0%' } },
            color: { field: 'kind', type: 'nominal', title: 'agent kind', scale: kindColorScale(cums.filter((s) => maxAbs(s.cum) > 0).map((x) => x.kind)) },
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
