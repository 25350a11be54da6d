// The bad-input catalog of issue 15, in the audit's spirit (a new user, a careless one, a hostile one): each case
// runs the built CLI under a 256 MB heap and must exit with code 2 (the documented code for bad input) with its
// message on one line of stderr (at most a few hundred characters), no stack trace, and nothing written or deleted
// in the working directory. Validation-only cases share one `cascade validate` process (one line per file), so
// the catalog costs a few dozen process starts. A hang is caught by HANG_GUARD_MS; the timing itself is not
// asserted (the machine is shared), but every case finishes in well under a second of work when idle.
import { spawnSync } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_PATH } from './run-cli.js';

const HANG_GUARD_MS = 20_000;
const STACK_FRAME = /^\s+at |Error: .*\n\s+at /m;
const MAX_LINE = 400;

let ws: string;

/** A valid scenario with a stock, its 2x ETF and one group of each kind named by `agents` (YAML flow lines). */
function scenario(agents: string[], extra = ''): string {
  return [
    'name: cat',
    'calendar: { days: 2 }',
    'market:',
    '  instruments:',
    '    - { symbol: AAA, initialPrice: 10000, sharesOutstanding: 1000000 }',
    '    - { symbol: AAA2X, initialPrice: 10000, sharesOutstanding: 1000, tickTable: krx-etf, leverage: 2 }',
    'agents:',
    '  - { kind: noise-trader, count: 2 }',
    ...agents.map((a) => `  - ${a}`),
    extra,
  ].join('\n');
}

interface ValidateCase {
  readonly name: string;
  readonly file: string;
  /** File text; or `mkfifo` for a FIFO. */
  readonly text: string | 'mkfifo';
  readonly phrase: string;
}

