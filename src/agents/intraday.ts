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
