// The tool's version, read once from package.json beside the compiled tree.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** `version` from the package.json at the package root (dist/src/cli -> ../../..; src/cli -> ../..). */
export function toolVersion(): string {
  for (const rel of ['../../../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(fileURLToPath(new URL(rel, import.meta.url)), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'cascade-sim' && pkg.version) return pkg.version;
    } catch {
      // try the next candidate
    }
  }
  return '0.0.0';
}
