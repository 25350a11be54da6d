// Call-auction maths: hand-computed uncross tables for every tie rule, a brute-force property over all
// grid prices, the KRX price-limit allocation (KRX's own worked example) and the random auction end.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  allocateRounds, auctionEndUs, KRX_ALLOCATION_MULTIPLES, KRX_ALLOCATION_MULTIPLES_PRE_2023, uncross,
} from '../../src/market/auction.js';
import type { AuctionLevel, UncrossResult } from '../../src/market/auction.js';
import { PriceGrid } from '../../src/market/price-grid.js';

const unit = PriceGrid.uniform(1);
const krx = new PriceGrid([{ from: 1, tick: 1 }, { from: 2000, tick: 5 }, { from: 5000, tick: 10 }]);
const lv = (...pairs: [number, number][]): AuctionLevel[] => pairs.map(([price, qty]) => ({ price, qty }));

describe('uncross: hand-computed tables', () => {
  it('(1) maximises volume even against a nearer reference', () => {
    //  p    D   S   min
    //  99  40  10   10
    // 100  40  25   25
    // 101  30  35   30  <- max
    const r = uncross(lv([101, 30], [100, 10]), lv([99, 10], [100, 15], [101, 10]), 99, unit);
    expect(r).toEqual({ price: 101, volume: 30, buySurplus: 0, sellSurplus: 5 });
  });

  it('(2) then minimises |D − S| even against a nearer reference', () => {
    //  p    D   S   min  |D−S|
    // 100  30  20   20   10
    // 101  20  25   20    5  <- least imbalance
    const r = uncross(lv([101, 20], [100, 10]), lv([100, 20], [101, 5]), 100, unit);
    expect(r).toEqual({ price: 101, volume: 20, buySurplus: 0, sellSurplus: 5 });
  });

  it('(2) can pick an order-free price between two levels', () => {
    //  p    D   S   min  |D−S|
    // 100  15  10   10    5
    // 101  10  10   10    0  <- no orders at 101
    // 102  10  15   10    5
    const r = uncross(lv([102, 10], [100, 5]), lv([100, 10], [102, 5]), 100, unit);
    expect(r).toEqual({ price: 101, volume: 10, buySurplus: 0, sellSurplus: 0 });
  });

  it('(3) then nearest the reference; (4) midpoint rule with the lower price on a tie', () => {
    //  p    D   S   min  D−S
    // 100  10   5    5   +5
    // 101   5  10    5   −5   both tie on (1) and (2)
    const bids = lv([101, 5], [100, 5]);
    const asks = lv([100, 5], [101, 5]);
    expect(uncross(bids, asks, 100, unit)).toEqual({ price: 100, volume: 5, buySurplus: 5, sellSurplus: 0 });
    expect(uncross(bids, asks, 101, unit)).toEqual({ price: 101, volume: 5, buySurplus: 0, sellSurplus: 5 });
    expect(uncross(bids, asks, 250, unit)?.price).toBe(101); // clamped to the top of the range
    expect(uncross(bids, asks, 0, unit)?.price).toBe(100); // midpoint 100.5: equidistant, lower wins
  });

  it('(3) considers the order-free prices inside the optimum interval', () => {
    // D = S = 10 at every p in 100..105 (one bid at 105, one ask at 100); no orders at 101..104.
    const bids = lv([105, 10]);
    const asks = lv([100, 10]);
    const at = (ref: number): UncrossResult | null => uncross(bids, asks, ref, unit);
    expect(at(103)).toEqual({ price: 103, volume: 10, buySurplus: 0, sellSurplus: 0 });
    expect(at(0)?.price).toBe(102); // midpoint 102.5, lower on the tie
    expect(at(50)?.price).toBe(100);
    expect(at(500)?.price).toBe(105);
  });

  it('(4) two grid prices equidistant from the reference: the lower', () => {
    // tick-2 grid; D = S = 10 on 100, 102, 104, 106. ref 103 is 1 from 102 and from 104.
    const grid = PriceGrid.uniform(2);
    expect(uncross(lv([106, 10]), lv([100, 10]), 103, grid)?.price).toBe(102);
    expect(uncross(lv([106, 10]), lv([100, 10]), 103.5, grid)?.price).toBe(104);
  });

  it('(2b) one-sided surplus: no order strictly better than the price is left unfilled', () => {
    //  p    D   S   min  D−S
    // 100  10   5    5   +5
    // 101  10   5    5   +5
    // 102  10   5    5   +5   only 102 fills every bid above the price (there are none above 102)
    expect(uncross(lv([102, 10]), lv([100, 5]), 100, unit))
      .toEqual({ price: 102, volume: 5, buySurplus: 5, sellSurplus: 0 });
    expect(uncross(lv([102, 10]), lv([100, 5]), 0, unit)?.price).toBe(102);
    // Mirror: sell surplus on 100..102, only 100 fills every ask below the price.
    expect(uncross(lv([102, 5]), lv([100, 10]), 102, unit))
      .toEqual({ price: 100, volume: 5, buySurplus: 0, sellSurplus: 5 });
  });

  it('KRX banded grid: the interval crosses the 2,000 band edge (tick 1 below, 5 above)', () => {
    // D = S = 10 on the grid prices 1996, 1997, 1998, 1999, 2000, 2005, 2010.
    const bids = lv([2010, 10]);
    const asks = lv([1996, 10]);
    const at = (ref: number): number | undefined => uncross(bids, asks, ref, krx)?.price;
    expect(at(0)).toBe(2005); // midpoint 2003: 2000 is 3 away, 2005 is 2
    expect(at(2002)).toBe(2000); // 2 vs 3
    expect(at(2002.5)).toBe(2000); // 2.5 vs 2.5: lower
    expect(at(2007.5)).toBe(2005); // 2.5 vs 2.5: lower
    expect(at(1998)).toBe(1998);
    expect(at(3000)).toBe(2010);
  });

  it('KRX banded grid: an order-free gap holds only the grid prices, not every integer', () => {
    //   p     D   S  D−S
    // 1999   15  10  +5
    // 2000   10  10   0   the only grid price between 1999 and 2005
    // 2005   10  15  −5
    expect(uncross(lv([2005, 10], [1999, 5]), lv([1999, 10], [2005, 5]), 0, krx))
      .toEqual({ price: 2000, volume: 10, buySurplus: 0, sellSurplus: 0 });
    //   p     D   S  D−S
    // 2000   15  10  +5   no grid price between 2000 and 2005 (2001..2004 would have D−S = 0)
    // 2005   10  15  −5   midpoint 2002.5 is equidistant: lower
    expect(uncross(lv([2005, 10], [2000, 5]), lv([2000, 10], [2005, 5]), 0, krx))
      .toEqual({ price: 2000, volume: 10, buySurplus: 5, sellSurplus: 0 });
    expect(uncross(lv([2005, 10], [2000, 5]), lv([2000, 10], [2005, 5]), 0, unit)?.price).toBe(2002);
  });

  it('returns null when nothing crosses or a side is empty', () => {
    expect(uncross(lv([99, 10]), lv([100, 10]), 0, unit)).toBeNull();
    expect(uncross(lv([105, 10], [100, 3]), [], 100, unit)).toBeNull();
    expect(uncross([], lv([100, 3]), 100, unit)).toBeNull();
    expect(uncross([], [], 0, unit)).toBeNull();
  });

  it('rejects unsorted, duplicate, off-grid or empty levels and a negative reference', () => {
    expect(() => uncross(lv([100, 1], [101, 1]), [], 0, unit))
      .toThrow('uncross: bids must have distinct prices sorted descending (index 1: 101 after 100)');
    expect(() => uncross([], lv([101, 1], [101, 2]), 0, unit))
      .toThrow('uncross: asks must have distinct prices sorted ascending (index 1: 101 after 101)');
    expect(() => uncross(lv([2003, 1]), [], 0, krx)).toThrow('uncross: bids[0] price 2003 is not a valid grid price');
    expect(() => uncross([], lv([100, 0]), 0, unit)).toThrow('uncross: asks[0] qty 0 must be a positive integer');
    expect(() => uncross([], [], -1, unit)).toThrow('uncross: refPrice -1 must be a finite number >= 0');
  });
});

