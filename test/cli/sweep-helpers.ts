// Test helpers for `cascade sweep` / `cascade merge` end to end: run the built CLI asynchronously (to kill it
// partway), wait for the durable log to reach a length, and read a sweep's tables for comparison (runs without
// wall_s, the one column that differs between executions).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI_PATH, type CliResult } from './run-cli.js';

export const SWEEP_FIXTURES = fileURLToPath(new URL('../sweep/fixtures/', import.meta.url));

/** A running CLI process and a promise of its result. */
export interface RunningCli {
  readonly child: ChildProcess;
  readonly done: Promise<CliResult & { signal: NodeJS.Signals | null }>;
}

/** Start `node dist/src/cli/main.js ...args` with extra environment variables. */
export function startCli(args: readonly string[], env: Record<string, string> = {}): RunningCli {
  if (!existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} is missing: run \`npm run build\` before these tests`);
  const child = spawn(process.execPath, [CLI_PATH, ...args], { env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliResult & { signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

/** Run the CLI to the end. */
export function cli(args: readonly string[], env: Record<string, string> = {}): Promise<CliResult & { signal: NodeJS.Signals | null }> {
  return startCli(args, env).done;
}

/** Lines in a sweep directory's runs.jsonl (0 if it does not exist yet). */
export function logLines(dir: string): number {
  const path = join(dir, 'runs.jsonl');
  return existsSync(path) ? readFileSync(path, 'utf8').split('\n').length - 1 : 0;
}

/** Resolve once the log holds at least `n` lines (polling), or reject after `timeoutMs`. */
export async function waitForLog(dir: string, n: number, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (logLines(dir) < n) {
    if (Date.now() > until) throw new Error(`${dir}/runs.jsonl did not reach ${n} lines`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** What must be identical between two executions of a sweep: runs.csv without wall_s, points and effects bytes. */
export interface SweepBytes {
  readonly runsCsv: string;
  readonly pointsCsv: string;
  readonly pointsParquet: Buffer;
  readonly effectsCsv: string;
  readonly effectsParquet: Buffer;
}

/** Read a finished sweep directory's tables; runs.csv loses its last column (wall_s, a plain float). */
export function sweepBytes(dir: string): SweepBytes {
  const runs = readFileSync(join(dir, 'runs.csv'), 'utf8');
  const withoutWall = runs
    .split('\n')
    .map((l) => (l === '' ? l : l.slice(0, l.lastIndexOf(','))))
    .join('\n');
  return {
    runsCsv: withoutWall,
    pointsCsv: readFileSync(join(dir, 'points.csv'), 'utf8'),
    pointsParquet: readFileSync(join(dir, 'points.parquet')),
    effectsCsv: readFileSync(join(dir, 'effects.csv'), 'utf8'),
    effectsParquet: readFileSync(join(dir, 'effects.parquet')),
  };
}
