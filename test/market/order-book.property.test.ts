// Property tests of OrderBook against the naive ReferenceBook: random submit/cancel/modify sequences (prices
// 95..105 ticks, quantities 1..10, so fills, partial fills and emptied levels are frequent) must give identical
// events and book state after every step, never a crossed book in continuous mode, FIFO levels, consistent
// depth, and conserved quantity; call auctions must maximise volume and respect price-time priority.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { OrderBook } from '../../src/market/order-book.js';
import { PriceGrid } from '../../src/market/price-grid.js';
import type { BookEvent } from '../../src/market/book-events.js';
import { BUY, SELL, LIMIT, MARKET, IOC, FOK, MAX_INT32, CancelReason, AGGRESSOR_AUCTION } from '../../src/market/order.js';
import type { Side, OrderType } from '../../src/market/order.js';
import { ReferenceBook } from './reference-book.js';
import type { RefOrder } from './reference-book.js';

/** One single invalidity per operation, so the order of the contract's validation checks never matters. */
type Fault = 'none' | 'badQty' | 'badPrice' | 'dup';
/** `pick` selects a resting order (index into the ids sorted); `unknown` aims at an id that is not resting. */
interface Target {
  pick: number;
  unknown: boolean;
}
type Op =
  | { op: 'submit'; side: Side; type: OrderType; tick: number; qty: number; fault: Fault; bad: number }
  | { op: 'cancel'; target: Target }
  | { op: 'modify'; target: Target; tick: number | null; qtyMode: 'down' | 'same' | 'up'; amount: number; fault: Fault; bad: number };

const BAD_QTY = [0, -3, 2.5, MAX_INT32 + 1];
const badPrice = (k: number, tick: number): number => [0, -tick, tick === 1 ? 100.5 : 100 * tick + 2][k % 3]!;

const side = fc.constantFrom<Side>(BUY, SELL);
const target = fc.record({ pick: fc.nat(1000), unknown: fc.integer({ min: 0, max: 5 }).map((k) => k === 0) });
const fault = (...extra: Fault[]): fc.Arbitrary<Fault> =>
  fc.oneof({ arbitrary: fc.constant<Fault>('none'), weight: 12 }, ...extra.map((f) => ({ arbitrary: fc.constant(f), weight: 1 })));
const submitOp = (types: fc.Arbitrary<OrderType>): fc.Arbitrary<Op> =>
  fc.record({
    op: fc.constant('submit' as const),
    side,
    type: types,
    tick: fc.integer({ min: 95, max: 105 }),
    qty: fc.integer({ min: 1, max: 10 }),
    fault: fault('badQty', 'badPrice', 'dup'),
    bad: fc.nat(3),
  });
const modifyOp: fc.Arbitrary<Op> = fc.record({
  op: fc.constant('modify' as const),
  target,
  tick: fc.option(fc.integer({ min: 95, max: 105 }), { freq: 2, nil: null }),
  qtyMode: fc.constantFrom('down' as const, 'same' as const, 'up' as const),
  amount: fc.integer({ min: 1, max: 6 }),
  fault: fault('badQty', 'badPrice'),
  bad: fc.nat(3),
});
const cancelOp: fc.Arbitrary<Op> = fc.record({ op: fc.constant('cancel' as const), target });
const anyType = fc.oneof(
  { arbitrary: fc.constant<OrderType>(LIMIT), weight: 6 },
  { arbitrary: fc.constantFrom<OrderType>(MARKET, IOC, FOK), weight: 3 },
);
const limitMostly = fc.oneof(
  { arbitrary: fc.constant<OrderType>(LIMIT), weight: 12 },
  { arbitrary: fc.constantFrom<OrderType>(MARKET, IOC, FOK), weight: 1 },
);
const opArb = (types: fc.Arbitrary<OrderType>): fc.Arbitrary<Op> =>
  fc.oneof({ arbitrary: submitOp(types), weight: 6 }, { arbitrary: cancelOp, weight: 2 }, { arbitrary: modifyOp, weight: 3 });
const ops = (types: fc.Arbitrary<OrderType>, maxLength: number): fc.Arbitrary<Op[]> =>
  fc.array(opArb(types), { maxLength, size: 'max' });

/** Per-order quantity ledger built from the events alone. */
interface Account {
  submitted: number;
  filled: number;
  canceled: number;
  reduced: number;
  expired: number;
  open: number;
}

/** Drives the real book and the reference side by side and checks them after every step. */
class Harness {
  readonly real: OrderBook;
  readonly ref: ReferenceBook;
  private nextId = 1;
  private readonly used: number[] = [];
  readonly ledger = new Map<number, Account>();

