// Figure: net traded value (buy − sell value) of each agent kind per day and instrument, from the flows table, as a
// share of that instrument's turnover that day (so instruments of any size compare; the value is in the tooltip),
// with the stress day drawn solid — the day-by-day view of who sold (foreign selling on every stress day, the LETF
// rebalance, the D+2 margin wave). Draws whatever kinds the table holds; kinds and instruments with no net flow
// at all are left out.
import { hasCol, numCol, strCol } from '../columns.js';
import { formatMoney } from '../format.js';
import type { RunData } from '../run-data.js';
import { kindColorScale, orderedInstruments, roundSig, topLevel } from './common.js';
import type { FigureOutcome } from './common.js';

export const DAILY_FLOWS = 'daily-flows';

interface FlowRow {
  readonly day: number;
  readonly instrument: string;
  readonly kind: string;
  readonly net: number;
}

function flowRows(run: RunData): FlowRow[] {
  const flows = run.tables.get('flows')!;
  const day = numCol(flows, 'day');
  const inst = strCol(flows, 'instrument');
  const kind = strCol(flows, 'kind');
  const buy = numCol(flows, 'buy_value');
  const sell = numCol(flows, 'sell_value');
  return Array.from({ length: flows.rowCount }, (_, r) => ({ day: day[r]!, instrument: inst[r]!, kind: kind[r]!, net: buy[r]! - sell[r]! }));
}

/** Turnover per "day|instrument": the daily table's turnover_value, else the flows' buy value (each trade once). */
function turnovers(run: RunData): Map<string, number> {
  const fromFlows = new Map<string, number>();
  const flows = run.tables.get('flows')!;
  const d = numCol(flows, 'day');
  const i = strCol(flows, 'instrument');
  const buy = numCol(flows, 'buy_value');
  for (let r = 0; r < flows.rowCount; r++) fromFlows.set(`${d[r]}|${i[r]}`, (fromFlows.get(`${d[r]}|${i[r]}`) ?? 0) + buy[r]!);
  const daily = run.tables.get('daily');
  if (daily === undefined || !hasCol(daily, 'turnover_value')) return fromFlows;
  const dd = numCol(daily, 'day');
  const di = strCol(daily, 'instrument');
  const v = numCol(daily, 'turnover_value');
  for (let r = 0; r < daily.rowCount; r++) if (v[r]! > 0) fromFlows.set(`${dd[r]}|${di[r]}`, v[r]!);
  return fromFlows;
}

export function dailyFlows(run: RunData): FigureOutcome {
  const title = 'Net buying by agent kind and day';
  if (run.tables.get('flows') === undefined) return { name: DAILY_FLOWS, title, skipped: 'the run has no flows table' };
  const rows = flowRows(run);
  const kinds = new Set(rows.filter((r) => r.net !== 0).map((r) => r.kind));
  const instruments = orderedInstruments(run, rows.filter((r) => r.net !== 0).map((r) => r.instrument));
  if (instruments.length === 0) return { name: DAILY_FLOWS, title, skipped: 'no net flow between agent kinds on any day' };
  const turnover = turnovers(run);
  const values = rows
    .filter((r) => kinds.has(r.kind) && instruments.includes(r.instrument))
    .map((r) => ({ ...r, share: roundSig(r.net / turnover.get(`${r.day}|${r.instrument}`)!, 4), value: formatMoney(r.net / run.info.fxRate, run.info.reportCurrency), stress: r.day === run.info.stressDay ? 'stress day' : 'other' }));
  const spec = topLevel(title, `Buy value − sell value per day as a share of the instrument’s turnover that day; the stress day (day ${run.info.stressDay}) is solid`, {
    data: { values },
    facet: { field: 'instrument', type: 'nominal', title: null, sort: instruments, header: { labelFontWeight: 'bold' } },
    columns: 3,
    spec: {
      width: 220,
      height: 170,
      mark: { type: 'bar' },
      encoding: {
        x: { field: 'day', type: 'ordinal', title: 'day', axis: { labelAngle: 0 } },
        xOffset: { field: 'kind', type: 'nominal' },
        y: { field: 'share', type: 'quantitative', title: 'net buying, share of turnover', axis: { format: '.1~%' } },
        color: { field: 'kind', type: 'nominal', title: 'agent kind', scale: kindColorScale(kinds) },
        opacity: { condition: { test: "datum.stress === 'stress day'", value: 1 }, value: 0.55 },
        tooltip: [{ field: 'day' }, { field: 'kind' }, { field: 'share', format: '.1%', title: 'share of turnover' }, { field: 'value', title: 'net value' }],
      },
    },
    resolve: { scale: { y: 'independent' }, axis: { x: 'independent' } },
  });
  return { name: DAILY_FLOWS, title, caption: 'Daily net traded value by agent kind and instrument as a share of turnover (negative = net seller).', spec };
}
