// The exchange: several listings, an optional cap-weighted index, and the market rules (KRX or none) around each
// order book. Order entry (this file) validates an order against the phase, lot, price limits and sidecar, hands
// it to the book with the volatility-interruption band as a trading bound, and translates the book's events into
// exchange events with time, instrument and exchange-wide ids. Time-driven transitions (sessions, auctions, VIs,
// circuit breakers) live in exchange-clock.ts. Every public call clears `events` and first runs the timers due
// at its time, so callers may either schedule `nextDeadline()` or simply call in time order.
//
// Rules 'none': one continuous phase from startDay to endDay; no limits, auctions, VIs or breakers.
// Known simplifications: market orders entered during a call auction become limit orders at the daily limit
// (KRX gives them price priority over limit orders at that price); customer-before-proprietary priority and
// off-hours sessions are not modelled.
import { ExchangeEvents, ORDER_CANCELED, ORDER_REJECTED, TRADE } from './exchange-events.js';
import type { Phase } from './exchange-events.js';
import { Listing } from './listing.js';
import type { InstrumentSpec, ListingView } from './listing.js';
import { growI32 } from './book-events.js';
import { CancelReason, DEFAULT_SELF_TRADE_POLICY, LIMIT, MARKET, MAX_INT32, RejectReason, BUY, FOK, IOC } from './order.js';
import type { OrderType, SelfTradePolicy, Side } from './order.js';
import { StockIndex } from './stock-index.js';
import { ExchangeClock } from './exchange-clock.js';
import type { ExchangeRulesConfig } from './exchange-clock.js';

export interface ExchangeConfig {
  readonly rules: 'krx' | 'none';
  readonly instruments: readonly InstrumentSpec[];
  /** The index over some instruments (by symbol); the circuit breaker and sidecar watch it. */
  readonly index?: { readonly name: string; readonly constituents: readonly string[]; readonly baseLevel: number };
  /** KRX rule parameters (session times, breaker, sidecar, auction random end); defaults are KRX's. */
  readonly krx?: Partial<ExchangeRulesConfig>;
  /** Self-trade prevention for orders submitted with an owner (default: DEFAULT_SELF_TRADE_POLICY, see order.ts). */
  readonly selfTrade?: SelfTradePolicy;
}

/** A uniform source of [0, 1) draws (the exchange's seeded stream, for random auction ends). */
export interface UniformSource {
  next(): number;
}

export class Exchange {
  readonly events = new ExchangeEvents();
  /** The listings, read-only outside the market (the exchange and its clock hold the mutable ones). */
  private readonly ls: Listing[];
  readonly index: StockIndex | null;
  readonly rules: 'krx' | 'none';
  readonly clock: ExchangeClock;
  private readonly bySymbol = new Map<string, number>();
  /** Exchange order id -> listing index and local (book) id. */
  private orderInst: Int32Array = new Int32Array(1024);
  private orderLocal: Int32Array = new Int32Array(1024);
  private nextId = 0;
  /** Time of the last call (calls must come in non-decreasing time). */
  now = 0;
  /** Orders (resting or incoming) cancelled by self-trade prevention, and their quantity. */
  selfTradeCancels = 0;
  selfTradeQty = 0;

  constructor(cfg: ExchangeConfig, rng: UniformSource) {
    this.rules = cfg.rules;
    const selfTrade = cfg.selfTrade ?? DEFAULT_SELF_TRADE_POLICY;
    this.ls = cfg.instruments.map((spec, i) => new Listing(i, spec, selfTrade));
    cfg.instruments.forEach((s, i) => {
      if (this.bySymbol.has(s.symbol)) throw new Error(`duplicate instrument symbol "${s.symbol}"`);
      this.bySymbol.set(s.symbol, i);
    });
    this.index = cfg.index ? this.buildIndex(cfg.index) : null;
    this.clock = new ExchangeClock(this, this.ls, cfg.krx ?? {}, rng);
  }

