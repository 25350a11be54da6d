// Types for bench/gen.mjs (plain JS outside the TypeScript project), limited to what the tests call:
// generate() builds a LOBS1 stream in memory, writeStream() writes it in the file format readLobs reads.
declare module '*/bench/gen.mjs' {
  type LobsMeta = import('../../src/bench/lobs-stream.js').LobsMeta;
  /** The stream of `n` messages [type, side, price, qty, id] and its header (with the expected checkpoints). */
  export function generate(opts: { workload: string; n: number; seed: number }): { meta: LobsMeta; buf: Int32Array };
  /** Write `s` as a LOBS1 file (header line padded to 8 bytes, then little-endian int32). */
  export function writeStream(file: string, s: { meta: LobsMeta; buf: Int32Array }): void;
}
