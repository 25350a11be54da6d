// The `cascade` command line as a user meets it: help and version; usage mistakes (unknown command, unknown
// workload, missing file, bad option values) exit 2 with one line and never a stack trace; a closed stdout pipe
// is not an error; `bench engine` end to end on small streams (checksums ok, a corrupted stream exits 1).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generate, writeStream } from '../../bench/gen.mjs';
import { LOBS_MARKET, LOBS_STRIDE } from '../../src/bench/lobs-stream.js';
import { CLI_PATH, makeTempDir, removeTempDir, runCli } from './run-cli.js';

const PKG = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
const STACK_FRAME = /^\s+at /m;

/** The non-empty lines of a stream. */
const lines = (s: string): string[] => s.split('\n').filter((l) => l.length > 0);

describe('help and version', () => {
  it('--help lists the replay and bench commands and exits 0', () => {
    const r = runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: cascade /);
    expect(r.stdout).toMatch(/^\s+replay \[options\] <orders\.csv>/m);
    expect(r.stdout).toMatch(/^\s+bench\b/m);
    expect(r.stderr).toBe('');
  });

  it('replay --help documents the columns and shows an example', () => {
    const r = runCli(['replay', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('t_us,instrument,action,order_id,side,type,price,qty');
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toContain('cascade replay orders.csv --out fills.csv');
  });

  it('bench engine --help shows an example', () => {
    const r = runCli(['bench', 'engine', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--workloads <list>');
    expect(r.stdout).toContain('Example:');
  });

  it('--version prints the package.json version', () => {
    const r = runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${PKG.version}\n`);
  });
});

describe('usage errors exit 2 without a stack trace', () => {
  it('an unknown command prints commander\'s message (and the help)', () => {
    const r = runCli(['frobnicate']);
    expect(r.code).toBe(2);
    expect(lines(r.stderr)[0]).toBe("error: unknown command 'frobnicate'");
    expect(r.stderr).not.toMatch(STACK_FRAME);
    expect(r.stderr).not.toContain('internal error');
    expect(r.stdout).toBe('');
  });

  it('an unknown option prints commander\'s message', () => {
    const r = runCli(['replay', 'x.csv', '--bogus']);
    expect(r.code).toBe(2);
    expect(lines(r.stderr)[0]).toBe("error: unknown option '--bogus'");
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });

  it('bench engine --workloads nope is one line naming the valid workloads', () => {
    const r = runCli(['bench', 'engine', '--workloads', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('unknown workload "nope": expected one of mixed, aggressive, itch, mixed-deep\n');
    expect(r.stdout).toBe('');
  });

  it('bench engine --runs 0 is rejected by the option parser', () => {
    const r = runCli(['bench', 'engine', '--runs', '0']);
    expect(r.code).toBe(2);
    expect(lines(r.stderr)[0]).toContain("option '--runs <n>' argument '0' is invalid");
    expect(lines(r.stderr)[0]).toContain('expected a positive integer');
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });

  describe('in a temp dir', () => {
    let dir = '';
    beforeEach(() => {
      dir = makeTempDir();
    });
    afterEach(() => removeTempDir(dir));

    it('a missing order file is one line naming the file', () => {
      const file = join(dir, 'nope.csv');
      const r = runCli(['replay', file]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`${file}: cannot read the order file (no such file)\n`);
      expect(r.stdout).toBe('');
    });

    it('a directory given as the order file is one line naming it', () => {
      const r = runCli(['replay', dir]);
      expect(r.code).toBe(2);
      expect(lines(r.stderr)).toEqual([`${dir}: cannot read the order file (it is a directory)`]);
    });

    it.each([
      [['--rules', 'nyse'], '--rules must be krx or none, got "nyse"'],
      [['--tick-table', 'x'], '--tick-table must be krx-stock or krx-etf, got "x"'],
      [['--seed', '-1'], '--seed must be a non-negative integer, got "-1"'],
      [['--base-price', 'A=1.5'], '--base-price must look like SYMBOL=PRICE with a positive integer price, got "A=1.5"'],
      [['--base-price', 'A=0'], '--base-price must look like SYMBOL=PRICE with a positive integer price, got "A=0"'],
    ])('replay %j is one line: %s', (args, message) => {
      const r = runCli(['replay', join(dir, 'any.csv'), ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`${message}\n`);
    });
  });
});

describe('replay into a closed pipe', () => {
  let dir = '';
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => removeTempDir(dir));

  it('exits 0 without an error when the reader goes away (`cascade replay x.csv | head`)', async () => {
    const rows = ['t_us,instrument,action,order_id,side,type,price,qty'];
    for (let i = 0; i < 50_000; i++) rows.push(`${2 * i},X,submit,s${i},sell,limit,100,1`, `${2 * i + 1},X,submit,b${i},buy,limit,100,1`);
    const file = join(dir, 'big.csv');
    writeFileSync(file, rows.join('\n') + '\n');
    const child = spawn(process.execPath, [CLI_PATH, 'replay', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    let first = '';
    child.stdout.setEncoding('utf8').once('data', (d: string) => {
      first = d;
      child.stdout.destroy();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(first.startsWith('t_us,instrument,price,qty,buy_order_id,sell_order_id,aggressor\n')).toBe(true);
    expect(code).toBe(0);
    expect(stderr).not.toContain('internal error');
    expect(stderr).not.toMatch(STACK_FRAME);
  });
});

describe('bench engine on small streams', () => {
  interface Row {
    workload: string;
    rules: string;
    messages: number;
    checksum: string;
    mismatches: number;
  }
  const N = 20_000;
  const quick = ['bench', 'engine', '--n', String(N), '--runs', '1', '--warmup', '1', '--json'];
  let dir = '';
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => removeTempDir(dir));

  it('generates the missing stream and reports checksum ok for both rule modes', () => {
    const r = runCli([...quick, '--workloads', 'itch', '--streams', dir]);
    expect(r.code).toBe(0);
    const file = join(dir, `itch-${N}.lobs`);
    expect(r.stderr).toBe(`generating ${file} ...\n`);
    expect(existsSync(file)).toBe(true);
    const out = JSON.parse(r.stdout) as { machine: string; rows: Row[] };
    expect(out.rows.map((x) => [x.workload, x.rules, x.messages, x.checksum, x.mismatches])).toEqual([
      ['itch', 'none', N, 'ok', 0],
      ['itch', 'krx', N, 'ok', 0],
    ]);
  });

  it('a stream whose messages do not match its header fails the checksum and exits 1', () => {
    const s = generate({ workload: 'mixed', n: N, seed: 42 });
    let at = 0;
    while (s.buf[at * LOBS_STRIDE] !== LOBS_MARKET) at++;
    s.buf[at * LOBS_STRIDE + 3]! += 1;
    writeStream(join(dir, `mixed-${N}.lobs`), s);
    const r = runCli([...quick, '--workloads', 'mixed', '--rules', 'none', '--streams', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^checksum mismatch for mixed: \[\{"n":10000,/);
    const out = JSON.parse(r.stdout) as { rows: Row[] };
    expect(out.rows[0]!.checksum).toBe('mismatch');
    expect(out.rows[0]!.mismatches).toBeGreaterThan(0);
  });

  // KNOWN BUG (src/cli/bench.ts runChild): a truncated stream file is a mistake the user can fix (delete it to
  // regenerate), but readLobs' Error is not a UserError, so the child and then the parent print
  // "cascade: internal error" with stack traces and exit 1. Flip `it.fails` to `it` once it is one line, exit 2.
  it('a truncated stream file is one line naming the file, exit 2', () => {
    const s = generate({ workload: 'mixed', n: N, seed: 42 });
    const file = join(dir, `mixed-${N}.lobs`);
    writeStream(file, s);
    const bytes = readFileSync(file);
    writeFileSync(file, bytes.subarray(0, bytes.length - 4));
    const r = runCli([...quick, '--workloads', 'mixed', '--rules', 'none', '--streams', dir]);
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toContain(`${file}: truncated (expected ${N} messages)`);
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });
});
