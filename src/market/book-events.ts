// The events an order book returns: a reusable struct-of-arrays buffer that each book operation clears
// and fills, so the hot path allocates nothing in steady state (it grows by doubling when a call produces
// more events than ever before). The caller reads events by index before the next operation.
//
// Columns per event kind (unused columns are 0):
//   ACCEPTED  a = order id, b = 0,        price, qty = quantity accepted, aux = side
//   REJECTED  a = order id, b = 0,        price, qty,                     aux = RejectReason
//   TRADE     a = buy id,   b = sell id,  price, qty = traded quantity,   aux = Aggressor (0 buy, 1 sell, 2 auction)
//   CANCELED  a = order id, b = 0,        price, qty = quantity removed,  aux = CancelReason
//   MODIFIED  a = order id, b = 0,        price = new price, qty = new open quantity, aux = 1 if queue position kept
//   RESTED    a = order id, b = 0,        price, qty = quantity left resting in the book, aux = side

/** Event kinds; also the index into {@link BOOK_EVENT_NAMES}. */
export const ACCEPTED = 0 as const;
export const REJECTED = 1 as const;
export const TRADE = 2 as const;
export const CANCELED = 3 as const;
export const MODIFIED = 4 as const;
export const RESTED = 5 as const;
export type BookEventKind = 0 | 1 | 2 | 3 | 4 | 5;
export const BOOK_EVENT_NAMES = ['accepted', 'rejected', 'trade', 'canceled', 'modified', 'rested'] as const;

/** A plain-object view of one event, for tests and diagnostics (never built on the hot path). */
export interface BookEvent {
  /** The event kind's name (BOOK_EVENT_NAMES; an exchange event may use EXCHANGE_EVENT_NAMES). */
  kind: string;
  a: number;
  b: number;
  price: number;
  qty: number;
  aux: number;
}

/** Growable struct-of-arrays event buffer. `count` events are valid after each book operation. */
export class BookEvents {
  count = 0;
  kind: Uint8Array;
  a: Int32Array;
  b: Int32Array;
  price: Int32Array;
  qty: Int32Array;
  aux: Int32Array;

  constructor(capacity = 256) {
    this.kind = new Uint8Array(capacity);
    this.a = new Int32Array(capacity);
    this.b = new Int32Array(capacity);
    this.price = new Int32Array(capacity);
    this.qty = new Int32Array(capacity);
    this.aux = new Int32Array(capacity);
  }

  /** Forget all events (keeps the storage). */
  clear(): void {
    this.count = 0;
  }

  /** Append one event. */
  push(kind: BookEventKind, a: number, b: number, price: number, qty: number, aux: number): void {
    const i = this.count;
    if (i === this.kind.length) this.grow();
    this.kind[i] = kind;
    this.a[i] = a;
    this.b[i] = b;
    this.price[i] = price;
    this.qty[i] = qty;
    this.aux[i] = aux;
    this.count = i + 1;
  }

  /** Event `i` as a plain object (tests, debugging). */
  get(i: number): BookEvent {
    if (i < 0 || i >= this.count) throw new RangeError(`event ${i} out of range (count ${this.count})`);
    return {
      kind: BOOK_EVENT_NAMES[this.kind[i] as BookEventKind],
      a: this.a[i]!,
      b: this.b[i]!,
      price: this.price[i]!,
      qty: this.qty[i]!,
      aux: this.aux[i]!,
    };
  }

  /** All current events as plain objects (tests, debugging). */
  toArray(): BookEvent[] {
    const out: BookEvent[] = [];
    for (let i = 0; i < this.count; i++) out.push(this.get(i));
    return out;
  }

  /** Double the capacity (subclasses with more columns extend this). */
  protected grow(): void {
    const n = this.kind.length * 2;
    const k = new Uint8Array(n);
    k.set(this.kind);
    this.kind = k;
    this.a = growI32(this.a, n);
    this.b = growI32(this.b, n);
    this.price = growI32(this.price, n);
    this.qty = growI32(this.qty, n);
    this.aux = growI32(this.aux, n);
  }
}

/** A copy of `src` with length `n` (n >= src.length). */
export function growI32(src: Int32Array, n: number): Int32Array<ArrayBuffer> {
  const dst = new Int32Array(n);
  dst.set(src);
  return dst;
}