  /**
   * @param tick grid tick; an op's price is `tick × op.tick` unless `wide` maps op.tick 95..105 to a price.
   * @param orderCapacity initial slot capacity of the real book (small values exercise its growth path).
   */
  constructor(
    readonly tick = 1,
    private readonly wide: readonly number[] | null = null,
    orderCapacity = 1024,
  ) {
    this.real = new OrderBook({ grid: PriceGrid.uniform(tick), orderCapacity });
    this.ref = new ReferenceBook(PriceGrid.uniform(tick));
  }

  private price(t: number): number {
    return this.wide === null ? t * this.tick : this.wide[t - 95]!;
  }

  setMode(mode: 'continuous' | 'collect'): void {
    this.real.setMode(mode);
    this.ref.setMode(mode);
  }

  apply(op: Op): void {
    let expected: BookEvent[];
    if (op.op === 'submit') expected = this.submit(op);
    else if (op.op === 'cancel') {
      const id = this.resolve(op.target);
      this.real.cancel(id);
      expected = this.ref.cancel(id);
    } else expected = this.modify(op);
    const actual = this.real.events.toArray();
    expect(actual, `events of ${JSON.stringify(op)}`).toEqual(expected);
    this.account(actual);
    this.checkState();
  }

  private submit(op: Extract<Op, { op: 'submit' }>): BookEvent[] {
    // Call-auction collection rejects non-limit types; keep that the only fault so check order cannot matter.
    const f = this.ref.mode === 'collect' && op.type !== LIMIT ? 'none' : op.fault;
    const live = this.liveIds();
    const id = f === 'dup' && live.length > 0 ? live[op.bad % live.length]! : this.nextId++;
    this.used.push(id);
    const qty = f === 'badQty' ? BAD_QTY[op.bad]! : op.qty;
    const price = f === 'badPrice' ? badPrice(op.bad, this.tick) : op.type === MARKET ? 0 : this.price(op.tick);
    this.real.submit(id, op.side, op.type, price, qty);
    return this.ref.submit(id, op.side, op.type, price, qty);
  }

  private modify(op: Extract<Op, { op: 'modify' }>): BookEvent[] {
    const id = this.resolve(op.target);
    const o = this.ref.find(id);
    const curQty = o?.qty ?? op.amount;
    const newQty = op.qtyMode === 'same' ? curQty : op.qtyMode === 'up' ? curQty + op.amount : Math.max(1, curQty - op.amount);
    let price = op.tick === null ? (o?.price ?? this.price(100)) : this.price(op.tick);
    let qty = newQty;
    if (op.fault === 'badQty') qty = BAD_QTY[op.bad]!;
    if (op.fault === 'badPrice') price = badPrice(op.bad, this.tick);
    this.real.modify(id, price, qty);
    return this.ref.modify(id, price, qty);
  }

  private liveIds(): number[] {
    return this.ref.orders.map((o) => o.id).sort((x, y) => x - y);
  }

  private resolve(t: Target): number {
    const live = this.liveIds();
    if (t.unknown || live.length === 0) {
      const dead = this.used.filter((id) => this.ref.find(id) === undefined);
      return dead.length > 0 && t.pick % 2 === 0 ? dead[t.pick % dead.length]! : 900_000 + t.pick;
    }
    return live[t.pick % live.length]!;
  }

  /** Fold one call's events into the per-order ledger. */
  private account(events: BookEvent[]): void {
    const acct = (id: number): Account => {
      const a = this.ledger.get(id);
      if (a === undefined) throw new Error(`event for order ${id} that was never accepted`);
      return a;
    };
    for (const e of events) {
      if (e.kind === 'accepted') {
        this.ledger.set(e.a, { submitted: e.qty, filled: 0, canceled: 0, reduced: 0, expired: 0, open: e.qty });
      } else if (e.kind === 'trade') {
        for (const a of [acct(e.a), acct(e.b)]) {
          a.filled += e.qty;
          a.open -= e.qty;
        }
      } else if (e.kind === 'canceled') {
        const a = acct(e.a);
        if (e.aux === CancelReason.Canceled) a.canceled += e.qty;
        else if (e.aux === CancelReason.Reduced) a.reduced += e.qty;
        else a.expired += e.qty;
        a.open -= e.qty;
      } else if (e.kind === 'modified') {
        const a = acct(e.a);
        if (e.qty > a.open) a.submitted += e.qty - a.open;
        else a.reduced += a.open - e.qty;
        a.open = e.qty;
      } else if (e.kind === 'rested') {
        expect(acct(e.a).open, `RESTED qty of ${e.a}`).toBe(e.qty);
      }
    }
  }

