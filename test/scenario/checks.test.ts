// Cross-field checks: nearest valid prices on the shared tick bands agree with the market's PriceGrid (property
// test), and the off-grid message names the neighbours.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bandsFor } from '../../src/core/tick-bands.js';
import { gridFor } from '../../src/market/rules/tick-table.js';
import { nearestValidPrices, offGridMessage } from '../../src/scenario/checks.js';

describe('tick tables', () => {
  it('nearest valid prices match the market grid: lo <= p <= hi, both valid, nothing valid between', () => {
    const table = fc.constantFrom('krx-stock' as const, 'krx-etf' as const);
    fc.assert(
      fc.property(table, fc.integer({ min: 1, max: 2_000_000 }), (t, p) => {
        const grid = gridFor(t);
        const [lo, hi] = nearestValidPrices(p, bandsFor(t));
        expect(grid.isValid(hi)).toBe(true);
        expect(hi).toBe(grid.ceil(p));
        if (lo === undefined) expect(grid.floor(p)).toBe(-1);
        else expect(lo).toBe(grid.floor(p));
        expect(offGridMessage(p, t, 1) === undefined).toBe(grid.isValid(p));
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    [71050, 'krx-stock', 1, '71050 is not a valid price on the krx-stock tick grid (tick 100 at this price); nearest valid prices: 71000 and 71100'],
    [2001, 'krx-stock', 1, 'tick 5 at this price); nearest valid prices: 2000 and 2005'],
    [499_999, 'krx-stock', 1, 'tick 500 at this price); nearest valid prices: 499500 and 500000'],
    [3, 'krx-etf', 1, '3 is not a valid price on the krx-etf tick grid (tick 5 at this price); the lowest valid price is 5'],
    [10_002, 'krx-etf', 1, 'nearest valid prices: 10000 and 10005'],
    [20, 'uniform', 7, '20 is not a valid price on the uniform tick grid (tick 7 at this price); nearest valid prices: 14 and 21'],
  ] as const)('%d on %s', (price, table, tick, message) => {
    expect(offGridMessage(price, table, tick)).toContain(message);
  });

  it('valid prices pass', () => {
    expect(offGridMessage(71000, 'krx-stock', 1)).toBeUndefined();
    expect(offGridMessage(1, 'krx-stock', 1)).toBeUndefined();
    expect(offGridMessage(21, 'uniform', 7)).toBeUndefined();
  });
});
