// The shipped Korea scenario, shortened to three days (the stress day is day 2) with fewer noise traders so it
// runs in well under a minute: every agent kind takes part (the swap funds' hedges traded by their own dealers), and the run conserves shares and cash exactly across all agents
// (ETF creations and option premiums move through off-exchange transfers), publishes each ETF's NAV and shares
// outstanding every day, and shows the cascade's stress-day flows.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { column } from '../../src/core/table.js';
import type { ColumnTable } from '../../src/core/table.js';
import { loadScenario } from '../../src/scenario/load.js';
import { runScenario, worldConfig } from '../../src/sim/run.js';
import { World } from '../../src/sim/world.js';

const KOREA = join(import.meta.dirname, '..', '..', 'scenarios', 'korea-2026.yaml');
const { scenario } = loadScenario(KOREA, { set: ['calendar.days=3', 'agents.noise-trader.count=25'] });
const result = runScenario({ scenario, seed: 1 });
const table = (name: string): ColumnTable => result.tables.find((t) => t.name === name)!;
const nums = (t: ColumnTable, name: string): Float64Array => column(t, name).values as Float64Array;
const strs = (t: ColumnTable, name: string): readonly string[] => column(t, name).values as readonly string[];

describe('korea-2026 (3 days, thinned background)', () => {
  it('every cascade kind is present and trades or publishes', () => {
    const kinds = new Set(strs(table('agents'), 'kind'));
    for (const k of ['leveraged-etf', 'swap-dealer', 'option-dealer', 'margin-accounts', 'foreign-seller', 'authorized-participant', 'etf-retail']) expect(kinds).toContain(k);
    expect(result.summary.letf_rebalance_value).toBeGreaterThan(0); // the −2x fund sold into the stress-day close
    expect(result.summary.swap_hedge_value).toBeLessThan(0); // both swap funds' dealers sold their hedge down
    for (const sym of ['SEC', 'SKH']) expect(result.summary[`return.${sym}`], sym).toBeLessThan(-0.05); // a cascade, not a limit move
    for (const sym of ['SEC', 'SKH']) expect(result.summary[`return.${sym}`], sym).toBeGreaterThan(-0.29);
    // The option dealers are net short gamma at every close and hedged on the stress day (their net flow that day can
    // have either sign: the options fund rolls its calls and the dealers carry yesterday's gap into the session).
    const metrics = table('metrics');
    const names = strs(metrics, 'name');
    const gammas = nums(metrics, 'value').filter((_, i) => names[i] === 'dealer_gamma.SKH');
    expect(gammas.length).toBe(3);
    for (const g of gammas) expect(g).toBeLessThan(0);
    expect(Math.abs(result.summary.dealer_hedge_value!)).toBeGreaterThan(0);
    expect(result.summary.foreign_net_value).toBeLessThan(0);
    expect(result.summary.circuit_breakers).toBeGreaterThanOrEqual(1);
  });

  it('conserves shares of every instrument and cash across all agents, creations and premiums included', () => {
    const agents = table('agents');
    const world = runScenarioStart();
    for (const sym of scenario.market.instruments.map((i) => i.symbol)) {
      const end = nums(agents, `position_${sym}`).reduce((a, b) => a + b, 0);
      expect(end, sym).toBe(world.positions[sym]);
    }
    const cash = nums(agents, 'cash').reduce((a, b) => a + b, 0);
    expect(cash / world.cash - 1).toBeLessThan(1e-12); // sums of ~1e14 won in floating point
    expect(Math.abs(cash - world.cash)).toBeLessThan(1);
  });

  it('publishes NAV and shares outstanding for each ETF every day; premium = close / NAV − 1', () => {
    const daily = table('daily');
    const inst = strs(daily, 'instrument');
    const nav = nums(daily, 'nav');
    const close = nums(daily, 'close');
    const prem = nums(daily, 'premium');
    const so = nums(daily, 'shares_outstanding');
    for (let i = 0; i < daily.rowCount; i++) {
      if (!inst[i]!.endsWith('2X')) continue;
      expect(nav[i], inst[i]).toBeGreaterThan(0);
      expect(so[i], inst[i]).toBeGreaterThan(0);
      expect(prem[i]).toBeCloseTo(close[i]! / nav[i]! - 1, 12);
    }
  });

  it('ETF shares outstanding change only by the creation units the APs settled', () => {
    const metrics = table('metrics');
    const name = strs(metrics, 'name');
    const day = nums(metrics, 'day');
    const value = nums(metrics, 'value');
    const get = (d: number, n: string): number => value[name.findIndex((x, i) => x === n && day[i] === d)] ?? 0;
    for (const etf of ['SKH2X', 'SEC2X', 'SKHOPT2X', 'SKHINV2X']) {
      for (let d = 1; d < 3; d++) {
        const change = get(d, `shares_outstanding.${etf}`) - get(d - 1, `shares_outstanding.${etf}`);
        expect(change, `${etf} day ${d}`).toBe(get(d, `ap_units.${etf}`) * 50_000);
      }
    }
  });
});

/** Total starting cash and shares per symbol: the world's portfolios before anything runs. */
function runScenarioStart(): { cash: number; positions: Record<string, number> } {
  const world = new World(worldConfig({ scenario, seed: 1 }));
  const positions: Record<string, number> = {};
  scenario.market.instruments.forEach((inst, k) => {
    positions[inst.symbol] = world.portfolios.reduce((sum, p) => sum + p.positions[k]!, 0);
  });
  return { cash: world.portfolios.reduce((sum, p) => sum + p.cash, 0), positions };
}
