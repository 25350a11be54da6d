// Naive reference model of the OrderBook contract, for tests only: one plain array of resting order
// objects, re-sorted and scanned on every call (O(n log n) per operation), written to be obviously
// correct rather than fast. Calls return the contract's events as plain objects; queries mirror the
// real book's. Priority: price, then arrival `seq` (re-entry by a modify takes a fresh seq).
import { PriceGrid } from '../../src/market/price-grid.js';
import type { BookEvent } from '../../src/market/book-events.js';
import { BUY, SELL, LIMIT, MARKET, FOK, MAX_INT32, AGGRESSOR_AUCTION, RejectReason, CancelReason } from '../../src/market/order.js';
import type { Side, OrderType, Aggressor } from '../../src/market/order.js';

/** Book phase: matching on arrival, or call-auction order collection. */
export type RefMode = 'continuous' | 'collect';

/** A resting order; `seq` is its arrival stamp within its level (lower = earlier). */
export interface RefOrder {
  id: number;
  side: Side;
  price: number;
  qty: number;
  seq: number;
}

/** Outcome of a call-auction price search (same shape as auction.ts's UncrossResult). */
export interface RefUncross {
  price: number;
  volume: number;
  buySurplus: number;
  sellSurplus: number;
}

/**
 * One plain event object as `BookEvents.toArray()` reads it back. The buffer's columns are Int32Arrays, so a
 * rejected price or qty that is not an int32 (2.5, 2^31) is stored truncated (ToInt32, i.e. `x | 0`).
 */
export function ev(kind: BookEvent['kind'], a: number, b: number, price: number, qty: number, aux: number): BookEvent {
  return { kind, a: a | 0, b: b | 0, price: price | 0, qty: qty | 0, aux: aux | 0 };
}

/** Whether a `side` order limited at `limit` (null = market) may trade against a resting `price`. */
function crosses(side: Side, limit: number | null, price: number): boolean {
  if (limit === null) return true;
  return side === BUY ? price <= limit : price >= limit;
}

function validQty(qty: number): boolean {
  return Number.isInteger(qty) && qty >= 1 && qty <= MAX_INT32;
}

/** The naive book. Every public mutator returns the events of that call. */
export class ReferenceBook {
  mode: RefMode = 'continuous';
  /** Resting orders, in no particular order. */
  orders: RefOrder[] = [];
  private seq = 0;

  constructor(readonly grid: PriceGrid = PriceGrid.uniform(1)) {}

  setMode(mode: RefMode): void {
    this.mode = mode;
  }

  /** Submit a new order (see the OrderBook contract for the event sequence). */
  submit(id: number, side: Side, type: OrderType, price: number, qty: number): BookEvent[] {
    const reason = this.submitReject(id, type, price, qty);
    if (reason !== 0) return [ev('rejected', id, 0, price, qty, reason)];
    const limit = type === MARKET ? null : price;
    const out = [ev('accepted', id, 0, limit ?? 0, qty, side)];
    if (this.mode === 'collect') {
      this.rest(id, side, price, qty, out);
      return out;
    }
    if (type === FOK && this.available(side, limit) < qty) {
      out.push(ev('canceled', id, 0, price, qty, CancelReason.FokKilled));
      return out;
    }
    const rem = this.match(id, side, limit, qty, out);
    if (rem === 0) return out;
    if (type === LIMIT) this.rest(id, side, price, rem, out);
    else if (type === MARKET) out.push(ev('canceled', id, 0, 0, rem, CancelReason.MarketRemainder));
    else out.push(ev('canceled', id, 0, price, rem, CancelReason.IocRemainder));
    return out;
  }

  /** Cancel a resting order. */
  cancel(id: number): BookEvent[] {
    const o = this.find(id);
    if (o === undefined) return [ev('rejected', id, 0, 0, 0, RejectReason.UnknownOrder)];
    this.orders = this.orders.filter((x) => x !== o);
    return [ev('canceled', id, 0, o.price, o.qty, CancelReason.Canceled)];
  }

