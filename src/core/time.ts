// Simulation time: SimTime is an integer count of microseconds. A timestamp is
// `day * US_PER_DAY + timeOfDayUs`, with day the 0-based trading-day index, so one number orders events
// across days and `dayOf` / `timeOfDay` split it back. All arithmetic is integer (exact up to 2^53 µs,
// about 285 years); the only strings are produced by the parse/format helpers, never in hot paths.

/** Integer microseconds (since the start of day 0, or since midnight for a time of day). */
export type SimTime = number;

export const US_PER_MS = 1_000;
export const US_PER_S = 1_000_000;
export const US_PER_MIN = 60 * US_PER_S;
export const US_PER_HOUR = 60 * US_PER_MIN;
export const US_PER_DAY = 24 * US_PER_HOUR;

/**
 * Trading sessions per year, the one convention for annualising volatilities and counting option time (docs/model.md
 * §3.1): σ_annual = σ_session·√252, τ = sessions to expiry / 252. The session's own length comes from the scenario's
 * calendar, never from a literal.
 */
export const TRADING_DAYS_PER_YEAR = 252;

function requireNonNegativeInt(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  }
}

/**
 * Microseconds since midnight for a wall-clock time, e.g. `clock(9, 0)` = 32_400_000_000.
 * Components are not range-limited (`clock(0, 90)` equals `clock(1, 30)`), only required to be
 * non-negative integers; use {@link parseClock} for validated user input.
 */
export function clock(h: number, m: number, s = 0): SimTime {
  requireNonNegativeInt('hours', h);
  requireNonNegativeInt('minutes', m);
  requireNonNegativeInt('seconds', s);
  return h * US_PER_HOUR + m * US_PER_MIN + s * US_PER_S;
}

/** 0-based trading-day index of a timestamp (floor division, so it is also right for negative t). */
export function dayOf(t: SimTime): number {
  return Math.floor(t / US_PER_DAY);
}

/** Microseconds since midnight of the timestamp's own day, in [0, US_PER_DAY). */
export function timeOfDay(t: SimTime): SimTime {
  return t - dayOf(t) * US_PER_DAY;
}

/** Timestamp of time-of-day `tod` on trading day `day`. Throws RangeError unless 0 <= tod < US_PER_DAY. */
export function at(day: number, tod: SimTime): SimTime {
  requireNonNegativeInt('day', day);
  requireNonNegativeInt('time of day', tod);
  if (tod >= US_PER_DAY) throw new RangeError(`time of day must be below ${US_PER_DAY} µs, got ${tod}`);
  return day * US_PER_DAY + tod;
}

const CLOCK_RE = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?$/;

/**
 * Parses "HH:MM", "HH:MM:SS" or "HH:MM:SS.ffffff" (1 to 6 fraction digits, read as a decimal fraction of
 * a second: ".5" is 500_000 µs) into microseconds since midnight. The hour may have one digit ("9:00").
 * Throws an Error naming the text for anything else, and for hours > 23 or minutes/seconds > 59.
 */
export function parseClock(text: string): SimTime {
  const m = CLOCK_RE.exec(text);
  if (m === null) throw new Error(`bad clock time "${text}": expected HH:MM[:SS[.ffffff]]`);
  const [, hh = '0', mm = '0', ss = '0', frac = ''] = m;
  const h = Number(hh);
  const min = Number(mm);
  const s = Number(ss);
  if (h > 23) throw new Error(`bad clock time "${text}": hours must be 0-23`);
  if (min > 59) throw new Error(`bad clock time "${text}": minutes must be 0-59`);
  if (s > 59) throw new Error(`bad clock time "${text}": seconds must be 0-59`);
  return h * US_PER_HOUR + min * US_PER_MIN + s * US_PER_S + Number(frac.padEnd(6, '0'));
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Formats a time of day in [0, US_PER_DAY) as "HH:MM:SS.ffffff" (always 6 fraction digits). */
export function formatClock(tod: SimTime): string {
  requireNonNegativeInt('time of day', tod);
  if (tod >= US_PER_DAY) throw new RangeError(`time of day must be below ${US_PER_DAY} µs, got ${tod}`);
  const h = Math.floor(tod / US_PER_HOUR);
  const m = Math.floor((tod % US_PER_HOUR) / US_PER_MIN);
  const s = Math.floor((tod % US_PER_MIN) / US_PER_S);
  const us = tod % US_PER_S;
  return `${pad2(h)}:${pad2(m)}:${pad2(s)}.${String(us).padStart(6, '0')}`;
}

/** Formats a timestamp as "d<day> HH:MM:SS.ffffff", e.g. `formatTime(at(1, clock(9, 0)))` = "d1 09:00:00.000000". */
export function formatTime(t: SimTime): string {
  if (!Number.isSafeInteger(t)) throw new RangeError(`time must be an integer, got ${t}`);
  return `d${dayOf(t)} ${formatClock(timeOfDay(t))}`;
}
