// The price grids of the tick tables in core/tick-bands.ts (the KRX 2023 schedule, DOMAIN §5.1).
// Stocks: seven bands from 1 to 1,000 won; ETFs/ETNs/ELWs: a flat 5-won tick. Grids are immutable and
// the two KRX grids are built once and shared; `uniform` grids are cached per tick as well.

import { KRX_ETF_BANDS, KRX_STOCK_BANDS, type TickTable } from '../../core/tick-bands.js';
import { PriceGrid } from '../price-grid.js';

export { KRX_ETF_BANDS, KRX_STOCK_BANDS, type TickTable };

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
