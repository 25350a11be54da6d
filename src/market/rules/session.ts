// The KRX regular-session calendar as data (DOMAIN §5.3): opening call auction orders from 08:30, the
// uncross and continuous trading from 09:00, the closing call auction 15:20–15:30. Times of day ("tod")
// are integer microseconds since midnight. Random auction ends, off-hours sessions, holidays and the
// delayed first-day open are the exchange's business and are not modelled here.

import { KRX_SESSION_CLOCK } from '../../core/krx-defaults.js';
import { parseClock, US_PER_HOUR } from '../../core/time.js';

/** Session boundaries, each a tod in µs; phases are half-open intervals between consecutive times. */
export interface SessionTimes {
  /** Start of the opening call auction's order entry. */
  readonly preOpen: number;
  /** Opening uncross and start of continuous trading. */
  readonly open: number;
  /** End of continuous trading and start of the closing call auction. */
  readonly closingAuctionStart: number;
  /** Closing uncross; the regular session ends. */
  readonly close: number;
}

/** KRX regular session: 08:30 pre-open, 09:00 open, 15:20 closing auction, 15:30 close. */
export const KRX_SESSION: SessionTimes = Object.freeze({
  preOpen: parseClock(KRX_SESSION_CLOCK.preOpen),
  open: parseClock(KRX_SESSION_CLOCK.open),
  closingAuctionStart: parseClock(KRX_SESSION_CLOCK.closingAuctionStart),
  close: parseClock(KRX_SESSION_CLOCK.close),
});

/** The phase the calendar schedules at a time of day (halts and VI auctions are layered on top elsewhere). */
export type ScheduledPhase = 'closed' | 'pre-open' | 'continuous' | 'closing-auction';

/**
 * Scheduled phase at `tod`: pre-open = [preOpen, open), continuous = [open, closingAuctionStart),
 * closing-auction = [closingAuctionStart, close), closed otherwise (including at `close` itself).
 */
export function scheduledPhaseAt(times: SessionTimes, tod: number): ScheduledPhase {
  if (tod < times.preOpen || tod >= times.close) return 'closed';
  if (tod < times.open) return 'pre-open';
  if (tod < times.closingAuctionStart) return 'continuous';
  return 'closing-auction';
}

const SESSION_KEYS = ['preOpen', 'open', 'closingAuctionStart', 'close'] as const;
const DAY_US = 24 * US_PER_HOUR;

/**
 * Checks that every time is an integer tod within one day and that they strictly increase in the
 * order preOpen < open < closingAuctionStart < close.
 * @throws Error naming the offending field(s)
 */
export function validateSession(times: SessionTimes): void {
  for (const key of SESSION_KEYS) {
    const v = times[key];
    if (!Number.isInteger(v) || v < 0 || v > DAY_US) {
      throw new Error(`session time ${key} = ${v} must be an integer number of µs within one day [0, ${DAY_US}]`);
    }
  }
  for (let i = 1; i < SESSION_KEYS.length; i++) {
    const prev = SESSION_KEYS[i - 1]!;
    const key = SESSION_KEYS[i]!;
    if (times[key] <= times[prev]) {
      throw new Error(`session times must increase: ${prev} (${times[prev]}) must be before ${key} (${times[key]})`);
    }
  }
}
