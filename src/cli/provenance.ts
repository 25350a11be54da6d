// Provenance for manifests: which code made an output and how to make it again. The git commit and whether the
// working tree had uncommitted changes to tracked files (`dirty`), the SHA-256 of package-lock.json (the
// byte-identity promise holds only for the same locked dependency tree), the installed versions of the packages that
// shape the output bytes, and a canonical hash of a resolved scenario (keys sorted at every level, so the hash
// depends on content only, never on key order or on the file the scenario came from).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toolVersion } from './version.js';

const PACKAGE_ROOT = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? '../../' : '../../../', import.meta.url));

/** Packages whose version can change simulated values or output bytes (tables, figures, PDFs). */
export const KEY_PACKAGES = [
  'seedrandom', 'mathjs', 'zod', 'yaml', 'arquero', '@uwdata/flechette', 'parquet-wasm', 'vega', 'vega-lite',
  '@resvg/resvg-js', 'pdfkit', 'svg-to-pdfkit',
] as const;

export interface Provenance {
  readonly tool: 'cascade-sim';
  readonly version: string;
  readonly gitCommit: string | null;
  /** Tracked files differ from the commit (null outside a git checkout). */
  readonly gitDirty: boolean | null;
  /** SHA-256 of package-lock.json at the package root (null when the package ships without one). */
  readonly lockfileSha256: string | null;
  /** Installed version of each key package (null if not found). */
  readonly packages: Readonly<Record<string, string | null>>;
  readonly node: string;
}

function git(args: readonly string[]): string | null {
  const r = spawnSync('git', args, { cwd: PACKAGE_ROOT, encoding: 'utf8' });
  return r.status === 0 ? r.stdout : null;
}

/** The version in node_modules/<name>/package.json, looked up from the package root upwards. */
function installedVersion(name: string): string | null {
  let dir = PACKAGE_ROOT;
  for (;;) {
    const file = join(dir, 'node_modules', name, 'package.json');
    if (existsSync(file)) {
      const v = (JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown }).version;
      return typeof v === 'string' ? v : null;
    }
    const up = dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

/** The provenance of this process's code and dependencies. */
export function provenance(): Provenance {
  const head = git(['rev-parse', 'HEAD']);
  const status = head === null ? null : git(['status', '--porcelain', '--untracked-files=no']);
  const lock = join(PACKAGE_ROOT, 'package-lock.json');
  return {
    tool: 'cascade-sim',
    version: toolVersion(),
    gitCommit: head === null ? null : head.trim(),
    gitDirty: status === null ? null : status.trim() !== '',
    lockfileSha256: existsSync(lock) ? createHash('sha256').update(readFileSync(lock)).digest('hex') : null,
    packages: Object.fromEntries(KEY_PACKAGES.map((p) => [p, installedVersion(p)])),
    node: process.version,
  };
}

/** JSON with object keys sorted at every level (arrays keep their order); the input to {@link canonicalSha256}. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return Object.fromEntries(Object.keys(o).sort().map((k) => [k, sortKeys(o[k])]));
  }
  return v;
}

/** SHA-256 (hex) of the canonical JSON of `value`. */
export function canonicalSha256(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/** Quote a word for a POSIX shell only when it needs it. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
