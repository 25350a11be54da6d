// The import rules of DESIGN.md, enforced (test/architecture-rules.ts holds them): each layer of src/ imports only
// from the layers it may, across types-only edges only types, npm packages only where allowed (heavy ones never in
// the engine), agents never from each other, node: built-ins that touch the outside world never below the
// orchestration layers, and no side-effect imports, computed dynamic imports or createRequire outside its list.
// The fixtures in test/fixtures/architecture/ prove that each kind of violation is caught.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALLOWED, edge, layerOf, scanSource, violations } from './architecture-rules.js';

const ROOT = resolve(import.meta.dirname, '..');
const SRC = join(ROOT, 'src');
const FIXTURES = join(import.meta.dirname, 'fixtures', 'architecture');

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

const files = [...tsFiles(SRC), ...(existsSync(join(ROOT, 'workers')) ? tsFiles(join(ROOT, 'workers')) : [])];
const sources = files.map((file) => ({ file, text: readFileSync(file, 'utf8') }));

describe('architecture: the import rules of DESIGN.md', () => {
  it('finds the source files and their imports', () => {
    expect(files.length).toBeGreaterThan(20);
    expect(sources.flatMap((s) => scanSource(s.file, s.text)).length).toBeGreaterThan(50);
  });

  it('every src/ file lives in a known layer', () => {
    const unknown = tsFiles(SRC).map((f) => layerOf(ROOT, f)).filter((l) => !(l in ALLOWED));
    expect(unknown).toEqual([]);
  });

  it('src/ and workers/ break no rule', () => {
    expect(violations(ROOT, sources)).toEqual([]);
  });

  it('agents never import each other (only shared agent files; the registry gathers them all)', () => {
    const shared = new Set(['agent', 'portfolio', 'execution', 'registry', 'messages', 'market-helpers', 'intraday', 'draws']);
    const bad = sources
      .filter((s) => s.file.startsWith(join(SRC, 'agents')) && s.file !== join(SRC, 'agents', 'registry.ts'))
      .flatMap((s) => scanSource(s.file, s.text))
      .filter((u) => u.spec.startsWith('./') && !shared.has(u.spec.replace(/^\.\//, '').replace(/\.js$/, '')))
      .map((u) => `${relative(ROOT, u.file)} imports ${u.spec}`);
    expect(bad).toEqual([]);
  });

  it('the edge checker tells runtime, types-only and forbidden edges apart', () => {
    expect(edge(ROOT, 'market', join(SRC, 'sim', 'world.ts'))).toBe('forbidden');
    expect(edge(ROOT, 'agents', join(SRC, 'market', 'order-book.ts'))).toBe('forbidden');
    expect(edge(ROOT, 'agents', join(SRC, 'market', 'protocol.ts'))).toBe('runtime');
    expect(edge(ROOT, 'results', join(SRC, 'sweep', 'store.ts'))).toBe('types');
    expect(edge(ROOT, 'core', join(SRC, 'core', 'rng.ts'))).toBe('runtime');
  });
});

/** A fixture: its first lines say which src/ path it plays (`// as:`) and what violation it must produce. */
function fixture(name: string): { file: string; text: string; expect: string } {
  const text = readFileSync(join(FIXTURES, name), 'utf8');
  const as = /^\/\/ as: (\S+)$/m.exec(text)![1]!;
  return { file: join(ROOT, as), text, expect: /^\/\/ expect: (.+)$/m.exec(text)![1]! };
}

describe('architecture fixtures: each kind of violation is caught', () => {
  const names = readdirSync(FIXTURES).filter((n) => n.endsWith('.ts.txt')).sort();

  it('has the fixtures (side-effect, dynamic, template dynamic, createRequire, runtime across types-only, a clean one)', () => {
    expect(names.length).toBeGreaterThanOrEqual(6);
  });

  it.each(names)('%s', (name) => {
    const f = fixture(name);
    const found = violations(ROOT, [f]);
    if (f.expect === 'nothing') expect(found).toEqual([]);
    else expect(found.some((v) => v.includes(f.expect)), found.join('\n')).toBe(true);
  });
});
