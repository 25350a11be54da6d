// What every figure shares: the result type (a Vega-Lite spec with its title and caption, or a note saying why
// the figure was skipped), the house style (DejaVu Sans, white background, the same sizes everywhere), the time
// axis (exchange clock, always UTC so output never depends on the machine's time zone) and the halt / VI /
// sidecar / shock marks drawn over intraday charts. Specs are plain JSON with their data inline.
import { timeOfDay, US_PER_DAY, US_PER_HOUR, US_PER_MIN, US_PER_MS, US_PER_S } from '../../core/time.js';
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

/** A time of day as epoch milliseconds on 1970-01-01 UTC, the value the time axis plots. */
export function todMs(tUs: number): number {
  return Math.round(timeOfDay(tUs) / US_PER_MS);
}

/** The x encoding of intraday charts: exchange clock, HH:MM, in UTC so it never shifts with the time zone. */
export function timeX(field = 'time', title = 'time (exchange clock)'): VlSpec {
  return { field, type: 'temporal', scale: { type: 'utc' }, axis: { format: '%H:%M', labelAngle: 0 }, title };
}

/** HH:MM:SS of a todMs value. */
export function clockText(ms: number): string {
  const us = Math.floor(ms) * US_PER_MS;
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(Math.floor(us / US_PER_HOUR))}:${two(Math.floor(us / US_PER_MIN) % 60)}:${two(Math.floor(us / US_PER_S) % 60)}`;
}

/** Round to `sig` significant digits (keeps inline data small without visible loss). */
export function roundSig(x: number, sig = 5): number {
  if (!Number.isFinite(x) || x === 0) return x;
  return Number(x.toPrecision(sig));
}

/** One marked interval of the stress day: a halt, a VI, an auction, a sidecar, or (start = end) a shock. */
export interface EventMark {
  readonly event: string;
  /** The instrument for a VI or a shock; '' for a market-wide event (halts, reopening and closing auctions, sidecars). */
  readonly instrument: string;
  readonly start: number;
  readonly end: number;
  readonly detail: string;
}

const PHASE_EVENTS: Readonly<Record<string, string>> = {
  'vi-auction': 'VI auction', halted: 'circuit-breaker halt', 'reopening-auction': 'reopening auction', 'closing-auction': 'closing auction',
};
/** Events that hit every instrument at once: drawn once, across every panel, labelled market-wide. */
const MARKET_WIDE = new Set(['circuit-breaker halt', 'reopening auction', 'closing auction', 'sidecar']);
const SIDECAR_MS = (5 * US_PER_MIN) / US_PER_MS;

/** Halts, VIs, auctions, sidecars and shocks of `day`, from market_events (times as todMs). */
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
  const close = (i: string, ms: number): void => {
    const was = open.get(i);
    if (was) out.push({ event: was.event, instrument: i, start: was.start, end: ms, detail: '' });
    open.delete(i);
  };
  for (let r = 0; r < ev.rowCount; r++) {
    if (d[r] !== day) continue;
    const ms = todMs(t[r]!);
    if (kind[r] === 'phase-changed') {
      close(inst[r]!, ms);
      const ev2 = PHASE_EVENTS[detail[r]!];
      if (ev2 !== undefined) open.set(inst[r]!, { event: ev2, start: ms });
    } else if (kind[r] === 'auction-uncrossed' && open.get(inst[r]!)?.event === 'closing auction') {
      close(inst[r]!, ms);
    } else if (kind[r] === 'sidecar-started') {
      out.push({ event: 'sidecar', instrument: inst[r]!, start: ms, end: ms + SIDECAR_MS, detail: detail[r]! });
    } else if (kind[r] === 'shock') {
      out.push({ event: 'shock', instrument: inst[r]!, start: ms, end: ms, detail: detail[r]! });
    }
  }
  for (const i of [...open.keys()]) close(i, todMs(day * US_PER_DAY + run.info.closeUs));
  return mergeMarketWide(out);
}

/**
 * One mark per market-wide event: the instruments' copies of a halt, a reopening or a closing auction (which end at
 * slightly different, random times) merge into one interval from the first start to the last end, labelled ''.
 */
function mergeMarketWide(marks: readonly EventMark[]): EventMark[] {
  const own = marks.filter((m) => !MARKET_WIDE.has(m.event));
  const wide = marks.filter((m) => MARKET_WIDE.has(m.event)).sort((a, b) => a.event.localeCompare(b.event) || a.start - b.start);
  const merged: EventMark[] = [];
  for (const m of wide) {
    const last = merged.at(-1);
    if (last && last.event === m.event && m.start <= last.end) merged[merged.length - 1] = { ...last, end: Math.max(last.end, m.end), detail: last.detail || m.detail };
    else merged.push({ ...m, instrument: '' });
  }
  return [...merged, ...own].sort((a, b) => a.start - b.start || a.event.localeCompare(b.event));
}

/** Shading of interval events: light, neutral tints, none of them an instrument's or a kind's colour. */
export const EVENT_COLORS = {
  domain: ['VI auction', 'circuit-breaker halt', 'reopening auction', 'closing auction', 'sidecar'],
  range: ['#f0d77b', '#8c8c8c', '#c8c8c8', '#a6cee3', '#d4b9da'],
};

/**
 * Layers drawing `marks` over a chart whose x is `time`: bands for intervals (one colour legend, listing the event
 * kinds present) and a dashed black rule per shock, with its own legend entry drawn as a dashed line.
 */
export function eventLayers(marks: readonly EventMark[]): VlSpec[] {
  if (marks.length === 0) return [];
  const values = marks.map((m) => ({ ...m, label: m.instrument ? `${m.event} (${m.instrument})` : `${m.event} (market-wide)`, at: clockText(m.start) }));
  const present = EVENT_COLORS.domain.map((e, i) => [e, EVENT_COLORS.range[i]!] as const).filter(([e]) => marks.some((m) => m.event === e));
  const scale = { domain: present.map(([e]) => e), range: present.map(([, c]) => c) };
  const tooltip = [{ field: 'label', title: 'event' }, { field: 'at', title: 'from' }, { field: 'detail' }];
  // Only layers with data: an empty layer makes vega warn about an infinite extent.
  const bands = values.filter((m) => m.end > m.start);
  const rules = values.filter((m) => m.end === m.start);
  const layers = [
    {
      data: { values: bands },
      mark: { type: 'rect', opacity: 0.45 },
      encoding: { x: timeX('start'), x2: { field: 'end' }, color: { field: 'event', type: 'nominal', title: 'market event', scale }, tooltip },
    },
    {
      data: { values: rules },
      mark: { type: 'rule', color: '#000000', strokeWidth: 1.2 },
      encoding: {
        x: timeX('start'),
        strokeDash: { field: 'event', type: 'nominal', title: null, scale: { domain: ['shock'], range: [[4, 3]] }, legend: { symbolType: 'stroke', symbolStrokeColor: '#000000', symbolStrokeWidth: 1.2 } },
        tooltip,
      },
    },
  ];
  return layers.filter((l) => l.data.values.length > 0);
}

/**
 * Fixed colours for the agent kinds the simulator knows (Okabe–Ito, safe for the common colour-vision
 * deficiencies), so a kind looks the same in every figure.
 */
const KIND_COLORS: readonly (readonly [string, string])[] = [
  ['leveraged-etf', '#D55E00'],
  ['option-dealer', '#CC79A7'],
  ['margin-accounts', '#E69F00'],
  ['foreign-seller', '#0072B2'],
  ['authorized-participant', '#56B4E9'],
  ['market-maker', '#009E73'],
  ['value-trader', '#000000'],
  ['noise-trader', '#999999'],
];
const SPARE_COLORS = ['#F0E442', '#882255', '#44AA99', '#332288', '#DDCC77', '#117733'];

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

/** Instrument colours (Paul Tol's "bright" scheme, colour-blind safe), by the scenario's instrument order. */
const INSTRUMENT_COLORS = ['#4477AA', '#EE6677', '#228833', '#CCBB44', '#66CCEE', '#AA3377', '#332288', '#117733', '#882255', '#44AA99'];
/** The index is always black. */
export const INDEX_COLOR = '#000000';

/**
 * The colour scale of the instruments in `present`: instrument k of the scenario always gets colour k (in every
 * figure, whichever instruments it shows), the index black; names the scenario does not list come last, grey.
 */
export function instrumentColorScale(run: RunData, present: Iterable<string>): { domain: string[]; range: string[] } {
  const all = run.info.instruments.map((i) => i.symbol);
  const domain = orderedInstruments(run, present);
  const range = domain.map((s) => {
    const k = all.indexOf(s);
    if (s === run.info.indexName) return INDEX_COLOR;
    return k >= 0 ? INSTRUMENT_COLORS[k % INSTRUMENT_COLORS.length]! : '#777777';
  });
  return { domain, range };
}

/** Colours of the two book sides (blue bids, orange asks: not red/green). */
export const SIDE_COLORS = { domain: ['bid', 'ask'], range: ['#0072B2', '#E69F00'] };

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
