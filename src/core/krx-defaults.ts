// KRX defaults as plain data, shared by the market (the exchange's rule defaults) and the scenario schema (which
// owns every default of a scenario): one home, so the two cannot drift. DOMAIN §5.
/** The KRX regular session as clock times: pre-open, open, closing call auction, close. */
export const KRX_SESSION_CLOCK = Object.freeze({
  preOpen: '08:30',
  open: '09:00',
  closingAuctionStart: '15:20',
  close: '15:30',
} as const);

/** Longest random delay of a call auction's end (µs): KRX ends auctions at a random time up to 30 s late. */
export const KRX_AUCTION_RANDOM_END_US = 30_000_000;

/** KOSPI circuit-breaker levels: index drop vs the previous close, percent (levels 1, 2, 3; DOMAIN §5.4). */
export const KRX_CIRCUIT_BREAKER_DROP_PCT: readonly [number, number, number] = Object.freeze([8, 15, 20] as const);

/** Halt after a level-1 or level-2 circuit breaker, minutes (then a 10-minute reopening auction). */
export const KRX_CIRCUIT_BREAKER_HALT_MIN = 20;

/** Length of a volatility-interruption call auction, seconds (before its random end). */
export const KRX_VI_AUCTION_S = 120;
