// The shipped sweeps (scenarios/sweeps/*.yaml): valid sweep files that name the editor schema, every point of them
// validates against scenarios/korea-2026.yaml, and every swept value takes effect. Nothing is skipped: the Korea
// scenario ships with the package, so a sweep that stops matching it is a failure.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load.js';
import { loadSweep } from '../../src/scenario/sweep-load.js';
import { materialize } from '../../src/sweep/execute.js';

const DIR = fileURLToPath(new URL('../../scenarios/sweeps/', import.meta.url));
const POLICY = [
  'auction-random-end', 'circuit-breaker', 'letf-aum-cap', 'letf-leverage', 'letf-schedule', 'letf-twap', 'lp-auctions', 'margin-maintenance',
  'margin-sell-all', 'vi-thresholds',
];

/** A resolved scenario without its params block (folded into the values) as JSON. */
function withoutParams(s: unknown): Record<string, unknown> {
  const { params: _params, ...rest } = JSON.parse(JSON.stringify(s)) as Record<string, unknown>;
  return rest;
}

describe('shipped sweeps', () => {
  it('are cliff, gamma-sign, letf-aum and the policy sweeps, valid sweep files starting with the schema comment', () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml')).sort();
    expect(files).toEqual(['cliff.yaml', 'gamma-sign.yaml', 'letf-aum.yaml', ...POLICY.map((p) => `policy-${p}.yaml`)]);
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

  // docs/policy.md pairs every setting with point 0 by seed: point 0 must be the scenario as calibrated.
  it.each(POLICY)('policy-%s: one lever, 20 replicates on shared seeds, point 0 the scenario as calibrated', (name) => {
    const loaded = loadSweep(join(DIR, `policy-${name}.yaml`));
    const mat = materialize(loaded);
    expect(mat.plan.paths).toHaveLength(1);
    expect([mat.plan.replicates, mat.plan.crn, mat.plan.counterfactuals]).toEqual([20, 'across-points', []]);
    const base = withoutParams(loadScenario(join(DIR, '..', 'korea-2026.yaml')).scenario);
    expect(withoutParams(mat.scenarios[0])).toEqual(base);
    expect(new Set(mat.scenarios.map((s) => JSON.stringify(withoutParams(s)))).size).toBe(mat.plan.points.length);
  });

  it('policy-letf-schedule moves only the swap dealers; the funds (the inverse one market-on-close) keep their schedules', () => {
    const mat = materialize(loadSweep(join(DIR, 'policy-letf-schedule.yaml')));
    const schedules = mat.scenarios.map((s) => s.agents.filter((g) => g.kind === 'swap-dealer' || g.kind === 'leveraged-etf').map((g) => `${g.kind}:${(g.params as { schedule: string }).schedule}`));
    const funds = ['leveraged-etf:moc', 'leveraged-etf:moc', 'leveraged-etf:moc', 'leveraged-etf:moc'];
    expect(schedules).toEqual([
      [...funds, 'swap-dealer:twap', 'swap-dealer:twap'],
      [...funds, 'swap-dealer:moc', 'swap-dealer:moc'],
    ]);
  });

  it('policy-margin-sell-all: every broker sells all at point 1, only the calibrated 30% at point 0', () => {
    const mat = materialize(loadSweep(join(DIR, 'policy-margin-sell-all.yaml')));
    const sellAll = mat.scenarios.map((s) => s.agents.filter((g) => g.kind === 'margin-accounts').map((g) => (g.params as { brokers: { sellAll: boolean }[] }).brokers.map((b) => b.sellAll)));
    expect(sellAll).toEqual([[[false, true, false], [false, true, false]], [[true, true, true], [true, true, true]]]);
  });

  it('the levers reach every group they name: leverage and AUM caps, the margin regime', () => {
    const lev = materialize(loadSweep(join(DIR, 'policy-letf-leverage.yaml'))).scenarios[1]!;
    expect(lev.market.instruments.map((i) => i.leverage)).toEqual([1, 1, 1, 1.5, 1.5, 1.5, -1.5]);
    expect(lev.agents.filter((g) => g.kind === 'leveraged-etf' || g.kind === 'authorized-participant').map((g) => (g.params as { leverage: number }).leverage)).toEqual([1.5, 1.5, 1.5, -1.5, 1.5, 1.5, 1.5, -1.5]);
    // Their own book's hedge round(1167738 / 0.371e9 × (1e9/2 − 0.258e9) / 2) = 380853, and while the options fund is in
    // the run the hedge of its calls at leverage 1.5: round(1672727 × 1.5/2) = 1254545 (korea-2026.yaml)
    const endowment = lev.agents.find((g) => g.kind === 'option-dealer')!.endowment!;
    expect([endowment.positions, endowment.positionsWith]).toEqual([{ SKH: 380853 }, { 'leveraged-etf': { SKH: 1254545 } }]);
    const aum = materialize(loadSweep(join(DIR, 'policy-letf-aum-cap.yaml'))).scenarios[1]!;
    expect(aum.agents.filter((g) => g.kind === 'leveraged-etf').map((g) => (g.params as { aumKrw: number }).aumKrw / 1380)).toEqual([5e9, 5e9, 3e9, 1.5e9]);
    const margin = materialize(loadSweep(join(DIR, 'policy-margin-maintenance.yaml'))).scenarios[2]!;
    expect(margin.agents.filter((g) => g.kind === 'margin-accounts').map((g) => [(g.params as { maintenance: number }).maintenance, (g.params as { screenRatio: number }).screenRatio])).toEqual([[1.7, 1.7], [1.7, 1.7]]);
  });
});
