// The `cascade` command line as a user meets it: help and version, and that usage mistakes (unknown command,
// unknown workload, missing file, bad option values) exit 2 with one line and never a stack trace.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir, runCli } from './run-cli.js';

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
      expect(lines(r.stderr)).toEqual([`${dir}: cannot read the order file (EISDIR)`]);
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
