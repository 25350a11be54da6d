// KRX tick-size tables as data (the 2023 schedule, DOMAIN §5.1) and the price grids built from them.
// Stocks: seven bands from 1 to 1,000 won; ETFs/ETNs/ELWs: a flat 5-won tick. Grids are immutable and
// the two KRX grids are built once and shared; `uniform` grids are cached per tick as well.

import { PriceGrid, type TickBand } from '../price-grid.js';

/** KRX stock tick bands effective 25 Jan 2023 (KOSPI, KOSDAQ, KONEX and single-stock futures). */
export const KRX_STOCK_BANDS: readonly TickBand[] = Object.freeze([
  { from: 1, tick: 1 },
  { from: 2_000, tick: 5 },
  { from: 5_000, tick: 10 },
  { from: 20_000, tick: 50 },
  { from: 50_000, tick: 100 },
  { from: 200_000, tick: 500 },
  { from: 500_000, tick: 1_000 },
]);

/** ETFs, ETNs and ELWs keep a 5-won tick at every price; the lowest valid price is 5. */
export const KRX_ETF_BANDS: readonly TickBand[] = Object.freeze([{ from: 5, tick: 5 }]);

/** Which tick table an instrument uses. `uniform` is a single tick size from the tick upward. */
export type TickTable = 'krx-stock' | 'krx-etf' | 'uniform';

const STOCK_GRID = new PriceGrid(KRX_STOCK_BANDS);
const ETF_GRID = new PriceGrid(KRX_ETF_BANDS);
const uniformGrids = new Map<number, PriceGrid>();

/**
 * The price grid of a tick table. KRX grids are shared singletons; `uniformTick` is used only for
 * `uniform` (a positive integer; the grid's prices are its multiples).
 */
export function gridFor(table: TickTable, uniformTick = 1): PriceGrid {
  switch (table) {
    case 'krx-stock':
      return STOCK_GRID;
    case 'krx-etf':
      return ETF_GRID;
    case 'uniform': {
      let grid = uniformGrids.get(uniformTick);
      if (grid === undefined) {
        grid = PriceGrid.uniform(uniformTick);
        uniformGrids.set(uniformTick, grid);
      }
      return grid;
    }
  }
}

/** KRX tick size in force at `price` (the first band's tick below the lowest valid price). */
export function krxTickSize(price: number, kind: 'stock' | 'etf'): number {
  return (kind === 'stock' ? STOCK_GRID : ETF_GRID).tickAt(price);
}
