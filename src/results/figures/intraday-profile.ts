// Figure: the intraday profile behind stylized fact S9 — traded volume per 5-minute bucket of the session,
// divided by that day's mean bucket volume and averaged over calm days, per stock. A U shape (busy open and
// close) with spikes at the opening and closing auctions is what real KRX stocks show.
import { US_PER_MIN } from '../../core/time.js';
import { barLengthUs, barSeries, calmDays, stockSymbols } from '../fact-series.js';
import type { RunData } from '../run-data.js';
import { instrumentColorScale, roundSig, timeX, todMs, topLevel } from './common.js';
import type { FigureOutcome } from './common.js';

export const INTRADAY_PROFILE = 'intraday-profile';
const BUCKET_US = 5 * US_PER_MIN;

/** Mean normalised volume per bucket of `symbol` over the days. */
function profile(run: RunData, symbol: string, days: readonly number[]): Map<number, number> {
  const sums = new Map<number, number>();
  const s = barSeries(run, symbol, days);
  s.volumes.forEach((vol, d) => {
    const buckets = new Map<number, number>();
    s.todUs[d]!.forEach((t, b) => {
      const k = Math.floor((t - run.info.openUs) / BUCKET_US);
      buckets.set(k, (buckets.get(k) ?? 0) + vol[b]!);
    });
    const meanVol = [...buckets.values()].reduce((a, v) => a + v, 0) / buckets.size;
    if (!(meanVol > 0)) return;
    for (const [k, v] of buckets) sums.set(k, (sums.get(k) ?? 0) + v / meanVol / s.volumes.length);
  });
  return sums;
}

export function intradayProfile(run: RunData): FigureOutcome {
  const title = 'Intraday volume profile';
  const days = calmDays(run);
  if (barLengthUs(run) > BUCKET_US) return { name: INTRADAY_PROFILE, title, skipped: 'bars are longer than 5 minutes' };
  // A closing row one bucket after the last lets the step line draw the last bucket's full width.
  const values = stockSymbols(run).flatMap((symbol) => {
    const buckets = [...profile(run, symbol, days)].sort((a, b) => a[0] - b[0]);
    const last = buckets.at(-1);
    const rows = last ? [...buckets, [last[0] + 1, last[1]] as const] : buckets;
    return rows.map(([k, v]) => ({ instrument: symbol, time: todMs(run.info.openUs + k * BUCKET_US), volume: roundSig(v, 4) }));
  });
  if (values.length === 0) return { name: INTRADAY_PROFILE, title, skipped: 'no bars on calm days' };
  const spec = topLevel(title, `Volume per 5-minute bucket ÷ the day’s mean bucket, averaged over calm days (${days.join(', ')})`, {
    width: 640,
    height: 260,
    data: { values },
    mark: { type: 'line', interpolate: 'step-after' },
    encoding: {
      x: timeX(),
      y: { field: 'volume', type: 'quantitative', title: 'relative volume' },
      color: { field: 'instrument', type: 'nominal', title: 'stock', scale: instrumentColorScale(run, stockSymbols(run)) },
      tooltip: [{ field: 'instrument' }, { field: 'volume', format: '.2f' }],
    },
  });
  return { name: INTRADAY_PROFILE, title, caption: 'Intraday volume profile (stylized fact S9): U-shape and auction spikes.', spec };
}
