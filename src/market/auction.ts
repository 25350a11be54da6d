// Call-auction maths as pure functions. Contract: `uncross` picks the grid price that (1) maximises
// volume, (2) then minimises |D−S|, (2b) then leaves no order strictly better than the price unfilled,
// (3) then is nearest the reference (the range midpoint if none), (4) lower on ties; O(levels) grid
// look-ups (each O(bands)). `allocateRounds` is the KRX price-limit allocation: quantity priority (time
// breaks ties), per-order rounds, half the balance, then the rest. `auctionEndUs` is the random end.

import type { PriceGrid } from './price-grid.js';

/** Aggregated quantity at one price. */
export interface AuctionLevel { price: number; qty: number }

/** Outcome of an uncross at a single price. */
export interface UncrossResult {
  /** The single clearing price (a valid grid price). */
  price: number;
  /** Executable quantity at that price = min(D(p), S(p)). */
  volume: number;
  /** D(p) − volume: unexecuted demand at p. */
  buySurplus: number;
  /** S(p) − volume: unexecuted supply at p. */
  sellSurplus: number;
}

/**
 * The single clearing price of a call auction. D(p) = Σ bid qty at prices ≥ p, S(p) = Σ ask qty ≤ p.
 *
 * Why the candidates form one interval: D is non-increasing and S non-decreasing in p, so with V the
 * best volume {D ≥ V} is a prefix and {S ≥ V} a suffix of the grid, and argmax min(D,S) is their
 * intersection, an interval. On it D−S is non-increasing, so every price between two minimisers of
 * |D−S| has |D−S| no larger: the optimum after (1)–(2) is an interval [pLo, pHi] and may hold grid
 * prices with no orders (D and S only step at level prices, so the scan visits each level price and
 * each order-free gap between consecutive levels as one piece).
 *
 * (2b) is the KRX uniform-price rule (DOMAIN §5.3, §8.3 item 4; global.krx.co.kr "Price determination
 * in single price auction"): every bid above and ask below the price is filled in full. It only bites
 * when |D−S| = m > 0: with buy surplus throughout [pLo, pHi] only pHi keeps the bids above it filled,
 * with sell surplus only pLo, and when the sign flips it keeps the last +m and first −m prices.
 *
 * (3) clamps `refPrice` into the range and snaps to the nearer grid neighbour; `refPrice` 0 means no
 * reference and uses the range midpoint. Returns null when nothing crosses (either side empty too).
 * @param bids prices strictly descending, asks strictly ascending; valid grid prices, integer qty > 0.
 * @throws RangeError on unsorted or duplicate prices, off-grid prices, bad quantities or refPrice < 0.
 */
export function uncross(bids: readonly AuctionLevel[], asks: readonly AuctionLevel[],
                        refPrice: number, grid: PriceGrid): UncrossResult | null {
  checkSide(bids, 'bids', grid);
  checkSide(asks, 'asks', grid);
  if (!Number.isFinite(refPrice) || refPrice < 0) {
    throw new RangeError(`uncross: refPrice ${refPrice} must be a finite number >= 0 (0 = no reference)`);
  }
  const best = scanOptimum(bids, asks, grid);
  if (best === null) return null;
  const [lo, hi] = uniformPriceRange(best);
  const price = nearestInRange(refPrice > 0 ? refPrice : (lo + hi) / 2, lo, hi, grid);
  let d = 0;
  let s = 0;
  for (const b of bids) if (b.price >= price) d += b.qty;
  for (const a of asks) if (a.price <= price) s += a.qty;
  const volume = Math.min(d, s);
  return { price, volume, buySurplus: d - volume, sellSurplus: s - volume };
}

function checkSide(levels: readonly AuctionLevel[], side: 'bids' | 'asks', grid: PriceGrid): void {
  for (let k = 0; k < levels.length; k++) {
    const { price, qty } = levels[k]!;
    if (!grid.isValid(price)) throw new RangeError(`uncross: ${side}[${k}] price ${price} is not a valid grid price`);
    if (!Number.isInteger(qty) || qty <= 0) {
      throw new RangeError(`uncross: ${side}[${k}] qty ${qty} must be a positive integer`);
    }
    if (k === 0) continue;
    const prev = levels[k - 1]!.price;
    if (side === 'bids' ? price >= prev : price <= prev) {
      const order = side === 'bids' ? 'descending' : 'ascending';
      throw new RangeError(`uncross: ${side} must have distinct prices sorted ${order} (index ${k}: ${price} after ${prev})`);
    }
  }
}

