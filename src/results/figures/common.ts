// What every figure shares: the result type (a Vega-Lite spec with its title and caption, or a note saying why
// the figure was skipped), the house style (DejaVu Sans, white background, the same sizes everywhere), the time
// axis (exchange clock, always UTC so output never depends on the machine's time zone) and the halt / VI /
// sidecar / shock marks drawn over intraday charts. Specs are plain JSON with their data inline.
import { numCol, strCol } from '../columns.js';
import type { RunData } from '../run-data.js';

/** A Vega-Lite spec as plain JSON (the figure functions build it; render.ts compiles it). */
export type VlSpec = Record<string, unknown>;

/** A figure ready to render. */
export interface Figure {
  readonly name: string;
  readonly title: string;
  readonly caption: string;
  readonly spec: VlSpec;
  /** Paper width: one column (3.3 in) or two (6.9 in, the default). */
  readonly columns?: 1 | 2;
}

/** A figure whose data the directory does not hold. */
export interface SkippedFigure {
  readonly name: string;
  readonly title: string;
  readonly skipped: string;
}

export type FigureOutcome = Figure | SkippedFigure;

export function isSkipped(f: FigureOutcome): f is SkippedFigure {
  return 'skipped' in f;
}

/** The font every figure uses; render.ts loads exactly this font from assets/fonts. */
export const FONT = 'DejaVu Sans';

/** Shared Vega-Lite config: font, sizes, white background. */
export const CONFIG = {
  font: FONT,
  background: 'white',
  padding: 8,
  title: { fontSize: 14, subtitleFontSize: 11, anchor: 'start', subtitleColor: '#444' },
  axis: { labelFontSize: 10, titleFontSize: 11, titleFontWeight: 'normal' },
  legend: { labelFontSize: 10, titleFontSize: 11, titleFontWeight: 'normal', labelLimit: 280 },
  header: { labelFontSize: 11, titleFontSize: 11 },
  view: { stroke: '#ddd' },
} as const;

/** A top-level spec: the house config and `$schema` around the given body. */
export function topLevel(title: string, subtitle: string, body: VlSpec): VlSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, subtitle },
    ...body,
    config: CONFIG,
  };
}

const US_PER_DAY = 86_400_000_000;

/** A time of day as epoch milliseconds on 1970-01-01 UTC, the value the time axis plots. */
export function todMs(tUs: number): number {
  return Math.round((((tUs % US_PER_DAY) + US_PER_DAY) % US_PER_DAY) / 1000);
}

/** The x encoding of intraday charts: exchange clock, HH:MM, in UTC so it never shifts with the time zone. */
export function timeX(field = 'time', title = 'time (exchange clock)'): VlSpec {
  return { field, type: 'temporal', scale: { type: 'utc' }, axis: { format: '%H:%M', labelAngle: 0 }, title };
}

/** HH:MM:SS of a todMs value. */
export function clockText(ms: number): string {
  const s = Math.floor(ms / 1000);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(Math.floor(s / 3600))}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`;
}

/** Round to `sig` significant digits (keeps inline data small without visible loss). */
export function roundSig(x: number, sig = 5): number {
  if (!Number.isFinite(x) || x === 0) return x;
  return Number(x.toPrecision(sig));
}

/** One marked interval of the stress day: a halt, a VI, a sidecar, or (start = end) a shock. */
export interface EventMark {
  readonly event: string;
  readonly instrument: string;
  readonly start: number;
  readonly end: number;
  readonly detail: string;
}

const PHASE_EVENTS: Readonly<Record<string, string>> = { 'vi-auction': 'VI auction', halted: 'circuit-breaker halt', 'reopening-auction': 'reopening auction' };
const SIDECAR_MS = 5 * 60_000;

/** Halts, VIs, reopening auctions, sidecars and shocks of `day`, from market_events (times as todMs). */
export function eventMarks(run: RunData, day: number): EventMark[] {
  const ev = run.tables.get('market_events');
  if (ev === undefined) return [];
  const t = numCol(ev, 't_us');
  const d = numCol(ev, 'day');
  const kind = strCol(ev, 'kind');
  const inst = strCol(ev, 'instrument');
  const detail = strCol(ev, 'detail');
  const open = new Map<string, { event: string; start: number }>();
  const out: EventMark[] = [];
  for (let r = 0; r < ev.rowCount; r++) {
    if (d[r] !== day) continue;
    const ms = todMs(t[r]!);
    if (kind[r] === 'phase-changed') {
      const was = open.get(inst[r]!);
      if (was) out.push({ event: was.event, instrument: inst[r]!, start: was.start, end: ms, detail: '' });
      open.delete(inst[r]!);
      const ev2 = PHASE_EVENTS[detail[r]!];
      if (ev2 !== undefined) open.set(inst[r]!, { event: ev2, start: ms });
    } else if (kind[r] === 'sidecar-started') {
      out.push({ event: 'sidecar', instrument: inst[r]!, start: ms, end: ms + SIDECAR_MS, detail: detail[r]! });
    } else if (kind[r] === 'shock') {
      out.push({ event: 'shock', instrument: inst[r]!, start: ms, end: ms, detail: detail[r]! });
    }
  }
  return dedupeMarketWide(out);
}

/** A halt hits every instrument at once: keep one mark per (event, start, end) for halts and reopenings. */
function dedupeMarketWide(marks: EventMark[]): EventMark[] {
  const seen = new Set<string>();
  return marks.filter((m) => {
    if (m.event === 'VI auction') return true;
    const key = `${m.event}|${m.start}|${m.end}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const EVENT_COLORS = { domain: ['VI auction', 'circuit-breaker halt', 'reopening auction', 'sidecar', 'shock'], range: ['#f2b447', '#d62728', '#ff9896', '#9467bd', '#111111'] };