const FS = '{ kind: foreign-seller, count: 1, params: ';
const VALIDATE_CASES: ValidateCase[] = [
  // prototype keys (a `__proto__:` key once changed the run)
  { name: '__proto__ key', file: 'proto.yaml', text: scenario([], '__proto__: { seed: 99 }'), phrase: 'the key "__proto__" is not allowed' },
  { name: 'constructor key nested', file: 'ctor.yaml', text: scenario([], 'outputs: { constructor: 1 }'), phrase: 'the key "constructor" is not allowed' },
  { name: 'prototype key', file: 'prototype.yaml', text: scenario([], 'params: { prototype: 1 }'), phrase: 'the key "prototype" is not allowed' },
  // files that are not small regular files (hangs and memory blow-ups in the audit)
  { name: 'file over the size limit', file: 'huge.yaml', text: `# ${'x'.repeat(1_100_000)}\n${scenario([])}`, phrase: 'the limit is 1048576 bytes' },
  { name: 'scenario is a FIFO', file: 'fifo.yaml', text: 'mkfifo', phrase: 'not a regular file' },
  { name: 'extends a FIFO', file: 'ext-fifo.yaml', text: `extends: pipe.yaml\n${scenario([])}`, phrase: 'extends file "pipe.yaml": cannot read the scenario file (not a regular file)' },
  { name: 'extends /dev/zero', file: 'ext-zero.yaml', text: `extends: /dev/zero\n${scenario([])}`, phrase: 'extends file "/dev/zero": cannot read the scenario file (not a regular file)' },
  { name: 'extends a directory', file: 'ext-dir.yaml', text: `extends: adir\n${scenario([])}`, phrase: 'it is a directory' },
  { name: 'extends a file over the size limit', file: 'ext-huge.yaml', text: `extends: huge.yaml\n${scenario([])}`, phrase: 'the limit is 1048576 bytes' },
  // YAML at scale: 60,000 keys with one duplicate at the end (the quadratic check took about a minute)
  {
    name: 'duplicate key among 60,000',
    file: 'many-keys.yaml',
    text: `${scenario([])}\nparams:\n${Array.from({ length: 60_000 }, (_, i) => `  p${i}: 1`).join('\n')}\n  p7: 2\n`,
    phrase: 'duplicate key "p7"',
  },
  // expressions: length, depth, echo size
  { name: 'expression of 2,000 terms', file: 'expr-long.yaml', text: scenario([`{ kind: noise-trader, count: "${Array(2000).fill('1').join('+')}" }`]), phrase: 'the limit is 500' },
  { name: 'expression of 300 KB', file: 'expr-huge.yaml', text: scenario([`{ kind: noise-trader, count: "${'1'.repeat(300_000)}" }`]), phrase: 'characters long; the limit is 500' },
  { name: 'expression nested 200 deep', file: 'expr-deep.yaml', text: scenario([`{ kind: noise-trader, count: "${'('.repeat(200)}1${')'.repeat(200)}" }`]), phrase: 'nests brackets 200 deep' },
  // cross-references that used to pass validate and crash the run
  { name: 'leveraged-etf etf unknown', file: 'letf-etf.yaml', text: scenario(['{ kind: leveraged-etf, count: 1, params: { etf: AAA3X, underlying: AAA, leverage: 2, aumKrw: 1e9 } }']), phrase: 'params.etf: no instrument "AAA3X"' },
  { name: 'leveraged-etf underlying unknown', file: 'letf-und.yaml', text: scenario(['{ kind: leveraged-etf, count: 1, params: { etf: AAA2X, underlying: AAB, leverage: 2, aumKrw: 1e9 } }']), phrase: 'params.underlying: no instrument "AAB" (did you mean "AAA"?)' },
  { name: 'authorized-participant etf unknown', file: 'ap-etf.yaml', text: scenario(['{ kind: authorized-participant, count: 1, params: { etf: ETF, underlying: AAA, leverage: 2 } }']), phrase: 'params.etf: no instrument "ETF"' },
  { name: 'option-dealer underlying unknown', file: 'dealer.yaml', text: scenario(['{ kind: option-dealer, count: 1, params: { underlying: BBB } }']), phrase: 'params.underlying: no instrument "BBB"' },
  { name: 'margin-accounts instrument unknown', file: 'margin.yaml', text: scenario(['{ kind: margin-accounts, count: 1, params: { instrument: aaa } }']), phrase: 'params.instrument: no instrument "aaa"' },
  { name: 'foreign-seller weights of the wrong length', file: 'weights.yaml', text: scenario([`${FS}{ instruments: [AAA], weights: [0.5, 0.5] } }`]), phrase: '2 weights for the 1 instruments' },
  { name: 'foreign-seller weights for the whole market', file: 'weights-market.yaml', text: scenario([`${FS}{ weights: [1, 1, 1] } }`]), phrase: '3 weights for the 2 instruments of the market' },
  { name: 'foreign-seller weights all zero', file: 'weights-zero.yaml', text: scenario([`${FS}{ instruments: [AAA], weights: [0] } }`]), phrase: 'weights must not all be 0' },
  { name: 'startTime: banana', file: 'banana.yaml', text: scenario([`${FS}{ startTime: banana } }`]), phrase: 'params.startTime: bad clock time "banana"' },
  { name: 'noise-trader openTime 25:00', file: 'clock25.yaml', text: scenario(['{ kind: noise-trader, count: 1, params: { openTime: "25:00" } }']), phrase: 'params.openTime: bad clock time "25:00"' },
  { name: 'shock on a day past the calendar', file: 'shock-day.yaml', text: scenario([], 'fundamentals: { shocks: [{ day: 2, time: "10:00", instrument: AAA, size: -0.1 }] }'), phrase: 'day 2 is past the last day (2 days: 0..1)' },
  { name: 'stress day past the calendar', file: 'stress.yaml', text: scenario([]).replace('days: 2', 'days: 2, stressDay: 5'), phrase: 'must be less than days (2), got 5' },
  // quantities and sizes (heap crashes, Parquet crashes, silent no-trade runs)
  { name: 'qtyMean 1e12', file: 'qty12.yaml', text: scenario(['{ kind: noise-trader, count: 1, params: { qtyMean: 1e12 } }']), phrase: 'is more than the largest shares outstanding in the market (1000000)' },
  { name: 'qtyMean 1e300', file: 'qty300.yaml', text: scenario(['{ kind: noise-trader, count: 1, params: { qtyMean: 1e300 } }']), phrase: 'is more than the largest shares outstanding' },
  { name: 'endowment beyond shares outstanding', file: 'endow.yaml', text: scenario(['{ kind: noise-trader, count: 1, endowment: { positions: { AAA: 5000000 } } }']), phrase: "5000000 shares is more than AAA's shares outstanding" },
  { name: 'ratePerMin 1e9', file: 'rate.yaml', text: scenario(['{ kind: noise-trader, count: 60, params: { ratePerMin: 1e9 } }']), phrase: 'too large: ' },
  { name: '200 groups of 100,000 agents', file: 'crowd.yaml', text: scenario(Array(200).fill('{ kind: noise-trader, count: 100000, params: { ratePerMin: 0.01 } }')), phrase: 'too large: 20.0M agents' },
  // the self-trade policy is checked like any option
  { name: 'self-trade policy typo', file: 'stp.yaml', text: scenario([]).replace('market:\n', 'market:\n  selfTradePrevention: cancel-newest\n'), phrase: 'market.selfTradePrevention: Invalid option' },
];