/** The best (volume, imbalance) class seen so far and where it lies. */
interface Optimum {
  vol: number;
  imb: number;
  lo: number;
  hi: number;
  /** Highest price of the class with D > S, or -1. */
  posHi: number;
  /** Lowest price of the class with D < S, or -1. */
  negLo: number;
}

/**
 * One ascending merge over all level prices. At level price x: D(x), S(x). In the open gap between
 * consecutive levels x < y (if it holds grid prices): D = D(y) and S = S(x), constant across the gap.
 */
function scanOptimum(bids: readonly AuctionLevel[], asks: readonly AuctionLevel[], grid: PriceGrid): Optimum | null {
  const st: Optimum = { vol: 0, imb: 0, lo: -1, hi: -1, posHi: -1, negLo: -1 };
  let dAtOrAbove = 0;
  for (const b of bids) dAtOrAbove += b.qty;
  let s = 0;
  let prev = -1;
  let i = bids.length - 1;
  let j = 0;
  while (dAtOrAbove > 0 && (i >= 0 || j < asks.length)) {
    const bp = i >= 0 ? bids[i]!.price : Infinity;
    const ap = j < asks.length ? asks[j]!.price : Infinity;
    const x = Math.min(bp, ap);
    if (prev >= 0 && rank(st, dAtOrAbove, s) !== 'worse') {
      const lo = grid.toPrice(grid.toIndex(prev) + 1);
      if (lo < x) consider(st, dAtOrAbove, s, lo, grid.toPrice(grid.toIndex(x) - 1));
    }
    let bidHere = 0;
    if (bp === x) bidHere = bids[i--]!.qty;
    if (ap === x) s += asks[j++]!.qty;
    if (rank(st, dAtOrAbove, s) !== 'worse') consider(st, dAtOrAbove, s, x, x);
    dAtOrAbove -= bidHere;
    prev = x;
  }
  return st.vol > 0 ? st : null;
}

function rank(st: Optimum, d: number, s: number): 'worse' | 'tie' | 'better' {
  const vol = Math.min(d, s);
  if (vol === 0 || vol < st.vol) return 'worse';
  if (vol > st.vol) return 'better';
  const imb = Math.abs(d - s);
  return imb < st.imb ? 'better' : imb > st.imb ? 'worse' : 'tie';
}

/** Fold the grid prices [lo, hi] (all with this D, S; ascending after earlier pieces) into `st`. */
function consider(st: Optimum, d: number, s: number, lo: number, hi: number): void {
  if (rank(st, d, s) === 'better') {
    st.vol = Math.min(d, s);
    st.imb = Math.abs(d - s);
    st.lo = lo;
    st.posHi = -1;
    st.negLo = -1;
  }
  st.hi = hi;
  if (d > s) st.posHi = hi;
  else if (d < s && st.negLo < 0) st.negLo = lo;
}

/** Criterion (2b): the part of the optimum where every order strictly better than p is filled. */
function uniformPriceRange(st: Optimum): [number, number] {
  if (st.imb === 0) return [st.lo, st.hi];
  if (st.negLo < 0) return [st.hi, st.hi];
  if (st.posHi < 0) return [st.lo, st.lo];
  return [st.posHi, st.negLo];
}

/** The grid price in [lo, hi] (both grid prices) nearest `target`, the lower one on ties. */
function nearestInRange(target: number, lo: number, hi: number, grid: PriceGrid): number {
  const c = Math.min(Math.max(target, lo), hi);
  const below = grid.floor(c);
  const above = grid.ceil(c);
  return c - below <= above - c ? below : above;
}

/**
 * Per-order round sizes, in trading units, of the KRX allocation at a price-limit uncross, current rule:
 * 100 units each, then half the balance, then the rest. KRX announced the cut from six stages to three on
 * 2022-12-06 for its next-generation system, which went live 2023-01-25 (edaily, newsway, wowtv
 * 2022-12-06; wowtv 2023-01-18); global.krx.co.kr shows the new worked example.
 */
