// What the order books looked like, for three output tables:
// - quotes: a row whenever an instrument's best bid, its size, best ask, its size or phase changes, checked after
//   every exchange step for the instruments the step's events name (every change of a book or a phase comes with an
//   event naming its instrument: order-book.ts and exchange-events.ts), so the table is the exact top of book over the whole run,
//   auctions included (crossed there, the book not matching), at a few reads per touched instrument.
// - depth: every level of the best DEPTH_LEVELS per side (price, quantity), on the spread sampler's clock.
// - auction_indicative: during call auctions, the published indicative uncross (MarketView.auctionIndicative) at
//   every multiple of the sample interval. Sampled lazily: the books change only inside exchange steps, so just
//   before a step the state is still that of every grid time passed since the last one. No kernel events are
//   added (the event count and order of a run are unchanged) and the uncross is computed at most once per step.
import { growI32 } from '../market/book-events.js';
import { PHASES } from '../market/exchange-events.js';
import type { Phase } from '../market/exchange-events.js';
import type { ListingView } from '../market/listing.js';
import { BUY, SELL } from '../market/order.js';
import { isCallAuction } from './market-view.js';

/** Levels per side in a depth snapshot. */
export const DEPTH_LEVELS = 10;

/** Which book tables a run records (a table not asked for costs nothing). */
export interface BookRecording {
  readonly quotes: boolean;
  readonly depth: boolean;
  readonly auctions: boolean;
  /** Interval of the auction_indicative samples (µs). */
  readonly auctionSampleUs: number;
}

const INITIAL_ROWS = 4096;

export class BookRecorder {
  // ---- quotes: growable columns; bid/ask 0 = that side is empty
  quoteCount = 0;
  qT = new Float64Array(INITIAL_ROWS);
  qInst = new Int32Array(INITIAL_ROWS);
  qPhase = new Uint8Array(INITIAL_ROWS);
  qBid = new Int32Array(INITIAL_ROWS);
  qBidQty = new Float64Array(INITIAL_ROWS);
  qAsk = new Int32Array(INITIAL_ROWS);
  qAskQty = new Float64Array(INITIAL_ROWS);
  /** The last row written per instrument (-1: none yet). */
  private readonly lastRow: Int32Array;
  private readonly lastPhase: (Phase | null)[];
  /** Per instrument, the exchange step it was last looked at in (so a step's many events look once). */
  private readonly seenInStep: Int32Array;
  private step = 0;
  // ---- depth levels (a few thousand rows a day: plain arrays)
  readonly depthT: number[] = [];
  readonly depthInst: number[] = [];
  readonly depthSide: number[] = [];
  readonly depthLevel: number[] = [];
  readonly depthPrice: number[] = [];
  readonly depthQty: number[] = [];
  // ---- auction indicative samples (price NaN when nothing crosses)
  readonly aT: number[] = [];
  readonly aInst: number[] = [];
  readonly aPhase: number[] = [];
  readonly aPrice: number[] = [];
  readonly aVolume: number[] = [];
  readonly aImbalance: number[] = [];
  /** The next auction sample time (a multiple of auctionSampleUs). */
  private nextAuctionT = 0;

  constructor(
    instruments: number,
    readonly what: BookRecording,
  ) {
    this.lastRow = new Int32Array(instruments).fill(-1);
    this.lastPhase = new Array<Phase | null>(instruments).fill(null);
    this.seenInStep = new Int32Array(instruments);
  }

  /**
   * After an exchange step at `now` whose events name instruments `inst[0..count)` (-1: exchange-wide): a quotes
   * row for each of them whose top of book or phase changed.
   */
  quotes(now: number, listings: readonly ListingView[], inst: ArrayLike<number>, count: number): void {
    const step = ++this.step;
    for (let k = 0; k < count; k++) {
      const i = inst[k]!;
      if (i < 0 || this.seenInStep[i] === step) continue;
      this.seenInStep[i] = step;
      this.quote(now, listings[i]!, i);
    }
  }

  /** A quotes row for listing i if its top of book or phase differs from its last row. */
  private quote(now: number, L: ListingView, i: number): void {
    const b = L.book;
    const bid = b.bestBid();
    const bidQty = b.bestBidQty();
    const ask = b.bestAsk();
    const askQty = b.bestAskQty();
    const r = this.lastRow[i]!;
    if (r >= 0 && L.phase === this.lastPhase[i] && bid === this.qBid[r] && ask === this.qAsk[r] && bidQty === this.qBidQty[r] && askQty === this.qAskQty[r]) {
      return;
    }
    if (this.quoteCount === this.qT.length) this.growQuotes();
    const k = this.quoteCount++;
    this.qT[k] = now;
    this.qInst[k] = i;
    this.qPhase[k] = PHASES.indexOf(L.phase);
    this.qBid[k] = bid;
    this.qBidQty[k] = bidQty;
    this.qAsk[k] = ask;
    this.qAskQty[k] = askQty;
    this.lastRow[i] = k;
    this.lastPhase[i] = L.phase;
  }

  /** The best DEPTH_LEVELS levels of both sides of every listing in continuous trading (allocates; once a minute). */
  depth(now: number, listings: readonly ListingView[]): void {
    for (const L of listings) {
      if (L.phase !== 'continuous') continue;
      for (const side of [BUY, SELL]) {
        L.book.depth(side, DEPTH_LEVELS).forEach(([price, qty], level) => {
          this.depthT.push(now);
          this.depthInst.push(L.index);
          this.depthSide.push(side);
          this.depthLevel.push(level + 1);
          this.depthPrice.push(price);
          this.depthQty.push(qty);
        });
      }
    }
  }

  /**
   * Before an exchange step at `now`: the indicative uncross of every listing in a call auction at each sample time
   * g < now not yet sampled (the books have not changed since the previous step, so their state now is their state
   * at g, after everything at g). Without a call auction the clock just moves on.
   */
  auctionsBefore(now: number, listings: readonly ListingView[]): void {
    if (now <= this.nextAuctionT) return;
    const step = this.what.auctionSampleUs;
    const firstDue = this.nextAuctionT;
    this.nextAuctionT = Math.ceil(now / step) * step;
    for (const L of listings) {
      if (!isCallAuction(L.phase)) continue;
      const q = L.book.auctionQuote(L.lastPrice);
      const phase = PHASES.indexOf(L.phase);
      for (let g = firstDue; g < now; g += step) {
        this.aT.push(g);
        this.aInst.push(L.index);
        this.aPhase.push(phase);
        this.aPrice.push(q === null ? NaN : q.price);
        this.aVolume.push(q === null ? 0 : q.volume);
        this.aImbalance.push(q === null ? NaN : q.buySurplus - q.sellSurplus);
      }
    }
  }

  private growQuotes(): void {
    const n = this.qT.length * 2;
    const phase = new Uint8Array(n);
    phase.set(this.qPhase);
    this.qPhase = phase;
    this.qT = growF64(this.qT, n);
    this.qBidQty = growF64(this.qBidQty, n);
    this.qAskQty = growF64(this.qAskQty, n);
    this.qInst = growI32(this.qInst, n);
    this.qBid = growI32(this.qBid, n);
    this.qAsk = growI32(this.qAsk, n);
  }
}

/** A copy of `src` with length `n` (n >= src.length). */
function growF64(src: Float64Array, n: number): Float64Array<ArrayBuffer> {
  const dst = new Float64Array(n);
  dst.set(src);
  return dst;
}
