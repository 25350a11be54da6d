// `cascade bench sweep`: the sweep machinery's scaling and overhead, through the real path (plan, Piscina pool,
// fsynced log). Scaling: a CPU-bound sweep (two-day baseline runs) with 1 and 2 workers: runs/s end to end (pool
// start-up and each worker's JIT warm-up included) and in steady state (from each worker's first result on).
// Overhead: many very short runs on 1 worker; per-run overhead = time between consecutive results minus the time
// spent inside the worker, so it counts dispatch, structured cloning, the store's append + fsync and bookkeeping
// (pool start-up is paid once and excluded). The machine's load average is printed: scaling needs idle cores.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { positiveInt } from './option-parsers.js';

interface SweepBenchOptions {
  runs: number;
  shortRuns: number;
  workers: string;
  json?: boolean;
}

const PACKAGE_ROOT = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? '../../' : '../../../', import.meta.url));

/** The CPU-bound sweep: the baseline market for one day (about a second per run). */
const CPU_SWEEP = (base: string, runs: number): string =>
  `name: bench-cpu\nbase: ${JSON.stringify(base)}\nset:\n  calendar.days: 2\n  calendar.stressDay: 0\nreplicates: ${runs}\nseed: 1\n`;
/** The overhead sweep: two minutes of trading with a handful of agents (a few ms per run). */
const SHORT_SWEEP = (base: string, runs: number): string =>
  `name: bench-overhead\nbase: ${JSON.stringify(base)}\nset:\n  calendar.days: 1\n  calendar.stressDay: 0\n` +
  `  calendar.session.closingAuctionStart: "09:01"\n  calendar.session.close: "09:02"\n  params.noiseTraders: 4\n` +
  `  agents.value-trader.count: 1\n  agents.market-maker.count: 1\nreplicates: ${runs}\nseed: 1\n`;

export function registerBenchSweep(bench: Command): void {
  bench
    .command('sweep')
    .description('Sweep scaling (runs/s with 1 and 2 workers, speedup) and per-run overhead of the pool and store')
    .option('--runs <n>', 'runs of the CPU-bound sweep', positiveInt, 32)
    .option('--short-runs <n>', 'runs of the overhead sweep', positiveInt, 200)
    .option('--workers <list>', 'worker counts to compare', '1,2')
    .option('--json', 'print JSON instead of a table')
    .addHelpText('after', '\nExample:\n  npm run bench -- sweep --runs 16\n')
    .action(async (o: SweepBenchOptions) => {
      const workers = o.workers.split(',').map((w) => positiveInt(w.trim()));
      const base = resolve(PACKAGE_ROOT, 'scenarios', 'baseline.yaml');
      const scaling = [];
      for (const w of workers) scaling.push({ workers: w, loadBefore: round(loadavg()[0]!), ...(await timeSweep(CPU_SWEEP(base, o.runs), w)) });
      const one = scaling.find((s) => s.workers === 1);
      const rows = scaling.map((s) => ({
        ...s,
        speedup: one ? round(s.runsPerSec / one.runsPerSec) : NaN,
        steadySpeedup: one ? round(s.steadyRunsPerSec / one.steadyRunsPerSec) : NaN,
      }));
      const short = await timeSweep(SHORT_SWEEP(base, o.shortRuns), 1);
      const machine = `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`;
      const result = { machine, scaling: rows, overhead: { runs: o.shortRuns, insideWorkerMs: short.meanRunMs, overheadMsPerRun: short.overheadMsPerRun } };
      if (o.json) {
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        return;
      }
      process.stdout.write([
        `machine: ${machine}`, '',
        '| workers | runs | wall s | runs/s | speedup | steady runs/s | steady speedup | mean run s (in worker) | load avg before |',
        '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
        ...rows.map((r) =>
          `| ${r.workers} | ${r.runs} | ${r.wallS} | ${r.runsPerSec} | ${r.speedup} | ${r.steadyRunsPerSec} | ${r.steadySpeedup} | ${round(r.meanRunMs / 1000)} | ${r.loadBefore} |`),
        '', `per-run overhead (pool + store, 1 worker, ${o.shortRuns} runs of ${short.meanRunMs} ms): ${short.overheadMsPerRun} ms`, '',
      ].join('\n'));
    });
}

interface Timing {
  runs: number;
  wallS: number;
  runsPerSec: number;
  /** Runs/s after each worker has returned its first result: (n − w) / (t_n − t_w). */
  steadyRunsPerSec: number;
  meanRunMs: number;
  overheadMsPerRun: number;
}

/** Run a sweep text through materialize + executeSweep into a temp directory; time it and its results. */
async function timeSweep(text: string, workers: number): Promise<Timing> {
  const { parseSweep } = await import('../scenario/sweep-load.js');
  const { materialize, executeSweep } = await import('../sweep/execute.js');
  const dir = mkdtempSync(join(tmpdir(), 'cascade-bench-sweep-'));
  try {
    const loaded = parseSweep(text, join(PACKAGE_ROOT, 'bench', 'sweep.yaml'));
    const mat = materialize(loaded, { dedup: false }); // every run timed: copies would take no time
    const stamps: number[] = [];
    const t0 = performance.now();
    const r = await executeSweep(loaded, mat, {
      outDir: join(dir, 'out'), mode: 'new', shard: { index: 0, count: 1 }, workers, retryFailed: false, manifest: {},
      onProgress: (p) => (p.ranNow > 0 ? stamps.push(performance.now()) : undefined),
    });
    const wallS = (performance.now() - t0) / 1000;
    const inWorker = r.records.map((x) => x.wall_s * 1000);
    const meanRunMs = inWorker.reduce((a, b) => a + b, 0) / inWorker.length;
    // With one worker the runs go back to back: the gap between results beyond the run itself is overhead.
    const span = stamps.length > 1 ? stamps[stamps.length - 1]! - stamps[0]! : NaN;
    const overhead = (span - meanRunMs * (stamps.length - 1)) / (stamps.length - 1);
    const w = Math.min(workers, stamps.length - 1);
    const steady = (stamps.length - w) / ((stamps[stamps.length - 1]! - stamps[w - 1]!) / 1000);
    return {
      runs: r.records.length, wallS: round(wallS), runsPerSec: round(r.records.length / wallS), steadyRunsPerSec: round(steady),
      meanRunMs: round(meanRunMs), overheadMsPerRun: round(overhead),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
