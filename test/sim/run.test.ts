// runScenario end to end on small scenarios: determinism (same seed -> identical tables, different seed -> different),
// conservation of shares and cash across agents, the calm-market checks of the baseline (quoted spread, no day at a
// limit, U-shaped volume), scripted shocks, and counterfactual disabling.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { column } from '../../src/core/table.js';
import type { ColumnTable } from '../../src/core/table.js';
import { scenarioSchema } from '../../src/scenario/schema.js';
import type { ScenarioInput } from '../../src/scenario/schema.js';
import { runScenario, summaryMetricNames, worldConfig } from '../../src/sim/run.js';
import type { RunResult } from '../../src/sim/run.js';

/** A small calm market: two stocks, an index, background agents. */
function calm(over: Partial<ScenarioInput> = {}, days = 2): ScenarioInput {
  return {
    name: 'calm-test',
    calendar: { days, stressDay: days - 1 },
    market: {
      rules: 'krx',
      instruments: [
        { symbol: 'AAA', initialPrice: 71000, sharesOutstanding: 5_000_000_000 },
        { symbol: 'BBB', initialPrice: 25000, sharesOutstanding: 20_000_000_000, viClass: 'other' },
      ],
      index: { name: 'IDX', constituents: ['AAA', 'BBB'], baseLevel: 2500 },
    },
    fundamentals: { processes: { AAA: { process: 'ou', volAnnual: 0.25, meanReversionPerDay: 0.05 } } },
    agents: [
      { kind: 'noise-trader', count: 80, params: { ratePerMin: 0.5 } },
      { kind: 'value-trader', count: 8 },
      { kind: 'market-maker', count: 2, params: { quoteIntervalMs: 5000, quoteQty: 50 } },
    ],
    ...over,
  };
}

function run(input: ScenarioInput, seed = 1, disable: string[] = []): RunResult {
  return runScenario({ scenario: scenarioSchema.parse(input), seed, disable });
}

/** A hash of a table's contents (column names, types and values). */
function tableHash(t: ColumnTable): string {
  const h = createHash('sha256');
  for (const c of t.columns) {
    h.update(`${c.name}:${c.type}:`);
    h.update(c.type === 'string' ? c.values.join('\u0000') : Buffer.from(new Float64Array(c.values).buffer));
  }
  return h.digest('hex');
}

const hashes = (r: RunResult): Record<string, string> => Object.fromEntries(r.tables.map((t) => [t.name, tableHash(t)]));
const table = (r: RunResult, name: string): ColumnTable => r.tables.find((t) => t.name === name)!;

