// Figure: order-book depth around the crash — resting bid and ask quantity over the stress day, one panel per
// instrument, with market events shaded. Reads a `depth` table of book snapshots with columns
// t_us, day, instrument, side ('bid' | 'ask'), qty (one row per level or per side; rows of one snapshot and side
// are summed). The simulator does not record one yet: then the figure is skipped with that note.
import { hasCol, numCol, strCol } from '../columns.js';
import type { RunData } from '../run-data.js';
import { eventMarks, timeX, todMs, topLevel } from './common.js';
import type { FigureOutcome } from './common.js';

export const BOOK_DEPTH = 'book-depth';
const DEPTH_COLUMNS = ['t_us', 'day', 'instrument', 'side', 'qty'];

export function bookDepth(run: RunData): FigureOutcome {
  const day = run.info.stressDay;
  const title = `Stress day (day ${day}): order-book depth`;
  const depth = run.tables.get('depth');
  if (depth === undefined) return { name: BOOK_DEPTH, title, skipped: 'the run has no depth table (book snapshots: t_us, day, instrument, side, qty)' };
  const missing = DEPTH_COLUMNS.filter((c) => !hasCol(depth, c));
  if (missing.length > 0) return { name: BOOK_DEPTH, title, skipped: `the depth table lacks column(s) ${missing.join(', ')}` };
  const t = numCol(depth, 't_us');
  const d = numCol(depth, 'day');
  const qty = numCol(depth, 'qty');
  const inst = strCol(depth, 'instrument');
  const side = strCol(depth, 'side');
  const sums = new Map<string, { type: string; instrument: string; side: string; time: number; qty: number }>();
  for (let r = 0; r < depth.rowCount; r++) {
    if (d[r] !== day) continue;
    const key = `${inst[r]}\u0000${side[r]}\u0000${t[r]}`;
    const s = sums.get(key);
    if (s) s.qty += qty[r]!;
    else sums.set(key, { type: 'depth', instrument: inst[r]!, side: side[r]!, time: todMs(t[r]!), qty: qty[r]! });
  }
  if (sums.size === 0) return { name: BOOK_DEPTH, title, skipped: `the depth table has no rows on day ${day}` };
  const instruments = [...new Set([...sums.values()].map((s) => s.instrument))];
  const shaded = eventMarks(run, day)
    .filter((m) => m.end > m.start)
    .flatMap((m) => instruments.filter((i) => m.event !== 'VI auction' || i === m.instrument).map((i) => ({ type: 'event', instrument: i, start: m.start, end: m.end })));
  const spec = topLevel(title, 'Resting quantity on each side of the book; shaded: halts, VIs, sidecars', {
    data: { values: [...shaded, ...sums.values()] },
    facet: { field: 'instrument', type: 'nominal', title: null, header: { labelFontWeight: 'bold' } },
    columns: 2,
    spec: {
      width: 320,
      height: 180,
      layer: [
        ...(shaded.length > 0 ? [{ transform: [{ filter: "datum.type === 'event'" }], mark: { type: 'rect', opacity: 0.15, color: '#d62728' }, encoding: { x: timeX('start'), x2: { field: 'end' } } }] : []),
        {
          transform: [{ filter: "datum.type === 'depth'" }],
          mark: { type: 'line' },
          encoding: {
            x: timeX(),
            y: { field: 'qty', type: 'quantitative', title: 'resting quantity (shares)' },
            color: { field: 'side', type: 'nominal', title: 'side', scale: { domain: ['bid', 'ask'], range: ['#2ca02c', '#d62728'] } },
          },
        },
      ],
    },
    resolve: { scale: { y: 'independent' }, axis: { x: 'independent' } },
  });
  return { name: BOOK_DEPTH, title, caption: `Bid and ask depth through the stress day (day ${day}).`, spec };
}
