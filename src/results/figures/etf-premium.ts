// Figure: each ETF's premium to NAV at the close, day by day (daily.premium = close ÷ NAV − 1), in the ETF's own
// colour, the stress day marked. The run records NAV once a day (struck on the close), so this is the daily premium,
// not an intraday one. Skipped when no instrument has a premium.
import type { RunData } from '../run-data.js';
import { instrumentColorScale, roundSig, topLevel } from './common.js';
import type { FigureOutcome } from './common.js';
import { dailyRows } from './day-data.js';

export const ETF_PREMIUM = 'etf-premium';

export function etfPremium(run: RunData): FigureOutcome {
  const title = 'ETF premium to NAV by day';
  const values = run.info.instruments.flatMap((i) =>
    dailyRows(run, i.symbol).filter((r) => Number.isFinite(r.premium)).map((r) => ({ instrument: i.symbol, day: r.day, premium: roundSig(r.premium, 5) })),
  );
  if (values.length === 0) return { name: ETF_PREMIUM, title, skipped: 'no instrument has a premium (the daily table’s premium column is empty)' };
  const scale = instrumentColorScale(run, values.map((v) => v.instrument));
  const stress = run.info.stressDay;
  const spec = topLevel(title, `Close ÷ NAV − 1 at each day's close; the stress day (day ${stress}) is marked`, {
    width: 300,
    height: 180,
    layer: [
      { data: { values: [{ day: stress }] }, mark: { type: 'rule', color: '#8c8c8c', strokeDash: [4, 3] }, encoding: { x: { field: 'day', type: 'quantitative' } } },
      { mark: { type: 'rule', color: '#cccccc' }, data: { values: [{ y: 0 }] }, encoding: { y: { field: 'y', type: 'quantitative' } } },
      {
        data: { values },
        mark: { type: 'line', point: true },
        encoding: {
          x: { field: 'day', type: 'quantitative', title: 'day', axis: { tickMinStep: 1, format: 'd' } },
          y: { field: 'premium', type: 'quantitative', title: 'premium to NAV', axis: { format: '.1%' } },
          color: { field: 'instrument', type: 'nominal', title: 'ETF', scale },
          tooltip: [{ field: 'instrument' }, { field: 'day' }, { field: 'premium', format: '.2%' }],
        },
      },
    ],
  });
  return { name: ETF_PREMIUM, title, caption: `Premium of each ETF's closing price to its NAV, by day; stress day = day ${stress}.`, spec, columns: 1 };
}