  /** Every listing, in instrument order (read-only: the exchange's rules change them). */
  get listings(): readonly ListingView[] {
    return this.ls;
  }

  /** Listing index of a symbol, or -1. */
  symbolIndex(symbol: string): number {
    return this.bySymbol.get(symbol) ?? -1;
  }

  /** Listing index that exchange order `id` belongs to, or -1 if the id was never issued. */
  instrumentOf(id: number): number {
    return id >= 0 && id < this.nextId ? this.orderInst[id]! : -1;
  }

  /** Number of order ids issued so far (ids are 0 .. issued-1). */
  get issued(): number {
    return this.nextId;
  }

  // ================================================================ day lifecycle and time

  /**
   * Start a trading day at time `t` whose midnight is `dayStartT` (default `t`): base prices = previous closes,
   * limits, phases. KRX days then run by themselves; with rules 'none' trading is continuous until endDay.
   */
  startDay(t: number, dayStartT = t): void {
    this.begin(t);
    this.clock.startDay(dayStartT, t);
  }

  /** End the trading day now: expire every resting order (rules 'none'; KRX days end by themselves). */
  endDay(t: number): void {
    this.begin(t);
    this.clock.endDay(t);
  }

  /** Earliest time at which a timer is due (Infinity if none). */
  nextDeadline(): number {
    return this.clock.nextDeadline();
  }

  /** Run every timer due at or before `t`. */
  advanceTo(t: number): void {
    this.begin(t);
  }

  // ================================================================ orders

  /**
   * Submit an order; returns its exchange id (issued even when the order is rejected). `price` is ignored for
   * market orders. `program` marks program-trading orders (subject to the sidecar). `owner` (an agent or account
   * id, >= 0) subjects the order to self-trade prevention against the owner's other orders; -1: none.
   */
  submit(t: number, inst: number, side: Side, type: OrderType, price: number, qty: number, program = false, owner = -1): number {
    this.begin(t);
    const id = this.issue(inst);
    const L = this.ls[inst];
    if (L === undefined) {
      this.events.pushAt(ORDER_REJECTED, t, -1, id, 0, price, qty, RejectReason.UnknownInstrument);
      return id;
    }
    const reason = this.checkOrder(L, t, side, type, price, qty, program);
    if (reason !== 0) {
      this.events.pushAt(ORDER_REJECTED, t, inst, id, 0, type === MARKET ? 0 : price, qty, reason);
      return id;
    }
    const local = L.newLocal(id);
    this.orderLocal[id] = local;
    if (L.book.mode === 'collect' && type === MARKET) {
      // In a call auction a market order is a limit order at the daily limit (see the header).
      L.book.submit(local, side, LIMIT, side === BUY ? L.limits.upper : L.limits.lower, qty, owner);
    } else {
      L.book.submit(local, side, type, price, qty, owner);
    }
    this.forward(L, t);
    return id;
  }

  /** Cancel a resting order. */
  cancel(t: number, id: number): void {
    this.begin(t);
    const L = this.ls[this.instrumentOf(id)];
    if (L === undefined || L.phase === 'day-ended' || this.orderLocal[id]! < 0) {
      const reason = L !== undefined && L.phase === 'day-ended' ? RejectReason.MarketClosed : RejectReason.UnknownOrder;
      this.events.pushAt(ORDER_REJECTED, t, L?.index ?? -1, id, 0, 0, 0, reason);
      return;
    }
    L.book.cancel(this.orderLocal[id]!);
    this.forward(L, t);
  }

  /** Change a resting order's price and/or open quantity. */
  modify(t: number, id: number, price: number, qty: number): void {
    this.begin(t);
    const L = this.ls[this.instrumentOf(id)];
    let reason: number = L === undefined || this.orderLocal[id]! < 0 ? RejectReason.UnknownOrder : 0;
    if (reason === 0) reason = this.checkOrder(L!, t, 0, LIMIT, price, qty, false);
    if (reason !== 0) {
      this.events.pushAt(ORDER_REJECTED, t, L?.index ?? -1, id, 0, price, qty, reason);
      return;
    }
    L!.book.modify(this.orderLocal[id]!, price, qty);
    this.forward(L!, t);
  }