/**
 * Layers drawing `marks` (bands for intervals, a dashed rule for shocks) over a chart whose x is `time`. One legend
 * (on the bands' layer) lists exactly the event kinds present.
 */
export function eventLayers(marks: readonly EventMark[]): VlSpec[] {
  if (marks.length === 0) return [];
  const values = marks.map((m) => ({ ...m, label: m.instrument ? `${m.event} (${m.instrument})` : m.event, at: clockText(m.start) }));
  const present = EVENT_COLORS.domain.map((e, i) => [e, EVENT_COLORS.range[i]!] as const).filter(([e]) => marks.some((m) => m.event === e));
  const scale = { domain: present.map(([e]) => e), range: present.map(([, c]) => c) };
  const color = { field: 'event', type: 'nominal', title: 'market event', scale };
  const tooltip = [{ field: 'label', title: 'event' }, { field: 'at', title: 'from' }, { field: 'detail' }];
  // Only layers with data: an empty layer makes vega warn about an infinite extent.
  const bands = values.filter((m) => m.end > m.start);
  const rules = values.filter((m) => m.end === m.start);
  const layers = [
    {
      data: { values: bands },
      mark: { type: 'rect', opacity: 0.25 },
      encoding: { x: timeX('start'), x2: { field: 'end' }, color, tooltip },
    },
    {
      data: { values: rules },
      mark: { type: 'rule', strokeDash: [4, 3], strokeWidth: 1.5 },
      encoding: { x: timeX('start'), color: { ...color, legend: bands.length > 0 ? null : {} }, tooltip },
    },
  ];
  return layers.filter((l) => l.data.values.length > 0);
}

/** Fixed colours for the agent kinds the simulator knows, so a kind looks the same in every figure. */
const KIND_COLORS: readonly (readonly [string, string])[] = [
  ['leveraged-etf', '#d62728'],
  ['option-dealer', '#9467bd'],
  ['margin-accounts', '#ff7f0e'],
  ['foreign-seller', '#8c564b'],
  ['authorized-participant', '#e377c2'],
  ['market-maker', '#1f77b4'],
  ['value-trader', '#2ca02c'],
  ['noise-trader', '#7f7f7f'],
];
const SPARE_COLORS = ['#17becf', '#bcbd22', '#aec7e8', '#98df8a', '#c5b0d5', '#c49c94'];

/** A colour scale for the agent kinds present: known kinds keep their colour, others take spare ones in order. */
export function kindColorScale(kinds: Iterable<string>): { domain: string[]; range: string[] } {
  const present = [...new Set(kinds)];
  const known = KIND_COLORS.filter(([k]) => present.includes(k));
  const other = present.filter((k) => !KIND_COLORS.some(([n]) => n === k)).sort();
  return {
    domain: [...known.map(([k]) => k), ...other],
    range: [...known.map(([, c]) => c), ...other.map((_, i) => SPARE_COLORS[i % SPARE_COLORS.length]!)],
  };
}

/** The largest absolute value (0 for none), without spreading a large array into arguments. */
export function maxAbs(values: Iterable<number>): number {
  let m = 0;
  for (const v of values) if (Math.abs(v) > m) m = Math.abs(v);
  return m;
}

/** The names in `present`, in the scenario's instrument order (the index and unknown names last, sorted). */
export function orderedInstruments(run: RunData, present: Iterable<string>): string[] {
  const set = new Set(present);
  const known = run.info.instruments.map((i) => i.symbol).filter((s) => set.has(s));
  return [...known, ...[...set].filter((s) => !known.includes(s)).sort()];
}

/** Panels laid out in rows of `columns` (a vconcat of hconcats). */
export function grid(panels: readonly VlSpec[], columns: number): VlSpec {
  const rows: VlSpec[] = [];
  for (let i = 0; i < panels.length; i += columns) rows.push({ hconcat: panels.slice(i, i + columns) });
  return { vconcat: rows };
}
