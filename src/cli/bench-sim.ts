// `cascade bench sim`: wall time and throughput of whole scenario runs (in-process, after one warm-up run),
// reported as medians with every run listed. Loading and writing outputs are excluded: this times runScenario.
import { cpus } from 'node:os';
import type { Command } from 'commander';
import { UserError } from './user-error.js';

interface SimBenchOptions {
  runs: string;
  json?: boolean;
  seed: string;
}

export function registerBenchSim(bench: Command): void {
  bench
    .command('sim')
    .description('Time whole scenario runs (runScenario only): wall seconds, events/s, orders/s')
    .argument('[scenarios...]', 'scenario files', ['scenarios/baseline.yaml'])
    .option('--runs <n>', 'timed runs per scenario (median reported)', '3')
    .option('--seed <n>', 'seed of every run', '1')
    .option('--json', 'print JSON instead of a table')
    .addHelpText('after', '\nExample:\n  npm run bench -- sim scenarios/baseline.yaml scenarios/shock.yaml --runs 5\n')
    .action(async (files: string[], o: SimBenchOptions) => {
      const runs = Number(o.runs);
      const seed = Number(o.seed);
      if (!Number.isInteger(runs) || runs < 1) throw new UserError(`--runs must be a positive integer, got "${o.runs}"`);
      if (!Number.isSafeInteger(seed) || seed < 0) throw new UserError(`--seed must be a non-negative integer, got "${o.seed}"`);
      const { loadOrExit } = await import('./load-scenario.js');
      const { runScenario } = await import('../sim/run.js');
      const rows = [];
      for (const file of files) {
        const { scenario } = await loadOrExit(file, []);
        runScenario({ scenario, seed }); // warm-up
        const walls: number[] = [];
        let stats = { events: 0, orders: 0, trades: 0, agents: 0 };
        for (let r = 0; r < runs; r++) {
          const t0 = performance.now();
          stats = runScenario({ scenario, seed }).stats;
          walls.push((performance.now() - t0) / 1000);
        }
        const wall = median(walls);
        rows.push({
          scenario: file, days: scenario.calendar.days, agents: stats.agents, events: stats.events, orders: stats.orders,
          trades: stats.trades, wallSecondsMedian: round(wall), wallSeconds: walls.map(round),
          eventsPerSec: Math.round(stats.events / wall), ordersPerSec: Math.round(stats.orders / wall),
        });
      }
      const machine = `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`;
      if (o.json) {
        process.stdout.write(`${JSON.stringify({ machine, rows }, null, 2)}\n`);
        return;
      }
      const lines = rows.map((r) =>
        `| ${r.scenario} | ${r.days} | ${r.agents} | ${r.events} | ${r.orders} | ${r.trades} | ${r.wallSecondsMedian} (${r.wallSeconds.join(', ')}) | ${r.eventsPerSec} | ${r.ordersPerSec} |`);
      process.stdout.write([`machine: ${machine}`, '', '| scenario | days | agents | events | orders | trades | wall s median (runs) | events/s | orders/s |',
        '|---|---:|---:|---:|---:|---:|---:|---:|---:|', ...lines, ''].join('\n'));
    });
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