const sumWhere = (levels: readonly AuctionLevel[], keep: (p: number) => boolean): number =>
  levels.reduce((acc, l) => acc + (keep(l.price) ? l.qty : 0), 0);

/** Every grid price from the lowest ask to the highest bid, criteria applied literally. */
function bruteForce(bids: AuctionLevel[], asks: AuctionLevel[], ref: number, grid: PriceGrid): UncrossResult | null {
  if (bids.length === 0 || asks.length === 0 || bids[0]!.price < asks[0]!.price) return null;
  const rows = [];
  for (let i = grid.toIndex(asks[0]!.price); i <= grid.toIndex(bids[0]!.price); i++) {
    const p = grid.toPrice(i);
    const d = sumWhere(bids, (q) => q >= p);
    const s = sumWhere(asks, (q) => q <= p);
    rows.push({ p, d, s, vol: Math.min(d, s), imb: Math.abs(d - s) });
  }
  const maxVol = Math.max(...rows.map((r) => r.vol));
  if (maxVol === 0) return null;
  const byVol = rows.filter((r) => r.vol === maxVol);
  const minImb = Math.min(...byVol.map((r) => r.imb));
  const valid = byVol.filter((r) => r.imb === minImb
    && sumWhere(bids, (q) => q > r.p) <= maxVol && sumWhere(asks, (q) => q < r.p) <= maxVol);
  const target = ref > 0 ? ref : (valid[0]!.p + valid[valid.length - 1]!.p) / 2;
  let best = valid[0]!;
  for (const r of valid) if (Math.abs(r.p - target) < Math.abs(best.p - target)) best = r;
  return { price: best.p, volume: maxVol, buySurplus: best.d - maxVol, sellSurplus: best.s - maxVol };
}