interface CliCase {
  readonly name: string;
  readonly args: readonly string[];
  readonly phrase: string;
}

const CLI_CASES: CliCase[] = [
  // --force never deletes what cascade did not write (issue item 1)
  { name: 'run --force --out .', args: ['run', 'ok.yaml', '--force', '--out', '.'], phrase: 'is the working directory or one of its parents' },
  { name: 'run --force --out ..', args: ['run', 'ok.yaml', '--force', '--out', '..'], phrase: 'is the working directory or one of its parents' },
  { name: 'run --force --out <results root>', args: ['run', 'ok.yaml', '--force', '--out', 'results'], phrase: 'is not a run directory written by cascade' },
  { name: 'run --force --out <file>', args: ['run', 'ok.yaml', '--force', '--out', 'afile.txt'], phrase: 'exists and is not a directory' },
  { name: 'run --out <existing run> without --force', args: ['run', 'ok.yaml', '--out', 'results/cat/run1'], phrase: 'already exists; pass --force' },
  { name: 'run --out under a file (unwritable)', args: ['run', 'ok.yaml', '--out', 'afile.txt/run'], phrase: 'afile.txt is not a directory' },
  // sizes and prototype keys through run and --set
  { name: 'run a scenario over the resource limit', args: ['run', 'rate.yaml'], phrase: 'too large: ' },
  { name: 'run --set __proto__.seed=5', args: ['run', 'ok.yaml', '--set', '__proto__.seed=5'], phrase: 'the key "__proto__" is not allowed in a path' },
  { name: 'run --set with a constructor key in the value', args: ['run', 'ok.yaml', '--set', 'outputs={constructor: 1}'], phrase: 'the key "constructor" is not allowed in a value' },
  { name: 'run --seed abc', args: ['run', 'ok.yaml', '--seed', 'abc'], phrase: '--seed must be a non-negative integer' },
  { name: 'run --format xml', args: ['run', 'ok.yaml', '--format', 'xml'], phrase: '--format must be parquet, csv or both' },
  { name: 'run --report-currency usd', args: ['run', 'ok.yaml', '--report-currency', 'usd'], phrase: '--report-currency must look like USD=1380' },
  { name: 'run --disable a kind the scenario lacks', args: ['run', 'ok.yaml', '--disable', 'value-trader'], phrase: 'the scenario has no agents of kind "value-trader"' },
  { name: 'validate --set with a 5 KB path', args: ['validate', 'ok.yaml', '--set', `${'a.'.repeat(2500)}b=1`], phrase: '--set a.a.a.' },
  // sweeps: cross-field mistakes and plan sizes before anything runs
  { name: 'sweep --dry-run of a 10^6-point grid', args: ['sweep', 'grid.sweep.yaml', '--dry-run'], phrase: 'at most 20000 are allowed' },
  { name: 'sweep --dry-run with a swept unknown symbol', args: ['sweep', 'symbol.sweep.yaml', '--dry-run'], phrase: 'no instrument "ZZZ"' },
  { name: 'sweep --dry-run with a point over the resource limit', args: ['sweep', 'rate.sweep.yaml', '--dry-run'], phrase: 'point 1: too large' },
  { name: 'sweep --dry-run with a base whose weights are wrong', args: ['sweep', 'weights.sweep.yaml', '--dry-run'], phrase: '2 weights for the 1 instruments' },
  // attribute: the kinds and metrics are checked before anything runs or is written
  { name: 'attribute without --kinds', args: ['attribute', 'ok.yaml'], phrase: '--kinds is required' },
  { name: 'attribute an unknown kind', args: ['attribute', 'ok.yaml', '--kinds', 'noise-trader,levered-etf'], phrase: 'unknown agent kind "levered-etf" (did you mean "leveraged-etf"?)' },
  { name: 'attribute a kind the scenario lacks', args: ['attribute', 'ok.yaml', '--kinds', 'noise-trader,value-trader'], phrase: 'ok.yaml has no agents of kind "value-trader" (it has noise-trader)' },
  { name: 'attribute 11 kinds', args: ['attribute', 'ok.yaml', '--kinds', Array.from({ length: 11 }, (_, i) => `k${i}`).join(',')], phrase: '11 kinds would take 2^11 = 2048 runs per seed; at most 10 kinds (1024 runs per seed)' },
  { name: 'attribute a kind listed twice', args: ['attribute', 'ok.yaml', '--kinds', 'noise-trader,noise-trader'], phrase: '--kinds: "noise-trader" is listed twice' },
  { name: 'attribute an unknown metric', args: ['attribute', 'ok.yaml', '--kinds', 'noise-trader', '--metrics', 'return.AAA,return.ZZZ'], phrase: '--metrics: "return.ZZZ" is not a summary metric of this scenario' },
  // replay
  { name: 'replay cancel naming another instrument', args: ['replay', 'wrong-inst.csv'], phrase: 'wrong-inst.csv:3: order "a" was submitted on AAA, not BBB' },
  { name: 'replay --out <dir> --force', args: ['replay', 'orders.csv', '--out', 'results', '--force'], phrase: 'results is not a regular file; --force never replaces it' },
  { name: 'replay of a FIFO', args: ['replay', 'pipe.csv'], phrase: 'cannot read the order file (not a regular file)' },
  { name: 'replay with a bad quoted side', args: ['replay', 'quoted-bad.csv'], phrase: 'quoted-bad.csv:2: side must be buy or sell, got "buy, now"' },
];

