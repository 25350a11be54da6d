// The intraday activity profile shared by the background kinds (docs/model.md §3.3): a U-shape of order arrival
// rates, high after the open and before the closing auction (Admati & Pfleiderer 1988; McInish & Wood 1992).
//   U(t) = 1 + openBoost·exp(−min since openTime / decayMin) + closeBoost·exp(−min until closeTime / decayMin)
import { US_PER_MIN } from '../core/time.js';

export interface IntradayShape {
  readonly openBoost: number;
  readonly closeBoost: number;
  readonly decayMin: number;
}

/** The intraday U-shape multiplier U(t) at time of day `tod` (µs); minutes are clamped at 0 outside the day. */
export function intradayMultiplier(tod: number, openTod: number, closeTod: number, p: IntradayShape): number {
  const sinceOpenMin = Math.max(0, tod - openTod) / US_PER_MIN;
  const untilCloseMin = Math.max(0, closeTod - tod) / US_PER_MIN;
  return 1 + p.openBoost * Math.exp(-sinceOpenMin / p.decayMin) + p.closeBoost * Math.exp(-untilCloseMin / p.decayMin);
}

/**
 * Thinning of a Poisson chain run at rate multiplier max(U, auctionFactor) (so one chain serves continuous trading and
 * the call auctions): a candidate at time-of-day multiplier `u` is kept with probability target/chain, target being
 * `auctionFactor` in a call auction and U in continuous trading. Returns that probability (1: keep, no draw needed).
 */
export function thinningKeep(u: number, auctionFactor: number, auction: boolean): number {
  const chain = Math.max(u, auctionFactor);
  const target = auction ? auctionFactor : u;
  return target < chain ? target / chain : 1;
}