  /** Change a resting order's price and/or open quantity. */
  modify(id: number, price: number, qty: number): BookEvent[] {
    const o = this.find(id);
    const reason =
      o === undefined ? RejectReason.UnknownOrder
      : !validQty(qty) ? RejectReason.BadQuantity
      : !this.grid.isValid(price) ? RejectReason.BadPrice
      : price === o.price && qty === o.qty ? RejectReason.NoChange
      : 0;
    if (o === undefined || reason !== 0) return [ev('rejected', id, 0, price, qty, reason)];
    if (price === o.price && qty < o.qty) {
      o.qty = qty;
      return [ev('modified', id, 0, price, qty, 1)];
    }
    this.orders = this.orders.filter((x) => x !== o);
    const out = [ev('modified', id, 0, price, qty, 0)];
    const rem = this.mode === 'collect' ? qty : this.match(id, o.side, price, qty, out);
    if (rem > 0) this.rest(id, o.side, price, rem, out);
    return out;
  }

  /**
   * Brute-force auction price over every grid price from the lowest to the highest resting price, by
   * (1) max volume, (2) min |demand − supply|, (2b) no bid above / ask below the price left unfilled (the
   * KRX uniform-price rule, as in auction.ts), (3) nearest `refPrice` (0: the midpoint of what is left),
   * (4) lower price. Null if nothing crosses.
   */
  auctionQuote(refPrice: number): RefUncross | null {
    let c = this.candidatePrices().map((p) => this.quoteAt(p)).filter((q) => q.volume > 0);
    if (c.length === 0) return null;
    c = keepMin(c, (q) => -q.volume);
    c = keepMin(c, (q) => Math.abs(q.buySurplus - q.sellSurplus));
    c = keepMin(c, (q) => (this.strictlyBetterQty(q.price) > q.volume ? 1 : 0));
    const target = refPrice > 0 ? refPrice : (c[0]!.price + c[c.length - 1]!.price) / 2;
    return keepMin(c, (q) => Math.abs(q.price - target))[0]!;
  }

  /** The larger of Σ bids priced above `price` and Σ asks priced below it. */
  strictlyBetterQty(price: number): number {
    let above = 0;
    let below = 0;
    for (const o of this.orders) {
      if (o.side === BUY && o.price > price) above += o.qty;
      if (o.side !== BUY && o.price < price) below += o.qty;
    }
    return Math.max(above, below);
  }

  /** Demand, supply and executable volume if the auction cleared at `price`. */
  quoteAt(price: number): RefUncross {
    let demand = 0;
    let supply = 0;
    for (const o of this.orders) {
      if (o.side === BUY && o.price >= price) demand += o.qty;
      if (o.side !== BUY && o.price <= price) supply += o.qty;
    }
    const volume = Math.min(demand, supply);
    return { price, volume, buySurplus: demand - volume, sellSurplus: supply - volume };
  }

  /** Every valid grid price from the lowest to the highest resting price (ascending). */
  candidatePrices(): number[] {
    if (this.orders.length === 0) return [];
    const lo = Math.min(...this.orders.map((o) => o.price));
    const hi = Math.max(...this.orders.map((o) => o.price));
    const out: number[] = [];
    for (let i = this.grid.toIndex(lo); this.grid.toPrice(i) <= hi; i++) out.push(this.grid.toPrice(i));
    return out;
  }

  /**
   * Execute a call auction at `price` with time allocation: buys in priority order (price desc, FIFO)
   * paired merge-style with sells in priority order (price asc, FIFO). Filled orders leave the book.
   */
  uncrossAt(price: number): BookEvent[] {
    const buys = this.queue(BUY).filter((o) => o.price >= price);
    const sells = this.queue(SELL).filter((o) => o.price <= price);
    const out: BookEvent[] = [];
    let i = 0;
    let j = 0;
    while (i < buys.length && j < sells.length) {
      const b = buys[i]!;
      const s = sells[j]!;
      const q = Math.min(b.qty, s.qty);
      out.push(ev('trade', b.id, s.id, price, q, AGGRESSOR_AUCTION));
      b.qty -= q;
      s.qty -= q;
      if (b.qty === 0) i++;
      if (s.qty === 0) j++;
    }
    this.orders = this.orders.filter((o) => o.qty > 0);
    return out;
  }