  /** Real vs reference state, the real book's internal consistency, and the conservation ledger. */
  checkState(): void {
    const live = this.liveIds();
    const dead = this.used.filter((id) => this.ref.find(id) === undefined);
    expect(snapshot(this.real, live, dead), 'book state').toEqual(snapshot(this.ref, live, dead));
    const problems = [...consistency(this.real), ...this.ledgerProblems()];
    if (this.real.mode === 'continuous' && isCrossed(this.real)) problems.push(`crossed: ${this.real.bestBid()} >= ${this.real.bestAsk()}`);
    expect(problems, 'invariants').toEqual([]);
  }

  /** Conservation per order and in total: submitted = filled + resting + canceled + reduced + expired. */
  private ledgerProblems(): string[] {
    const out: string[] = [];
    let submitted = 0;
    let gone = 0;
    let open = 0;
    for (const [id, a] of this.ledger) {
      if (a.submitted !== a.filled + a.open + a.canceled + a.reduced + a.expired) out.push(`order ${id} not conserved: ${JSON.stringify(a)}`);
      if (a.open !== this.real.orderQty(id)) out.push(`order ${id}: ledger open ${a.open}, book ${this.real.orderQty(id)}`);
      submitted += a.submitted;
      gone += a.filled + a.canceled + a.reduced + a.expired;
      open += a.open;
    }
    const resting = this.real.sideQty(BUY) + this.real.sideQty(SELL);
    if (open !== resting) out.push(`ledger open ${open} != resting ${resting}`);
    if (submitted !== gone + open) out.push(`total: submitted ${submitted} != ${gone} out + ${open} open`);
    return out;
  }

  /** Uncross both books and check the auction invariants against a brute force over all prices. */
  uncross(refPrice: number): void {
    const before: RefOrder[] = this.ref.orders.map((o) => ({ ...o }));
    const brute = this.ref.auctionQuote(refPrice);
    const quote = this.real.auctionQuote(refPrice);
    const res = this.real.uncross(refPrice, 'time', 1);
    const events = this.real.events.toArray();
    expect(res, 'uncross result = quote').toEqual(quote);
    if (brute === null || res === null) {
      expect(res, 'nothing crosses').toEqual(brute);
      expect(events).toEqual([]);
      return this.checkState();
    }
    expect(res, 'volume and surpluses at the chosen price').toEqual(this.ref.quoteAt(res.price));
    expect(res.volume, 'maximal volume').toBe(brute.volume);
    expect(events, 'uncross events').toEqual(this.ref.uncrossAt(res.price));
    this.account(events);
    this.checkState();
    checkAuctionFills(before, this.real, res.price, res.volume, events);
    expect(isCrossed(this.real), 'book crossed after uncross').toBe(false);
    expect(res.price, 'price by volume, imbalance, uniform-price rule, nearest ref, lower').toBe(brute.price);
  }
}

/** The query surface shared by OrderBook and ReferenceBook. */
type BookView = Pick<OrderBook, 'bestBid' | 'bestAsk' | 'bestBidQty' | 'bestAskQty' | 'restingCount' | 'sideQty' | 'depth' | 'levelIds' | 'orderQty' | 'orderPrice' | 'orderSide'>;

/** Everything the queries say about a book, as one comparable value (levels carry their FIFO ids). */
function snapshot(b: BookView, live: number[], dead: number[]): unknown {
  const levels = (s: Side): unknown[] => b.depth(s, 1000).map(([price, qty]) => ({ price, qty, ids: b.levelIds(s, price) }));
  return {
    best: [b.bestBid(), b.bestBidQty(), b.bestAsk(), b.bestAskQty()],
    count: b.restingCount(),
    sideQty: [b.sideQty(BUY), b.sideQty(SELL)],
    bids: levels(BUY),
    asks: levels(SELL),
    top2: [b.depth(BUY, 2), b.depth(SELL, 2)],
    live: live.map((id) => [id, b.orderQty(id), b.orderPrice(id), b.orderSide(id)]),
    deadQty: dead.map((id) => b.orderQty(id)),
  };
}

