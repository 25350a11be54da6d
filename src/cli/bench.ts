// `cascade bench engine`: the engine benchmark over the standard streams. Each (workload, rules) pair runs in its
// own child process so peak RSS and JIT state are its own; the parent prints a side-by-side table or JSON.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import type { EngineRunStats } from '../bench/engine-bench.js';
import { UserError } from './user-error.js';
import { registerBenchSim } from './bench-sim.js';
import { registerBenchSweep } from './bench-sweep.js';
import { positiveInt } from './option-parsers.js';

const WORKLOADS = ['mixed', 'aggressive', 'itch', 'mixed-deep'] as const;
type RulesMode = 'none' | 'krx';
const PACKAGE_ROOT = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? '../../' : '../../../', import.meta.url));

interface EngineOptions {
  json?: boolean;
  runs: number;
  warmup: number;
  n: number;
  streams: string;
  workloads: string;
  rules: 'none' | 'krx' | 'both';
  child?: boolean;
}

export interface EngineBenchRow extends EngineRunStats {
  workload: string;
  rules: RulesMode;
  messages: number;
  checksum: 'ok' | 'mismatch';
  mismatches: number;
  peakRssMb: number;
  note?: string;
}


export function registerBench(program: Command): void {
  const bench = program
    .command('bench')
    .description('Benchmarks (medians of timed runs; see bench/RESULTS.md)')
    .addHelpText('after', '\nExamples:\n  npm run bench -- engine\n  npm run bench -- sim scenarios/baseline.yaml\n');
  registerBenchSim(bench);
  registerBenchSweep(bench);
  bench
    .command('engine')
    .description('Drive the order book with the standard LOBS1 streams; verify checksums; report speed')
    .option('--json', 'print JSON instead of a table')
    .option('--runs <n>', 'timed runs per stream (median reported)', positiveInt, 5)
    .option('--warmup <n>', 'untimed warm-up runs per stream', positiveInt, 2)
    .option('--n <messages>', 'messages per stream (generated if missing)', positiveInt, 1_000_000)
    .option('--streams <dir>', 'where streams live', join(PACKAGE_ROOT, 'bench', 'streams'))
    .option('--workloads <list>', 'comma-separated workloads', WORKLOADS.join(','))
    .option('--rules <mode>', 'none | krx | both', 'both')
    .option('--child', 'internal: run one (workload, rules) pair and print one JSON line')
    .addHelpText('after', '\nExample:\n  npm run bench -- engine --workloads mixed,itch --rules none\n')
    .action(async (o: EngineOptions) => {
      const workloads = o.workloads.split(',').map((w) => w.trim());
      for (const w of workloads) {
        if (!(WORKLOADS as readonly string[]).includes(w)) {
          throw new UserError(`unknown workload "${w}": expected one of ${WORKLOADS.join(', ')}`);
        }
      }
      if (!['none', 'krx', 'both'].includes(o.rules)) throw new UserError(`--rules must be none, krx or both, got "${o.rules}"`);
      if (o.child) return runChild(o, workloads[0]!, o.rules as RulesMode);
      const rows: EngineBenchRow[] = [];
      const modes: RulesMode[] = o.rules === 'both' ? ['none', 'krx'] : [o.rules];
      for (const w of workloads) {
        ensureStream(o.streams, w, o.n);
        for (const rules of modes) rows.push(spawnChild(o, w, rules));
      }
      if (o.json) process.stdout.write(`${JSON.stringify({ machine: machineNote(), rows }, null, 2)}\n`);
      else process.stdout.write(formatTable(rows));
      if (rows.some((r) => r.checksum !== 'ok' && r.rules === 'none')) process.exitCode = 1;
    });
}

function streamPath(dir: string, workload: string, n: number): string {
  return join(dir, n === 1_000_000 ? `${workload}.lobs` : `${workload}-${n}.lobs`);
}

