// An agent's holdings, updated by the world at execution time (never by the agent): cash in the currency's minor
// unit and shares per instrument. Fees are not modelled, so across all agents cash and shares are conserved.
import type { PortfolioView } from './agent.js';

export class Portfolio implements PortfolioView {
  cash: number;
  readonly positions: Float64Array;

  constructor(instrumentCount: number, cash = 0, positions?: ArrayLike<number>) {
    this.cash = cash;
    this.positions = new Float64Array(instrumentCount);
    if (positions) this.positions.set(positions);
  }

  position(inst: number): number {
    return this.positions[inst] ?? 0;
  }

  /** Apply a fill: +qty shares and −price·qty cash for a buy, the reverse for a sell. */
  applyFill(inst: number, buy: boolean, price: number, qty: number): void {
    const signed = buy ? qty : -qty;
    this.positions[inst]! += signed;
    this.cash -= signed * price;
  }

  /** Mark-to-market value at the given prices. */
  value(prices: ArrayLike<number>): number {
    let v = this.cash;
    for (let i = 0; i < this.positions.length; i++) v += this.positions[i]! * (prices[i] ?? 0);
    return v;
  }
}