/** Every path under `dir` with its type, size and modification time (what "nothing written or deleted" compares). */
function snapshot(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name)).flatMap((e) => {
    const rel = `${prefix}${e.name}`;
    const st = lstatSync(join(dir, e.name));
    const me = `${rel} ${e.isDirectory() ? 'dir' : e.isFIFO() ? 'fifo' : st.size} ${st.mtimeMs}`;
    return e.isDirectory() ? [me, ...snapshot(join(dir, e.name), `${rel}/`)] : [me];
  });
}

function cli(args: readonly string[]): { code: number | null; stdout: string; stderr: string; signal: string | null } {
  const r = spawnSync(process.execPath, ['--max-old-space-size=256', CLI_PATH, ...args], {
    cwd: ws, encoding: 'utf8', timeout: HANG_GUARD_MS, env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, signal: r.signal };
}

function mkfifo(path: string): void {
  const r = spawnSync('mkfifo', [path]);
  if (r.status !== 0) throw new Error(`mkfifo ${path} failed (the catalog needs mkfifo, from coreutils)`);
}

beforeAll(() => {
  ws = mkdtempSync(join(tmpdir(), 'cascade-catalog-'));
  for (const c of VALIDATE_CASES) {
    if (c.text === 'mkfifo') mkfifo(join(ws, c.file));
    else writeFileSync(join(ws, c.file), c.text);
  }
  mkfifo(join(ws, 'pipe.yaml'));
  mkfifo(join(ws, 'pipe.csv'));
  mkdirSync(join(ws, 'adir'));
  writeFileSync(join(ws, 'ok.yaml'), scenario([]));
  writeFileSync(join(ws, 'afile.txt'), 'keep me\n');
  mkdirSync(join(ws, 'results', 'cat', 'run1'), { recursive: true });
  writeFileSync(join(ws, 'results', 'cat', 'run1', 'manifest.json'), '{"tool": "cascade-sim"}\n');
  writeFileSync(join(ws, 'results', 'cat', 'run1', 'summary.json'), '{}\n');
  const sweep = (name: string, body: string): void => writeFileSync(join(ws, name), `name: s\nbase: ok.yaml\n${body}\n`);
  sweep('grid.sweep.yaml', `vary:\n${['a', 'b', 'c'].map((p) => `  params.${p}: [${Array.from({ length: 100 }, (_, i) => i).join(', ')}]`).join('\n')}`);
  sweep('symbol.sweep.yaml', 'vary:\n  agents.noise-trader.instruments: [[AAA], [ZZZ]]');
  sweep('rate.sweep.yaml', 'vary:\n  agents.noise-trader.ratePerMin: [1, 1e9]');
  writeFileSync(join(ws, 'weights.sweep.yaml'), 'name: s\nbase: weights.yaml\nvary:\n  agents.noise-trader.count: [1, 2]\n');
  const header = 't_us,instrument,action,order_id,side,type,price,qty';
  writeFileSync(join(ws, 'orders.csv'), `${header}\n1,AAA,submit,a,buy,limit,100,1\n`);
  writeFileSync(join(ws, 'wrong-inst.csv'), `${header}\n1,AAA,submit,a,buy,limit,100,1\n2,BBB,cancel,a,,,,\n`);
  writeFileSync(join(ws, 'quoted-bad.csv'), `${header}\n1,AAA,submit,a,"buy, now",limit,100,1\n`);
});

afterAll(() => rmSync(ws, { recursive: true, force: true }));

/** The checks every case shares: exit 2, no stack trace, short lines, nothing written or deleted. */
function expectRefused(r: ReturnType<typeof cli>, before: string[]): void {
  expect(r.signal, 'the process was killed (hang guard or out of memory)').toBeNull();
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).not.toMatch(STACK_FRAME);
  expect(r.stderr).not.toContain('internal error');
  for (const line of r.stderr.split('\n')) expect(line.length, line.slice(0, 120)).toBeLessThanOrEqual(MAX_LINE);
  expect(snapshot(ws)).toEqual(before);
}

