// Sweep files: defaults, and every problem reported as file:line:col at its place — in the sweep file for its own
// keys and for swept values that break the scenario (naming the value), in the base file for the base's own.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadSweep, parseSweep, SweepError } from '../../src/scenario/sweep-load.js';

const FIXTURES = fileURLToPath(new URL('../sweep/fixtures/', import.meta.url));
const FILE = join(FIXTURES, 'virtual.yaml');
const BASELINE = fileURLToPath(new URL('../../scenarios/baseline.yaml', import.meta.url));
const HEAD = 'name: t\nbase: ../../../scenarios/baseline.yaml\n';

/** The diagnostics of a bad sweep text, as printed (file path shortened to `x.yaml`). */
function problems(text: string, point?: { path: string; value: number }[]): string[] {
  try {
    const s = parseSweep(text, FILE);
    if (point !== undefined) s.scenarioFor(point);
  } catch (e) {
    if (!(e instanceof SweepError)) throw e;
    return e.message.split('\n').map((l) => l.replaceAll(FILE, 'x.yaml').replaceAll(BASELINE, 'baseline.yaml'));
  }
  throw new Error('expected a SweepError');
}

describe('sweep files', () => {
  it('fills in every default', () => {
    const s = parseSweep(HEAD, FILE);
    expect(s.spec).toEqual({
      name: 't', description: '', base: '../../../scenarios/baseline.yaml', set: {}, vary: {}, replicates: 1, seed: 1,
      crn: 'across-points', counterfactuals: [],
    });
    expect(s.baseFile).toBe(join(FIXTURES, '../../../scenarios/baseline.yaml'));
    expect(s.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('builds a point: fixed set values, then the point values, validated', () => {
    const s = loadSweep(join(FIXTURES, 'tiny.yaml'));
    const { scenario } = s.scenarioFor([{ path: 'agents.noise-trader.ratePerMin', value: 0.75 }]);
    expect(scenario.calendar.days).toBe(1);
    // baseline.yaml has one group per instrument (SEC, SKH, REST) of each kind; `agents.<kind>.x` sets every group
    expect(scenario.agents.map((g) => [g.kind, g.count])).toEqual([
      ['noise-trader', 6], ['noise-trader', 6], ['noise-trader', 6],
      ['belief-trader', 1], ['belief-trader', 1], ['belief-trader', 1],
      ['market-maker', 1], ['market-maker', 1], ['market-maker', 1],
    ]);
    expect(scenario.agents.slice(0, 3).map((g) => (g.params as { ratePerMin: number }).ratePerMin)).toEqual([0.75, 0.75, 0.75]);
    expect((scenario.agents[3]!.params as { ratePerMin: number }).ratePerMin).toBe(0.3); // other kinds keep theirs
  });

  it('takes an inline scenario, located in the sweep file', () => {
    const text = 'name: t\nscenario:\n  name: x\n  market: { instruments: [] }\n  agents: []\n';
    expect(problems(text, [])).toEqual([
      'x.yaml:4:13: market.instruments: Too small: expected array to have >=1 items',
      'x.yaml:5:3: agents: Too small: expected array to have >=1 items',
    ]);
  });

  it('reports its own keys at their place', () => {
    expect(problems(`${HEAD}replicate: 3\n`)).toEqual(['x.yaml:3:1: replicate: unknown key "replicate" (did you mean "replicates"?)']);
    expect(problems(`${HEAD}scenario: { name: x }\n`)).toEqual(['x.yaml:3:1: scenario: give either base or scenario, not both']);
    expect(problems('name: t\nreplicates: 2\n')).toEqual(['x.yaml:1:1: a sweep needs `base: <scenario file>` or an inline `scenario:`']);
    expect(problems(`${HEAD}vary:\n  "agents..x": [1]\n`)).toEqual([
      'x.yaml:4:3: vary.agents..x: bad key "agents..x": a parameter path is dot-separated keys, e.g. agents.noise-trader.ratePerMin',
    ]);
    expect(problems(`${HEAD}vary:\n  seed: [1, 2]\n`)).toEqual(['x.yaml:4:3: vary.seed: seed is set per run by the sweep (from its seed, point and replicate)']);
  });

  it('refuses a path given twice, a value listed twice, and bad ranges', () => {
    expect(problems(`${HEAD}set:\n  agents.noise-trader.ratePerMin: 1\nvary:\n  agents.noise-trader.ratePerMin: [0.1, 0.1]\n`)).toEqual([
      'x.yaml:6:3: vary.agents.noise-trader.ratePerMin: agents.noise-trader.ratePerMin is also in set',
      'x.yaml:6:41: vary.agents.noise-trader.ratePerMin[1]: 0.1 is listed twice',
    ]);
    const ranges =
      'sample:\n  n: 4\n  ranges:\n    agents.noise-trader.ratePerMin: { min: 0, max: 2, scale: log }\n' +
      '    agents.value-trader.count: { min: 1.5, max: 4, type: int }\n    agents.market-maker.levels: { min: 3, max: 3 }\n';
    expect(problems(HEAD + ranges)).toEqual([
      "x.yaml:6:44: sample.ranges.agents.noise-trader.ratePerMin.min: a 'log' range needs min > 0",
      "x.yaml:7:39: sample.ranges.agents.value-trader.count.min: an 'int' range needs whole-number min and max",
      'x.yaml:8:48: sample.ranges.agents.market-maker.levels.max: max must be greater than min (3)',
    ]);
  });

  it('refuses a plan over the run limit', () => {
    expect(problems(`${HEAD}vary:\n  agents.noise-trader.ratePerMin: [0.1, 0.2]\nreplicates: 600000\n`)).toEqual([
      'x.yaml:5:13: replicates: the plan has 1200000 runs (points x replicates x (1 + counterfactuals)); at most 1000000 are allowed',
    ]);
  });

  it('reports a swept value that breaks the scenario at its vary key, naming the value', () => {
    const text = `${HEAD}vary:\n  agents.noise-trader.ratePerMin: [0.5, -1]\n`;
    expect(problems(text, [{ path: 'agents.noise-trader.ratePerMin', value: -1 }])).toEqual([
      'x.yaml:4:3: vary agents.noise-trader.ratePerMin = -1: agents[0].params.ratePerMin: Too small: expected number to be >0',
      'x.yaml:4:3: vary agents.noise-trader.ratePerMin = -1: agents[1].params.ratePerMin: Too small: expected number to be >0',
      'x.yaml:4:3: vary agents.noise-trader.ratePerMin = -1: agents[2].params.ratePerMin: Too small: expected number to be >0',
    ]);
    const kinds = `${HEAD}vary:\n  agents.leveraged-etfs.aumKrw: [1, 2]\n`;
    expect(problems(kinds, [{ path: 'agents.leveraged-etfs.aumKrw', value: 1 }])).toEqual([
      'x.yaml:4:3: vary agents.leveraged-etfs.aumKrw = 1: no agent group of kind "leveraged-etfs"',
    ]);
  });

  it('reports a bad set value at its key, and the base file\'s own problems in the base file', () => {
    expect(problems(`${HEAD}set:\n  calendar.days: 0\n`, [])).toEqual([
      'baseline.yaml:40:14: calendar.stressDay: must be less than days (0), got 2; days are numbered 0..-1',
      'x.yaml:4:3: set calendar.days: calendar.days: Too small: expected number to be >=1',
    ]);
  });

  it('needs each counterfactual kind in the scenario', () => {
    expect(problems(`${HEAD}counterfactuals: [noise-trader, option-dealer]\n`, [])).toEqual([
      'x.yaml:3:33: counterfactuals[1]: the scenario has no agents of kind "option-dealer" (it has noise-trader, belief-trader, market-maker)',
    ]);
  });

  it('reports a missing base, an inline extends, YAML errors and a missing file', () => {
    expect(problems('name: t\nbase: nope.yaml\n')).toEqual([
      `x.yaml:2:7: base: scenario file "nope.yaml" not found (looked for ${join(FIXTURES, 'nope.yaml')})`,
    ]);
    expect(problems('name: t\nscenario:\n  extends: ../../../scenarios/baseline.yaml\n  name: x\n')).toEqual([
      'x.yaml:3:3: scenario.extends: an inline scenario cannot extend a file; use `base: <file>` with `set:` overrides',
    ]);
    expect(problems(`${HEAD}seed: 1\nseed: 2\n`)).toEqual(['x.yaml:4:1: duplicate key "seed" (keys must be unique)']);
    expect(() => loadSweep(join(FIXTURES, 'missing.yaml'))).toThrow(`${join(FIXTURES, 'missing.yaml')}: cannot read the sweep file (no such file)`);
  });
});
