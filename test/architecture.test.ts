// The import rules of DESIGN.md, enforced: each layer of src/ imports only from the layers it may, npm packages
// only where allowed (heavy ones never in the engine), agents never from each other, and node: built-ins that
// touch the outside world (fs, child_process, worker_threads) never below the orchestration layers.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const SRC = join(ROOT, 'src');

/** layer -> layers it may import (itself always allowed). `cli` may import anything. */
const ALLOWED: Record<string, readonly string[] | '*'> = {
  core: [],
  finance: [],
  market: ['core'],
  agents: ['core', 'finance', 'market/protocol'],
  scenario: ['core', 'agents/registry'],
  sim: ['core', 'market', 'agents', 'scenario'],
  sweep: ['sim', 'scenario', 'core'],
  results: ['sweep', 'core'],
  calibrate: ['core', 'scenario', 'sim', 'sweep', 'results'],
  replay: ['core', 'market'],
  bench: ['core', 'market'],
  cli: '*',
  workers: ['sim', 'calibrate'],
};

/** npm packages each layer may import (statically). Heavy ones are loaded lazily in cli/results only. */
const PACKAGES: Record<string, readonly string[] | '*'> = {
  core: ['seedrandom'],
  finance: [],
  market: [],
  agents: ['zod'],
  scenario: ['yaml', 'zod', 'mathjs'],
  sim: [],
  sweep: ['piscina'],
  results: '*',
  calibrate: ['piscina'],
  replay: [],
  bench: [],
  cli: ['commander', 'cli-progress'],
  workers: [],
};

/** node: built-ins that reach outside the process; only orchestration layers may use them. */
const OUTSIDE_WORLD = ['fs', 'child_process', 'worker_threads', 'net', 'http', 'https'];
const ENGINE_LAYERS = ['core', 'finance', 'market', 'agents', 'sim'];

interface Import {
  file: string;
  spec: string;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  const re = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  const out: Import[] = [];
  for (const m of text.matchAll(re)) out.push({ file, spec: (m[1] ?? m[2])! });
  return out;
}

/** Layer of a path under src/ ('market', 'agents/registry' for that one file, ...). */
function layerOf(abs: string): string {
  const rel = relative(SRC, abs).split(sep);
  return rel[0]!;
}

function allowedTarget(from: string, targetAbs: string): boolean {
  const to = layerOf(targetAbs);
  if (to === from) return true;
  const rules = ALLOWED[from];
  if (rules === undefined) return false;
  if (rules === '*') return true;
  const relTarget = relative(SRC, targetAbs).replace(/\.(js|ts)$/, '').split(sep).join('/');
  return rules.some((r) => r === to || relTarget === r || relTarget.startsWith(`${r}/`));
}

const files = [...tsFiles(SRC), ...(existsSync(join(ROOT, 'workers')) ? tsFiles(join(ROOT, 'workers')) : [])];
const all = files.flatMap(importsOf);

describe('architecture: the import rules of DESIGN.md', () => {
  it('finds the source files and their imports', () => {
    expect(files.length).toBeGreaterThan(20);
    expect(all.length).toBeGreaterThan(50);
  });

  it('every src/ file lives in a known layer', () => {
    const unknown = tsFiles(SRC).map(layerOf).filter((l) => !(l in ALLOWED));
    expect(unknown).toEqual([]);
  });

  it('layers import only from the layers they may', () => {
    const bad = all
      .filter((i) => i.spec.startsWith('.'))
      .filter((i) => {
        const from = i.file.startsWith(SRC) ? layerOf(i.file) : 'workers';
        const target = resolve(dirname(i.file), i.spec);
        if (!target.startsWith(SRC)) return from !== 'workers' && from !== 'cli';
        return !allowedTarget(from, target);
      })
      .map((i) => `${relative(ROOT, i.file)} imports ${i.spec}`);
    expect(bad).toEqual([]);
  });

  it('agents never import each other (only shared agent files; the registry gathers them all)', () => {
    const shared = new Set(['agent', 'portfolio', 'execution', 'registry', 'messages', 'market-helpers']);
    const bad = all
      .filter((i) => i.file.startsWith(join(SRC, 'agents')) && i.file !== join(SRC, 'agents', 'registry.ts') && i.spec.startsWith('./'))
      .filter((i) => !shared.has(i.spec.replace(/^\.\//, '').replace(/\.js$/, '')))
      .map((i) => `${relative(ROOT, i.file)} imports ${i.spec}`);
    expect(bad).toEqual([]);
  });

  it('npm packages are imported only where allowed', () => {
    const bad = all
      .filter((i) => !i.spec.startsWith('.') && !i.spec.startsWith('node:'))
      .filter((i) => {
        const from = i.file.startsWith(SRC) ? layerOf(i.file) : 'workers';
        const pkgs = PACKAGES[from];
        const name = i.spec.startsWith('@') ? i.spec.split('/').slice(0, 2).join('/') : i.spec.split('/')[0]!;
        return pkgs !== '*' && !(pkgs ?? []).includes(name);
      })
      .map((i) => `${relative(ROOT, i.file)} imports ${i.spec}`);
    expect(bad).toEqual([]);
  });

  it('the engine layers never touch files, processes or threads', () => {
    const bad = all
      .filter((i) => ENGINE_LAYERS.includes(layerOf(i.file)) && i.file.startsWith(SRC))
      .filter((i) => OUTSIDE_WORLD.some((m) => i.spec === `node:${m}` || i.spec.startsWith(`node:${m}/`)))
      .map((i) => `${relative(ROOT, i.file)} imports ${i.spec}`);
    expect(bad).toEqual([]);
  });

  it('the rule checker itself rejects a forbidden import', () => {
    expect(allowedTarget('market', join(SRC, 'sim', 'world.ts'))).toBe(false);
    expect(allowedTarget('agents', join(SRC, 'market', 'order-book.ts'))).toBe(false);
    expect(allowedTarget('agents', join(SRC, 'market', 'protocol.ts'))).toBe(true);
    expect(allowedTarget('core', join(SRC, 'core', 'rng.ts'))).toBe(true);
  });
});