  /** Quote then execute the auction; null and no events if nothing crosses. */
  uncross(refPrice: number): { result: RefUncross | null; events: BookEvent[] } {
    const result = this.auctionQuote(refPrice);
    return { result, events: result === null ? [] : this.uncrossAt(result.price) };
  }

  // ---- queries (same meaning as the real book's) ----

  find(id: number): RefOrder | undefined {
    return this.orders.find((o) => o.id === id);
  }

  /** Resting orders of `side` in priority order: best price first, then arrival. */
  queue(side: Side): RefOrder[] {
    const dir = side === BUY ? -1 : 1;
    return this.orders.filter((o) => o.side === side).sort((x, y) => dir * (x.price - y.price) || x.seq - y.seq);
  }

  bestPrice(side: Side): number {
    return this.queue(side)[0]?.price ?? 0;
  }

  bestBid(): number {
    return this.bestPrice(BUY);
  }

  bestAsk(): number {
    return this.bestPrice(SELL);
  }

  bestBidQty(): number {
    return this.depth(BUY, 1)[0]?.[1] ?? 0;
  }

  bestAskQty(): number {
    return this.depth(SELL, 1)[0]?.[1] ?? 0;
  }

  restingCount(): number {
    return this.orders.length;
  }

  /** Price of a resting order (0 if not resting). */
  orderPrice(id: number): number {
    return this.find(id)?.price ?? 0;
  }

  /** Side of a resting order (-1 if not resting). */
  orderSide(id: number): number {
    return this.find(id)?.side ?? -1;
  }

  /** Aggregated levels of `side`, best first. */
  depth(side: Side, maxLevels = Infinity): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    for (const o of this.queue(side)) {
      const last = out[out.length - 1];
      if (last !== undefined && last[0] === o.price) last[1] += o.qty;
      else out.push([o.price, o.qty]);
    }
    return out.slice(0, maxLevels);
  }

  levelIds(side: Side, price: number): number[] {
    return this.queue(side).filter((o) => o.price === price).map((o) => o.id);
  }

  sideQty(side: Side): number {
    return this.orders.filter((o) => o.side === side).reduce((s, o) => s + o.qty, 0);
  }

  orderQty(id: number): number {
    return this.find(id)?.qty ?? 0;
  }

  // ---- internals ----

  private submitReject(id: number, type: OrderType, price: number, qty: number): number {
    if (!validQty(qty)) return RejectReason.BadQuantity;
    if (type !== MARKET && !this.grid.isValid(price)) return RejectReason.BadPrice;
    if (this.find(id) !== undefined) return RejectReason.DuplicateId;
    if (this.mode === 'collect' && type !== LIMIT) return RejectReason.TypeNotAllowedInPhase;
    return 0;
  }

  /** Quantity on the opposite side that an order of `side` limited at `limit` could reach. */
  private available(side: Side, limit: number | null): number {
    const opp = this.queue((1 - side) as Side);
    return opp.filter((o) => crosses(side, limit, o.price)).reduce((s, o) => s + o.qty, 0);
  }

  /** Match an incoming order against the opposite side; returns the unfilled remainder. */
  private match(id: number, side: Side, limit: number | null, qty: number, out: BookEvent[]): number {
    let rem = qty;
    for (const o of this.queue((1 - side) as Side)) {
      if (rem === 0 || !crosses(side, limit, o.price)) break;
      const q = Math.min(rem, o.qty);
      const aggressor: Aggressor = side;
      out.push(ev('trade', side === BUY ? id : o.id, side === BUY ? o.id : id, o.price, q, aggressor));
      rem -= q;
      o.qty -= q;
    }
    this.orders = this.orders.filter((o) => o.qty > 0);
    return rem;
  }

  private rest(id: number, side: Side, price: number, qty: number, out: BookEvent[]): void {
    this.orders.push({ id, side, price, qty, seq: this.seq++ });
    out.push(ev('rested', id, 0, price, qty, side));
  }
}

/** The elements of `xs` (kept in order) with the smallest `key`. */
function keepMin<T>(xs: T[], key: (x: T) => number): T[] {
  const m = Math.min(...xs.map(key));
  return xs.filter((x) => key(x) === m);
}