/** Price-priority fills of one side at p for `volume`: better levels first, worse-than-p levels none. */
function fillSide(levels: AuctionLevel[], volume: number, eligible: (q: number) => boolean): number[] {
  let left = volume;
  return levels.map((l) => {
    const f = eligible(l.price) ? Math.min(l.qty, left) : 0;
    left -= f;
    return f;
  });
}

const windows = [
  { grid: unit, lo: 0, hi: 25 }, // prices 1..26
  { grid: krx, lo: 1988, hi: 2010 }, // 1989..1999 tick 1, 2000..2055 tick 5
  { grid: krx, lo: 2590, hi: 2608 }, // 4955..4995 tick 5, 5000..5090 tick 10
];

const bookArb = fc.constantFrom(...windows).chain(({ grid, lo, hi }) => {
  const side = fc.uniqueArray(fc.record({ idx: fc.integer({ min: lo, max: hi }), qty: fc.integer({ min: 1, max: 12 }) }),
    { selector: (l) => l.idx, maxLength: 7 });
  const pMin = grid.toPrice(lo);
  const pMax = grid.toPrice(hi);
  const ref = fc.oneof(fc.constant(0), fc.integer({ min: 2 * pMin - 10, max: 2 * pMax + 10 }).map((h) => Math.max(0, h / 2)));
  return fc.record({ bidIdx: side, askIdx: side, ref }).map(({ bidIdx, askIdx, ref: r }) => ({
    grid,
    ref: r,
    bids: bidIdx.map((l) => ({ price: grid.toPrice(l.idx), qty: l.qty })).sort((a, b) => b.price - a.price),
    asks: askIdx.map((l) => ({ price: grid.toPrice(l.idx), qty: l.qty })).sort((a, b) => a.price - b.price),
  }));
});

describe('uncross: property against brute force', () => {
  it('same price and volume; fills balance; better orders fully filled; one side full at p', () => {
    fc.assert(fc.property(bookArb, ({ grid, ref, bids, asks }) => {
      const r = uncross(bids, asks, ref, grid);
      expect(r).toEqual(bruteForce(bids, asks, ref, grid));
      if (r === null) return;
      expect(grid.isValid(r.price)).toBe(true);
      const buys = fillSide(bids, r.volume, (q) => q >= r.price);
      const sells = fillSide(asks, r.volume, (q) => q <= r.price);
      expect(buys.reduce((a, b) => a + b, 0)).toBe(r.volume);
      expect(sells.reduce((a, b) => a + b, 0)).toBe(r.volume);
      bids.forEach((b, k) => { if (b.price > r.price) expect(buys[k]).toBe(b.qty); });
      asks.forEach((a, k) => { if (a.price < r.price) expect(sells[k]).toBe(a.qty); });
      expect(r.buySurplus === 0 || r.sellSurplus === 0).toBe(true);
    }), { numRuns: 2000 });
  });
});

