// Every malformed file of the catalog (bad-catalog.ts) is refused by loadScenario AND by the built CLI
// (`cascade validate`, exit 2) with a diagnostic `file:line:col: message` at the promised place; no stack traces.
import { readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, loadScenario, ScenarioError, type Diagnostic } from '../../src/scenario/load.js';
import { runCli } from '../cli/run-cli.js';
import { BAD_CASES, BAD_DIR, type BadCase } from './bad-catalog.js';

const ROOT = join(BAD_DIR, '..', '..', '..');
const STACK_FRAME = /^\s+at /m;

/** The CLI argument (relative to the repository root, where the CLI runs) and the expected line prefix. */
function expected(c: BadCase): { arg: string; prefix: string } {
  const arg = relative(ROOT, join(BAD_DIR, c.file));
  return { arg, prefix: `${relative(ROOT, join(BAD_DIR, c.in ?? c.file))}:${c.line}:${c.col}: ` };
}

function diagnosticsOf(file: string): readonly Diagnostic[] {
  try {
    loadScenario(file);
  } catch (e) {
    if (e instanceof ScenarioError) return e.diagnostics;
    throw e;
  }
  return [];
}

describe('the catalog of bad scenario files', () => {
  it('has a case for every file in bad/ and at least 30 of them', () => {
    const files = readdirSync(BAD_DIR).filter((f) => f.endsWith('.yaml')).sort();
    expect(BAD_CASES.map((c) => c.file).sort()).toEqual(files);
    expect(files.length).toBeGreaterThanOrEqual(30);
  });

  describe.each(BAD_CASES.map((c) => [c.file, c] as const))('%s', (_name, c) => {
    const { arg, prefix } = expected(c);

    it('loadScenario throws a ScenarioError with the diagnostic', () => {
      const ds = diagnosticsOf(join(BAD_DIR, c.file));
      const where = join(BAD_DIR, c.in ?? c.file);
      const hit = ds.find((d) => resolve(d.file) === where && d.line === c.line && d.col === c.col && d.message.includes(c.phrase));
      expect(hit, ds.map(formatDiagnostic).join('\n')).toBeDefined();
    });

    it('cascade validate exits 2 and prints it on stderr', () => {
      const r = runCli(['validate', arg], ROOT);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      const lines = r.stderr.split('\n').filter((l) => l.length > 0);
      expect(lines.find((l) => l.startsWith(prefix) && l.includes(c.phrase)), r.stderr).toBeDefined();
      expect(r.stderr).not.toMatch(STACK_FRAME);
    });
  });
});
