// Cross-field checks of a scenario that zod's per-field rules cannot express: a price on its tick grid, session
// times in order, unique symbols, and every reference to a symbol, day or time resolved against the scenario.
// Each check reports at the offending value's path (or at the key, marked `params: { at: 'key' }`), so the
// loader can point at the exact YAML line. Checks are pure functions of already-typed values.
import type { z } from 'zod';
import { bandsFor, type TickBand, type TickTable } from '../core/tick-bands.js';
import { parseClock } from '../core/time.js';
import { didYouMean } from './suggest.js';

type Ctx = z.RefinementCtx;
type Path = (string | number)[];

type Band = TickBand;

/** The valid prices nearest to `price` on a ladder: [largest <= price or undefined, smallest >= price]. */
export function nearestValidPrices(price: number, bands: readonly Band[]): [number | undefined, number] {
  let b = bands.length - 1;
  while (b >= 0 && price < bands[b]!.from) b--;
  if (b < 0) return [undefined, bands[0]!.from];
  const { from, tick } = bands[b]!;
  const lo = from + Math.floor((price - from) / tick) * tick;
  return [lo, lo === price ? lo : lo + tick]; // band widths are tick multiples, so lo + tick is always valid
}

/** Error text when `price` is not on the instrument's tick grid, else undefined. */
export function offGridMessage(price: number, table: TickTable, uniformTick: number): string | undefined {
  const bands = bandsFor(table, uniformTick);
  const [lo, hi] = nearestValidPrices(price, bands);
  if (lo === price) return undefined;
  const tick = (bands.findLast((b) => b.from <= price) ?? bands[0]!).tick;
  const near = lo === undefined ? `the lowest valid price is ${hi}` : `nearest valid prices: ${lo} and ${hi}`;
  return `${price} is not a valid price on the ${table} tick grid (tick ${tick} at this price); ${near}`;
}

/** Session times must strictly increase; reports at the later key. Unparseable times are reported by their field. */
export function checkSessionOrder(session: Record<string, string>, ctx: Ctx): void {
  const keys = ['preOpen', 'open', 'closingAuctionStart', 'close'];
  for (let i = 1; i < keys.length; i++) {
    const [a, b] = [keys[i - 1]!, keys[i]!];
    const ta = tryClock(session[a]!);
    const tb = tryClock(session[b]!);
    if (ta !== undefined && tb !== undefined && tb <= ta) {
      ctx.addIssue({ code: 'custom', path: [b], message: `${b} (${session[b]}) must be after ${a} (${session[a]})` });
    }
  }
}

function tryClock(s: string): number | undefined {
  try {
    return parseClock(s);
  } catch {
    return undefined;
  }
}

/** No symbol twice; index constituents exist and are unique. */
export function checkMarket(
  m: { instruments: readonly { symbol: string }[]; index?: { constituents: readonly string[] } | undefined },
  ctx: Ctx,
): void {
  const seen = new Map<string, number>();
  m.instruments.forEach((inst, i) => {
    const first = seen.get(inst.symbol);
    if (first !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['instruments', i, 'symbol'], message: `duplicate symbol "${inst.symbol}" (also instruments[${first}])` });
    } else seen.set(inst.symbol, i);
  });
  const inIndex = new Set<string>();
  m.index?.constituents.forEach((sym, i) => {
    const path = ['index', 'constituents', i];
    if (!seen.has(sym)) ctx.addIssue({ code: 'custom', path, message: unknownSymbol(sym, [...seen.keys()]) });
    else if (inIndex.has(sym)) ctx.addIssue({ code: 'custom', path, message: `"${sym}" is listed twice in the index` });
    inIndex.add(sym);
  });
}

/** `no instrument "X" (did you mean "Y"?); instruments: A, B`. */
export function unknownSymbol(sym: string, symbols: readonly string[]): string {
  return `no instrument "${sym}"${didYouMean(sym, symbols)}; instruments: ${symbols.join(', ')}`;
}

/** The parts of a scenario the reference checks read. */
interface ReferenceView {
  calendar: { days: number; session: Record<string, string> };
  market: { instruments: readonly { symbol: string; sharesOutstanding: number }[]; index?: unknown };
  fundamentals: {
    processes: Record<string, unknown>;
    shocks: readonly { day: number; time: string; instrument?: string | undefined; index?: true | undefined }[];
  };
  agents: readonly { kind: string; params: unknown; endowment?: { positions: Record<string, number>; positionsWith?: Record<string, Record<string, number>> | undefined } | undefined }[];
}

