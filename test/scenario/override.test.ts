// `--set path=value`: key paths, list indices, `agents.<kind>.<name>` (group keys vs params), YAML values and
// expressions, null removing a key, and one-line errors for paths that cannot be followed or values that fail.
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, parseScenario, ScenarioError, type LoadedScenario } from '../../src/scenario/load.js';

const TEXT = `name: t
params: { n: 40 }
calendar: { days: 3, stressDay: 2 }
market:
  instruments:
    - { symbol: AAA, initialPrice: 71000, sharesOutstanding: 1000000 }
    - { symbol: BBB, initialPrice: 25000, sharesOutstanding: 1000000 }
agents:
  - { kind: noise-trader, count: 10 }
  - { kind: market-maker, count: 2 }
  - { kind: noise-trader, count: 20, params: { pMarket: 0.1 } }
`;

const load = (...set: string[]): LoadedScenario => parseScenario(TEXT, 'o.yaml', { set });
const errors = (...set: string[]): string[] => {
  try {
    load(...set);
    return [];
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    return e.diagnostics.map(formatDiagnostic);
  }
};

describe('--set', () => {
  it('sets a top-level scalar, parsed as YAML', () => {
    expect(load('seed=7').scenario.seed).toBe(7);
    expect(load('description=hello world').scenario.description).toBe('hello world');
    expect(load('market.rules=none').scenario.market.rules).toBe('none');
  });

  it('follows keys and list indices', () => {
    const s = load('market.instruments.1.initialPrice=26000', 'market.latency.orderUs=200').scenario;
    expect(s.market.instruments.map((i) => i.initialPrice)).toEqual([71000, 26000]);
    expect(s.market.latency).toEqual({ orderUs: 200, updateUs: 500, messageUs: 1000 });
  });

  it('agents.<kind>.<param> sets a param in every group of that kind', () => {
    const s = load('agents.noise-trader.pMarket=0.3').scenario;
    const p = s.agents.map((g) => (g.params as { pMarket?: number }).pMarket);
    expect(p).toEqual([0.3, undefined, 0.3]);
  });

  it('agents.<kind>.count and .endowment go to the group itself', () => {
    const s = load('agents.noise-trader.count=5', 'agents.market-maker.endowment={cash: 100, positions: {AAA: 3}}').scenario;
    expect(s.agents.map((g) => g.count)).toEqual([5, 2, 5]);
    expect(s.agents[1]!.endowment).toEqual({ cash: 100, positions: { AAA: 3 } });
  });

  it('agents.<index>.params.<name> addresses one group', () => {
    const s = load('agents.2.params.qtyMean=3').scenario;
    expect(s.agents.map((g) => (g.params as { qtyMean?: number }).qtyMean)).toEqual([10, undefined, 3]);
  });

  it('values may be flow lists/maps and expressions over params', () => {
    const s = load('outputs.tables=[trades, bars]', 'agents.market-maker.count=n / 4').scenario;
    expect(s.outputs.tables).toEqual(['trades', 'bars']);
    expect(s.agents[1]!.count).toBe(10);
  });

  it('null removes a key; later overrides win; missing maps are created', () => {
    const s = load('calendar.stressDay=null', 'seed=3', 'seed=4', 'fundamentals.processes.AAA.volAnnual=0.5').scenario;
    expect(s.calendar.stressDay).toBeUndefined();
    expect(s.seed).toBe(4);
    expect(s.fundamentals.processes['AAA']!.volAnnual).toBe(0.5);
  });

  it('paths that cannot be followed are one-line errors naming the flag', () => {
    expect(errors('agents.foo.x=1')).toEqual(['--set agents.foo.x: no agent group of kind "foo"']);
    expect(errors('agents.noise-tradr.x=1')).toEqual(['--set agents.noise-tradr.x: no agent group of kind "noise-tradr" (did you mean "noise-trader"?)']);
    expect(errors('seed')).toEqual(['--set seed: expected path=value (e.g. --set seed=7)']);
    expect(errors('market..rules=krx')).toEqual(['--set market..rules: empty path segment']);
    expect(errors('market.instruments.5.initialPrice=1')).toEqual(['--set market.instruments.5.initialPrice: index 5 is out of range (market.instruments has 2 items)']);
    expect(errors('market.instruments.AAA.initialPrice=1')).toEqual(['--set market.instruments.AAA.initialPrice: market.instruments is a list: expected an index, got "AAA"']);
    expect(errors('calendar.days.x=1')).toEqual(['--set calendar.days.x: calendar.days is a single value, not a map or list']);
    expect(errors('seed=[1')).toEqual([expect.stringMatching(/^--set seed: bad value "\[1": /)]);
  });

  it('an overridden value that fails validation is reported at the flag', () => {
    expect(errors('seed=-1')).toEqual(['--set seed: seed: Too small: expected number to be >=0']);
    expect(errors('seeed=1')).toEqual(['--set seeed: seeed: unknown key "seeed" (did you mean "seed"?)']);
    expect(errors('agents.noise-trader.pMarkt=0.2')).toEqual([
      '--set agents.noise-trader.pMarkt: agents[0].params.pMarkt: unknown key "pMarkt" (did you mean "pMarket"?)',
      '--set agents.noise-trader.pMarkt: agents[2].params.pMarkt: unknown key "pMarkt" (did you mean "pMarket"?)',
    ]);
  });
});
