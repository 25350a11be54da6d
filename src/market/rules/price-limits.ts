// Daily price limits (DOMAIN §5.2): width = base × limit × |leverage|, rounded down to the tick of the
// base price's band; upper/lower = base ± width, each rounded down onto the grid in its own band, the
// lower one never below the grid's lowest price. Integer arithmetic throughout (limit in basis points).
// On the KRX grids every tick divides the ticks above it, so only the upper limit ever needs rounding.

import type { PriceGrid } from '../price-grid.js';

/** The day's inclusive price range [lower, upper]; both are valid grid prices. */
export interface PriceLimits {
  readonly lower: number;
  readonly upper: number;
}

/**
 * Price limits around `base` (normally the previous close).
 * @param limitBp the limit in basis points (3000 = ±30%, the KRX value since 2015)
 * @param leverage a leveraged ETF's multiple; the limit scales with |leverage| (2x → ±60%)
 * @throws if `base` is not a valid grid price or limitBp × |leverage| is not a positive integer
 */
export function priceLimits(base: number, grid: PriceGrid, limitBp = 3000, leverage = 1): PriceLimits {
  if (!grid.isValid(base)) throw new Error(`price-limit base ${base} is not a valid price on the grid`);
  const effectiveBp = limitBp * Math.abs(leverage);
  if (!Number.isInteger(effectiveBp) || effectiveBp <= 0) {
    throw new Error(`price limit ${limitBp} bp × |leverage ${leverage}| must be a positive integer number of bp`);
  }
  const baseTick = grid.tickAt(base);
  const scaled = base * effectiveBp;
  const rawWidth = (scaled - (scaled % 10_000)) / 10_000;
  const width = rawWidth - (rawWidth % baseTick);
  const upper = grid.floor(base + width);
  const lowest = grid.toPrice(0);
  const lowerRaw = base - width;
  const lower = lowerRaw < lowest ? lowest : grid.floor(lowerRaw);
  return { lower, upper };
}

/** Whether `price` lies within the limits (both ends inclusive). */
export function withinLimits(price: number, limits: PriceLimits): boolean {
  return price >= limits.lower && price <= limits.upper;
}
