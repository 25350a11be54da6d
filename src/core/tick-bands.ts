// Tick-size tables as plain data, shared by the market (which builds price grids from them) and the scenario
// layer (which checks prices against them): the KRX 2023 schedule (DOMAIN §5.1) and a uniform tick.

/** One band of a tick ladder: prices >= `from` (and below the next band's `from`) move in steps of `tick`. */
export interface TickBand {
  readonly from: number;
  readonly tick: number;
}

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

/** The bands of a tick table (`uniformTick` is used only for 'uniform'). */
export function bandsFor(table: TickTable, uniformTick = 1): readonly TickBand[] {
  if (table === 'krx-stock') return KRX_STOCK_BANDS;
  if (table === 'krx-etf') return KRX_ETF_BANDS;
  return [{ from: uniformTick, tick: uniformTick }];
}
