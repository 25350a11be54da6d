// `extends`: deep merge along a chain of files (maps key by key, lists and scalars replaced, null removes a key),
// positions kept per file, and the merge function itself on small trees.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { mergeMaps } from '../../src/scenario/extends.js';
import { loadScenario, ScenarioError } from '../../src/scenario/load.js';
import type { Loc, SrcMap, SrcNode } from '../../src/scenario/locate.js';
import { toPlain } from '../../src/scenario/locate.js';
import { makeTempDir, removeTempDir } from '../cli/run-cli.js';

const GOOD = fileURLToPath(new URL('./good/', import.meta.url));

describe('an extends chain (good/child.yaml -> parent.yaml -> grandparent.yaml)', () => {
  const { scenario: s } = loadScenario(join(GOOD, 'child.yaml'));

  it('scalars come from the nearest file that sets them', () => {
    expect(s.name).toBe('child');
    expect(s.seed).toBe(5); // only the grandparent sets it
    expect(s.calendar.days).toBe(4);
    expect(s.market.rules).toBe('krx');
  });

  it('maps merge key by key across the chain', () => {
    expect(s.market.latency).toEqual({ orderUs: 300, updateUs: 200, messageUs: 1000 });
  });

  it('lists are replaced whole by the child', () => {
    expect(s.market.instruments.map((i) => i.symbol)).toEqual(['CCC']);
    expect(s.agents.map((a) => a.kind)).toEqual(['market-maker']);
  });

  it('null in the child removes the inherited key', () => {
    expect(s.calendar.stressDay).toBeUndefined();
    expect('stressDay' in s.calendar).toBe(false);
    expect(loadScenario(join(GOOD, 'parent.yaml')).scenario.calendar.stressDay).toBe(3);
  });
});

describe('positions after a merge', () => {
  const dir = makeTempDir();
  afterAll(() => removeTempDir(dir));
  const write = (name: string, text: string): string => {
    const f = join(dir, name);
    mkdirSync(join(f, '..'), { recursive: true });
    writeFileSync(f, text);
    return f;
  };
  const diagnostics = (file: string): string[] => {
    try {
      loadScenario(file);
      return [];
    } catch (e) {
      return (e as ScenarioError).diagnostics.map((d) => `${d.file.slice(dir.length + 1)}:${d.line}:${d.col}: ${d.message}`);
    }
  };

  it('an unknown key written in the parent is reported in the parent, one in the child in the child', () => {
    write('base/p.yaml', 'name: p\nmarket:\n  instruments: [{ symbol: AAA, initialPrice: 71000, sharesOutstanding: 1 }]\n  sidecarr: true\nagents: [{ kind: noise-trader, count: 1 }]\n');
    const child = write('c.yaml', 'extends: base/p.yaml\n\nmarket:\n  rulez: krx\n');
    expect(diagnostics(child)).toEqual([
      'c.yaml:4:3: market.rulez: unknown key "rulez" (did you mean "rules"?)',
      'base/p.yaml:4:3: market.sidecarr: unknown key "sidecarr" (did you mean "sidecar"?)',
    ]);
  });

  it('a parent value overridden by the child is no longer reported', () => {
    write('p2.yaml', 'name: p\nseed: -1\nmarket:\n  instruments: [{ symbol: AAA, initialPrice: 71000, sharesOutstanding: 1 }]\nagents: [{ kind: noise-trader, count: 1 }]\n');
    expect(diagnostics(write('c2.yaml', 'extends: p2.yaml\nseed: 3\n'))).toEqual([]);
    expect(diagnostics(write('c3.yaml', 'extends: p2.yaml\nname: c3\n'))).toEqual(['p2.yaml:2:7: seed: Too small: expected number to be >=0']);
  });

  it('a YAML error in a parent stops the load and is reported in the parent', () => {
    write('p4.yaml', 'name: p\nseed: [1\n');
    expect(diagnostics(write('c4.yaml', 'extends: p4.yaml\n'))[0]).toMatch(/^p4\.yaml:3:1: YAML syntax error: /);
  });
});

describe('mergeMaps', () => {
  const at = (line: number): Loc => ({ file: 'f', line, col: 1 });
  const scalar = (value: unknown, line = 1): SrcNode => ({ kind: 'scalar', loc: at(line), value });
  const map = (o: Record<string, SrcNode>, line = 1): SrcMap => ({
    kind: 'map',
    loc: at(line),
    entries: new Map(Object.entries(o).map(([k, node]) => [k, { keyLoc: at(line), node }])),
  });

  it('keeps the parent key order, appends new child keys, and leaves both inputs untouched', () => {
    const parent = map({ a: scalar(1), b: map({ x: scalar(1), y: scalar(2) }), c: { kind: 'seq', loc: at(1), items: [scalar(1), scalar(2)] } });
    const child = map({ d: scalar(4), b: map({ y: scalar(20), z: scalar(30) }), c: { kind: 'seq', loc: at(2), items: [scalar(9)] }, a: scalar(null) });
    const merged = mergeMaps(parent, child);
    expect(toPlain(merged)).toEqual({ b: { x: 1, y: 20, z: 30 }, c: [9], d: 4 });
    expect(Object.keys(toPlain(merged) as object)).toEqual(['b', 'c', 'd']);
    expect(toPlain(parent)).toEqual({ a: 1, b: { x: 1, y: 2 }, c: [1, 2] });
    expect(toPlain(child)).toEqual({ d: 4, b: { y: 20, z: 30 }, c: [9], a: null });
  });

  it('a child scalar replaces a parent map and vice versa', () => {
    expect(toPlain(mergeMaps(map({ a: map({ x: scalar(1) }) }), map({ a: scalar(2) })))).toEqual({ a: 2 });
    expect(toPlain(mergeMaps(map({ a: scalar(2) }), map({ a: map({ x: scalar(1) }) })))).toEqual({ a: { x: 1 } });
  });
});
