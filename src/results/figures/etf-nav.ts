// Figure: each leveraged/inverse ETF's market price against its NAV — left, the stress day's intraday price with
// the NAV struck at the previous close and at the stress-day close as horizontal rules (a closing-auction
// dislocation shows as the last print far from the NAV); right, daily close and NAV over the run with the premium
// in the tooltip. Skipped when no instrument has a published NAV (daily.nav).
import type { RunData } from '../run-data.js';
import { instrumentColorScale, roundSig, timeX, topLevel } from './common.js';
import type { FigureOutcome, VlSpec } from './common.js';
import { dailyRows, dayBars } from './day-data.js';

export const ETF_NAV = 'etf-nav';

/** The instrument's own colour (the same in every figure). */
const colorOf = (run: RunData, symbol: string): string => instrumentColorScale(run, [symbol]).range[0]!;

function intraday(run: RunData, symbol: string): VlSpec {
  const day = run.info.stressDay;
  const bars = dayBars(run, day).find((s) => s.series === symbol);
  const rows = dailyRows(run, symbol);
  const navs = [
    { label: 'NAV, previous close', nav: rows.find((r) => r.day === day - 1)?.nav ?? NaN },
    { label: 'NAV, stress-day close', nav: rows.find((r) => r.day === day)?.nav ?? NaN },
  ].filter((n) => Number.isFinite(n.nav));
  const price = (bars?.time ?? []).map((time, i) => ({ time, price: bars!.close[i]! }));
  return {
    title: `${symbol}: stress day (day ${day})`,
    width: 300,
    height: 200,
    layer: [
      { data: { values: price }, mark: { type: 'line', interpolate: 'step-after', color: colorOf(run, symbol) }, encoding: { x: timeX(), y: { field: 'price', type: 'quantitative', scale: { zero: false }, title: 'price' } } },
      { data: { values: navs }, mark: { type: 'rule', strokeDash: [5, 3] }, encoding: { y: { field: 'nav', type: 'quantitative' }, color: { field: 'label', type: 'nominal', title: 'NAV', scale: { range: ['#999999', '#000000'] } } } },
    ],
  };
}

function daily(run: RunData, symbol: string): VlSpec {
  const values = dailyRows(run, symbol).flatMap((r) => [
    { day: r.day, series: 'close', value: r.close, premium: roundSig(r.premium, 4) },
    { day: r.day, series: 'NAV', value: roundSig(r.nav, 8), premium: roundSig(r.premium, 4) },
  ]).filter((v) => Number.isFinite(v.value));
  return {
    title: `${symbol}: daily close vs NAV`,
    width: 260,
    height: 200,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'day', type: 'ordinal', title: 'day', axis: { labelAngle: 0 } },
      y: { field: 'value', type: 'quantitative', scale: { zero: false }, title: 'price' },
      color: { field: 'series', type: 'nominal', title: 'daily', scale: { domain: ['close', 'NAV'], range: [colorOf(run, symbol), '#000000'] } },
      tooltip: [{ field: 'day' }, { field: 'series' }, { field: 'value' }, { field: 'premium', format: '.2%' }],
    },
  };
}

export function etfNav(run: RunData): FigureOutcome {
  const title = 'ETF price vs NAV';
  const etfs = run.info.instruments.map((i) => i.symbol).filter((s) => dailyRows(run, s).some((r) => Number.isFinite(r.nav)));
  if (etfs.length === 0) return { name: ETF_NAV, title, skipped: 'no instrument has a published NAV (the daily table’s nav column is empty)' };
  const spec = topLevel(title, 'Left: stress-day price with NAV rules; right: daily close and NAV (premium in the tooltip)', {
    vconcat: etfs.map((s) => ({ hconcat: [intraday(run, s), daily(run, s)], resolve: { scale: { color: 'independent' } } })),
  });
  return { name: ETF_NAV, title, caption: `Market price against NAV for ${etfs.join(', ')}.`, spec };
}
