// What the exchange returns: order events (the book's, with time, instrument and exchange-wide order ids) and
// market events (phases, auctions, volatility interruptions, circuit breakers, sidecars, daily limits), in one
// reusable struct-of-arrays buffer that each exchange call clears and fills. The world reads it and decides who
// hears what (DESIGN: the engine returns events, it never calls anyone).
//
// Columns per kind (unused columns are 0; `inst` is -1 for exchange-wide events):
//   ORDER_ACCEPTED / ORDER_REJECTED / ORDER_CANCELED / ORDER_MODIFIED / ORDER_RESTED: as in book-events.ts,
//     with a = exchange order id
//   TRADE              a = buy id, b = sell id, price, qty, aux = aggressor (0 buy, 1 sell, 2 auction)
//   PHASE_CHANGED      aux = phase code (PHASES)
//   AUCTION_UNCROSSED  price, qty = volume, aux = auction kind (AUCTION_KINDS)
//   VI_STARTED         price = the price that would have traded (or indicative price), a = reference price,
//                      aux = 0 dynamic / 1 static
//   HALT_STARTED       aux = circuit-breaker level, price = index value x 100 (rounded)
//   SIDECAR_STARTED    aux = blocked side
//   LIMITS_SET         a = lower limit, b = upper limit, price = base price
import { ACCEPTED, BookEvents, CANCELED, MODIFIED, REJECTED, RESTED, TRADE as BOOK_TRADE, growI32 } from './book-events.js';
import type { BookEvent, BookEventKind } from './book-events.js';

export const ORDER_ACCEPTED = ACCEPTED;
export const ORDER_REJECTED = REJECTED;
export const TRADE = BOOK_TRADE;
export const ORDER_CANCELED = CANCELED;
export const ORDER_MODIFIED = MODIFIED;
export const ORDER_RESTED = RESTED;
export const PHASE_CHANGED = 6 as const;
export const AUCTION_UNCROSSED = 7 as const;
export const VI_STARTED = 8 as const;
export const HALT_STARTED = 9 as const;
export const SIDECAR_STARTED = 10 as const;
export const LIMITS_SET = 11 as const;
export type ExchangeEventKind = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11;
export const EXCHANGE_EVENT_NAMES = [
  'order-accepted',
  'order-rejected',
  'trade',
  'order-canceled',
  'order-modified',
  'order-rested',
  'phase-changed',
  'auction-uncrossed',
  'vi-started',
  'halt-started',
  'sidecar-started',
  'limits-set',
] as const;

/** Trading phase of one instrument. Auction phases collect orders without matching. */
export type Phase =
  | 'closed'
  | 'pre-open'
  | 'opening-auction'
  | 'continuous'
  | 'vi-auction'
  | 'halted'
  | 'reopening-auction'
  | 'closing-auction'
  | 'day-ended';
export const PHASES: readonly Phase[] = [
  'closed',
  'pre-open',
  'opening-auction',
  'continuous',
  'vi-auction',
  'halted',
  'reopening-auction',
  'closing-auction',
  'day-ended',
];

/** Which call auction uncrossed (AUCTION_UNCROSSED aux). */
export const AUCTION_KINDS = ['opening', 'closing', 'vi', 'reopening'] as const;
export type AuctionKind = (typeof AUCTION_KINDS)[number];

/** A plain-object view of one event (tests, diagnostics). */
export interface ExchangeEvent extends BookEvent {
  kind: (typeof EXCHANGE_EVENT_NAMES)[number];
  t: number;
  inst: number;
}

/** The book's event columns plus time and instrument. Use `pushAt`; `kind` also takes the market-event kinds. */
export class ExchangeEvents extends BookEvents {
  t: Float64Array = new Float64Array(this.kind.length);
  inst: Int32Array = new Int32Array(this.kind.length);

  pushAt(kind: ExchangeEventKind, t: number, inst: number, a: number, b: number, price: number, qty: number, aux: number): void {
    const i = this.count;
    if (i === this.kind.length) this.grow();
    this.t[i] = t;
    this.inst[i] = inst;
    this.push(kind as BookEventKind, a, b, price, qty, aux);
  }

  /** Event `i` as a plain object (tests, debugging). */
  override get(i: number): ExchangeEvent {
    const e = super.get(i);
    return { ...e, kind: EXCHANGE_EVENT_NAMES[this.kind[i] as ExchangeEventKind], t: this.t[i]!, inst: this.inst[i]! };
  }

  /** All current events as plain objects. */
  override toArray(): ExchangeEvent[] {
    const out: ExchangeEvent[] = [];
    for (let i = 0; i < this.count; i++) out.push(this.get(i));
    return out;
  }

  protected override grow(): void {
    const n = this.kind.length * 2;
    super.grow();
    const t = new Float64Array(n);
    t.set(this.t);
    this.t = t;
    this.inst = growI32(this.inst, n);
  }
}
