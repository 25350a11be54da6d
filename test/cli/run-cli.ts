// Test helper: run the built `cascade` CLI (dist/src/cli/main.js) synchronously and capture its exit code and
// output; and temp directories for the files a test writes. Needs `npm run build` first (says so if missing).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the compiled CLI entry point. */
export const CLI_PATH = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));

/** What one CLI run returned. `code` is null only if the process was killed by a signal. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run `node dist/src/cli/main.js ...args` in `cwd` (default: the current directory) and wait for it. */
export function runCli(args: readonly string[], cwd?: string): CliResult {
  if (!existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} is missing: run \`npm run build\` before these tests`);
  const r = spawnSync(process.execPath, [CLI_PATH, ...args], {
    cwd: cwd ?? process.cwd(),
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh empty directory under the OS temp dir; pass it to `removeTempDir` when done. */
export function makeTempDir(): string {
  return mkdtempSync(join(tmpdir(), 'cascade-cli-test-'));
}

/** Delete a directory made by `makeTempDir` and everything in it. */
export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
