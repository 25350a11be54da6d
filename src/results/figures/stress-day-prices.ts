// Figure: the stress day's intraday price paths as % change from each series' previous close, 1-minute bar closes:
// top panel the stocks and the index (bold), bottom panel the leveraged/inverse ETFs (when the run has any, on
// their own scale: their limit-price prints would flatten the stocks). Each panel shades its own instruments' VIs
// and, once each, the market-wide circuit-breaker halts, reopening and closing auctions and sidecars; scripted shocks
// are dashed black rules with a dashed legend entry. Every instrument has its colour (instrumentColorScale), the
// index is black and bold.
import type { RunData } from '../run-data.js';
import { eventLayers, eventMarks, instrumentColorScale, roundSig, timeX, topLevel } from './common.js';
import type { EventMark, FigureOutcome, VlSpec } from './common.js';
import { dayBars, previousClose } from './day-data.js';

export const STRESS_DAY_PRICES = 'stress-day-prices';

interface PriceRow {
  readonly series: string;
  readonly role: 'index' | 'stock' | 'etf';
  readonly time: number;
  readonly change: number;
}

function priceRows(run: RunData, day: number): PriceRow[] {
  return dayBars(run, day).flatMap((s) => {
    const base = previousClose(run, s.series, day);
    if (!(base > 0)) return [];
    const lev = run.info.instruments.find((i) => i.symbol === s.series)?.leverage ?? 1;
    const role = s.series === run.info.indexName ? 'index' : lev === 1 ? 'stock' : 'etf';
    return s.time.map((time, i) => ({ series: s.series, role, time, change: roundSig(s.close[i]! / base - 1, 5) }) as PriceRow);
  });
}

/** One panel: the event layers (VIs of its own series only) under one line per series. */
function panel(run: RunData, title: string, rows: readonly PriceRow[], marks: readonly EventMark[]): VlSpec {
  const series = new Set(rows.map((r) => r.series));
  const own = marks.filter((m) => m.event !== 'VI auction' || series.has(m.instrument));
  const lines = {
    data: { values: rows },
    mark: { type: 'line', interpolate: 'step-after', clip: true },
    encoding: {
      x: timeX(),
      y: { field: 'change', type: 'quantitative', axis: { format: '.0%' }, title: 'change from previous close' },
      color: { field: 'series', type: 'nominal', title: 'series', scale: instrumentColorScale(run, series) },
      strokeWidth: { condition: { test: "datum.role === 'index'", value: 2 }, value: 1.2 },
      tooltip: [{ field: 'series' }, { field: 'change', format: '.2%' }],
    },
  };
  return { title: { text: title, fontSize: 12 }, width: 640, height: 260, layer: [...eventLayers(own), lines], resolve: { scale: { color: 'independent' } } };
}

export function stressDayPrices(run: RunData): FigureOutcome {
  const day = run.info.stressDay;
  const title = `Stress day (day ${day}): intraday prices`;
  const rows = priceRows(run, day);
  if (rows.length === 0) return { name: STRESS_DAY_PRICES, title, skipped: `no bars on day ${day}` };
  const marks = eventMarks(run, day);
  const stocks = rows.filter((r) => r.role !== 'etf');
  const etfs = rows.filter((r) => r.role === 'etf');
  const panels = [
    ...(stocks.length > 0 ? [panel(run, 'Stocks and index', stocks, marks)] : []),
    ...(etfs.length > 0 ? [panel(run, 'ETFs', etfs, marks)] : []),
  ];
  const spec = topLevel(title, 'Bar closes as % change from the previous close; shaded: VIs, halts, auctions, sidecars; dashed: shocks', {
    vconcat: panels,
    resolve: { scale: { color: 'independent' }, legend: { color: 'independent' } },
  });
  const caption =
    `Intraday path of every instrument and the index on the stress day (day ${day}), 1-minute bar closes relative ` +
    `to the previous close. ${marks.length} market event(s) marked.`;
  return { name: STRESS_DAY_PRICES, title, caption, spec };
}