/** The real book against itself: level qty = Σ orderQty of its ids, sideQty = Σ levels, count = Σ ids. */
function consistency(book: OrderBook): string[] {
  const out: string[] = [];
  let count = 0;
  for (const s of [BUY, SELL] as const) {
    let total = 0;
    for (const [price, qty] of book.depth(s, 1000)) {
      const ids = book.levelIds(s, price);
      const sum = ids.reduce((acc, id) => acc + book.orderQty(id), 0);
      if (sum !== qty) out.push(`level ${s}@${price}: depth ${qty}, Σ orderQty ${sum}`);
      total += qty;
      count += ids.length;
    }
    if (total !== book.sideQty(s)) out.push(`side ${s}: Σ depth ${total}, sideQty ${book.sideQty(s)}`);
  }
  if (count !== book.restingCount()) out.push(`Σ level ids ${count}, restingCount ${book.restingCount()}`);
  return out;
}

function isCrossed(book: OrderBook): boolean {
  return book.bestBid() > 0 && book.bestAsk() > 0 && book.bestBid() >= book.bestAsk();
}

/** Fills derived from the book state before and after: one price, balanced, full above/below p, priority. */
function checkAuctionFills(before: RefOrder[], book: OrderBook, p: number, volume: number, events: BookEvent[]): void {
  for (const e of events) expect([e.kind, e.price, e.aux]).toEqual(['trade', p, AGGRESSOR_AUCTION]);
  expect(events.reduce((s, e) => s + e.qty, 0), 'Σ trade qty').toBe(volume);
  const fill = (o: RefOrder): number => o.qty - book.orderQty(o.id);
  const priority = (s: Side): RefOrder[] =>
    before.filter((o) => o.side === s).sort((x, y) => (s === BUY ? y.price - x.price : x.price - y.price) || x.seq - y.seq);
  const bids = priority(BUY);
  const asks = priority(SELL);
  expect(bids.reduce((s, o) => s + fill(o), 0), 'Σ buy fills').toBe(volume);
  expect(asks.reduce((s, o) => s + fill(o), 0), 'Σ sell fills').toBe(volume);
  for (const o of bids) if (o.price > p) expect(fill(o), `bid ${o.id}@${o.price} above p=${p}`).toBe(o.qty);
  for (const o of asks) if (o.price < p) expect(fill(o), `ask ${o.id}@${o.price} below p=${p}`).toBe(o.qty);
  const fullAtP = (os: RefOrder[]): boolean => os.every((o) => o.price !== p || fill(o) === o.qty);
  expect(fullAtP(bids) || fullAtP(asks), `one side fully filled at p=${p}`).toBe(true);
  for (const q of [bids, asks]) {
    // Price-time priority: once an order is not fully filled, every later one in priority order is unfilled.
    const firstShort = q.findIndex((o) => fill(o) < o.qty);
    if (firstShort >= 0) for (const o of q.slice(firstShort + 1)) expect(fill(o), `priority: order ${o.id} filled after a short one`).toBe(0);
  }
}

const RUNS = 300;

describe('OrderBook vs ReferenceBook (property)', () => {
  it('continuous: same events and state after every op, uncrossed, FIFO, conserved (tick 1)', () => {
    fc.assert(
      fc.property(ops(anyType, 200), (seq) => {
        const h = new Harness(1);
        for (const op of seq) h.apply(op);
      }),
      { numRuns: RUNS },
    );
  });

  it('continuous on a tick-5 grid (off-grid prices rejected)', () => {
    fc.assert(
      fc.property(ops(anyType, 120), (seq) => {
        const h = new Harness(5);
        for (const op of seq) h.apply(op);
      }),
      { numRuns: 100 },
    );
  });

  it('continuous on sparse prices far apart (level window re-centering, empty-level skips, slot growth)', () => {
    const wide = [1, 2, 40, 41, 3000, 3001, 60_000, 60_031, 60_032, 900_000, 900_033];
    fc.assert(
      fc.property(ops(anyType, 120), (seq) => {
        const h = new Harness(1, wide, 16);
        for (const op of seq) h.apply(op);
      }),
      { numRuns: 100 },
    );
  });

  it('collect then uncross, repeated, then continuous trading on the remainder', () => {
    const phase = fc.record({ collect: ops(limitMostly, 60), refTick: fc.integer({ min: 93, max: 107 }) });
    fc.assert(
      fc.property(fc.array(phase, { minLength: 1, maxLength: 3 }), ops(anyType, 60), (phases, tail) => {
        const h = new Harness(1);
        for (const ph of phases) {
          h.setMode('collect');
          for (const op of ph.collect) h.apply(op);
          h.uncross(ph.refTick);
          expect(h.real.mode).toBe('collect');
        }
        h.setMode('continuous');
        for (const op of tail) h.apply(op);
      }),
      { numRuns: RUNS },
    );
  });
});