describe('the bad-input catalog (issue 15)', () => {
  it('has at least 40 cases', () => {
    expect(VALIDATE_CASES.length + CLI_CASES.length).toBeGreaterThanOrEqual(40);
  });

  describe('validation: one `cascade validate` over every file', () => {
    let r: ReturnType<typeof cli>;
    let before: string[];
    beforeAll(() => {
      before = snapshot(ws);
      r = cli(['validate', ...VALIDATE_CASES.map((c) => c.file)]);
    });

    it('exits 2, with no stack trace, short lines, and nothing written', () => {
      expectRefused(r, before);
      expect(r.stdout).toBe('');
    });

    it.each(VALIDATE_CASES.map((c) => [c.name, c] as const))('%s: one line naming the file', (_n, c) => {
      const lines = r.stderr.split('\n').filter((l) => l.startsWith(`${c.file}:`));
      expect(lines, r.stderr.slice(0, 3000)).toHaveLength(1);
      expect(lines[0]).toContain(c.phrase);
    });
  });

  it.each(CLI_CASES.map((c) => [c.name, c] as const))('%s', (_n, c) => {
    const before = snapshot(ws);
    const r = cli(c.args);
    expectRefused(r, before);
    const lines = r.stderr.split('\n').filter((l) => l.length > 0);
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]).toContain(c.phrase);
  });
});
