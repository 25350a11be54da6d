// `cascade replay` end to end through the built CLI: exact fills of a hand-computed file, one-line errors for bad
// rows (exit 2, nothing written), --skip-invalid, --out/--force, fills identical to the engine's on a standard
// stream (the LOBS1 checksum recomputed from the fills file), and a KRX day with its opening auction.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generate } from '../../bench/gen.mjs';
import { FillChecksum, LOBS_CANCEL, LOBS_LIMIT, LOBS_STRIDE } from '../../src/bench/lobs-stream.js';
import { makeTempDir, removeTempDir, runCli } from './run-cli.js';

const HEADER = 't_us,instrument,action,order_id,side,type,price,qty';
const FILLS_HEADER = 't_us,instrument,price,qty,buy_order_id,sell_order_id,aggressor';
const STACK_FRAME = /^\s+at /m;

// Rows 2..14 of the file (line = index + 2). Asks 101x5 (s1), 102x5 (s2), 102x4 (s3); b1 sweeps two levels.
const GOOD_ROWS = [
  '1,X,submit,s1,sell,limit,101,5',
  '2,X,submit,s2,sell,limit,102,5',
  '3,X,submit,s3,sell,limit,102,4',
  '4,X,submit,b1,buy,limit,102,8', // fills s1 5@101 and 3 of s2 @102; s2 keeps 2 ahead of s3
  '5,X,submit,b4,buy,limit,98,10', // the oldest bid
  '6,X,submit,b2,buy,limit,99,6',
  '7,X,submit,b3,buy,limit,99,4',
  '8,X,submit,b5,buy,limit,99,2', // 99: b2 6, b3 4, b5 2
  '9,X,cancel,b3,,,,', // 99: b2 6, b5 2
  '10,X,modify,b2,,,99,3', // size down: b2 keeps its place ahead of b5
  '11,X,modify,b4,,,99,10', // price change: b4 joins the tail of 99 despite arriving first
  '12,X,submit,m1,sell,market,,7', // b2 3, b5 2, b4 2 @99
  '13,X,submit,b6,buy,limit,102,3', // s2's remaining 2 before s3 (time priority), then s3 1
];
// Hand-computed: each trade prints at the resting order's price with the incoming order's side as aggressor.
const GOOD_FILLS = [
  FILLS_HEADER,
  '4,X,101,5,b1,s1,buy',
  '4,X,102,3,b1,s2,buy',
  '12,X,99,3,b2,m1,sell',
  '12,X,99,2,b5,m1,sell',
  '12,X,99,2,b4,m1,sell',
  '13,X,102,2,b6,s2,buy',
  '13,X,102,1,b6,s3,buy',
].join('\n') + '\n';

const csv = (rows: readonly string[], header = HEADER): string => [header, ...rows].join('\n') + '\n';
/** GOOD_ROWS with `bad` inserted so that it lands on file line `line` (line 2 is the first data row). */
const withRowAt = (bad: string, line: number): string[] => [...GOOD_ROWS.slice(0, line - 2), bad, ...GOOD_ROWS.slice(line - 2)];
const lines = (s: string): string[] => s.split('\n').filter((l) => l.length > 0);

let dir = '';
beforeEach(() => void (dir = makeTempDir()));
afterEach(() => removeTempDir(dir));

function writeCsv(name: string, text: string): string {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
}

