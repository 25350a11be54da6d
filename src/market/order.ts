// Order vocabulary shared by the book, the exchange and the protocol: sides, order types, and the
// typed reasons for rejections and cancellations. Plain numeric constants (not TS enums) so the hot
// paths compare small integers, and the same codes index the name tables used for output.

/** Order side. Numeric so that `1 - side` is the opposite side. */
export type Side = 0 | 1;
export const BUY = 0 as const;
export const SELL = 1 as const;
export const SIDE_NAMES = ['buy', 'sell'] as const;

/** Order type. `limit` is a day order; `market` and `ioc` discard any remainder; `fok` fills fully or not at all. */
export type OrderType = 0 | 1 | 2 | 3;
export const LIMIT = 0 as const;
export const MARKET = 1 as const;
export const IOC = 2 as const;
export const FOK = 3 as const;

/** Why an order or request was refused. Codes index {@link REJECT_REASON_NAMES}. */
export const RejectReason = {
  /** Quantity not a positive integer (or not a multiple of the lot). */
  BadQuantity: 1,
  /** Price not a positive integer, or not on the instrument's tick grid. */
  BadPrice: 2,
  /** Price outside the day's price limits. */
  OutsidePriceLimits: 3,
  /** The order id is already in use. */
  DuplicateId: 4,
  /** Cancel or modify of an order that is not resting (never existed, filled, or canceled). */
  UnknownOrder: 5,
  /** The order type is not accepted in the current phase (e.g. IOC/FOK during a call auction). */
  TypeNotAllowedInPhase: 6,
  /** The market is closed, halted (circuit breaker) or the day has ended. */
  MarketClosed: 7,
  /** Program order on the side blocked by the sidecar. */
  SidecarBlocked: 8,
  /** The price lies too far from the book for the engine's ladder window. */
  PriceOutOfRange: 9,
  /** Unknown instrument. */
  UnknownInstrument: 10,
  /** Modify that changes nothing. */
  NoChange: 11,
} as const;
export type RejectReason = (typeof RejectReason)[keyof typeof RejectReason];
export const REJECT_REASON_NAMES: readonly string[] = [
  'none',
  'bad-quantity',
  'bad-price',
  'outside-price-limits',
  'duplicate-id',
  'unknown-order',
  'type-not-allowed-in-phase',
  'market-closed',
  'sidecar-blocked',
  'price-out-of-range',
  'unknown-instrument',
  'no-change',
];

/**
 * Why resting or incoming quantity left the book without trading. `Canceled` and `Reduced` are the
 * owner's doing; the others are the order's own conditions ("expired" in the conservation identity).
 */
export const CancelReason = {
  /** Canceled by its owner. */
  Canceled: 1,
  /** Remainder of an IOC order. */
  IocRemainder: 2,
  /** Remainder of a market order that found no more liquidity (or hit a trading bound). */
  MarketRemainder: 3,
  /** FOK order that could not fill in full. */
  FokKilled: 4,
  /** Quantity removed by a modify that reduced the order. */
  Reduced: 5,
  /** Day order expired at the end of the trading day. */
  EndOfDay: 6,
  /** Self-trade prevention: the order met a resting order of the same owner (see SelfTradePolicy). */
  SelfTrade: 7,
} as const;
export type CancelReason = (typeof CancelReason)[keyof typeof CancelReason];
export const CANCEL_REASON_NAMES: readonly string[] = [
  'none',
  'canceled',
  'ioc-remainder',
  'market-remainder',
  'fok-killed',
  'reduced',
  'end-of-day',
  'self-trade',
];

/**
 * Self-trade prevention: what continuous matching does when an incoming order would trade with a resting order of
 * the same owner. 'cancel-incoming' cancels the incoming order's remaining quantity (the fills before it stand);
 * 'cancel-resting' cancels the resting order and matching goes on; 'cancel-both' cancels both; 'none' lets them
 * trade. KRX's self-trade (자전거래) prevention, offered to members since 2022–2023, lets a member choose to cancel
 * either the new or the resting order; cascade's default is 'cancel-incoming' (reject the newer order's crossing
 * part), taken from that description as relayed to us (not from the KRX rulebook itself): verify it against KRX's
 * current member notice before relying on it. Call auctions are not affected (KRX applies it to matching only).
 */
export type SelfTradePolicy = 'none' | 'cancel-incoming' | 'cancel-resting' | 'cancel-both';
export const SELF_TRADE_POLICIES: readonly SelfTradePolicy[] = ['none', 'cancel-incoming', 'cancel-resting', 'cancel-both'];
export const DEFAULT_SELF_TRADE_POLICY: SelfTradePolicy = 'cancel-incoming';

/** Aggressor of a trade: the side of the incoming order, or `AUCTION` for a call-auction uncross. */
export const AGGRESSOR_AUCTION = 2 as const;
export type Aggressor = Side | typeof AGGRESSOR_AUCTION;
export const AGGRESSOR_NAMES = ['buy', 'sell', 'auction'] as const;

/** Largest order id and quantity the engine accepts (int32 storage). */
export const MAX_INT32 = 0x7fffffff;
