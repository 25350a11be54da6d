// A single-instrument limit order book with continuous price-time matching and call-auction support.
//
// Contract
// - Priority: best price first, then arrival (FIFO) within a level. Trades print at the resting order's price.
// - Modify: a size decrease at the same price keeps queue position; a price change or a size increase moves the
//   order to the tail of its (new) level and, in continuous mode, re-matches it as an incoming limit order.
// - The book never calls anyone: every mutating call clears `events` and appends what happened (see
//   book-events.ts for the columns). Validation of ids happens once, here; everything else is the exchange's.
// - Storage: orders live in struct-of-arrays slots (recycled through a free list); each level is an intrusive
//   doubly linked list of slots, so cancel is O(1). Levels sit in a dense window of tick indices (PriceGrid)
//   with a bitset of non-empty levels per side, so finding the next best level skips 32 empty levels per step.
// - Cost: submit O(levels crossed + fills); cancel O(1) plus the next-best search when the best level empties;
//   no allocation per message in steady state (arrays grow by doubling, the window by re-centering).
// - Self-trade prevention: an order may carry an owner (>= 0); in continuous matching, meeting a resting order of the
//   same owner applies the book's SelfTradePolicy (order.ts) instead of trading. Auctions ignore owners; an FOK's
//   availability check counts the owner's own resting orders. Cost: one typed-array read per resting order met.
// - Limits: ids are integers in [0, 2^31) (dense ids keep the id index small); the level window spans at most
//   `maxLevels` ticks (orders beyond it are rejected with PriceOutOfRange).
import { ACCEPTED, BookEvents, CANCELED, MODIFIED, REJECTED, RESTED, TRADE } from './book-events.js';
import { growI32 } from './book-events.js';
import { BUY, CancelReason, FOK, IOC, LIMIT, MARKET, MAX_INT32, RejectReason } from './order.js';
import type { OrderType, SelfTradePolicy, Side } from './order.js';
import { PriceGrid } from './price-grid.js';
import { executeUncross, quoteUncross } from './book-uncross.js';
import type { UncrossResult } from './auction.js';

/** 'continuous': incoming orders match; 'collect': call-auction order collection (no matching). */
export type BookMode = 'continuous' | 'collect';
/** How the rationed side at the clearing price is allocated in an uncross. */
export type AuctionAllocation = 'time' | 'krx-rounds';

export interface OrderBookOptions {
  /** Valid prices and the price <-> level index map (default: every positive integer). */
  grid?: PriceGrid;
  /** Initial order-slot capacity (grows by doubling). */
  orderCapacity?: number;
  /** Widest span of tick levels the book will hold (default 2^21). */
  maxLevels?: number;
  /** Self-trade prevention for orders that carry an owner (default 'none'). */
  selfTrade?: SelfTradePolicy;
}

/** SelfTradePolicy as small integers for the matching loop. */
const STP_NONE = 0;
const STP_CANCEL_INCOMING = 1;
const STP_CANCEL_RESTING = 2;
const STP_CANCEL_BOTH = 3;
const STP_CODE: Record<SelfTradePolicy, number> = {
  'none': STP_NONE, 'cancel-incoming': STP_CANCEL_INCOMING, 'cancel-resting': STP_CANCEL_RESTING, 'cancel-both': STP_CANCEL_BOTH,
};

const NONE = -1;
const NO_LIMIT_HIGH = 0x7fffffff;
const INITIAL_WINDOW = 4096;

export class OrderBook {
  readonly events = new BookEvents();
  readonly grid: PriceGrid;
  private bookMode: BookMode = 'continuous';
  private hitAtBound = false;
  private hitAtBoundPrice = 0;

  // ---- order slots (struct of arrays); a free slot's oNext links the free list. Private: siblings read the book
  // through methods (the auction uncross through levelOrders/levelQty/bestIndex/nextLevel/reduce).
  private oId: Int32Array;
  private oQty: Int32Array;
  private oIdx: Int32Array;
  private oSide: Uint8Array;
  private oNext: Int32Array;
  private oPrev: Int32Array;
  /** Owner of the order in a slot (-1: none; self-trade prevention). Empty, and never written, when the policy is
   * 'none': a book without self-trade prevention pays no memory for it. */
  private oOwner: Int32Array;
  /** Owner of the order being submitted or modified (read by match and rest). */
  private curOwner = -1;
  private readonly stp: number;
  /** Set by match when self-trade prevention cancelled the incoming order's remainder. */
  private stpKilled = false;
  private freeSlot = NONE;
  private slotsUsed = 0;
  /** id -> slot, NONE if not resting. */
  private idSlot: Int32Array;

