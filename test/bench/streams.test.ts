// The standard LOBS1 streams (bench/gen.mjs, seed 42) against the engine: the bare book and the exchange with
// KRX rules on must reproduce every checkpoint of the generator's shadow engine; a corrupted stream must fail
// the check; readLobs round-trips a written file and names the file when it is truncated.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate, writeStream } from '../../bench/gen.mjs';
import { BookDriver, verifyStream } from '../../src/bench/engine-bench.js';
import { ExchangeDriver } from '../../src/bench/exchange-driver.js';
import { LOBS_MARKET, LOBS_STRIDE, readLobs } from '../../src/bench/lobs-stream.js';
import type { LobsStream } from '../../src/bench/lobs-stream.js';

const WORKLOADS = ['mixed', 'aggressive', 'itch', 'mixed-deep'] as const;
const N = 200_000;

function stream(workload: string, n: number): LobsStream {
  const { meta, buf } = generate({ workload, n, seed: 42 });
  return { meta, msgs: buf };
}
const capacity = (s: LobsStream): number => Math.max(1024, s.meta.maxId + 1);

describe.each(WORKLOADS)('standard stream %s (n 200000, seed 42)', (workload) => {
  const s = stream(workload, N);

  it('has the checkpoints 10000, 100000 and the full stream', () => {
    expect(s.meta.expected.map((c) => c.n)).toEqual([10_000, 100_000, N]);
    expect(s.meta.expected.at(-1)!.trades).toBeGreaterThan(0);
  });

  it('the bare order book reproduces every checkpoint', () => {
    expect(verifyStream(s, () => new BookDriver(capacity(s)))).toEqual([]);
  });

  it('the exchange with KRX rules reproduces every checkpoint (no VI at these prices)', () => {
    // Prices stay within ±3% of the 100000 base, so no VI or limit changes any fill.
    expect(s.meta.minPrice).toBeGreaterThan(97_000);
    expect(s.meta.maxPrice).toBeLessThan(103_000);
    const drivers: ExchangeDriver[] = [];
    const mismatches = verifyStream(s, () => {
      const d = new ExchangeDriver(capacity(s));
      drivers.push(d);
      return d;
    });
    expect(mismatches).toEqual([]);
    expect(drivers[0]!.ex.listings[0]!.viCount).toBe(0);
    expect(drivers[0]!.ex.listings[0]!.phase).toBe('continuous');
  });
});

describe('the checksum check can fail', () => {
  const s = stream('mixed', 20_000);
  // The first market order after the seed phase: one more share changes its fills.
  let at = -1;
  for (let i = 0; i < s.meta.n && at < 0; i++) if (s.msgs[i * LOBS_STRIDE] === LOBS_MARKET) at = i;

  it('finds a market order before the first checkpoint', () => {
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThan(10_000);
  });

  it.each([
    ['BookDriver', () => new BookDriver(capacity(s))],
    ['ExchangeDriver', () => new ExchangeDriver(capacity(s))],
  ] as const)('%s reports a mismatch at the first checkpoint after one flipped quantity', (_name, make) => {
    expect(verifyStream(s, make)).toEqual([]);
    const bad: LobsStream = { meta: s.meta, msgs: s.msgs.slice() };
    bad.msgs[at * LOBS_STRIDE + 3]! += 1;
    const mismatches = verifyStream(bad, make);
    expect(mismatches.length).toBeGreaterThan(0);
    expect(mismatches[0]!.n).toBe(10_000);
    expect(mismatches.filter((m) => m.n === 10_000).map((m) => m.field)).toContain('hash');
    for (const m of mismatches) {
      const cp = s.meta.expected.find((c) => c.n === m.n)!;
      expect(m.expected).toBe(cp[m.field as keyof typeof cp]);
      expect(m.actual).not.toBe(m.expected);
    }
  });
});

describe('readLobs', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cascade-lobs-test-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('round-trips a stream written by gen.mjs', () => {
    const { meta, buf } = generate({ workload: 'itch', n: 5_000, seed: 42 });
    const file = join(dir, 'itch.lobs');
    writeStream(file, { meta, buf });
    const got = readLobs(file);
    expect(got.meta).toEqual(JSON.parse(JSON.stringify(meta)));
    expect(got.msgs).toEqual(buf);
    // Header padded to a multiple of 8 bytes, then 5 int32 per message.
    const bytes = readFileSync(file);
    const headerLen = bytes.indexOf(10) + 1;
    expect(headerLen % 8).toBe(0);
    expect(bytes.length).toBe(headerLen + 5_000 * LOBS_STRIDE * 4);
  });

  it('names the file when it is truncated', () => {
    const { meta, buf } = generate({ workload: 'mixed', n: 1_000, seed: 42 });
    const file = join(dir, 'short.lobs');
    writeStream(file, { meta, buf });
    const bytes = readFileSync(file);
    writeFileSync(file, bytes.subarray(0, bytes.length - 4));
    expect(() => readLobs(file)).toThrow(`${file}: truncated (expected 1000 messages)`);
  });

  it('names the file when it has no header line or another format', () => {
    const noHeader = join(dir, 'none.lobs');
    writeFileSync(noHeader, 'not a stream');
    expect(() => readLobs(noHeader)).toThrow(`${noHeader}: not a LOBS1 stream (no header line)`);
    const other = join(dir, 'other.lobs');
    writeFileSync(other, '{"format":"LOBS2","n":0}\n');
    expect(() => readLobs(other)).toThrow(`${other}: not a LOBS1 stream (format LOBS2)`);
  });
});
