// The engine benchmark: drives an OrderBook (rules off) with a LOBS1 stream, checks the fill checksum at every
// checkpoint in the stream's header, and measures throughput (median of timed runs after warm-up), per-message
// latency (p50/p99, one timer pair per message in a separate pass) and garbage collections during timed runs
// (zero scavenges over a million messages means no allocation per message in steady state).
import { PerformanceObserver } from 'node:perf_hooks';
import { CANCELED, TRADE } from '../market/book-events.js';
import { OrderBook } from '../market/order-book.js';
import { BUY, LIMIT, MARKET } from '../market/order.js';
import type { Side } from '../market/order.js';
import { FillChecksum, LOBS_CANCEL, LOBS_LIMIT, LOBS_STRIDE } from './lobs-stream.js';
import type { LobsCheckpoint, LobsStream } from './lobs-stream.js';

/** Anything that consumes LOBS messages one at a time and feeds the checksum (the book, or the exchange). */
export interface StreamDriver {
  /** Apply message i of the stream, updating `ck`. */
  apply(msgs: Int32Array, i: number, ck: FillChecksum): void;
  /** Book state for checkpoint comparison. */
  state(): Pick<LobsCheckpoint, 'resting' | 'bidQty' | 'askQty' | 'bestBid' | 'bestAsk'>;
}

/** A StreamDriver over a bare OrderBook (no market rules). */
export class BookDriver implements StreamDriver {
  readonly book: OrderBook;
  constructor(capacity: number) {
    this.book = new OrderBook({ orderCapacity: capacity });
  }
  apply(msgs: Int32Array, i: number, ck: FillChecksum): void {
    const o = i * LOBS_STRIDE;
    const type = msgs[o]!;
    const book = this.book;
    if (type === LOBS_LIMIT) book.submit(msgs[o + 4]!, msgs[o + 1] as Side, LIMIT, msgs[o + 2]!, msgs[o + 3]!);
    else if (type === LOBS_CANCEL) book.cancel(msgs[o + 4]!);
    else book.submit(msgs[o + 4]!, msgs[o + 1] as Side, MARKET, 0, msgs[o + 3]!);
    consumeEvents(book, type, ck);
  }
  state(): Pick<LobsCheckpoint, 'resting' | 'bidQty' | 'askQty' | 'bestBid' | 'bestAsk'> {
    const b = this.book;
    return {
      resting: b.restingCount(),
      bidQty: b.sideQty(0),
      askQty: b.sideQty(1),
      bestBid: b.bestBid() || null,
      bestAsk: b.bestAsk() || null,
    };
  }
}

/** Feed one operation's book events into the checksum. */
export function consumeEvents(book: OrderBook, type: number, ck: FillChecksum): void {
  const ev = book.events;
  const n = ev.count;
  for (let k = 0; k < n; k++) {
    const kind = ev.kind[k];
    if (kind === TRADE) ck.fill(ev.aux[k] === BUY ? ev.b[k]! : ev.a[k]!, ev.price[k]!, ev.qty[k]!);
  }
  if (type === LOBS_CANCEL) {
    if (n > 0 && ev.kind[0] === CANCELED) ck.cancelHit++;
    else ck.cancelMiss++;
  }
}

export interface CheckpointMismatch {
  n: number;
  field: string;
  expected: unknown;
  actual: unknown;
}

/** Run the whole stream once on a fresh driver and compare every checkpoint; returns the mismatches. */
export function verifyStream(stream: LobsStream, makeDriver: () => StreamDriver): CheckpointMismatch[] {
  const d = makeDriver();
  const ck = new FillChecksum();
  const out: CheckpointMismatch[] = [];
  let i = 0;
  for (const cp of stream.meta.expected) {
    for (; i < cp.n; i++) d.apply(stream.msgs, i, ck);
    const actual: Record<string, unknown> = {
      trades: ck.trades,
      filledQty: ck.filledQty,
      notional: ck.notional,
      hash: ck.hex(),
      cancelHit: ck.cancelHit,
      cancelMiss: ck.cancelMiss,
      ...d.state(),
    };
    for (const [field, expected] of Object.entries(cp)) {
      if (field !== 'n' && actual[field] !== expected) out.push({ n: cp.n, field, expected, actual: actual[field] });
    }
  }
  return out;
}

export interface EngineRunStats {
  msgsPerSec: number;
  runsMsgsPerSec: number[];
  p50Ns: number;
  p99Ns: number;
  timerOverheadNs: number;
  gcDuringTimedRuns: number;
}

/** Time `runs` full passes (after `warmup` untimed ones), each on a fresh driver, then a latency pass. */
export async function timeStream(
  stream: LobsStream,
  makeDriver: () => StreamDriver,
  runs: number,
  warmup: number,
): Promise<EngineRunStats> {
  const n = stream.meta.n;
  for (let r = 0; r < warmup; r++) drive(makeDriver(), stream.msgs, n);
  let gcs = 0;
  const obs = new PerformanceObserver((list) => (gcs += list.getEntries().length));
  obs.observe({ entryTypes: ['gc'] });
  const rates: number[] = [];
  for (let r = 0; r < runs; r++) {
    const d = makeDriver();
    const t0 = performance.now();
    drive(d, stream.msgs, n);
    const ms = performance.now() - t0;
    rates.push(n / (ms / 1000));
  }
  await new Promise((resolve) => setImmediate(resolve));
  obs.disconnect();
  const lat = latencyPass(makeDriver(), stream.msgs, n);
  return { msgsPerSec: median(rates), runsMsgsPerSec: rates, ...lat, gcDuringTimedRuns: gcs };
}

function drive(d: StreamDriver, msgs: Int32Array, n: number): FillChecksum {
  const ck = new FillChecksum();
  for (let i = 0; i < n; i++) d.apply(msgs, i, ck);
  return ck;
}

/** Per-message latency with one performance.now() pair per message; reports the pair's own cost separately. */
function latencyPass(d: StreamDriver, msgs: Int32Array, n: number): Omit<EngineRunStats, 'msgsPerSec' | 'runsMsgsPerSec' | 'gcDuringTimedRuns'> {
  const ck = new FillChecksum();
  const lat = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    d.apply(msgs, i, ck);
    lat[i] = performance.now() - t0;
  }
  const empty = new Float64Array(100_000);
  for (let i = 0; i < empty.length; i++) {
    const t0 = performance.now();
    empty[i] = performance.now() - t0;
  }
  lat.sort();
  empty.sort();
  const ns = (ms: number): number => Math.round(ms * 1e6);
  return {
    p50Ns: ns(lat[Math.floor(n * 0.5)]!),
    p99Ns: ns(lat[Math.floor(n * 0.99)]!),
    timerOverheadNs: ns(empty[empty.length >> 1]!),
  };
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