  // ---- level window: level i of side s is at s*W + (i - base)
  private base = 0;
  private W = 0;
  private lvHead: Int32Array = new Int32Array(0);
  private lvTail: Int32Array = new Int32Array(0);
  private lvCount: Int32Array = new Int32Array(0);
  private lvQty: Float64Array = new Float64Array(0);
  /** Non-empty-level bitset, W/32 words per side (side s starts at word s*W/32). */
  private bits: Uint32Array = new Uint32Array(0);
  private readonly maxLevels: number;

  /** Best level index per side (NONE when the side is empty). */
  private bestBidIdx = NONE;
  private bestAskIdx = NONE;
  private resting = 0;
  private readonly sideTotal = new Float64Array(2);

  // ---- trading bounds (volatility interruptions): executions only at level indices in [boundLow, boundHigh]
  private boundLow = -1;
  private boundHigh = NO_LIMIT_HIGH;
  /** Where a market order's remainder rests when it hits a bound (NONE: it is canceled). */
  private marketRestIdx = new Int32Array([NONE, NONE]);

  constructor(opts: OrderBookOptions = {}) {
    this.grid = opts.grid ?? PriceGrid.uniform(1);
    this.maxLevels = opts.maxLevels ?? 1 << 21;
    const cap = Math.max(16, opts.orderCapacity ?? 1024);
    this.oId = new Int32Array(cap);
    this.oQty = new Int32Array(cap);
    this.oIdx = new Int32Array(cap);
    this.oSide = new Uint8Array(cap);
    this.oNext = new Int32Array(cap);
    this.oPrev = new Int32Array(cap);
    this.stp = STP_CODE[opts.selfTrade ?? 'none'];
    this.oOwner = new Int32Array(this.stp === STP_NONE ? 0 : cap);
    this.idSlot = new Int32Array(cap).fill(NONE);
  }

  /** 'continuous' or 'collect' (set with setMode). */
  get mode(): BookMode {
    return this.bookMode;
  }

  /** Set by the last submit/modify when matching stopped at a trading bound with quantity left. */
  get boundHit(): boolean {
    return this.hitAtBound;
  }

  /** When `boundHit`: the price of the first level that the bound kept from trading. */
  get boundHitPrice(): number {
    return this.hitAtBoundPrice;
  }

  // ================================================================ commands

  /** Submit a new order. `price` is ignored for MARKET orders; `owner` (>= 0) enables self-trade prevention. */
  submit(id: number, side: Side, type: OrderType, price: number, qty: number, owner = -1): void {
    const ev = this.events;
    ev.count = 0;
    this.hitAtBound = false;
    this.curOwner = owner;
    checkId(id);
    if (type === MARKET) price = 0;
    if ((qty | 0) !== qty || qty <= 0) return ev.push(REJECTED, id, 0, price, qty, RejectReason.BadQuantity);
    let idx = type === MARKET && side !== BUY ? -1 : NO_LIMIT_HIGH;
    if (type !== MARKET) {
      idx = price > 0 && price <= MAX_INT32 ? this.grid.toIndex(price) : NONE;
      if (idx < 0) return ev.push(REJECTED, id, 0, price, qty, RejectReason.BadPrice);
    }
    if (id < this.idSlot.length && this.idSlot[id] !== NONE) {
      return ev.push(REJECTED, id, 0, price, qty, RejectReason.DuplicateId);
    }
    if (this.bookMode === 'collect' && type !== LIMIT) {
      return ev.push(REJECTED, id, 0, price, qty, RejectReason.TypeNotAllowedInPhase);
    }
    if (type === LIMIT && !this.ensureWindow(idx)) {
      return ev.push(REJECTED, id, 0, price, qty, RejectReason.PriceOutOfRange);
    }
    ev.push(ACCEPTED, id, 0, price, qty, side);
    if (this.bookMode === 'collect') return this.rest(id, side, idx, price, qty);
    if (type === FOK && this.available(side, idx, qty) < qty) {
      return ev.push(CANCELED, id, 0, price, qty, CancelReason.FokKilled);
    }
    const rem = this.match(id, side, idx, qty);
    if (rem === 0) return;
    if (this.stpKilled) return ev.push(CANCELED, id, 0, price, rem, CancelReason.SelfTrade);
    if (type === LIMIT) return this.rest(id, side, idx, price, rem);
    if (type === MARKET && this.hitAtBound && this.marketRestIdx[side]! >= 0) {
      const ri = this.marketRestIdx[side]!;
      if (this.ensureWindow(ri)) return this.rest(id, side, ri, this.grid.toPrice(ri), rem);
    }
    ev.push(CANCELED, id, 0, price, rem, type === IOC ? CancelReason.IocRemainder : CancelReason.MarketRemainder);
  }

