// Messages agents send each other (ctx.send), shared so that no agent imports another. Each has a `type` tag;
// receivers switch on it and ignore types they do not handle.
//
// ETF primary market (DOMAIN §4.2): an authorized participant asks the fund to create or redeem creation units;
// the fund settles them at the day's NAV after the close with ctx.transfer (ETF shares against cash) and replies.
// Option-based LETF exposure (DOMAIN §1.5, §2): the fund buys (or sells back) calls from an option dealer, who books
// them (short when the fund buys) and collects the premium with ctx.transfer; the dealer then delta-hedges them.

/** AP -> fund: create (units > 0) or redeem (units < 0) creation units of `etf` at today's closing NAV. */
export interface UnitsOrderMsg {
  readonly type: 'units-order';
  readonly etf: string;
  /** Signed number of creation units. */
  readonly units: number;
}

/** Fund -> AP: the units were settled (shares and cash already moved). */
export interface UnitsSettledMsg {
  readonly type: 'units-settled';
  readonly etf: string;
  readonly units: number;
  /** Shares per creation unit and the NAV per share used. */
  readonly cuShares: number;
  readonly navPerShare: number;
}

/** Fund -> dealer: the fund buys (qty > 0) or sells back (qty < 0) European calls on `underlying`. */
export interface OptionTradeMsg {
  readonly type: 'option-trade';
  readonly underlying: string;
  /** Strike (won) and absolute expiry time (µs). */
  readonly strike: number;
  readonly expiryT: number;
  /** Signed quantity in underlying shares (the contract multiplier is already applied). */
  readonly qty: number;
  /** Premium per share agreed by the fund (won); the dealer collects qty × premium. */
  readonly premium: number;
}

/**
 * Fund -> swap dealer, after each close (and at the start): the total-return swap is reset to `notionalShares`
 * (signed: > 0 the fund is long the underlying) at `resetPrice`; with the fund's NAV and leverage the dealer can
 * estimate tomorrow's reset notional L·(nav + N·(S − resetPrice))/S intraday and pre-hedge it (DOMAIN §1.5).
 */
export interface SwapResetMsg {
  readonly type: 'swap-reset';
  readonly underlying: string;
  readonly notionalShares: number;
  readonly resetPrice: number;
  readonly nav: number;
  readonly leverage: number;
  /** The fund's opening call, sent to every dealer of the kind: a dealer of this underlying answers with a SwapAckMsg
   *  (and books nothing); the fund then hands its shares to the first dealer that answers and sends it a normal reset. */
  readonly open?: boolean;
}

/** Swap dealer -> fund: the notional it accepted (capped by its capacity) and its financing spread (bp a year). */
export interface SwapAckMsg {
  readonly type: 'swap-ack';
  readonly underlying: string;
  readonly notionalShares: number;
  readonly financingBpAnnual: number;
}

export type AgentMessage = UnitsOrderMsg | UnitsSettledMsg | OptionTradeMsg | SwapResetMsg | SwapAckMsg;

/** Narrow an unknown message to one of ours by its tag. */
export function messageOf(msg: unknown): AgentMessage | null {
  const t = (msg as { type?: unknown } | null)?.type;
  return t === 'units-order' || t === 'units-settled' || t === 'option-trade' || t === 'swap-reset' || t === 'swap-ack'
    ? (msg as AgentMessage)
    : null;
}
