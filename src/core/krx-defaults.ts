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