  /** Cancel a resting order. */
  cancel(id: number): void {
    const ev = this.events;
    ev.count = 0;
    this.hitAtBound = false;
    const s = id >= 0 && id < this.idSlot.length ? this.idSlot[id]! : NONE;
    if (s === NONE) return ev.push(REJECTED, id, 0, 0, 0, RejectReason.UnknownOrder);
    const idx = this.oIdx[s]!;
    const q = this.oQty[s]!;
    this.unlink(s);
    ev.push(CANCELED, id, 0, this.grid.toPrice(idx), q, CancelReason.Canceled);
  }

  /** Change a resting order's price and/or open quantity (`qty` is the new open quantity). */
  modify(id: number, price: number, qty: number): void {
    const ev = this.events;
    ev.count = 0;
    this.hitAtBound = false;
    const s = id >= 0 && id < this.idSlot.length ? this.idSlot[id]! : NONE;
    if (s === NONE) return ev.push(REJECTED, id, 0, price, qty, RejectReason.UnknownOrder);
    if ((qty | 0) !== qty || qty <= 0) return ev.push(REJECTED, id, 0, price, qty, RejectReason.BadQuantity);
    const idx = price > 0 && price <= MAX_INT32 ? this.grid.toIndex(price) : NONE;
    if (idx < 0) return ev.push(REJECTED, id, 0, price, qty, RejectReason.BadPrice);
    const oldIdx = this.oIdx[s]!;
    const oldQty = this.oQty[s]!;
    if (idx === oldIdx && qty === oldQty) return ev.push(REJECTED, id, 0, price, qty, RejectReason.NoChange);
    if (idx === oldIdx && qty < oldQty) {
      const li = this.oSide[s]! * this.W + (idx - this.base);
      this.oQty[s] = qty;
      this.lvQty[li]! -= oldQty - qty;
      this.sideTotal[this.oSide[s]!]! -= oldQty - qty;
      return ev.push(MODIFIED, id, 0, price, qty, 1);
    }
    if (!this.ensureWindow(idx)) return ev.push(REJECTED, id, 0, price, qty, RejectReason.PriceOutOfRange);
    const side = this.oSide[s]! as Side;
    this.curOwner = this.stp === STP_NONE ? -1 : this.oOwner[s]!;
    this.unlink(s);
    ev.push(MODIFIED, id, 0, price, qty, 0);
    const rem = this.bookMode === 'continuous' ? this.match(id, side, idx, qty) : qty;
    if (rem > 0 && this.stpKilled) ev.push(CANCELED, id, 0, price, rem, CancelReason.SelfTrade);
    else if (rem > 0) this.rest(id, side, idx, price, rem);
  }

  setMode(mode: BookMode): void {
    this.bookMode = mode;
  }

  /**
   * Restrict continuous executions to prices in [low, high] (a volatility-interruption band); a market order
   * that reaches the bound rests its remainder at `marketBuyRest` / `marketSellRest` (or is canceled if 0).
   * Pass 0 for an open bound. Crossing the bound with quantity left sets `boundHit` and rests the remainder.
   */
  setTradeBounds(low: number, high: number, marketBuyRest = 0, marketSellRest = 0): void {
    const g = this.grid;
    this.boundLow = low > 0 ? g.toIndex(g.ceil(low)) : -1;
    this.boundHigh = high > 0 ? g.toIndex(g.floor(high)) : NO_LIMIT_HIGH;
    this.marketRestIdx[0] = marketBuyRest > 0 ? g.toIndex(g.floor(marketBuyRest)) : NONE;
    this.marketRestIdx[1] = marketSellRest > 0 ? g.toIndex(g.ceil(marketSellRest)) : NONE;
  }

  /** Indicative uncross of the resting orders (null if nothing crosses). */
  auctionQuote(refPrice: number): UncrossResult | null {
    return quoteUncross(this, refPrice);
  }

