// The set of valid prices of an instrument as a banded tick ladder, and the map price <-> level index
// the order book uses to address its levels. Band b covers prices [from_b, from_{b+1}) in steps of
// tick_b; indices are consecutive across bands, so index i+1 is always the next valid price above
// index i. A uniform grid (one band, tick 1) makes index = price (rules off, benchmark streams).

import type { TickBand } from '../core/tick-bands.js';

export type { TickBand };

/** A banded tick ladder. Immutable after construction. */
export class PriceGrid {
  readonly bands: readonly TickBand[];
  /** Lower bound of each band (band 0 starts at its `from`, which is the lowest valid price). */
  private readonly from: Int32Array;
  private readonly tick: Int32Array;
  /** Index of the first price of each band. */
  private readonly firstIndex: Float64Array;
  /** Number of prices in each band (the last band is open-ended: Infinity). */
  private readonly size: Float64Array;

  /**
   * @param bands bands in increasing `from`; each band's width must be a multiple of its tick, and
   *   the first band's `from` is the lowest valid price (must be >= 1 since prices are positive).
   */
  constructor(bands: readonly TickBand[]) {
    if (bands.length === 0) throw new Error('a price grid needs at least one band');
    this.bands = bands.map((b) => ({ from: b.from, tick: b.tick }));
    const n = bands.length;
    this.from = new Int32Array(n);
    this.tick = new Int32Array(n);
    this.firstIndex = new Float64Array(n);
    this.size = new Float64Array(n);
    let idx = 0;
    for (let i = 0; i < n; i++) {
      const b = bands[i]!;
      if (!Number.isInteger(b.from) || !Number.isInteger(b.tick) || b.tick < 1 || b.from < 1) {
        throw new Error(`bad tick band ${JSON.stringify(b)}: from and tick must be positive integers`);
      }
      this.from[i] = b.from;
      this.tick[i] = b.tick;
      this.firstIndex[i] = idx;
      const next = bands[i + 1];
      if (next === undefined) {
        this.size[i] = Infinity;
      } else {
        const width = next.from - b.from;
        if (width <= 0 || width % b.tick !== 0) {
          throw new Error(`bad tick band at ${b.from}: width ${width} is not a positive multiple of tick ${b.tick}`);
        }
        this.size[i] = width / b.tick;
        idx += width / b.tick;
      }
    }
  }

  /** A grid with a single tick size from 1 upward (tick 1: every positive integer). */
  static uniform(tick = 1): PriceGrid {
    return new PriceGrid([{ from: tick, tick }]);
  }

  /** The band that holds `price` (the last band whose `from` <= price), or -1 below the grid. */
  private bandOf(price: number): number {
    const from = this.from;
    for (let i = from.length - 1; i >= 0; i--) if (price >= from[i]!) return i;
    return -1;
  }

  /** Level index of `price`, or -1 if `price` is not a valid price on this grid. */
  toIndex(price: number): number {
    const b = this.bandOf(price);
    if (b < 0) return -1;
    const off = price - this.from[b]!;
    const t = this.tick[b]!;
    if (off % t !== 0) return -1;
    return this.firstIndex[b]! + off / t;
  }

  /** Price at level index `idx` (idx >= 0). */
  toPrice(idx: number): number {
    const fi = this.firstIndex;
    let b = fi.length - 1;
    while (b > 0 && idx < fi[b]!) b--;
    return this.from[b]! + (idx - fi[b]!) * this.tick[b]!;
  }

  /** Tick size in force at `price` (the band holding it); the first band's tick below the grid. */
  tickAt(price: number): number {
    const b = this.bandOf(price);
    return this.tick[b < 0 ? 0 : b]!;
  }

  /** Largest valid price <= `price`, or -1 if none. */
  floor(price: number): number {
    const b = this.bandOf(price);
    if (b < 0) return -1;
    const f = this.from[b]!;
    const t = this.tick[b]!;
    return f + Math.floor((price - f) / t) * t;
  }

  /** Smallest valid price >= `price`. */
  ceil(price: number): number {
    const p = this.floor(price);
    if (p === price) return p;
    if (p < 0) return this.from[0]!;
    return this.toPrice(this.toIndex(p) + 1);
  }

  /** Whether `price` is a valid price on this grid. */
  isValid(price: number): boolean {
    return Number.isInteger(price) && this.toIndex(price) >= 0;
  }
}
