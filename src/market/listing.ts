// One instrument as the exchange holds it: its static spec, its order book, today's base price and limits, the
// reference prices the volatility interruptions use, the current phase, and the day's statistics. Books use
// per-listing local order ids (dense, so each book's id index stays small); `localToGlobal` maps them back.
import { growI32 } from './book-events.js';
import { OrderBook } from './order-book.js';
import type { SelfTradePolicy } from './order.js';
import type { Phase, AuctionKind } from './exchange-events.js';
import type { PriceGrid } from './price-grid.js';
import { gridFor } from './rules/tick-table.js';
import type { TickTable } from './rules/tick-table.js';
import type { PriceLimits } from './rules/price-limits.js';
import type { ViClass } from './rules/volatility-interruption.js';

/** Static description of a listed instrument. Prices are integers in the currency's minor unit (KRW: won). */
export interface InstrumentSpec {
  readonly symbol: string;
  /** Tick ladder: the KRX 2023 stock table, the 5-won ETF table, or a uniform tick. */
  readonly tickTable: TickTable;
  /** Tick size when `tickTable` is 'uniform' (default 1). */
  readonly uniformTick?: number;
  /** Base price on the first day (the previous close). */
  readonly initialPrice: number;
  /** Shares outstanding (index weight = shares x price). */
  readonly sharesOutstanding: number;
  /** Trading unit in shares (KRX: 1). */
  readonly lotSize?: number;
  /** Leverage multiple of an ETF; daily price limits scale with |leverage| (DOMAIN §5.2). Default 1. */
  readonly leverage?: number;
  /** Volatility-interruption class (DOMAIN §5.6). Default 'kospi200'. */
  readonly viClass?: ViClass;
  /** Daily price limit in basis points of the base price (default 3000 = ±30%). */
  readonly priceLimitBp?: number;
}

/**
 * A listing as the exchange shows it to everyone but its own rules (exchange.ts, exchange-clock.ts): every field
 * read-only, and without the methods that change it. The engine's state stays inside the market.
 */
export type ListingView = Readonly<Omit<Listing, 'newLocal' | 'resetDay' | 'recordTrade' | 'localToGlobal' | 'nextLocal' | 'limits'>> & {
  readonly limits: Readonly<PriceLimits>;
};

export class Listing {
  readonly book: OrderBook;
  readonly grid: PriceGrid;
  readonly lot: number;
  phase: Phase = 'closed';
  /** When the current phase ends (absolute µs; Infinity if it does not end by itself). */
  phaseEndT = Infinity;
  /** The auction that the current collection phase ends with. */
  auction: AuctionKind = 'opening';
  /** The current auction was already extended once by a volatility interruption. */
  auctionExtended = false;
  /** Scheduled end of the reopening auction after a circuit-breaker halt. */
  reopenEndT = Infinity;
  basePrice: number;
  limits: PriceLimits = { lower: 0, upper: 0 };
  /** Last trade price (the dynamic VI reference); the base price before the first trade. */
  lastPrice: number;
  /** Price of the last single-price auction (the static VI reference). */
  staticRef: number;
  /** The references the book's current VI trading bounds were computed from (0: recompute). */
  boundsFor = 0;
  boundsStaticFor = 0;
  open = 0;
  high = 0;
  low = 0;
  close = 0;
  volume = 0;
  turnover = 0;
  trades = 0;
  viCount = 0;
  /** Local (book) id -> exchange order id. */
  localToGlobal: Int32Array = new Int32Array(1024);
  nextLocal = 0;

  constructor(
    readonly index: number,
    readonly spec: InstrumentSpec,
    selfTrade: SelfTradePolicy = 'none',
  ) {
    this.grid = gridFor(spec.tickTable, spec.uniformTick ?? 1);
    this.lot = spec.lotSize ?? 1;
    this.book = new OrderBook({ grid: this.grid, selfTrade });
    this.basePrice = spec.initialPrice;
    this.lastPrice = spec.initialPrice;
    this.staticRef = spec.initialPrice;
  }

  /** Allocate a local id for exchange order `globalId`. */
  newLocal(globalId: number): number {
    const id = this.nextLocal++;
    if (id === this.localToGlobal.length) this.localToGlobal = growI32(this.localToGlobal, id * 2);
    this.localToGlobal[id] = globalId;
    return id;
  }

  /** Reset the day's statistics (the base price and limits are set by the exchange). */
  resetDay(): void {
    this.open = this.high = this.low = this.close = 0;
    this.volume = this.turnover = this.trades = this.viCount = 0;
    this.auctionExtended = false;
  }

  /** Record a trade in the day's statistics. */
  recordTrade(price: number, qty: number): void {
    if (this.trades === 0) {
      this.open = this.high = this.low = price;
    } else {
      if (price > this.high) this.high = price;
      if (price < this.low) this.low = price;
    }
    this.close = price;
    this.lastPrice = price;
    this.volume += qty;
    this.turnover += price * qty;
    this.trades++;
  }
}