  /** Execute a call-auction uncross at a single price; TRADE events carry aggressor 2 (auction). */
  uncross(refPrice: number, allocation: AuctionAllocation = 'time', lot = 1): UncrossResult | null {
    this.events.count = 0;
    this.hitAtBound = false;
    const q = quoteUncross(this, refPrice);
    if (q !== null) executeUncross(this, q, allocation, lot);
    return q;
  }

  /** Expire every resting order (end of the trading day): CANCELED(EndOfDay) for each, bids then asks, best first. */
  expireAll(): void {
    const ev = this.events;
    ev.count = 0;
    this.hitAtBound = false;
    for (let side = 0; side < 2; side++) {
      for (let i = side === BUY ? this.bestBidIdx : this.bestAskIdx; i >= 0; i = side === BUY ? this.bestBidIdx : this.bestAskIdx) {
        const s = this.lvHead[side * this.W + i - this.base]!;
        ev.push(CANCELED, this.oId[s]!, 0, this.grid.toPrice(i), this.oQty[s]!, CancelReason.EndOfDay);
        this.unlink(s);
      }
    }
  }

  // ================================================================ queries

  bestBid(): number {
    return this.bestBidIdx < 0 ? 0 : this.grid.toPrice(this.bestBidIdx);
  }
  bestAsk(): number {
    return this.bestAskIdx < 0 ? 0 : this.grid.toPrice(this.bestAskIdx);
  }
  bestBidQty(): number {
    return this.bestBidIdx < 0 ? 0 : this.lvQty[this.bestBidIdx - this.base]!;
  }
  bestAskQty(): number {
    return this.bestAskIdx < 0 ? 0 : this.lvQty[this.W + this.bestAskIdx - this.base]!;
  }
  /** Open quantity of a resting order (0 if not resting). */
  orderQty(id: number): number {
    const s = this.slotOf(id);
    return s === NONE ? 0 : this.oQty[s]!;
  }
  /** Price of a resting order (0 if not resting). */
  orderPrice(id: number): number {
    const s = this.slotOf(id);
    return s === NONE ? 0 : this.grid.toPrice(this.oIdx[s]!);
  }
  /** Side of a resting order (-1 if not resting). */
  orderSide(id: number): number {
    const s = this.slotOf(id);
    return s === NONE ? -1 : this.oSide[s]!;
  }
  restingCount(): number {
    return this.resting;
  }
  /** Total open quantity on a side. */
  sideQty(side: Side): number {
    return this.sideTotal[side]!;
  }
  /** Up to `maxLevels` aggregated levels of a side, best first, as [price, qty]. Allocates. */
  depth(side: Side, maxLevels = Infinity): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    let i = side === BUY ? this.bestBidIdx : this.bestAskIdx;
    while (i >= 0 && out.length < maxLevels) {
      out.push([this.grid.toPrice(i), this.lvQty[side * this.W + i - this.base]!]);
      i = this.nextLevel(side, i);
    }
    return out;
  }
  /** Ids resting at one price level, in queue (FIFO) order. Allocates. */
  levelIds(side: Side, price: number): number[] {
    const idx = this.grid.toIndex(price);
    const out: number[] = [];
    if (idx < this.base || idx >= this.base + this.W) return out;
    for (let s = this.lvHead[side * this.W + idx - this.base]!; s !== NONE; s = this.oNext[s]!) out.push(this.oId[s]!);
    return out;
  }

  // ================================================================ internals (also used by book-uncross.ts)

  private slotOf(id: number): number {
    return id >= 0 && id < this.idSlot.length ? this.idSlot[id]! : NONE;
  }

  /** Match an incoming order against the opposite side up to level `lim`; returns the unfilled quantity. */
  private match(id: number, side: Side, lim: number, qty: number): number {
    const ev = this.events;
    const oQty = this.oQty;
    const oId = this.oId;
    const lvQty = this.lvQty;
    const opp = 1 - side;
    const off = opp * this.W - this.base;
    // The tighter of the order's own limit and the trading bound.
    const stop = side === BUY ? Math.min(lim, this.boundHigh) : Math.max(lim, this.boundLow);
    const owner = this.stp === STP_NONE ? -1 : this.curOwner;
    const oOwner = this.oOwner;
    this.stpKilled = false;
    let rem = qty;
    while (rem > 0 && !this.stpKilled) {
      const bi = side === BUY ? this.bestAskIdx : this.bestBidIdx;
      if (bi < 0 || (side === BUY ? bi > stop : bi < stop)) break;
      const li = off + bi;
      const px = this.grid.toPrice(bi);
      let s = this.lvHead[li]!;
      let filled = 0;
      while (s !== NONE) {
        const mq = oQty[s]!;
        if (owner >= 0 && oOwner[s] === owner) {
          // Self-trade prevention (see the header): cancel the incoming remainder, the resting order, or both.
          if (this.stp === STP_CANCEL_INCOMING) {
            this.stpKilled = true;
            break;
          }
          ev.push(CANCELED, oId[s]!, 0, px, mq, CancelReason.SelfTrade);
          filled += mq; // leaves the level like a fill, without a trade
          s = this.dropHead(s, li);
          if (this.stp === STP_CANCEL_BOTH) {
            this.stpKilled = true;
            break;
          }
          continue;
        }
        if (mq > rem) {
          oQty[s] = mq - rem;
          filled += rem;
          if (side === BUY) ev.push(TRADE, id, oId[s]!, px, rem, BUY);
          else ev.push(TRADE, oId[s]!, id, px, rem, 1);
          rem = 0;
          break;
        }
        if (side === BUY) ev.push(TRADE, id, oId[s]!, px, mq, BUY);
        else ev.push(TRADE, oId[s]!, id, px, mq, 1);
        rem -= mq;
        filled += mq;
        s = this.dropHead(s, li);
        if (rem === 0) break;
      }
      lvQty[li]! -= filled;
      this.sideTotal[opp]! -= filled;
      this.lvHead[li] = s;
      if (s === NONE) {
        this.lvTail[li] = NONE;
        this.clearBit(opp, bi - this.base);
        if (side === BUY) this.bestAskIdx = this.nextLevel(1, bi);
        else this.bestBidIdx = this.nextLevel(0, bi);
      } else {
        this.oPrev[s] = NONE;
      }
    }
    if (rem > 0 && stop !== lim && !this.stpKilled) {
      const bi = side === BUY ? this.bestAskIdx : this.bestBidIdx;
      if (bi >= 0 && (side === BUY ? bi <= lim : bi >= lim)) this.hitBound(bi);
    }
    return rem;
  }

  /** Free the head slot `s` of level `li` (filled or cancelled while matching); returns the next slot. The caller
   * fixes the level's quantity, head and links once per level. */
  private dropHead(s: number, li: number): number {
    const nx = this.oNext[s]!;
    this.idSlot[this.oId[s]!] = NONE;
    this.freeSlotPush(s);
    this.lvCount[li]!--;
    this.resting--;
    return nx;
  }

  private hitBound(levelIdx: number): void {
    this.hitAtBound = true;
    this.hitAtBoundPrice = this.grid.toPrice(levelIdx);
  }

  /** Quantity on the opposite side executable by an order of `side` up to level `lim` (capped at `want`). */
  private available(side: Side, lim: number, want: number): number {
    const opp = (1 - side) as Side;
    const stop = side === BUY ? Math.min(lim, this.boundHigh) : Math.max(lim, this.boundLow);
    let i = side === BUY ? this.bestAskIdx : this.bestBidIdx;
    let sum = 0;
    while (i >= 0 && sum < want && (side === BUY ? i <= stop : i >= stop)) {
      sum += this.lvQty[opp * this.W + i - this.base]!;
      i = this.nextLevel(opp, i);
    }
    if (sum < want && stop !== lim && i >= 0 && (side === BUY ? i <= lim : i >= lim)) this.hitBound(i);
    return sum;
  }

  /** Append an order at the tail of level `idx` (the window must already hold `idx`). */
  private rest(id: number, side: Side, idx: number, price: number, qty: number): void {
    let s = this.freeSlot;
    if (s === NONE) {
      if (this.slotsUsed === this.oId.length) this.growSlots();
      s = this.slotsUsed++;
    } else {
      this.freeSlot = this.oNext[s]!;
    }
    if (id >= this.idSlot.length) this.growIds(id);
    this.idSlot[id] = s;
    this.oId[s] = id;
    if (this.stp !== STP_NONE) this.oOwner[s] = this.curOwner;
    this.oQty[s] = qty;
    this.oIdx[s] = idx;
    this.oSide[s] = side;
    this.oNext[s] = NONE;
    const li = side * this.W + idx - this.base;
    const tail = this.lvTail[li]!;
    this.oPrev[s] = tail;
    if (tail === NONE) {
      this.lvHead[li] = s;
      this.setBit(side, idx - this.base);
      if (side === BUY) {
        if (idx > this.bestBidIdx) this.bestBidIdx = idx;
      } else if (this.bestAskIdx < 0 || idx < this.bestAskIdx) {
        this.bestAskIdx = idx;
      }
    } else {
      this.oNext[tail] = s;
    }
    this.lvTail[li] = s;
    this.lvCount[li]!++;
    this.lvQty[li]! += qty;
    this.sideTotal[side]! += qty;
    this.resting++;
    this.events.push(RESTED, id, 0, price, qty, side);
  }

  // ================================================================ narrow view for the auction uncross

  /** Best level index of `side` (-1 when empty). */
  bestIndex(side: Side): number {
    return side === BUY ? this.bestBidIdx : this.bestAskIdx;
  }

  /** Total resting quantity at level index `idx` of `side`. */
  levelQty(side: Side, idx: number): number {
    return this.lvQty[side * this.W + idx - this.base]!;
  }

  /** The resting orders at level index `idx` of `side`, in time priority: slots (for `reduce`), ids, quantities. */
  levelOrders(side: Side, idx: number): { slots: number[]; ids: number[]; qtys: number[] } {
    const out = { slots: [] as number[], ids: [] as number[], qtys: [] as number[] };
    for (let s = this.lvHead[side * this.W + idx - this.base]!; s !== NONE; s = this.oNext[s]!) {
      out.slots.push(s);
      out.ids.push(this.oId[s]!);
      out.qtys.push(this.oQty[s]!);
    }
    return out;
  }

  /** Remove a resting order's slot from its level and free it (cancel, modify, auction fills). */
  private unlink(s: number): void {
    const side = this.oSide[s]! as Side;
    const idx = this.oIdx[s]!;
    const li = side * this.W + idx - this.base;
    const prev = this.oPrev[s]!;
    const next = this.oNext[s]!;
    if (prev === NONE) this.lvHead[li] = next;
    else this.oNext[prev] = next;
    if (next === NONE) this.lvTail[li] = prev;
    else this.oPrev[next] = prev;
    const q = this.oQty[s]!;
    this.lvQty[li]! -= q;
    this.sideTotal[side]! -= q;
    this.lvCount[li]!--;
    this.resting--;
    this.idSlot[this.oId[s]!] = NONE;
    this.freeSlotPush(s);
    if (this.lvHead[li] === NONE) {
      this.clearBit(side, idx - this.base);
      if (side === BUY) {
        if (idx === this.bestBidIdx) this.bestBidIdx = this.nextLevel(0, idx);
      } else if (idx === this.bestAskIdx) {
        this.bestAskIdx = this.nextLevel(1, idx);
      }
    }
  }

  /** Reduce a resting order by `q` after an auction fill (removes it when it reaches 0). */
  reduce(s: number, q: number): void {
    if (q === this.oQty[s]) return this.unlink(s);
    const li = this.oSide[s]! * this.W + this.oIdx[s]! - this.base;
    this.oQty[s]! -= q;
    this.lvQty[li]! -= q;
    this.sideTotal[this.oSide[s]!]! -= q;
  }

  /** Next non-empty level of `side` after level index `idx`, moving away from the best (NONE if none). */
  nextLevel(side: number, idx: number): number {
    const local = idx - this.base;
    const r = side === BUY ? this.prevSet(0, local - 1) : this.nextSet(this.W >>> 5, local + 1);
    return r < 0 ? NONE : r + this.base;
  }

  private freeSlotPush(s: number): void {
    this.oNext[s] = this.freeSlot;
    this.freeSlot = s;
  }

  private setBit(side: number, local: number): void {
    this.bits[side * (this.W >>> 5) + (local >>> 5)]! |= 1 << (local & 31);
  }
  private clearBit(side: number, local: number): void {
    this.bits[side * (this.W >>> 5) + (local >>> 5)]! &= ~(1 << (local & 31));
  }

  /** Highest set bit <= `local` in the bitset starting at word 0 of the bid side, or -1. */
  private prevSet(wordOff: number, local: number): number {
    if (local < 0) return -1;
    const bits = this.bits;
    let w = local >>> 5;
    let word = bits[wordOff + w]! & (0xffffffff >>> (31 - (local & 31)));
    while (word === 0) {
      if (--w < 0) return -1;
      word = bits[wordOff + w]!;
    }
    return (w << 5) + 31 - Math.clz32(word);
  }

  /** Lowest set bit >= `local` in the bitset starting at word `wordOff`, or -1. */
  private nextSet(wordOff: number, local: number): number {
    const words = this.W >>> 5;
    if (local >= this.W) return -1;
    const bits = this.bits;
    let w = local >>> 5;
    let word = bits[wordOff + w]! & (0xffffffff << (local & 31));
    while (word === 0) {
      if (++w >= words) return -1;
      word = bits[wordOff + w]!;
    }
    return (w << 5) + 31 - Math.clz32(word & -word);
  }

  /** Make the level window cover level index `idx`; false if that would exceed `maxLevels`. */
  private ensureWindow(idx: number): boolean {
    if (idx >= this.base && idx < this.base + this.W) return true;
    if (this.W === 0) {
      this.resize(Math.max(0, (idx - INITIAL_WINDOW / 2) & ~31), INITIAL_WINDOW);
      return true;
    }
    // Keep the occupied span (not the old window) plus the new index, with slack on both sides.
    const lo = this.resting === 0 ? idx : Math.min(this.occupiedLow(), idx);
    const hi = this.resting === 0 ? idx : Math.max(this.occupiedHigh(), idx);
    const span = hi - lo + 1;
    let w = this.W;
    while (w < span * 2 && w < this.maxLevels) w *= 2;
    if (span + 32 > w) return false;
    // Bases are multiples of 32 so that a word of the bitset always holds the same 32 levels.
    const base = Math.max(0, (lo - ((w - span) >> 1)) & ~31);
    this.resize(base, w);
    return true;
  }

  /** Lowest occupied level index on either side (the book must not be empty). */
  private occupiedLow(): number {
    const b = this.nextSet(0, 0);
    const a = this.nextSet(this.W >>> 5, 0);
    return Math.min(b < 0 ? Infinity : b, a < 0 ? Infinity : a) + this.base;
  }

  /** Highest occupied level index on either side (the book must not be empty). */
  private occupiedHigh(): number {
    const b = this.prevSet(0, this.W - 1);
    const a = this.prevSet(this.W >>> 5, this.W - 1);
    return Math.max(b, a) + this.base;
  }

  /** Move the window to [newBase, newBase + newW), keeping every occupied level's contents. */
  private resize(newBase: number, newW: number): void {
    const head = new Int32Array(2 * newW).fill(NONE);
    const tail = new Int32Array(2 * newW).fill(NONE);
    const count = new Int32Array(2 * newW);
    const qty = new Float64Array(2 * newW);
    const shift = this.base - newBase;
    for (let side = 0; side < 2; side++) {
      for (let i = Math.max(0, -shift); i < Math.min(this.W, newW - shift); i++) {
        const from = side * this.W + i;
        const to = side * newW + i + shift;
        head[to] = this.lvHead[from]!;
        tail[to] = this.lvTail[from]!;
        count[to] = this.lvCount[from]!;
        qty[to] = this.lvQty[from]!;
      }
    }
    this.lvHead = head;
    this.lvTail = tail;
    this.lvCount = count;
    this.lvQty = qty;
    this.base = newBase;
    this.W = newW;
    this.bits = new Uint32Array(2 * (newW >>> 5));
    for (let side = 0; side < 2; side++) {
      for (let i = 0; i < newW; i++) if (count[side * newW + i]! > 0) this.setBit(side, i);
    }
  }

  private growSlots(): void {
    const n = this.oId.length * 2;
    this.oId = growI32(this.oId, n);
    this.oQty = growI32(this.oQty, n);
    this.oIdx = growI32(this.oIdx, n);
    this.oNext = growI32(this.oNext, n);
    this.oPrev = growI32(this.oPrev, n);
    if (this.stp !== STP_NONE) this.oOwner = growI32(this.oOwner, n);
    const side = new Uint8Array(n);
    side.set(this.oSide);
    this.oSide = side;
  }

  private growIds(id: number): void {
    let n = this.idSlot.length;
    while (n <= id) n *= 2;
    const next = new Int32Array(n).fill(NONE);
    next.set(this.idSlot);
    this.idSlot = next;
  }
}

function checkId(id: number): void {
  if ((id | 0) !== id || id < 0) throw new RangeError(`order id must be an integer in [0, 2^31), got ${id}`);
}
