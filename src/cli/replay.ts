// `cascade replay <orders.csv>`: push an order file through the exchange and write the fills. The whole file is
// validated first; a bad row stops with `orders.csv:LINE: message` and exit 2 before anything is written, unless
// --skip-invalid. Output goes to a temporary file renamed into place on success (or to stdout).
import { lstatSync, readFileSync, renameSync, rmSync, openSync, statSync, writeSync, closeSync, fsyncSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Command } from 'commander';
import { UserError } from './user-error.js';

interface ReplayCliOptions {
  out?: string;
  rules: string;
  skipInvalid?: boolean;
  basePrice: string[];
  tickTable: string;
  seed: string;
  close?: boolean;
  force?: boolean;
}

export function registerReplay(program: Command): void {
  program
    .command('replay')
    .description('Push an order file through the exchange and write one row per fill')
    .argument('<orders.csv>', 'columns t_us,instrument,action,order_id,side,type,price,qty')
    .option('--out <fills.csv>', 'write fills here (default: standard output)')
    .option('--rules <mode>', 'krx | none', 'none')
    .option('--skip-invalid', 'report bad rows on stderr and go on instead of stopping')
    .option('--base-price <SYM=PRICE>', 'KRX base price (prior close) of an instrument; repeatable', collect, [])
    .option('--tick-table <table>', 'KRX tick table: krx-stock | krx-etf', 'krx-stock')
    .option('--seed <n>', 'seed for random auction ends (KRX)', '1')
    .option('--close', 'KRX: run each day through its closing auction after its last row')
    .option('--force', 'overwrite an existing --out file')
    .addHelpText('after', '\nExamples:\n  cascade replay orders.csv --out fills.csv\n  cascade replay orders.csv --rules krx --base-price 005930=71000 --close\n')
    .action(async (file: string, o: ReplayCliOptions) => {
      const { parseOrderFile, OrderFileError } = await import('../replay/order-file.js');
      const { replay, ReplayConfigError } = await import('../replay/replay-run.js');
      const opts = replayOptions(o);
      const text = readInput(file);
      let parsed;
      try {
        parsed = parseOrderFile(text, o.skipInvalid === true);
      } catch (e) {
        if (e instanceof OrderFileError) throw new UserError(`${file}:${e.row.line}: ${e.row.message}`);
        throw e;
      }
      for (const s of parsed.skipped) process.stderr.write(`${file}:${s.line}: skipped: ${s.message}\n`);
      const sink = openSink(o.out, o.force === true);
      let summary;
      try {
        summary = replay(parsed, opts, sink.write);
      } catch (e) {
        sink.abort();
        if (e instanceof ReplayConfigError) throw new UserError(e.message);
        throw e;
      }
      sink.commit();
      const rej = Object.entries(summary.rejected).map(([k, v]) => `${k} ${v}`).join(', ');
      process.stderr.write(
        `replayed ${summary.rows} rows: ${summary.fills} fills, ${summary.filledQty} shares` +
          (parsed.skipped.length ? `; ${parsed.skipped.length} bad rows skipped` : '') +
          (rej ? `; rejected by the exchange: ${rej}` : '') + '\n',
      );
    });
}

function collect(v: string, acc: string[]): string[] {
  return [...acc, v];
}

function replayOptions(o: ReplayCliOptions): import('../replay/replay-run.js').ReplayOptions {
  if (o.rules !== 'krx' && o.rules !== 'none') throw new UserError(`--rules must be krx or none, got "${o.rules}"`);
  if (o.tickTable !== 'krx-stock' && o.tickTable !== 'krx-etf') throw new UserError(`--tick-table must be krx-stock or krx-etf, got "${o.tickTable}"`);
  const seed = Number(o.seed);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new UserError(`--seed must be a non-negative integer, got "${o.seed}"`);
  const basePrices = new Map<string, number>();
  for (const bp of o.basePrice) {
    const m = /^([^=]+)=(\d+)$/.exec(bp);
    if (!m || Number(m[2]) < 1) throw new UserError(`--base-price must look like SYMBOL=PRICE with a positive integer price, got "${bp}"`);
    basePrices.set(m[1]!, Number(m[2]));
  }
  return { rules: o.rules, basePrices, tickTable: o.tickTable, seed, close: o.close === true };
}

function readInput(file: string): string {
  try {
    // A FIFO or device would block or never end: only regular files are read.
    const st = statSync(file);
    if (!st.isFile()) throw new UserError(`${file}: cannot read the order file (${st.isDirectory() ? 'it is a directory' : 'not a regular file'})`);
    return readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof UserError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(`${file}: cannot read the order file (${code === 'ENOENT' ? 'no such file' : (code ?? String(e))})`);
  }
}

interface Sink {
  write: (chunk: string) => void;
  commit: () => void;
  abort: () => void;
}

function kindOf(path: string): 'none' | 'file' | 'other' {
  try {
    return lstatSync(path).isFile() ? 'file' : 'other';
  } catch {
    return 'none';
  }
}

/** stdout, or a temp file beside `out` that is fsync'd and renamed into place on commit. */
function openSink(out: string | undefined, force: boolean): Sink {
  if (out === undefined) return { write: (c) => process.stdout.write(c), commit: () => {}, abort: () => {} };
  const existing = kindOf(out);
  if (existing !== 'none' && !force) throw new UserError(`${out} already exists; pass --force to overwrite it`);
  // --force replaces only a regular file (never a directory, a link or a device): the same rule as run directories.
  if (existing !== 'none' && existing !== 'file') throw new UserError(`${out} is not a regular file; --force never replaces it (choose a new --out)`);
  const tmp = join(dirname(out), `.${basename(out)}.${process.pid}.tmp`);
  let fd: number;
  try {
    fd = openSync(tmp, 'w');
  } catch (e) {
    throw new UserError(`${out}: cannot write here (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  return {
    write: (c) => void writeSync(fd, c),
    commit: () => {
      fsyncSync(fd);
      closeSync(fd);
      renameSync(tmp, out);
    },
    abort: () => {
      closeSync(fd);
      rmSync(tmp, { force: true });
    },
  };
}