/** Generate the stream with bench/gen.mjs (seed 42) unless it is already there. */
function ensureStream(dir: string, workload: string, n: number): string {
  const file = streamPath(dir, workload, n);
  if (existsSync(file)) return file;
  mkdirSync(dir, { recursive: true });
  process.stderr.write(`generating ${file} ...\n`);
  const gen = join(PACKAGE_ROOT, 'bench', 'gen.mjs');
  const r = spawnSync(process.execPath, [gen, '--workload', workload, '--n', String(n), '--seed', '42', '--out', file], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`stream generation failed for ${workload} (exit ${r.status})`);
  return file;
}

function spawnChild(o: EngineOptions, workload: string, rules: RulesMode): EngineBenchRow {
  const args = [...process.execArgv, process.argv[1]!, 'bench', 'engine', '--child', '--json'];
  args.push('--workloads', workload, '--rules', rules, '--runs', String(o.runs), '--warmup', String(o.warmup));
  args.push('--n', String(o.n), '--streams', o.streams);
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 24 });
  // A user error in the child (a bad stream file) is already one line: pass it on as ours.
  if (r.status === 2) throw new UserError(r.stderr.trim());
  process.stderr.write(r.stderr);
  if (r.status !== 0) throw new Error(`benchmark child for ${workload}/${rules} failed (exit ${r.status})`);
  return JSON.parse(r.stdout) as EngineBenchRow;
}

async function runChild(o: EngineOptions, workload: string, rules: RulesMode): Promise<void> {
  const { readLobs } = await import('../bench/lobs-stream.js');
  const { timeStream, verifyStream, BookDriver } = await import('../bench/engine-bench.js');
  const { ExchangeDriver } = await import('../bench/exchange-driver.js');
  const file = streamPath(o.streams, workload, o.n);
  let stream;
  try {
    stream = readLobs(file);
  } catch (e) {
    throw new UserError(`${(e as Error).message} — delete the file to have it regenerated`);
  }
  const cap = Math.max(1024, stream.meta.maxId + 1);
  const make = rules === 'none' ? () => new BookDriver(cap) : () => new ExchangeDriver(cap);
  const mismatches = verifyStream(stream, make);
  const stats = await timeStream(stream, make, o.runs, o.warmup);
  const row: EngineBenchRow = {
    workload,
    rules,
    messages: stream.meta.n,
    checksum: mismatches.length === 0 ? 'ok' : 'mismatch',
    mismatches: mismatches.length,
    ...stats,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  if (rules === 'krx') row.note = ExchangeDriver.describe(stream.meta);
  if (mismatches.length > 0 && rules === 'none') {
    process.stderr.write(`checksum mismatch for ${workload}: ${JSON.stringify(mismatches.slice(0, 5))}\n`);
  }
  process.stdout.write(`${JSON.stringify(row)}\n`);
}

function machineNote(): string {
  const c = cpus();
  return `${c.length} x ${c[0]?.model ?? 'cpu'}, Node ${process.version}, ${process.platform}`;
}

function formatTable(rows: EngineBenchRow[]): string {
  const head = '| workload | rules | checksum | msgs/s (median) | runs min–max | p50 ns | p99 ns | GCs in timed runs | peak RSS MB |';
  const sep = '|---|---|---|---:|---:|---:|---:|---:|---:|';
  const fmt = (x: number): string => `${(x / 1e6).toFixed(2)}M`;
  const lines = rows.map((r) =>
    `| ${r.workload} | ${r.rules} | ${r.checksum} | ${fmt(r.msgsPerSec)} | ${fmt(Math.min(...r.runsMsgsPerSec))}–${fmt(Math.max(...r.runsMsgsPerSec))} | ${r.p50Ns} | ${r.p99Ns} | ${r.gcDuringTimedRuns} | ${r.peakRssMb} |`,
  );
  const t = rows[0]?.timerOverheadNs ?? 0;
  const notes = rows.filter((r) => r.note).map((r) => `- ${r.workload}/krx: ${r.note}`);
  return [`machine: ${machineNote()}`, '', head, sep, ...lines, '', `latency includes one performance.now() pair (~${t} ns)`, ...notes, ''].join('\n');
}