describe('runScenario', () => {
  const a = run(calm());

  it('produces the ten tables and the headline metrics', () => {
    expect(a.tables.map((t) => t.name)).toEqual(['trades', 'bars', 'daily', 'flows', 'agents', 'market_events', 'metrics', 'depth', 'quotes', 'auction_indicative']);
    for (const key of ['return.AAA', 'max_drawdown.AAA', 'turnover_value.AAA', 'index_return', 'circuit_breakers', 'vi_count', 'trades', 'orders', 'events']) {
      expect(a.summary).toHaveProperty(key);
    }
    expect(a.summary.trades).toBe(table(a, 'trades').rowCount);
    expect(a.summary.trades).toBeGreaterThan(1000);
  });

  it('summaryMetricNames lists exactly the summary keys of a run, without running (what attribute --metrics checks)', () => {
    expect(summaryMetricNames(scenarioSchema.parse(calm()))).toEqual(Object.keys(a.summary));
  });

  it('is deterministic: same scenario and seed give identical tables; another seed differs', () => {
    const b = run(calm());
    expect(hashes(b)).toEqual(hashes(a));
    expect(b.summary).toEqual(a.summary);
    const c = run(calm(), 2);
    expect(hashes(c).trades).not.toEqual(hashes(a).trades);
  });

  it('conserves shares and cash across agents (no issuance, no fees)', () => {
    const withEndowment = calm({
      agents: [
        { kind: 'noise-trader', count: 40, endowment: { cash: 1e9, positions: { AAA: 1000 } } },
        { kind: 'value-trader', count: 5, endowment: { cash: 5e8, positions: { BBB: 300 } } },
        { kind: 'market-maker', count: 2, params: { quoteIntervalMs: 5000 } },
      ],
    }, 1);
    const r = run(withEndowment);
    const agents = table(r, 'agents');
    const sum = (name: string): number => Array.from(column(agents, name).values as Float64Array).reduce((x, y) => x + y, 0);
    expect(sum('position_AAA')).toBe(40 * 1000);
    expect(sum('position_BBB')).toBe(5 * 300);
    expect(sum('cash')).toBe(40 * 1e9 + 5 * 5e8);
    expect(r.summary.trades).toBeGreaterThan(100);
  });

  it('flows add up: buy quantity equals sell quantity per day and instrument, and to the trades', () => {
    const flows = table(a, 'flows');
    const trades = table(a, 'trades');
    const qty = column(trades, 'qty').values as Float64Array;
    const totalTraded = qty.reduce((x, y) => x + y, 0);
    const buy = (column(flows, 'buy_qty').values as Float64Array).reduce((x, y) => x + y, 0);
    const sell = (column(flows, 'sell_qty').values as Float64Array).reduce((x, y) => x + y, 0);
    expect(buy).toBe(totalTraded);
    expect(sell).toBe(totalTraded);
  });

  it('looks like a calm market: spreads of 1-2 ticks, no day at a price limit, U-shaped volume', () => {
    expect(a.summary['spread_le_2_ticks.AAA']).toBeGreaterThan(0.8);
    expect(a.summary.circuit_breakers).toBe(0);
    const daily = table(a, 'daily');
    const ret = column(daily, 'return').values as Float64Array;
    for (const r of ret) expect(Math.abs(r)).toBeLessThan(0.29);
    const bars = table(a, 'bars');
    const inst = column(bars, 'instrument').values as string[];
    const time = column(bars, 'time').values as string[];
    const vol = column(bars, 'volume').values as Float64Array;
    let edge = 0, edgeN = 0, mid = 0, midN = 0;
    for (let i = 0; i < bars.rowCount; i++) {
      if (inst[i] !== 'AAA') continue;
      const t = time[i]!;
      if ((t >= '09:01:00' && t < '09:30:00') || (t >= '14:50:00' && t < '15:20:00')) { edge += vol[i]!; edgeN++; }
      else if (t >= '11:30:00' && t < '13:30:00') { mid += vol[i]!; midN++; }
    }
    expect(edge / edgeN).toBeGreaterThan(1.2 * (mid / midN));
  });

  it('a scripted -8% index shock moves prices down on its day', () => {
    const shocked = calm({ fundamentals: { shocks: [{ day: 1, time: '10:30', index: true, size: -0.08 }] } });
    const r = run(shocked);
    expect(r.summary['return.AAA']).toBeLessThan(a.summary['return.AAA']! - 0.03);
    const ev = table(r, 'market_events');
    expect((column(ev, 'kind').values as string[]).filter((k) => k === 'shock')).toHaveLength(1);
  });

  it('endowment.positionsWith holds its shares only while that kind is in the run', () => {
    const input = calm({}, 1);
    input.agents = [...(input.agents ?? []), { kind: 'noise-trader', count: 2, params: { instruments: ['BBB'] }, endowment: { positions: { AAA: 100 }, positionsWith: { 'value-trader': { AAA: 50, BBB: 7 } } } }];
    const scenario = scenarioSchema.parse(input);
    const last = (disable: string[]) => worldConfig({ scenario, seed: 1, disable }).groups.at(-1)!.endowment!.positions;
    expect(last([])).toEqual([150, 7]);
    expect(last(['value-trader'])).toEqual([100, 0]);
  });

  it('--disable leaves out a kind, and refuses a kind the scenario does not have', () => {
    const r = run(calm({}, 1), 1, ['value-trader']);
    expect(column(table(r, 'agents'), 'kind').values).not.toContain('value-trader');
    expect(() => run(calm({}, 1), 1, ['option-dealer'])).toThrow(/--disable option-dealer: the scenario has no agents of kind/);
  });
});