/** Every symbol, day and time that refers elsewhere in the scenario must resolve. */
export function checkReferences(s: ReferenceView, ctx: Ctx): void {
  const symbols = s.market.instruments.map((i) => i.symbol);
  const symbolKey = (path: Path, sym: string): void => {
    if (!symbols.includes(sym)) ctx.addIssue({ code: 'custom', path, message: unknownSymbol(sym, symbols), params: { at: 'key' } });
  };
  for (const sym of Object.keys(s.fundamentals.processes)) symbolKey(['fundamentals', 'processes', sym], sym);
  s.agents.forEach((g, i) => {
    for (const [sym, qty] of Object.entries(g.endowment?.positions ?? {})) {
      symbolKey(['agents', i, 'endowment', 'positions', sym], sym);
      const shares = s.market.instruments.find((x) => x.symbol === sym)?.sharesOutstanding;
      if (shares !== undefined && Math.abs(qty) > shares) {
        ctx.addIssue({ code: 'custom', path: ['agents', i, 'endowment', 'positions', sym], message: `${qty} shares is more than ${sym}'s shares outstanding (${shares})` });
      }
    }
    const kinds = [...new Set(s.agents.map((x) => x.kind))];
    for (const [kind, positions] of Object.entries(g.endowment?.positionsWith ?? {})) {
      const path: Path = ['agents', i, 'endowment', 'positionsWith', kind];
      if (!kinds.includes(kind)) ctx.addIssue({ code: 'custom', path, message: `the scenario has no agents of kind "${kind}" (it has ${kinds.join(', ')})`, params: { at: 'key' } });
      for (const [sym, qty] of Object.entries(positions)) {
        symbolKey([...path, sym], sym);
        const shares = s.market.instruments.find((x) => x.symbol === sym)?.sharesOutstanding;
        if (shares !== undefined && Math.abs(qty) > shares) ctx.addIssue({ code: 'custom', path: [...path, sym], message: `${qty} shares is more than ${sym}'s shares outstanding (${shares})` });
      }
    }
    checkAgentParams((g.params ?? {}) as Record<string, unknown>, ['agents', i, 'params'], s, symbols, ctx);
  });
  s.fundamentals.shocks.forEach((shock, i) => checkShock(shock, ['fundamentals', 'shocks', i], s, symbols, ctx));
}

/** Order sizes this small are never refused by the shares-outstanding bound. */
const SMALL_QTY = 10_000;

/** Agent params whose names carry a meaning by convention (every shipped kind follows it). */
const SYMBOL_PARAMS = ['instrument', 'etf', 'underlying'];

/**
 * Cross-field checks of one group's params, by the conventions the agent kinds follow: `instrument`, `etf` and
 * `underlying` name symbols, `instruments` lists them; `weights` has one entry per instrument traded; a `...Time`
 * is a clock time (a `days` list may name days past a shortened calendar: they never come); an order size (`qty`, `qtyMean`, `...Qty`) is at most the largest shares
 * outstanding in the market (or SMALL_QTY).
 */
function checkAgentParams(p: Record<string, unknown>, at: Path, s: ReferenceView, symbols: readonly string[], ctx: Ctx): void {
  const issue = (key: string | number | (string | number)[], message: string): void => {
    ctx.addIssue({ code: 'custom', path: [...at, ...(Array.isArray(key) ? key : [key])], message });
  };
  for (const key of SYMBOL_PARAMS) {
    const sym = p[key];
    if (typeof sym === 'string' && !symbols.includes(sym)) issue(key, unknownSymbol(sym, symbols));
  }
  const listed = Array.isArray(p['instruments']) ? (p['instruments'] as unknown[]) : undefined;
  listed?.forEach((sym, j) => {
    if (typeof sym === 'string' && !symbols.includes(sym)) issue(['instruments', j], unknownSymbol(sym, symbols));
  });
  const weights = p['weights'];
  if (Array.isArray(weights) && weights.length > 0) {
    const n = listed !== undefined && listed.length > 0 ? listed.length : symbols.length;
    const of = listed !== undefined && listed.length > 0 ? '`instruments`' : 'the market (no `instruments` given)';
    if (weights.length !== n) issue('weights', `${weights.length} weights for the ${n} instruments of ${of}; give one weight per instrument`);
    else if (!weights.some((w) => typeof w === 'number' && w > 0)) issue('weights', 'weights must not all be 0');
  }
  for (const [key, v] of Object.entries(p)) {
    if (key.endsWith('Time') && typeof v === 'string' && tryClock(v) === undefined) {
      issue(key, `bad clock time "${v.length > 40 ? `${v.slice(0, 40)}...` : v}" (expected HH:MM or HH:MM:SS)`);
    }
  }
  // Against the market's largest float (an ETF's `sharesOutstanding` may be a placeholder its fund agent sets);
  // sizes up to SMALL_QTY always pass, so the kinds' defaults never trip a toy market of a few shares.
  const maxShares = Math.max(SMALL_QTY, ...s.market.instruments.map((x) => x.sharesOutstanding));
  for (const [key, v] of Object.entries(p)) {
    if (/^qty(Mean)?$|Qty$/.test(key) && typeof v === 'number' && v > maxShares) {
      issue(key, `${v} is more than the largest shares outstanding in the market (${maxShares})`);
    }
  }
}

function checkShock(
  shock: ReferenceView['fundamentals']['shocks'][number],
  at: Path,
  s: ReferenceView,
  symbols: readonly string[],
  ctx: Ctx,
): void {
  const { days, session } = s.calendar;
  if (shock.day >= days) {
    ctx.addIssue({ code: 'custom', path: [...at, 'day'], message: `day ${shock.day} is past the last day (${days} days: 0..${days - 1})` });
  }
  const t = tryClock(shock.time);
  const [from, to] = [tryClock(session['preOpen']!), tryClock(session['close']!)];
  if (t !== undefined && from !== undefined && to !== undefined && (t < from || t >= to)) {
    const message = `${shock.time} is outside the session (${session['preOpen']} to before ${session['close']})`;
    ctx.addIssue({ code: 'custom', path: [...at, 'time'], message });
  }
  if (shock.instrument !== undefined && !symbols.includes(shock.instrument)) {
    ctx.addIssue({ code: 'custom', path: [...at, 'instrument'], message: unknownSymbol(shock.instrument, symbols) });
  }
  if (shock.index === true && s.market.index === undefined) {
    ctx.addIssue({ code: 'custom', path: [...at, 'index'], message: 'an index shock needs `market.index` to be defined' });
  }
}
