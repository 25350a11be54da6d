// The shipped sweeps (scenarios/sweeps/*.yaml): valid sweep files that name the editor schema, every point of them
// validates against scenarios/korea-2026.yaml, and every swept value takes effect. Nothing is skipped: the Korea
// scenario ships with the package, so a sweep that stops matching it is a failure.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadSweep } from '../../src/scenario/sweep-load.js';
import { materialize } from '../../src/sweep/execute.js';

const DIR = fileURLToPath(new URL('../../scenarios/sweeps/', import.meta.url));

describe('shipped sweeps', () => {
  it('are cliff, gamma-sign and letf-aum, valid sweep files starting with the schema comment', () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml')).sort();
    expect(files).toEqual(['cliff.yaml', 'gamma-sign.yaml', 'letf-aum.yaml']);
    for (const f of files) {
      const text = readFileSync(join(DIR, f), 'utf8');
      expect(text.startsWith('# yaml-language-server: $schema=../sweep.schema.json\n')).toBe(true);
      expect(loadSweep(join(DIR, f)).spec.name).toBe(f.replace('.yaml', ''));
    }
  });

  it('gamma-sign: 2 points x 20 replicates, the dealers\' book short then long', () => {
    const mat = materialize(loadSweep(join(DIR, 'gamma-sign.yaml')));
    expect(mat.plan.runCount).toBe(40);
    const sides = mat.scenarios.map((s) => s.agents.filter((g) => g.kind === 'option-dealer').map((g) => (g.params as { book: { side: string }[] }).book[0]!.side));
    expect(sides).toEqual([['short'], ['long']]);
  });

  // letf-aum scales every fund's AUM by params.letfAumScale, which korea-2026.yaml must use in its aumKrw values.
  it('letf-aum: 5 points x 20 replicates x 2 variants, the AUM scaled', () => {
    const mat = materialize(loadSweep(join(DIR, 'letf-aum.yaml')));
    expect(mat.plan.runCount).toBe(200);
    const aum = (i: number): number[] => mat.scenarios[i]!.agents.filter((g) => g.kind === 'leveraged-etf').map((g) => (g.params as { aumKrw: number }).aumKrw);
    aum(4).forEach((x, k) => expect(x).toBeCloseTo(8 * aum(0)[k]!, 0));
  });

  // cliff varies AUM and the news shock together: the shocks' sizes scale with params.newsShockScale.
  it('cliff: 5 AUM scales x 4 shock scales x 3 replicates x 2 variants (with and without the ETFs), the shocks scaled', () => {
    const mat = materialize(loadSweep(join(DIR, 'cliff.yaml')));
    expect(mat.plan.runCount).toBe(120);
    const shocks = mat.scenarios.map((s) => s.fundamentals.shocks.map((x) => x.size));
    const k = mat.plan.paths.indexOf('params.newsShockScale');
    const base = shocks.find((_, i) => mat.plan.points[i]![k] === 1)!;
    const quarter = shocks.find((_, i) => mat.plan.points[i]![k] === 0.25)!;
    quarter.forEach((x, k) => expect(x).toBeCloseTo(base[k]! / 4, 12));
    expect(base.map((x) => Math.round(x * 1000))).toEqual([-130, -90, -70]);
  });
});
