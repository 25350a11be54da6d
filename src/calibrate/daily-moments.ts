// The `daily` moment source: day-level statistics of one run, averaged over its days but the first (the market's
// start-up: empty books, beliefs at their initial values), so a several-day run gives a steadier moment than the
// stress-day metrics of summary.json.
//   daily:vol       σ_D exactly as the impact experiment normalises by it (src/sweep/impact.ts dailyVolatility):
//                   the root mean over days of Σ squared 5-minute log returns from the previous close (needs
//                   outputs.barSeconds: 60, the bars the impact probe reads; NaN with other bars)
//   daily:turnover  mean traded value per day (price × shares, scenario currency; the `daily` table)
//   daily:volume    mean shares traded per day
import { numCol, strCol } from '../results/columns.js';
import { barLengthUs, stockSymbols } from '../results/fact-series.js';
import type { RunData } from '../results/run-data.js';
import { impactProbe } from '../sim/impact-probe.js';
import { dailyVolatility } from '../sweep/impact.js';
import type { RunMomentSource } from './moments.js';

const NAMES = ['vol', 'turnover', 'volume'];

export const dailySource: RunMomentSource = {
  id: 'daily',
  describe: 'daily:vol (σ_D of the impact experiment), daily:turnover, daily:volume: means over the run\'s days but the first',
  check: (name) => (NAMES.includes(name) ? null : `unknown daily statistic "${name}" (known: ${NAMES.join(', ')})`),
  measure: (run, name, instrument) => {
    const sym = instrument ?? stockSymbols(run.data)[0]!;
    if (name === 'vol') return dailyVol(run.data, sym, run.spec.scenario.calendar.days - 1);
    return dailyMean(run.data, sym, name === 'turnover' ? 'turnover_value' : 'volume');
  },
};

function dailyVol(data: RunData, sym: string, lastDay: number): number {
  if (!data.tables.has('bars') || !data.tables.has('daily') || barLengthUs(data) !== 60_000_000) return NaN;
  return dailyVolatility([impactProbe({ tables: [...data.tables.values()] }, sym, lastDay)]);
}

/** Mean of a `daily` column for one instrument over every day but day 0 (over day 0 alone in a one-day run). */
function dailyMean(data: RunData, sym: string, col: 'turnover_value' | 'volume'): number {
  const t = data.tables.get('daily');
  if (t === undefined) return NaN;
  const inst = strCol(t, 'instrument');
  const day = numCol(t, 'day');
  const x = numCol(t, col);
  const rows = Array.from({ length: t.rowCount }, (_, i) => i).filter((i) => inst[i] === sym);
  const used = rows.length > 1 ? rows.filter((i) => day[i]! > 0) : rows;
  return used.length > 0 ? used.reduce((s, i) => s + x[i]!, 0) / used.length : NaN;
}