describe('replay: exact fills', () => {
  it('limit, partial fills over two levels, cancel, modify down/price and a market sell', () => {
    const file = writeCsv('orders.csv', csv(GOOD_ROWS));
    const r = runCli(['replay', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(GOOD_FILLS);
    expect(r.stderr).toBe('replayed 13 rows: 7 fills, 18 shares\n');
  });

  it('--out writes the same fills to the file and nothing to stdout', () => {
    const file = writeCsv('orders.csv', csv(GOOD_ROWS));
    const out = join(dir, 'fills.csv');
    const r = runCli(['replay', file, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toBe(GOOD_FILLS);
    expect(readdirSync(dir).sort()).toEqual(['fills.csv', 'orders.csv']);
  });

  it('accepts a BOM, CRLF line ends, blank lines and reordered columns', () => {
    const header = 'order_id,t_us,instrument,action,side,type,price,qty';
    const reorder = (row: string): string => {
      const c = row.split(',');
      return [c[3], c[0], c[1], c[2], c[4], c[5], c[6], c[7]].join(',');
    };
    const body = GOOD_ROWS.map(reorder);
    const text = '\uFEFF' + [header, ...body.slice(0, 6), '', ...body.slice(6)].join('\r\n') + '\r\n';
    const file = writeCsv('crlf.csv', text);
    const r = runCli(['replay', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(GOOD_FILLS);
  });

  it('orders the exchange refuses are counted, not bad rows (cancel of a filled order)', () => {
    const file = writeCsv('orders.csv', csv([...GOOD_ROWS, '14,X,cancel,s1,,,,']));
    const r = runCli(['replay', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(GOOD_FILLS);
    expect(r.stderr).toBe('replayed 14 rows: 7 fills, 18 shares; rejected by the exchange: unknown-order 1\n');
  });
});

describe('replay: a bad row stops with one line and exit 2', () => {
  const cases: { name: string; text: string; line: number; phrase: string }[] = [
    { name: 'unknown order id on cancel', text: csv(withRowAt('2,X,cancel,zz,,,,', 4)), line: 4, phrase: 'unknown order id "zz"' },
    { name: 'bad side', text: csv(withRowAt('2,X,submit,q1,hold,limit,100,1', 4)), line: 4, phrase: 'side must be buy or sell, got "hold"' },
    { name: 'price 100.5', text: csv(withRowAt('2,X,submit,q1,buy,limit,100.5,1', 4)), line: 4, phrase: 'price must be a positive integer for a limit order, got "100.5"' },
    { name: 'price abc', text: csv(withRowAt('2,X,submit,q1,buy,limit,abc,1', 4)), line: 4, phrase: 'price must be a positive integer for a limit order, got "abc"' },
    { name: 'duplicate id', text: csv(withRowAt('9,X,submit,b2,buy,limit,99,1', 11)), line: 11, phrase: 'duplicate order id "b2"' },
    { name: 't_us going backwards', text: csv(withRowAt('4,X,submit,q1,buy,limit,100,1', 7)), line: 7, phrase: "t_us 4 is earlier than the previous row's 5" },
    {
      name: 'missing header column',
      text: csv(GOOD_ROWS.map((r) => r.slice(0, r.lastIndexOf(','))), HEADER.slice(0, HEADER.lastIndexOf(','))),
      line: 1,
      phrase: 'missing column "qty" in the header',
    },
    { name: 'bad action', text: csv(withRowAt('2,X,amend,s1,,,,', 3)), line: 3, phrase: 'action must be submit, cancel or modify, got "amend"' },
    { name: 'zero qty', text: csv(withRowAt('2,X,submit,q1,buy,limit,100,0', 3)), line: 3, phrase: 'qty must be a positive integer, got "0"' },
    { name: 'empty file', text: '', line: 1, phrase: 'empty file: expected a header' },
  ];

  it.each(cases)('$name → <path>:$line: $phrase', ({ text, line, phrase }) => {
    const file = writeCsv('orders.csv', text);
    const out = join(dir, 'fills.csv');
    const r = runCli(['replay', file, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr.endsWith('\n')).toBe(true);
    expect(r.stderr.startsWith(`${file}:${line}: `)).toBe(true);
    expect(r.stderr).toContain(phrase);
    expect(r.stderr).not.toMatch(STACK_FRAME);
    expect(r.stderr).not.toContain('internal error');
    // Nothing written: no fills file and no temporary file beside it.
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir)).toEqual(['orders.csv']);
  });

  it('a KRX instrument with no limit price and no --base-price is one line and leaves no temp file', () => {
    const file = writeCsv('orders.csv', csv(['33000000000,A,submit,m,buy,market,,3']));
    const out = join(dir, 'fills.csv');
    const r = runCli(['replay', file, '--rules', 'krx', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('instrument A: no limit price in the file to use as base price; pass --base-price A=PRICE\n');
    expect(readdirSync(dir)).toEqual(['orders.csv']);
  });
});

describe('replay --skip-invalid', () => {
  it('lists every bad row with its line, exits 0 and replays the valid rows only', () => {
    const bad = {
      side: '2,X,submit,q1,hold,limit,100,1',
      price: '5,X,submit,q2,buy,limit,abc,1',
      unknown: '9,X,cancel,nope,,,,',
      duplicate: '13,X,submit,s1,sell,limit,99,50',
    };
    const rows = [
      ...GOOD_ROWS.slice(0, 2), bad.side, ...GOOD_ROWS.slice(2, 5), bad.price, ...GOOD_ROWS.slice(5, 9), bad.unknown,
      ...GOOD_ROWS.slice(9), bad.duplicate,
    ];
    const lineOf = (row: string): number => rows.indexOf(row) + 2;
    expect([bad.side, bad.price, bad.unknown, bad.duplicate].map(lineOf)).toEqual([4, 8, 13, 18]);
    const file = writeCsv('orders.csv', csv(rows));
    const out = join(dir, 'fills.csv');
    const r = runCli(['replay', file, '--skip-invalid', '--out', out]);
    expect(r.code).toBe(0);
    expect(lines(r.stderr)).toEqual([
      `${file}:4: skipped: side must be buy or sell, got "hold"`,
      `${file}:8: skipped: price must be a positive integer for a limit order, got "abc"`,
      `${file}:13: skipped: unknown order id "nope" (never submitted)`,
      `${file}:18: skipped: duplicate order id "s1"`,
      'replayed 13 rows: 7 fills, 18 shares; 4 bad rows skipped',
    ]);
    expect(readFileSync(out, 'utf8')).toBe(GOOD_FILLS);
  });

  it('a bad header still stops: there is nothing to skip to', () => {
    const file = writeCsv('orders.csv', csv(GOOD_ROWS, 't_us,instrument,action,order_id,side,type,qty'));
    const r = runCli(['replay', file, '--skip-invalid']);
    expect(r.code).toBe(2);
    expect(r.stderr.startsWith(`${file}:1: missing column "price" in the header`)).toBe(true);
  });
});

describe('replay --out and --force', () => {
  it('refuses to overwrite an existing file without --force and leaves it unchanged', () => {
    const file = writeCsv('orders.csv', csv(GOOD_ROWS));
    const out = writeCsv('fills.csv', 'precious\n');
    const r = runCli(['replay', file, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`${out} already exists; pass --force to overwrite it\n`);
    expect(readFileSync(out, 'utf8')).toBe('precious\n');
    expect(readdirSync(dir).sort()).toEqual(['fills.csv', 'orders.csv']);
  });

  it('replaces it with --force', () => {
    const file = writeCsv('orders.csv', csv(GOOD_ROWS));
    const out = writeCsv('fills.csv', 'precious\n');
    const r = runCli(['replay', file, '--out', out, '--force']);
    expect(r.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(GOOD_FILLS);
    expect(readdirSync(dir).sort()).toEqual(['fills.csv', 'orders.csv']);
  });

  it('an --out directory that does not exist is one line', () => {
    const file = writeCsv('orders.csv', csv(GOOD_ROWS));
    const out = join(dir, 'no', 'fills.csv');
    const r = runCli(['replay', file, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`${out}: cannot write here (ENOENT)\n`);
  });
});

describe('replay reproduces the engine on a standard stream', () => {
  it('mixed, seed 42, 100000 messages: the fills file has the stream\'s expected checksum', () => {
    const n = 100_000;
    const { meta, buf } = generate({ workload: 'mixed', n, seed: 42 });
    const rows: string[] = [];
    for (let i = 0; i < n; i++) {
      const o = i * LOBS_STRIDE;
      const [type, side, price, qty, id] = [buf[o]!, buf[o + 1]!, buf[o + 2]!, buf[o + 3]!, buf[o + 4]!];
      const s = side === 0 ? 'buy' : 'sell';
      if (type === LOBS_LIMIT) rows.push(`${i},X,submit,${id},${s},limit,${price},${qty}`);
      else if (type === LOBS_CANCEL) rows.push(`${i},X,cancel,${id},,,,`);
      else rows.push(`${i},X,submit,${id},${s},market,,${qty}`);
    }
    const file = writeCsv('mixed.csv', csv(rows));
    const out = join(dir, 'fills.csv');
    const r = runCli(['replay', file, '--rules', 'none', '--out', out]);
    expect(r.code).toBe(0);

    const fills = lines(readFileSync(out, 'utf8'));
    expect(fills[0]).toBe(FILLS_HEADER);
    const ck = new FillChecksum();
    for (const row of fills.slice(1)) {
      const [, inst, price, qty, buyId, sellId, aggressor] = row.split(',');
      expect(inst).toBe('X');
      expect(aggressor === 'buy' || aggressor === 'sell').toBe(true);
      ck.fill(Number(aggressor === 'buy' ? sellId : buyId), Number(price), Number(qty));
    }
    const cp = meta.expected.at(-1)!;
    expect(cp.n).toBe(n);
    expect({ trades: ck.trades, filledQty: ck.filledQty, notional: ck.notional, hash: ck.hex() }).toEqual({
      trades: cp.trades,
      filledQty: cp.filledQty,
      notional: cp.notional,
      hash: cp.hash,
    });
    expect(fills.length - 1).toBe(cp.trades);
    expect(r.stderr).toBe(`replayed ${n} rows: ${cp.trades} fills, ${cp.filledQty} shares\n`);
  });
});

describe('replay --rules krx', () => {
  const H = 3_600_000_000;
  const M = 60_000_000;
  const at = (h: number, m: number, us = 0): number => h * H + m * M + us;

  it('pre-open orders uncross in the opening auction; an order outside ±30% is refused, not a bad row', () => {
    const rows = [
      `${at(8, 40)},A,submit,p1,buy,limit,10000,10`,
      `${at(8, 40, 1)},A,submit,p2,sell,limit,9900,6`,
      `${at(8, 40, 2)},A,submit,p3,sell,limit,10000,7`,
      `${at(9, 10)},A,submit,c1,buy,limit,10000,3`, // takes p3's remaining 3 in continuous trading
      `${at(9, 10, 1)},A,submit,c2,buy,limit,13010,1`, // base 10000: limits [7000, 13000]
      `${at(9, 10, 2)},A,submit,c3,sell,limit,7000,1`, // at the lower limit: accepted, rests (bids are gone)
    ];
    const file = writeCsv('krx.csv', csv(rows));
    const r = runCli(['replay', file, '--rules', 'krx', '--close']);
    expect(r.code).toBe(0);
    const fills = lines(r.stdout).slice(1).map((l) => l.split(','));
    // Auction at 10000: demand 10, supply 13 there (6 at 9900), volume 10, p2 first (better price), then p3.
    expect(fills.map((f) => f.slice(1))).toEqual([
      ['A', '10000', '6', 'p1', 'p2', 'auction'],
      ['A', '10000', '4', 'p1', 'p3', 'auction'],
      ['A', '10000', '3', 'c1', 'p3', 'buy'],
    ]);
    const tAuction = Number(fills[0]![0]);
    expect(tAuction).toBeGreaterThanOrEqual(at(9, 0));
    expect(tAuction).toBeLessThanOrEqual(at(9, 0, 30_000_000));
    expect(Number(fills[1]![0])).toBe(tAuction);
    expect(Number(fills[2]![0])).toBe(at(9, 10));
    expect(r.stderr).toBe('replayed 6 rows: 3 fills, 13 shares; rejected by the exchange: outside-price-limits 1\n');
  });

  it('--base-price sets the limits instead of the first price', () => {
    const rows = [`${at(9, 10)},A,submit,c1,buy,limit,13010,1`];
    const file = writeCsv('krx.csv', csv(rows));
    const r = runCli(['replay', file, '--rules', 'krx', '--base-price', 'A=11000']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('replayed 1 rows: 0 fills, 0 shares\n');
  });

  it('the same file and seed give the same fills; the auction end is seeded', () => {
    const rows = [`${at(8, 40)},A,submit,p1,buy,limit,10000,10`, `${at(8, 41)},A,submit,p2,sell,limit,10000,10`];
    const file = writeCsv('krx.csv', csv(rows));
    const a = runCli(['replay', file, '--rules', 'krx', '--close', '--seed', '7']);
    const b = runCli(['replay', file, '--rules', 'krx', '--close', '--seed', '7']);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(lines(a.stdout)).toHaveLength(2);
  });
});

describe('order files with quoted fields and instrument checks (issue 15)', () => {
  it('reads RFC 4180 quoted fields, including commas, doubled quotes and line breaks, and quotes them on output', async () => {
    const { parseOrderFile, csvRecords } = await import('../../src/replay/order-file.js');
    expect(csvRecords('a,"b,c","say ""hi""","x\ny"\n1,2,3,4\n')).toEqual([
      { line: 1, cells: ['a', 'b,c', 'say "hi"', 'x\ny'] },
      { line: 3, cells: ['1', '2', '3', '4'] },
    ]);
    const f = parseOrderFile('t_us,instrument,action,order_id,side,type,price,qty\n1,"AAA",submit,"id, 1",buy,limit,100,5\n2,AAA,submit,b,sell,limit,100,5\n', false);
    expect(f.ids).toEqual(['id, 1', 'b']);
    const { replay } = await import('../../src/replay/replay-run.js');
    let out = '';
    replay(f, { rules: 'none', basePrices: new Map(), tickTable: 'krx-stock', seed: 1, close: false }, (c) => { out += c; });
    expect(out.split('\n')[1]).toBe('2,AAA,100,5,"id, 1",b,sell');
  });

  it('refuses a cancel or modify naming another instrument than its order', async () => {
    const { parseOrderFile, OrderFileError } = await import('../../src/replay/order-file.js');
    const text = 't_us,instrument,action,order_id,side,type,price,qty\n1,AAA,submit,a,buy,limit,100,5\n2,BBB,modify,a,,,101,5\n';
    expect(() => parseOrderFile(text, false)).toThrow(OrderFileError);
    expect(() => parseOrderFile(text, false)).toThrow('line 3: order "a" was submitted on AAA, not BBB');
    expect(parseOrderFile(text, true).skipped).toEqual([{ line: 3, message: 'order "a" was submitted on AAA, not BBB (a modify must name its order\'s instrument)' }]);
  });
});
