// Figure: order-book depth through the stress day — the value resting on each side of the book (best 10 levels),
// relative to its level just before the day's first shock (or at the first snapshot when there is none), one panel
// per instrument in the scenario's order, market-wide events and the panel's own VIs shaded. Value, not shares, so
// names of different prices compare: the depth table's `value` (price × qty per level) summed over the levels; a
// directory written before the table had it gets quantity × the last bar close at the snapshot (the 10 levels lie
// within a few ticks of it). Lines break where snapshots stop (halts, auctions) instead of joining across the gap.
// Reads depth (t_us, day, instrument, side, qty[, value]) and bars; skipped with a note without them.
import { US_PER_MIN, US_PER_MS } from '../../core/time.js';
import { hasCol, numCol, strCol } from '../columns.js';
import type { RunData } from '../run-data.js';
import { eventMarks, orderedInstruments, SIDE_COLORS, timeX, todMs, topLevel, roundSig } from './common.js';
import type { FigureOutcome } from './common.js';
import { dayBars } from './day-data.js';

export const BOOK_DEPTH = 'book-depth';
const DEPTH_COLUMNS = ['t_us', 'day', 'instrument', 'side', 'qty'];

interface Point {
  readonly instrument: string;
  readonly side: string;
  readonly time: number;
  value: number;
}

/** Summed value (else quantity × last bar close) per (instrument, side, snapshot) of `day`. */
function depthValues(run: RunData, day: number): Point[] {
  const depth = run.tables.get('depth')!;
  const t = numCol(depth, 't_us');
  const d = numCol(depth, 'day');
  const qty = numCol(depth, 'qty');
  const value = hasCol(depth, 'value') ? numCol(depth, 'value') : null;
  const inst = strCol(depth, 'instrument');
  const side = strCol(depth, 'side');
  const bars = new Map(dayBars(run, day).map((b) => [b.series, b]));
  const sums = new Map<string, Point>();
  for (let r = 0; r < depth.rowCount; r++) {
    if (d[r] !== day) continue;
    const time = todMs(t[r]!);
    const v = value !== null ? value[r]! : qty[r]! * lastClose(bars.get(inst[r]!), time);
    if (!(v >= 0)) continue;
    const key = `${inst[r]}\u0000${side[r]}\u0000${time}`;
    const p = sums.get(key);
    if (p) p.value += v;
    else sums.set(key, { instrument: inst[r]!, side: side[r]!, time, value: v });
  }
  return [...sums.values()];
}

/** The close of the last bar that started at or before `time` (NaN without bars). */
function lastClose(b: { time: number[]; close: number[] } | undefined, time: number): number {
  if (b === undefined) return NaN;
  let price = NaN;
  for (let i = 0; i < b.time.length && b.time[i]! <= time; i++) price = b.close[i]!;
  return price;
}

/** Rows per (instrument, side): value ÷ the pre-shock reference, a null row wherever snapshots pause. */
function normalised(points: readonly Point[], shockMs: number): Record<string, unknown>[] {
  const groups = new Map<string, Point[]>();
  for (const p of points) {
    const k = `${p.instrument}\u0000${p.side}`;
    groups.set(k, [...(groups.get(k) ?? []), p]);
  }
  const rows: Record<string, unknown>[] = [];
  for (const g of groups.values()) {
    g.sort((a, b) => a.time - b.time);
    const before = g.filter((p) => p.time <= shockMs);
    const ref = (before.at(-1) ?? g[0]!).value;
    const step = medianStep(g);
    g.forEach((p, i) => {
      if (i > 0 && p.time - g[i - 1]!.time > 1.5 * step) rows.push({ type: 'depth', instrument: p.instrument, side: p.side, time: g[i - 1]!.time + step, rel: null });
      rows.push({ type: 'depth', instrument: p.instrument, side: p.side, time: p.time, rel: ref > 0 ? roundSig(p.value / ref, 4) : null });
    });
  }
  return rows;
}

function medianStep(g: readonly Point[]): number {
  const steps = g.slice(1).map((p, i) => p.time - g[i]!.time).sort((a, b) => a - b);
  return steps[Math.floor(steps.length / 2)] ?? US_PER_MIN / US_PER_MS; // one minute, in the todMs unit
}

export function bookDepth(run: RunData): FigureOutcome {
  const day = run.info.stressDay;
  const title = `Stress day (day ${day}): order-book depth`;
  const depth = run.tables.get('depth');
  if (depth === undefined) return { name: BOOK_DEPTH, title, skipped: 'the run has no depth table (book snapshots: t_us, day, instrument, side, qty)' };
  const missing = DEPTH_COLUMNS.filter((c) => !hasCol(depth, c));
  if (missing.length > 0) return { name: BOOK_DEPTH, title, skipped: `the depth table lacks column(s) ${missing.join(', ')}` };
  const points = depthValues(run, day);
  if (points.length === 0) return { name: BOOK_DEPTH, title, skipped: `the depth table has no rows with a price on day ${day}` };
  const marks = eventMarks(run, day);
  const shockMs = marks.find((m) => m.event === 'shock')?.start ?? -1;
  const instruments = orderedInstruments(run, points.map((p) => p.instrument));
  const shaded = marks
    .filter((m) => m.end > m.start)
    .flatMap((m) => instruments.filter((i) => m.instrument === '' || i === m.instrument).map((i) => ({ type: 'event', instrument: i, start: m.start, end: m.end })));
  const spec = topLevel(title, 'Value resting on the best 10 levels of each side, relative to before the shock; shaded: halts, auctions, VIs', {
    data: { values: [...shaded, ...normalised(points, shockMs)] },
    facet: { field: 'instrument', type: 'nominal', title: null, sort: instruments, header: { labelFontWeight: 'bold' } },
    columns: 2,
    spec: {
      width: 320,
      height: 180,
      layer: [
        ...(shaded.length > 0 ? [{ transform: [{ filter: "datum.type === 'event'" }], mark: { type: 'rect', opacity: 0.25, color: '#8c8c8c' }, encoding: { x: timeX('start'), x2: { field: 'end' } } }] : []),
        {
          transform: [{ filter: "datum.type === 'depth'" }],
          mark: { type: 'line', invalid: 'break-paths-show-path-domains' },
          encoding: {
            x: timeX(),
            y: { field: 'rel', type: 'quantitative', title: shockMs >= 0 ? 'depth value ÷ pre-shock' : 'depth value ÷ at the open', axis: { format: '.1~f' } },
            color: { field: 'side', type: 'nominal', title: 'side', scale: SIDE_COLORS },
          },
        },
      ],
    },
    resolve: { axis: { x: 'independent' } },
  });
  const caption =
    `Value of the resting bid and ask depth (best 10 levels, price × quantity) through the stress day (day ${day}), ` +
    `relative to its level ${shockMs >= 0 ? 'just before the first shock' : 'at the first snapshot'}; gaps are halts and auctions.`;
  return { name: BOOK_DEPTH, title, caption, spec };
}
