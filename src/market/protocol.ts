// What agents may know of and send to the market: the read-only MarketView, the OrderRequest command, and the
// updates delivered back about their own orders and about the market. Agents import only this file from market/
// (DESIGN: the import rules), so the engine's internals can change without touching any agent.
import type { Side, OrderType } from './order.js';
import type { Phase } from './exchange-events.js';

export type { Side, OrderType, Phase };
export { BUY, SELL, LIMIT, MARKET, IOC, FOK } from './order.js';

/** A new order. Prices are integers in the currency's minor unit; `price` is ignored for market orders. */
export interface OrderRequest {
  readonly instrument: number;
  readonly side: Side;
  readonly type: OrderType;
  readonly price: number;
  readonly qty: number;
  /** Program-trading order (basket/index arbitrage): subject to the sidecar. */
  readonly program?: boolean;
  /** A forced sale (margin call, liquidation): reported separately in the flows table. */
  readonly forced?: boolean;
}

/** The market as an agent sees it at the current simulation time. Reads are O(1) unless noted. */
export interface MarketView {
  /** Number of listed instruments; instruments are addressed by index 0..n-1. */
  readonly instrumentCount: number;
  symbol(inst: number): string;
  /** Index of a symbol, or -1. */
  instrumentIndex(symbol: string): number;
  phase(inst: number): Phase;
  /** Best bid / ask price (0 when that side is empty) and the quantity there. */
  bestBid(inst: number): number;
  bestAsk(inst: number): number;
  bestBidQty(inst: number): number;
  bestAskQty(inst: number): number;
  /** Last trade price (today's base price before the first trade). */
  lastPrice(inst: number): number;
  /** Today's base price (the previous close). */
  basePrice(inst: number): number;
  /** Today's daily price limits (0, 0 when rules are off). */
  lowerLimit(inst: number): number;
  upperLimit(inst: number): number;
  /** The tick size in force at `price`, and price rounding onto the tick ladder. */
  tickAt(inst: number, price: number): number;
  floorPrice(inst: number, price: number): number;
  ceilPrice(inst: number, price: number): number;
  /** Volume traded today (shares). */
  volumeToday(inst: number): number;
  /** Up to `levels` aggregated levels of one side as [price, qty], best first (allocates). */
  depth(inst: number, side: Side, levels: number): Array<[number, number]>;
  /** Current index value (NaN without an index). */
  indexValue(): number;
  /**
   * Last trade price at the end of the minute `minutes` minutes before now (today only: before today's first trade,
   * or further back than the day's start, the base price). `minutes` = 0 is the last trade price.
   */
  priceMinutesAgo(inst: number, minutes: number): number;
  /**
   * Realised volatility of today's 1-minute last-trade log returns, annualised with the scenario's session length
   * and TRADING_DAYS_PER_YEAR: an EWMA with a 30-minute half-life, started at `fallbackAnnual` each day.
   */
  realizedVolAnnual(inst: number, fallbackAnnual: number): number;
  /**
   * The instrument's normal volatility: the same 1-minute returns in an EWMA over every day so far (half-life two
   * sessions, never restarted), started at `fallbackAnnual`. realizedVolAnnual / normalVolAnnual is how unusual
   * today's volatility is, whatever the market's microstructure noise.
   */
  normalVolAnnual(inst: number, fallbackAnnual: number): number;
  /** Signed traded volume (buyer-initiated minus seller-initiated shares) over the last `minutes` whole minutes and the current one. */
  signedVolume(inst: number, minutes: number): number;
  /**
   * The published indicative uncross of a call auction (price, executable volume, buy surplus − sell surplus), or
   * null outside call auctions or when nothing crosses. Allocates; call it in auctions only.
   */
  auctionIndicative(inst: number): AuctionIndicative | null;
}

/** What KRX publishes during a call auction (DOMAIN §5.3: indicative price and quantity). */
export interface AuctionIndicative {
  readonly price: number;
  readonly volume: number;
  /** Unexecuted demand minus unexecuted supply at the indicative price (shares). */
  readonly imbalance: number;
}

/** What happened to one of the agent's own orders. `ref` is the handle `submit` returned. */
export type OrderUpdateKind = 'accepted' | 'rejected' | 'filled' | 'canceled' | 'expired' | 'modified';

export interface OrderUpdate {
  kind: OrderUpdateKind;
  ref: number;
  instrument: number;
  side: Side;
  /** Fill price for 'filled'; the order's price otherwise. */
  price: number;
  /** Filled quantity for 'filled'; removed quantity for 'canceled'/'expired'; new open quantity for 'modified'. */
  qty: number;
  /** Open quantity left after this update. */
  remaining: number;
  /** Reject or cancel reason name ('outside-price-limits', 'ioc-remainder', 'end-of-day', ...), or ''. */
  reason: string;
}

/** A market-wide or instrument event broadcast to all agents. */
export interface MarketNotice {
  kind: 'phase-changed' | 'vi-started' | 'halt-started' | 'sidecar-started' | 'auction-uncrossed' | 'news';
  /** Instrument index, or -1 for market-wide events. */
  instrument: number;
  /** New phase for 'phase-changed'. */
  phase?: Phase;
  price: number;
  qty: number;
  /** Circuit-breaker level, blocked side, or VI type (0 dynamic, 1 static). */
  code: number;
  /**
   * For 'news': the value the release discloses (the instrument's fundamental value at the release, in currency
   * units, not rounded to a tick). Public news is the only way agents learn the fundamental (docs/model.md §2.3).
   */
  value?: number;
}
