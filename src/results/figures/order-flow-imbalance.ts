// Figure: order-flow imbalance through the stress day — per instrument and 5-minute bucket, (buyer-initiated −
// seller-initiated quantity) ÷ (their sum), from the trades table's aggressor column (auction prints, which have no
// aggressor, are left out), with the day's shocks as dashed rules and market-wide halts shaded. −1: every trade hit
// the bid. One panel per instrument in the scenario's order.
import { US_PER_MIN } from '../../core/time.js';
import { numCol, strCol } from '../columns.js';
import type { RunData } from '../run-data.js';
import { eventMarks, orderedInstruments, timeX, todMs, topLevel, roundSig } from './common.js';
import type { FigureOutcome } from './common.js';

export const ORDER_FLOW_IMBALANCE = 'order-flow-imbalance';
const BUCKET_US = 5 * US_PER_MIN;

export function orderFlowImbalance(run: RunData): FigureOutcome {
  const day = run.info.stressDay;
  const title = `Stress day (day ${day}): order-flow imbalance`;
  const trades = run.tables.get('trades');
  if (trades === undefined) return { name: ORDER_FLOW_IMBALANCE, title, skipped: 'the run has no trades table' };
  const d = numCol(trades, 'day');
  const t = numCol(trades, 't_us');
  const q = numCol(trades, 'qty');
  const inst = strCol(trades, 'instrument');
  const aggr = strCol(trades, 'aggressor');
  const sums = new Map<string, { instrument: string; bucket: number; buy: number; sell: number }>();
  for (let r = 0; r < trades.rowCount; r++) {
    if (d[r] !== day || (aggr[r] !== 'buy' && aggr[r] !== 'sell')) continue;
    const bucket = Math.floor(t[r]! / BUCKET_US) * BUCKET_US;
    const key = `${inst[r]}\u0000${bucket}`;
    let s = sums.get(key);
    if (s === undefined) sums.set(key, (s = { instrument: inst[r]!, bucket, buy: 0, sell: 0 }));
    if (aggr[r] === 'buy') s.buy += q[r]!;
    else s.sell += q[r]!;
  }
  if (sums.size === 0) return { name: ORDER_FLOW_IMBALANCE, title, skipped: `no trades with an aggressor on day ${day}` };
  const values = [...sums.values()].map((s) => ({ type: 'ofi', instrument: s.instrument, time: todMs(s.bucket), end: todMs(s.bucket + BUCKET_US), ofi: roundSig((s.buy - s.sell) / (s.buy + s.sell), 4) }));
  const instruments = orderedInstruments(run, values.map((v) => v.instrument));
  const marks = eventMarks(run, day);
  const shocks = marks.filter((m) => m.event === 'shock').flatMap((m) => instruments.map((i) => ({ type: 'shock', instrument: i, time: m.start })));
  const halts = marks.filter((m) => m.instrument === '' && m.end > m.start && m.event !== 'closing auction').flatMap((m) => instruments.map((i) => ({ type: 'halt', instrument: i, time: m.start, end: m.end })));
  const spec = topLevel(title, '(buyer- − seller-initiated quantity) ÷ both, 5-minute buckets; dashed: shocks; shaded: halts', {
    data: { values: [...halts, ...shocks, ...values] },
    facet: { field: 'instrument', type: 'nominal', title: null, sort: instruments, header: { labelFontWeight: 'bold' } },
    columns: 2,
    spec: {
      width: 320,
      height: 150,
      layer: [
        ...(halts.length > 0 ? [{ transform: [{ filter: "datum.type === 'halt'" }], mark: { type: 'rect', color: '#8c8c8c', opacity: 0.25 }, encoding: { x: timeX(), x2: { field: 'end' } } }] : []),
        {
          transform: [{ filter: "datum.type === 'ofi'" }],
          mark: { type: 'rect' },
          encoding: {
            x: timeX(), x2: { field: 'end' }, y: { field: 'ofi', type: 'quantitative', title: 'order-flow imbalance', scale: { domain: [-1, 1] } }, y2: { datum: 0 },
            color: { condition: { test: 'datum.ofi < 0', value: '#E69F00' }, value: '#0072B2' },
            tooltip: [{ field: 'instrument' }, { field: 'ofi', format: '.2f' }],
          },
        },
        ...(shocks.length > 0 ? [{ transform: [{ filter: "datum.type === 'shock'" }], mark: { type: 'rule', color: '#000000', strokeDash: [4, 3] }, encoding: { x: timeX() } }] : []),
      ],
    },
    resolve: { axis: { x: 'independent' } },
  });
  const caption = `Order-flow imbalance per 5-minute bucket on the stress day (day ${day}): buyer-initiated minus seller-initiated traded quantity over their sum (blue: net buying, orange: net selling); auction prints excluded.`;
  return { name: ORDER_FLOW_IMBALANCE, title, caption, spec };
}
