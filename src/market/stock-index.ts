// A market-capitalisation-weighted index over listed constituents (KOSPI-style): value = level0 x Σ s_i p_i /
// Σ s_i p0_i, with s_i shares outstanding, p_i the last trade price and p0_i the base-day price. Recomputed from
// the constituents on every update (a handful of names), so the engine's value equals a recomputation exactly.

export interface IndexSpec {
  readonly name: string;
  /** Listing indices of the constituents. */
  readonly constituents: readonly number[];
  /** Shares outstanding of each constituent (parallel to `constituents`). */
  readonly shares: readonly number[];
  /** Base-day prices of each constituent (parallel). */
  readonly basePrices: readonly number[];
  /** Index level at the base prices (e.g. 2500). */
  readonly baseLevel: number;
}

export class StockIndex {
  readonly spec: IndexSpec;
  private readonly prices: Float64Array;
  private readonly baseCap: number;
  /** Listing index -> position in `constituents`, or -1. */
  private readonly slot: Int32Array;

  constructor(spec: IndexSpec, listingCount: number) {
    const n = spec.constituents.length;
    if (n === 0) throw new Error(`index ${spec.name} has no constituents`);
    if (spec.shares.length !== n || spec.basePrices.length !== n) throw new Error(`index ${spec.name}: shares and prices must match constituents`);
    this.spec = spec;
    this.prices = Float64Array.from(spec.basePrices);
    this.baseCap = capOf(spec.shares, this.prices);
    this.slot = new Int32Array(listingCount).fill(-1);
    spec.constituents.forEach((li, k) => (this.slot[li] = k));
  }

  /** Whether listing `li` is a constituent. */
  includes(li: number): boolean {
    return li >= 0 && li < this.slot.length && this.slot[li]! >= 0;
  }

  /** Set a constituent's price; returns true if the listing is a constituent. */
  setPrice(li: number, price: number): boolean {
    const k = li < this.slot.length ? this.slot[li]! : -1;
    if (k < 0) return false;
    this.prices[k] = price;
    return true;
  }

  /** Current index value. */
  value(): number {
    return (this.spec.baseLevel * capOf(this.spec.shares, this.prices)) / this.baseCap;
  }
}

function capOf(shares: readonly number[], prices: Float64Array): number {
  let cap = 0;
  for (let k = 0; k < shares.length; k++) cap += shares[k]! * prices[k]!;
  return cap;
}
