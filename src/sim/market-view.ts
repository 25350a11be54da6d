// The MarketView agents see: a thin read-only window on the Exchange at the current simulation time. Agents read
// the live book (no market-data latency on reads; latency applies to their orders and to the updates they receive).
import type { Exchange } from '../market/exchange.js';
import type { MarketView, Phase, Side } from '../market/protocol.js';

export class ExchangeView implements MarketView {
  constructor(private readonly ex: Exchange) {}

  get instrumentCount(): number {
    return this.ex.listings.length;
  }
  symbol(inst: number): string {
    return this.ex.listings[inst]!.spec.symbol;
  }
  instrumentIndex(symbol: string): number {
    return this.ex.symbolIndex(symbol);
  }
  phase(inst: number): Phase {
    return this.ex.listings[inst]!.phase;
  }
  bestBid(inst: number): number {
    return this.ex.listings[inst]!.book.bestBid();
  }
  bestAsk(inst: number): number {
    return this.ex.listings[inst]!.book.bestAsk();
  }
  bestBidQty(inst: number): number {
    return this.ex.listings[inst]!.book.bestBidQty();
  }
  bestAskQty(inst: number): number {
    return this.ex.listings[inst]!.book.bestAskQty();
  }
  lastPrice(inst: number): number {
    return this.ex.listings[inst]!.lastPrice;
  }
  basePrice(inst: number): number {
    return this.ex.listings[inst]!.basePrice;
  }
  lowerLimit(inst: number): number {
    return this.ex.listings[inst]!.limits.lower;
  }
  upperLimit(inst: number): number {
    return this.ex.listings[inst]!.limits.upper;
  }
  tickAt(inst: number, price: number): number {
    return this.ex.listings[inst]!.grid.tickAt(price);
  }
  floorPrice(inst: number, price: number): number {
    return this.ex.listings[inst]!.grid.floor(price);
  }
  ceilPrice(inst: number, price: number): number {
    return this.ex.listings[inst]!.grid.ceil(price);
  }
  volumeToday(inst: number): number {
    return this.ex.listings[inst]!.volume;
  }
  depth(inst: number, side: Side, levels: number): Array<[number, number]> {
    return this.ex.listings[inst]!.book.depth(side, levels);
  }
  indexValue(): number {
    return this.ex.index === null ? NaN : this.ex.index.value();
  }
}