describe('allocateRounds', () => {
  // global.krx.co.kr worked example: opening price at the upper limit 20,150, 13,100 shares offered;
  // bids at the limit in receipt order ① 1,000 ② 200 ③ 10,000 ④ 5,000; trading unit 1 share.
  const krxExample = [1000, 200, 10000, 5000];

  it('current rule: 100 units, half the balance, the rest (KRX example: 9,850 / 2,550 / 550 / 150)', () => {
    // ③④①② get 100 each (400); halves 4,950 2,450 450 50 (7,900); the last 4,800 go to ③.
    expect(KRX_ALLOCATION_MULTIPLES).toEqual([100]);
    expect(allocateRounds(krxExample, 13100)).toEqual([550, 150, 9850, 2550]);
  });

  it('pre-2023 rule: rounds are increments (KRX example: 7,600 / 4,300 / 1,000 / 200)', () => {
    // 100 each; +500 (② only 100 left); +1,000 (① only 400 left); +2,000 to ③④; halves 3,200 700; 800 to ③.
    expect(allocateRounds(krxExample, 13100, 1, KRX_ALLOCATION_MULTIPLES_PRE_2023)).toEqual([1000, 200, 7600, 4300]);
  });

  it('serves larger orders first and equal ones in time priority when available runs out mid-round', () => {
    // order of service: #1 (500), then the 300s by time: #0, #2, #3. 350 = 100 + 100 + 100 + 50.
    expect(allocateRounds([300, 500, 300, 300], 350)).toEqual([100, 100, 100, 50]);
    expect(allocateRounds([300, 500, 300, 300], 250)).toEqual([100, 100, 50, 0]);
  });

  it('rounds half the balance half-up to a whole lot (4사5입)', () => {
    // lot 1: 100 + 100; balances 201, 51 -> halves 101 (100.5 up), 26 (25.5 up); 73 left to #0.
    expect(allocateRounds([301, 151], 400)).toEqual([274, 126]);
    // lot 10: 1,000 + 1,000; balances 150, 70 -> 80 (7.5 lots up), 40 (3.5 lots up); 30 left to #0.
    expect(allocateRounds([1150, 1070], 2150, 10)).toEqual([1110, 1040]);
  });

  it('edge cases: nothing available, more than enough, no orders, no fixed rounds', () => {
    expect(allocateRounds([5, 7], 0)).toEqual([0, 0]);
    expect(allocateRounds([5, 7], 100)).toEqual([5, 7]);
    expect(allocateRounds([], 100)).toEqual([]);
    expect(allocateRounds([40, 10], 30, 1, [])).toEqual([25, 5]); // halves 20, 5; the last 5 to #0
  });

  it('rejects bad arguments', () => {
    expect(() => allocateRounds([1, -1], 1)).toThrow('allocateRounds: qtys[1] = -1 must be an integer >= 0');
    expect(() => allocateRounds([1], 1.5)).toThrow('allocateRounds: available 1.5 must be an integer >= 0');
    expect(() => allocateRounds([1], 1, 0)).toThrow('allocateRounds: lot 0 must be an integer >= 1');
    expect(() => allocateRounds([1], 1, 1, [100, 0])).toThrow('allocateRounds: multiples[1] = 0 must be an integer >= 1');
  });

  it('property: conserves quantity, caps at each order, keeps lots, never favours a smaller order', () => {
    const arb = fc.record({
      lot: fc.constantFrom(1, 10),
      units: fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 12 }),
      availUnits: fc.integer({ min: 0, max: 3000 }),
      multiples: fc.constantFrom(KRX_ALLOCATION_MULTIPLES, KRX_ALLOCATION_MULTIPLES_PRE_2023, [1, 3], []),
    });
    fc.assert(fc.property(arb, ({ lot, units, availUnits, multiples }) => {
      const qtys = units.map((u) => u * lot);
      const available = availUnits * lot;
      const out = allocateRounds(qtys, available, lot, multiples);
      const sumQ = qtys.reduce((a, b) => a + b, 0);
      expect(out.reduce((a, b) => a + b, 0)).toBe(Math.min(available, sumQ));
      out.forEach((x, i) => {
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThanOrEqual(qtys[i]!);
        expect(x % lot).toBe(0);
        for (let k = 0; k < qtys.length; k++) {
          if (qtys[k]! < qtys[i]! || (qtys[k] === qtys[i] && k > i)) expect(out[k]).toBeLessThanOrEqual(x);
        }
      });
    }), { numRuns: 1000 });
  });
});

describe('auctionEndUs', () => {
  const stub = (u: number): { next(): number } => ({ next: () => u });
  const T = 32_400_000_000; // 09:00:00 in microseconds since midnight

  it('spans [T, T + 30 s] in whole microseconds', () => {
    expect(auctionEndUs(T, stub(0))).toBe(T);
    expect(auctionEndUs(T, stub(0.9999999999))).toBe(T + 30_000_000);
    expect(auctionEndUs(T, stub(0.5))).toBe(T + 15_000_000); // floor(15,000,000.5)
    expect(auctionEndUs(T, stub(0.9999999999), 120_000_000)).toBe(T + 120_000_000);
  });

  it('rejects draws outside [0, 1) and a bad maximum delay', () => {
    expect(() => auctionEndUs(T, stub(1))).toThrow('auctionEndUs: rng.next() returned 1, outside [0, 1)');
    expect(() => auctionEndUs(T, stub(0), -1)).toThrow('auctionEndUs: maxDelayUs -1 must be an integer >= 0');
  });

  it('property: any draw in [0, 1) lands on an integer in [T, T + 30 s]', () => {
    fc.assert(fc.property(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (u) => {
      const end = auctionEndUs(T, stub(u));
      expect(Number.isInteger(end)).toBe(true);
      expect(end).toBeGreaterThanOrEqual(T);
      expect(end).toBeLessThanOrEqual(T + 30_000_000);
    }));
  });
});
