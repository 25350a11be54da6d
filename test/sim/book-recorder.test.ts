// The BookRecorder on a real OrderBook behind a stub listing: a quotes row exactly when the top of book or the phase
// of an instrument the step's events name changes; depth level by level; and the auction samples on their fixed clock, each holding the book as it was at
// its sample time (the state since the previous exchange step), nothing outside call auctions.
import { describe, expect, it } from 'vitest';
import type { Phase } from '../../src/market/exchange-events.js';
import type { ListingView } from '../../src/market/listing.js';
import { BUY, LIMIT, SELL } from '../../src/market/order.js';
import { OrderBook } from '../../src/market/order-book.js';
import { BookRecorder } from '../../src/sim/book-recorder.js';
import { auctionIndicativeTable, depthTable, quotesTable } from '../../src/sim/book-tables.js';
import type { ColumnTable } from '../../src/core/table.js';

const S = 1_000_000;

/** A listing as the recorder reads it: index, phase, last price and the book. */
function listing(mode: 'continuous' | 'collect', phase: Phase): { view: ListingView; book: OrderBook; set: (p: Phase) => void } {
  const book = new OrderBook();
  book.setMode(mode);
  const l = { index: 0, phase, lastPrice: 100, book };
  return { view: l as unknown as ListingView, book, set: (p) => (l.phase = p) };
}

const recorder = (): BookRecorder => new BookRecorder(1, { quotes: true, depth: true, auctions: true, auctionSampleUs: 5 * S });

/** The table's rows as arrays of cells (NaN kept). */
function rows(t: ColumnTable): unknown[][] {
  return Array.from({ length: t.rowCount }, (_, r) => t.columns.map((c) => c.values[r]));
}

describe('quotes', () => {
  it('a row on the first look and on every change of best bid, ask, their sizes or the phase; none otherwise', () => {
    const b = recorder();
    const { view, book, set } = listing('continuous', 'continuous');
    const look = (t: number): void => b.quotes(t, [view], [0, -1, 0], 3); // named twice, and an exchange-wide event
    look(1);
    look(2); // nothing changed
    book.submit(1, BUY, LIMIT, 99, 10);
    look(3);
    book.submit(2, BUY, LIMIT, 98, 50); // behind the best: not a change of the top
    look(4);
    book.submit(3, SELL, LIMIT, 101, 7);
    look(5);
    book.submit(4, BUY, LIMIT, 99, 5); // joins the best bid: its size changes
    look(6);
    book.cancel(1);
    look(7);
    set('closing-auction');
    look(8);
    expect(rows(quotesTable(b, ['AAA']))).toEqual([
      [1, 0, 'AAA', 'continuous', NaN, 0, NaN, 0],
      [3, 0, 'AAA', 'continuous', 99, 10, NaN, 0],
      [5, 0, 'AAA', 'continuous', 99, 10, 101, 7],
      [6, 0, 'AAA', 'continuous', 99, 15, 101, 7],
      [7, 0, 'AAA', 'continuous', 99, 5, 101, 7],
      [8, 0, 'AAA', 'closing-auction', 99, 5, 101, 7],
    ]);
  });

  it('looks only at the instruments the step\'s events name', () => {
    const b = recorder();
    const { view, book } = listing('continuous', 'continuous');
    book.submit(1, BUY, LIMIT, 99, 10);
    b.quotes(1, [view], [-1], 1);
    b.quotes(2, [view], [], 0);
    b.quotes(3, [view], [0], 1);
    expect(rows(quotesTable(b, ['AAA']))).toEqual([[3, 0, 'AAA', 'continuous', 99, 10, NaN, 0]]);
  });

  it('grows past its first block of rows', () => {
    const b = recorder();
    const { view, book } = listing('continuous', 'continuous');
    for (let i = 1; i <= 5000; i++) {
      book.submit(i, BUY, LIMIT, 1000 + i, 1);
      b.quotes(i, [view], [0], 1);
    }
    const t = quotesTable(b, ['AAA']);
    expect(t.rowCount).toBe(5000);
    expect(rows(t).at(-1)).toEqual([5000, 0, 'AAA', 'continuous', 6000, 1, NaN, 0]);
  });
});

describe('depth', () => {
  it('one row per level of each side, best first, value = price × qty; nothing outside continuous trading', () => {
    const b = recorder();
    const { view, book, set } = listing('continuous', 'continuous');
    book.submit(1, BUY, LIMIT, 99, 10);
    book.submit(2, BUY, LIMIT, 98, 20);
    book.submit(3, BUY, LIMIT, 99, 5);
    book.submit(4, SELL, LIMIT, 102, 3);
    b.depth(60 * S, [view]);
    set('vi-auction');
    b.depth(120 * S, [view]);
    expect(rows(depthTable(b, ['AAA']))).toEqual([
      [60 * S, 0, 'AAA', 'bid', 1, 99, 15, 1485],
      [60 * S, 0, 'AAA', 'bid', 2, 98, 20, 1960],
      [60 * S, 0, 'AAA', 'ask', 1, 102, 3, 306],
    ]);
  });
});

describe('auction_indicative', () => {
  it('samples every multiple of the interval with the state held since the previous step, only in call auctions', () => {
    const b = recorder();
    const { view, book, set } = listing('collect', 'closing-auction');
    const step = (t: number, change: () => void): void => {
      b.auctionsBefore(t, [view]);
      change();
    };
    step(0, () => undefined); // the first step of the run: nothing is due yet
    step(1 * S, () => book.submit(1, BUY, LIMIT, 100, 10));
    step(7 * S, () => book.submit(2, SELL, LIMIT, 101, 5)); // not crossing
    step(8 * S, () => book.submit(3, SELL, LIMIT, 99, 4)); // crossing: 4 execute, 6 bought unfilled
    step(10 * S, () => undefined); // a step at a sample time: that sample waits for everything at 10 s
    step(10 * S, () => book.submit(4, SELL, LIMIT, 100, 2));
    step(23 * S, () => set('continuous'));
    step(41 * S, () => undefined);
    expect(rows(auctionIndicativeTable(b, ['AAA']))).toEqual([
      [0, 0, 'AAA', 'closing-auction', NaN, 0, NaN],
      [5 * S, 0, 'AAA', 'closing-auction', NaN, 0, NaN],
      [10 * S, 0, 'AAA', 'closing-auction', 100, 6, 4],
      [15 * S, 0, 'AAA', 'closing-auction', 100, 6, 4],
      [20 * S, 0, 'AAA', 'closing-auction', 100, 6, 4],
    ]);
  });

  it('each row equals what agents read (the book quote at the last price)', () => {
    const b = recorder();
    const { view, book } = listing('collect', 'pre-open');
    book.submit(1, BUY, LIMIT, 103, 10);
    book.submit(2, SELL, LIMIT, 97, 30);
    b.auctionsBefore(6 * S, [view]);
    const q = book.auctionQuote(100)!;
    expect(rows(auctionIndicativeTable(b, ['AAA']))).toEqual([
      [0, 0, 'AAA', 'pre-open', q.price, q.volume, q.buySurplus - q.sellSurplus],
      [5 * S, 0, 'AAA', 'pre-open', q.price, q.volume, q.buySurplus - q.sellSurplus],
    ]);
    expect(q.volume).toBe(10);
    expect(q.buySurplus - q.sellSurplus).toBe(-20);
  });
});