export const KRX_ALLOCATION_MULTIPLES: readonly number[] = Object.freeze([100]);

/** The pre-2023 schedule (100, 500, 1,000, 2,000 units, then half, then the rest; global.krx.co.kr). */
export const KRX_ALLOCATION_MULTIPLES_PRE_2023: readonly number[] = Object.freeze([100, 500, 1000, 2000]);

/**
 * Shares `available` among the rationed side's orders at a limit-price uncross (the bids at the upper
 * limit or the asks at the lower limit), KRX 동시호가 rule (유가증권시장 업무규정 시행세칙; worked example
 * on global.krx.co.kr "Quantity allocation for periodic call auction ..."). Orders are served largest
 * quantity first (time priority, i.e. input order, breaks ties), in rounds:
 *  - round k: each order gets up to `multiples[k] × lot` MORE (an increment, not a cumulative cap);
 *  - then each gets half its remaining balance, rounded half-up to a whole lot (4사5입);
 *  - then each gets its whole balance;
 * every round stopping when `available` runs out (the order being served takes what is left).
 * Σ result = min(available, Σ qtys) and result[i] ≤ qtys[i]; each result is a lot multiple when the
 * quantities and `available` are. Not modelled: customer orders ahead of proprietary ones.
 * @param qtys the orders at the clearing price in time priority; the result is parallel to it.
 * @throws RangeError on negative or non-integer quantities, or a lot or multiple below 1.
 */
export function allocateRounds(qtys: readonly number[], available: number, lot = 1,
                               multiples: readonly number[] = KRX_ALLOCATION_MULTIPLES): number[] {
  checkAllocationArgs(qtys, available, lot, multiples);
  const order = qtys.map((_, i) => i).sort((a, b) => qtys[b]! - qtys[a]! || a - b);
  const out = qtys.map(() => 0);
  let left = available;
  const round = (want: (balance: number) => number): void => {
    for (const i of order) {
      if (left === 0) return;
      const give = Math.min(want(qtys[i]! - out[i]!), left);
      out[i]! += give;
      left -= give;
    }
  };
  for (const m of multiples) round((bal) => Math.min(m * lot, bal));
  round((bal) => Math.min(Math.floor((bal + lot) / (2 * lot)) * lot, bal));
  round((bal) => bal);
  return out;
}

function checkAllocationArgs(qtys: readonly number[], available: number, lot: number,
                             multiples: readonly number[]): void {
  const bad = qtys.findIndex((q) => !Number.isInteger(q) || q < 0);
  if (bad >= 0) throw new RangeError(`allocateRounds: qtys[${bad}] = ${qtys[bad]} must be an integer >= 0`);
  if (!Number.isInteger(available) || available < 0) {
    throw new RangeError(`allocateRounds: available ${available} must be an integer >= 0`);
  }
  if (!Number.isInteger(lot) || lot < 1) throw new RangeError(`allocateRounds: lot ${lot} must be an integer >= 1`);
  const badM = multiples.findIndex((m) => !Number.isInteger(m) || m < 1);
  if (badM >= 0) throw new RangeError(`allocateRounds: multiples[${badM}] = ${multiples[badM]} must be an integer >= 1`);
}

/**
 * The random end of a KRX call auction: `scheduledUs + floor(u × (maxDelayUs + 1))` with u = rng.next()
 * in [0, 1), so the end is a whole microsecond in [T, T + maxDelayUs] (30 s by default; DOMAIN §5.3).
 * Consumes one draw. @throws RangeError if the draw is outside [0, 1) or maxDelayUs is not an integer >= 0.
 */
export function auctionEndUs(scheduledUs: number, rng: { next(): number }, maxDelayUs = 30_000_000): number {
  if (!Number.isInteger(maxDelayUs) || maxDelayUs < 0) {
    throw new RangeError(`auctionEndUs: maxDelayUs ${maxDelayUs} must be an integer >= 0`);
  }
  const u = rng.next();
  if (!(u >= 0 && u < 1)) throw new RangeError(`auctionEndUs: rng.next() returned ${u}, outside [0, 1)`);
  return scheduledUs + Math.floor(u * (maxDelayUs + 1));
}
