// The MarketView agents see: a thin read-only window on the Exchange at the current simulation time. Agents read
// the live book (no market-data latency on reads; latency applies to their orders and to the updates they receive).
import type { Exchange } from '../market/exchange.js';
import type { AuctionIndicative, MarketView, Phase, Side } from '../market/protocol.js';
import type { PriceHistory } from './price-history.js';

const CALL_AUCTIONS: ReadonlySet<Phase> = new Set<Phase>(['pre-open', 'opening-auction', 'vi-auction', 'reopening-auction', 'closing-auction']);

/** Whether orders are collected for a call auction in this phase (the exchange then publishes an indicative uncross). */
export function isCallAuction(phase: Phase): boolean {
  return CALL_AUCTIONS.has(phase);
}

export class ExchangeView implements MarketView {
  /**
   * @param history today's minute data (null: the history queries return the last price, the fallback, 0)
   * @param clock the current simulation time
   */
  constructor(
    private readonly ex: Exchange,
    private readonly history: PriceHistory | null = null,
    private readonly clock: () => number = () => 0,
  ) {}

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
  priceMinutesAgo(inst: number, minutes: number): number {
    return this.history === null ? this.lastPrice(inst) : this.history.priceMinutesAgo(inst, this.clock(), minutes);
  }
  realizedVolAnnual(inst: number, fallbackAnnual: number): number {
    return this.history === null ? fallbackAnnual : this.history.realizedVolAnnual(inst, this.clock(), fallbackAnnual);
  }
  normalVolAnnual(inst: number, fallbackAnnual: number): number {
    return this.history === null ? fallbackAnnual : this.history.normalVolAnnual(inst, this.clock(), fallbackAnnual);
  }
  signedVolume(inst: number, minutes: number): number {
    return this.history === null ? 0 : this.history.signedVolume(inst, this.clock(), minutes);
  }
  auctionIndicative(inst: number): AuctionIndicative | null {
    const L = this.ex.listings[inst]!;
    if (!isCallAuction(L.phase)) return null;
    const q = L.book.auctionQuote(L.lastPrice);
    return q === null ? null : { price: q.price, volume: q.volume, imbalance: q.buySurplus - q.sellSurplus };
  }
}
