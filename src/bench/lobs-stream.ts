// Reader for the standard LOBS1 order streams (bench/gen.mjs, see bench/README.md): one JSON header line padded
// to a multiple of 8 bytes, then n x 5 little-endian int32 [type, side, price, qty, id]. Also the fill checksum
// the header's `expected` checkpoints are stated in (an order-sensitive FNV-style hash over maker id, price, qty).
import { readFileSync } from 'node:fs';

export const LOBS_LIMIT = 0;
export const LOBS_CANCEL = 1;
export const LOBS_MARKET = 2;
export const LOBS_STRIDE = 5;

/** One checkpoint of the generator's shadow engine: the state a correct engine reaches after `n` messages. */
export interface LobsCheckpoint {
  n: number;
  trades: number;
  filledQty: number;
  notional: number;
  hash: string;
  cancelHit: number;
  cancelMiss: number;
  resting: number;
  bidQty: number;
  askQty: number;
  bestBid: number | null;
  bestAsk: number | null;
}

export interface LobsMeta {
  format: string;
  workload: string;
  n: number;
  seed: number;
  minPrice: number;
  maxPrice: number;
  maxId: number;
  expected: LobsCheckpoint[];
}

export interface LobsStream {
  meta: LobsMeta;
  msgs: Int32Array;
}

/** Read a LOBS1 file; throws an Error naming the file when it is not one. */
export function readLobs(path: string): LobsStream {
  const b = readFileSync(path);
  const nl = b.indexOf(10);
  if (nl < 0) throw new Error(`${path}: not a LOBS1 stream (no header line)`);
  const meta = JSON.parse(b.subarray(0, nl).toString('utf8')) as LobsMeta;
  if (meta.format !== 'LOBS1') throw new Error(`${path}: not a LOBS1 stream (format ${String(meta.format)})`);
  const bytes = meta.n * LOBS_STRIDE * 4;
  if (b.length - nl - 1 < bytes) throw new Error(`${path}: truncated (expected ${meta.n} messages)`);
  // Copy into an aligned buffer: the body starts at an 8-byte-aligned offset of the file, not of the Buffer pool.
  const msgs = new Int32Array(meta.n * LOBS_STRIDE);
  new Uint8Array(msgs.buffer).set(b.subarray(nl + 1, nl + 1 + bytes));
  return { meta, msgs };
}

/** Running fill checksum, identical in definition to `ckFill` in bench/gen.mjs. */
export class FillChecksum {
  trades = 0;
  filledQty = 0;
  notional = 0;
  hash = 0x811c9dc5 | 0;
  cancelHit = 0;
  cancelMiss = 0;

  fill(makerId: number, price: number, qty: number): void {
    this.trades++;
    this.filledQty += qty;
    this.notional += price * qty;
    let h = this.hash;
    h = Math.imul(h ^ makerId, 0x01000193);
    h = Math.imul(h ^ price, 0x01000193);
    h = Math.imul(h ^ qty, 0x01000193);
    this.hash = h;
  }

  hex(): string {
    return (this.hash >>> 0).toString(16).padStart(8, '0');
  }
}
