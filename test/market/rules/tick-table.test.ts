import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { KRX_ETF_BANDS, KRX_STOCK_BANDS, gridFor, krxTickSize } from '../../../src/market/rules/tick-table.js';

describe('KRX 2023 tick table (DOMAIN §5.1)', () => {
  it('holds the seven 2023 bands from 1 won', () => {
    expect(KRX_STOCK_BANDS).toEqual([
      { from: 1, tick: 1 },
      { from: 2_000, tick: 5 },
      { from: 5_000, tick: 10 },
      { from: 20_000, tick: 50 },
      { from: 50_000, tick: 100 },
      { from: 200_000, tick: 500 },
      { from: 500_000, tick: 1_000 },
    ]);
    expect(KRX_ETF_BANDS).toEqual([{ from: 5, tick: 5 }]);
  });

  it.each([
    [1, 1],
    [1_999, 1],
    [2_000, 5],
    [4_995, 5],
    [5_000, 10],
    [19_990, 10],
    [20_000, 50],
    [49_950, 50],
    [50_000, 100],
    [199_900, 100],
    [200_000, 500],
    [499_500, 500],
    [500_000, 1_000],
    [2_500_000, 1_000],
  ])('stock tick at %i is %i', (price, tick) => {
    expect(krxTickSize(price, 'stock')).toBe(tick);
  });

  it.each([5, 1_995, 2_000, 19_995, 200_000, 1_000_000])('ETF tick at %i is 5', (price) => {
    expect(krxTickSize(price, 'etf')).toBe(5);
  });

  it('puts band edges on the grid with consecutive indices', () => {
    const g = gridFor('krx-stock');
    expect(g.isValid(1_999)).toBe(true);
    expect(g.isValid(2_001)).toBe(false);
    expect(g.toPrice(g.toIndex(1_999) + 1)).toBe(2_000);
    expect(g.toPrice(g.toIndex(2_000) + 1)).toBe(2_005);
    expect(g.toPrice(g.toIndex(199_900) + 1)).toBe(200_000);
    expect(g.toPrice(g.toIndex(200_000) + 1)).toBe(200_500);
    expect(g.isValid(199_950)).toBe(false);
    expect(g.isValid(500_500)).toBe(false);
    const e = gridFor('krx-etf');
    expect(e.isValid(12_345)).toBe(true);
    expect(e.isValid(12_346)).toBe(false);
    expect(e.toPrice(0)).toBe(5);
  });

  it('caches grids', () => {
    expect(gridFor('krx-stock')).toBe(gridFor('krx-stock'));
    expect(gridFor('krx-etf')).toBe(gridFor('krx-etf'));
    expect(gridFor('uniform', 10)).toBe(gridFor('uniform', 10));
    expect(gridFor('uniform')).not.toBe(gridFor('uniform', 10));
    expect(gridFor('uniform').isValid(7)).toBe(true);
    expect(gridFor('uniform', 10).isValid(7)).toBe(false);
    expect(gridFor('uniform', 10).isValid(70)).toBe(true);
  });

  it('every stock grid price is a multiple of its band tick (§8.3 item 5)', () => {
    const g = gridFor('krx-stock');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3_000_000 }), (idx) => {
        const p = g.toPrice(idx);
        expect(p % krxTickSize(p, 'stock')).toBe(0);
        expect(g.toIndex(p)).toBe(idx);
      }),
    );
  });
});
