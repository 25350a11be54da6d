// Stock-level volatility-interruption (VI) thresholds as data plus the trigger test (DOMAIN §5.6).
// A VI triggers iff |price − ref| ≥ ref × bp / 10000 (the "≥" of DOMAIN §8.3.6), computed in integers.
// `viBounds` gives the grid prices that do not trigger, so matching can stop at them. The 2-minute
// VI auction itself (and "one stabiliser at a time") belongs to the exchange.

import { KRX_VI_AUCTION_S } from '../../core/krx-defaults.js';
import type { PriceGrid } from '../price-grid.js';

/** VI class: KOSPI200 constituents (and index/inverse ETFs) vs other stocks (and leveraged/sector ETFs). */
export type ViClass = 'kospi200' | 'other';

/** When the dynamic VI is evaluated: continuous 09:00–15:20, closing auction 15:20–15:30, off-hours auctions. */
export type ViSessionKind = 'continuous' | 'closing-auction' | 'off-hours';

/** Static VI threshold: ±10% from the last single-price auction price. */
export const STATIC_VI_BP = 1000;

/** Length of the call auction a VI switches the symbol to: 2 minutes (before any random end). */
export const VI_AUCTION_US = KRX_VI_AUCTION_S * 1_000_000;

/** Closing-auction dynamic VI threshold for derivative-underlying stocks on an expiry day: 1%. */
const EXPIRY_CLOSING_BP = 100;

const DYNAMIC_VI_BP: Readonly<Record<ViClass, Readonly<Record<ViSessionKind, number>>>> = Object.freeze({
  kospi200: Object.freeze({ continuous: 300, 'closing-auction': 200, 'off-hours': 300 }),
  other: Object.freeze({ continuous: 600, 'closing-auction': 400, 'off-hours': 600 }),
});

/**
 * Dynamic VI threshold in basis points (reference = the last execution price).
 * KOSPI200: 3% / 2% / 3%; other: 6% / 4% / 6% (continuous / closing auction / off-hours).
 * On an equity-derivatives expiry day the closing-auction threshold is 1% for underlying stocks; we
 * treat the `kospi200` class as the underlyings (index derivatives) and leave `other` at 4%.
 */
export function dynamicViBp(cls: ViClass, when: ViSessionKind, expiryDay = false): number {
  if (expiryDay && when === 'closing-auction' && cls === 'kospi200') return EXPIRY_CLOSING_BP;
  return DYNAMIC_VI_BP[cls][when];
}

/**
 * A threshold in bp scaled by `scale` (the policy lever `market.viThresholdScale`; 1 = KRX), rounded to a whole bp
 * and at least 1: scale 2 widens the 3% dynamic band to 6% and the static 10% to 20%.
 */
export function scaledViBp(bp: number, scale: number): number {
  return scale === 1 ? bp : Math.max(1, Math.round(bp * scale));
}

/** Whether executing at `price` would trigger a VI with reference `ref` and threshold `bp` (≥ triggers). */
export function viTriggered(ref: number, price: number, bp: number): boolean {
  return Math.abs(price - ref) * 10_000 >= ref * bp;
}

/** The inclusive range of prices at which matching may execute without triggering a VI. */
export interface ViBounds {
  readonly low: number;
  readonly high: number;
}

/**
 * The lowest and highest grid prices that do NOT trigger a VI around `ref`. A price p is safe iff
 * |p − ref| ≤ maxDev with maxDev = ceil(ref·bp / 10000) − 1, the largest integer below the threshold.
 * If `ref` is itself on the grid then low ≤ ref ≤ high. `low` is at least the grid's lowest price.
 * @throws if ref is not a positive integer or bp is not a positive integer
 */
export function viBounds(ref: number, bp: number, grid: PriceGrid): ViBounds {
  if (!Number.isInteger(ref) || ref < 1) throw new Error(`VI reference ${ref} must be a positive integer price`);
  if (!Number.isInteger(bp) || bp < 1) throw new Error(`VI threshold ${bp} bp must be a positive integer`);
  // ceil(ref·bp / 10000) − 1 == floor((ref·bp − 1) / 10000) for positive integers.
  const m = ref * bp - 1;
  const maxDev = (m - (m % 10_000)) / 10_000;
  const lowest = grid.toPrice(0);
  return { low: grid.ceil(Math.max(ref - maxDev, lowest)), high: grid.floor(ref + maxDev) };
}
