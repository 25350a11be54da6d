// Figure: the stress day's intraday price paths — every instrument and the index as % change from its previous
// close (so a −13% stock, a 2x ETF and the index share one axis), 1-minute bar closes, with VIs, circuit-breaker
// halts, reopening auctions and sidecars shaded and scripted shocks drawn as dashed rules.
import type { RunData } from '../run-data.js';
import { eventLayers, eventMarks, orderedInstruments, roundSig, timeX, topLevel } from './common.js';
import type { FigureOutcome } from './common.js';
import { dayBars, previousClose } from './day-data.js';

export const STRESS_DAY_PRICES = 'stress-day-prices';

export function stressDayPrices(run: RunData): FigureOutcome {
  const day = run.info.stressDay;
  const title = `Stress day (day ${day}): intraday prices`;
  const values = dayBars(run, day).flatMap((s) => {
    const base = previousClose(run, s.series, day);
    if (!(base > 0)) return [];
    const lev = run.info.instruments.find((i) => i.symbol === s.series)?.leverage ?? 1;
    const role = s.series === run.info.indexName ? 'index' : lev === 1 ? 'stock' : 'etf';
    return s.time.map((time, i) => ({ series: s.series, role, time, change: roundSig(s.close[i]! / base - 1, 5) }));
  });
  if (values.length === 0) return { name: STRESS_DAY_PRICES, title, skipped: `no bars on day ${day}` };
  const marks = eventMarks(run, day);
  // Two line layers (solid, and dashed for ETFs) rather than a strokeDash encoding: a "solid" dash array such as
  // [1, 0] is invalid in PDF.
  const line = (filter: string, dash: number[] | null) => ({
    data: { values },
    transform: [{ filter }],
    mark: { type: 'line', interpolate: 'step-after', clip: true, ...(dash ? { strokeDash: dash } : {}) },
    encoding: {
      x: timeX(),
      y: { field: 'change', type: 'quantitative', axis: { format: '.0%' }, title: 'change from previous close' },
      color: { field: 'series', type: 'nominal', title: 'series', sort: orderedInstruments(run, values.map((v) => v.series)) },
      strokeWidth: { condition: { test: "datum.role === 'index'", value: 2.5 }, value: 1.2 },
      tooltip: [{ field: 'series' }, { field: 'change', format: '.2%' }],
    },
  });
  const spec = topLevel(title, 'Bar closes as % change from the previous close (ETFs dashed, index bold); shaded: VIs, halts, sidecars; dashed: shocks', {
    width: 640,
    height: 320,
    layer: [...eventLayers(marks), line("datum.role !== 'etf'", null), ...(values.some((v) => v.role === 'etf') ? [line("datum.role === 'etf'", [4, 2])] : [])],
    resolve: { scale: { color: 'independent' } },
  });
  const caption =
    `Intraday path of every instrument and the index on the stress day (day ${day}), 1-minute bar closes relative ` +
    `to the previous close. ${marks.length} market event(s) marked.`;
  return { name: STRESS_DAY_PRICES, title, caption, spec };
}