  // ================================================================ internals

  /** Clear events, check time order and run the timers due by `t`. */
  private begin(t: number): void {
    if (!(t >= this.now) || !Number.isInteger(t)) {
      throw new RangeError(`exchange time must be an integer and non-decreasing: got ${t} after ${this.now}`);
    }
    this.events.count = 0;
    this.now = t;
    this.clock.runUntil(t);
  }

  private issue(inst: number): number {
    const id = this.nextId++;
    if (id > MAX_INT32 - 1) throw new RangeError('order id space exhausted');
    if (id === this.orderInst.length) {
      this.orderInst = growI32(this.orderInst, id * 2);
      this.orderLocal = growI32(this.orderLocal, id * 2);
    }
    this.orderInst[id] = inst >= 0 && inst < this.ls.length ? inst : -1;
    this.orderLocal[id] = -1;
    return id;
  }

  /** The reason an order may not enter now (0 if it may). The book checks ticks and duplicate ids. */
  private checkOrder(L: Listing, t: number, side: Side, type: OrderType, price: number, qty: number, program: boolean): number {
    if (!acceptsOrders(L.phase)) return RejectReason.MarketClosed;
    if ((qty | 0) !== qty || qty <= 0 || qty % L.lot !== 0) return RejectReason.BadQuantity;
    if (this.rules === 'none') return 0;
    if (L.book.mode === 'collect' && (type === IOC || type === FOK)) return RejectReason.TypeNotAllowedInPhase;
    if (type !== MARKET && (price < L.limits.lower || price > L.limits.upper)) return RejectReason.OutsidePriceLimits;
    if (program && this.clock.sidecarBlocks(side, t)) return RejectReason.SidecarBlocked;
    return 0;
  }

  /** Copy the book's events into the exchange's (global ids), updating prices, statistics and the index. */
  forward(L: Listing, t: number): void {
    const be = L.book.events;
    const ev = this.events;
    const l2g = L.localToGlobal;
    const inst = L.index;
    let traded = false;
    for (let k = 0; k < be.count; k++) {
      const kind = be.kind[k]!;
      const b = kind === TRADE ? l2g[be.b[k]!]! : 0;
      ev.pushAt(kind as 0, t, inst, l2g[be.a[k]!]!, b, be.price[k]!, be.qty[k]!, be.aux[k]!);
      if (kind === TRADE) {
        L.recordTrade(be.price[k]!, be.qty[k]!);
        traded = true;
      } else if (kind === ORDER_CANCELED && be.aux[k] === CancelReason.SelfTrade) {
        this.selfTradeCancels++;
        this.selfTradeQty += be.qty[k]!;
      }
    }
    if (traded || L.book.boundHit) this.clock.afterTrades(L, t);
  }

  private buildIndex(ix: NonNullable<ExchangeConfig['index']>): StockIndex {
    const constituents = ix.constituents.map((s) => {
      const i = this.bySymbol.get(s);
      if (i === undefined) throw new Error(`index ${ix.name}: unknown constituent "${s}"`);
      return i;
    });
    return new StockIndex(
      {
        name: ix.name,
        constituents,
        shares: constituents.map((i) => this.ls[i]!.spec.sharesOutstanding),
        basePrices: constituents.map((i) => this.ls[i]!.spec.initialPrice),
        baseLevel: ix.baseLevel,
      },
      this.ls.length,
    );
  }
}

/** Phases in which new orders (and modifies) are accepted. */
function acceptsOrders(p: Phase): boolean {
  return p === 'continuous' || p === 'pre-open' || p === 'opening-auction' || p === 'vi-auction' ||
    p === 'reopening-auction' || p === 'closing-auction';
}
