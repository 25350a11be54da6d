// The episode metrics of summary.json (docs/policy.md's effects): return_d2.<SYM> and index_return_d2 (the D+2
// session's close-to-close return), peak_to_trough.<SYM> (trade prices, from the close before the stress day to the
// end) and index_peak_to_trough (daily index closes), checked against the run's own daily and trades tables.
import { describe, expect, it } from 'vitest';
import { column } from '../../src/core/table.js';
import type { ColumnTable } from '../../src/core/table.js';
import { scenarioSchema } from '../../src/scenario/schema.js';
import { runScenario } from '../../src/sim/run.js';

function run(days: number): ReturnType<typeof runScenario> {
  const scenario = scenarioSchema.parse({
    name: 'episode',
    calendar: { days, stressDay: 0, session: { closingAuctionStart: '10:20', close: '10:30' } },
    market: {
      instruments: [
        { symbol: 'AAA', initialPrice: 50_000, sharesOutstanding: 100_000_000 },
        { symbol: 'BBB', initialPrice: 20_000, sharesOutstanding: 100_000_000 },
      ],
      index: { name: 'IDX', constituents: ['AAA', 'BBB'], baseLevel: 1000 },
    },
    fundamentals: { shocks: [{ day: 0, time: '09:40', instrument: 'AAA', size: -0.06 }] },
    agents: [
      { kind: 'noise-trader', count: 20, params: { ratePerMin: 1, qtyMean: 20 } },
      { kind: 'value-trader', count: 3 },
      { kind: 'market-maker', count: 2, params: { quoteIntervalMs: 5000, quoteQty: 50 } },
    ],
  });
  return runScenario({ scenario, seed: 3 });
}

const table = (r: ReturnType<typeof runScenario>, name: string): ColumnTable => r.tables.find((t) => t.name === name)!;

describe('episode metrics', () => {
  const r = run(3);
  const daily = table(r, 'daily');
  const inst = column(daily, 'instrument').values as string[];
  const day = column(daily, 'day').values;
  const close = column(daily, 'close').values as Float64Array;
  const closeOf = (sym: string, d: number): number => close[inst.findIndex((s, i) => s === sym && day[i] === d)]!;

  it('return_d2 is the D+2 close over the D+1 close, for each stock and the index', () => {
    for (const sym of ['AAA', 'BBB']) expect(r.summary[`return_d2.${sym}`]).toBe(closeOf(sym, 2) / closeOf(sym, 1) - 1);
    expect(r.summary.index_return_d2).toBeCloseTo(closeOf('IDX', 2) / closeOf('IDX', 1) - 1, 12);
  });

  it('peak_to_trough is the largest fall of trade prices from a running peak that starts at the close before D', () => {
    const trades = table(r, 'trades');
    const ti = column(trades, 'instrument').values as string[];
    const tp = column(trades, 'price').values as Float64Array | Int32Array;
    for (const sym of ['AAA', 'BBB']) {
      let peak = sym === 'AAA' ? 50_000 : 20_000; // day 0's base: the initial price
      let worst = 0;
      for (let k = 0; k < trades.rowCount; k++) {
        if (ti[k] !== sym) continue;
        peak = Math.max(peak, tp[k]!);
        worst = Math.max(worst, (peak - tp[k]!) / peak);
      }
      expect(r.summary[`peak_to_trough.${sym}`]).toBe(worst);
      expect(r.summary[`peak_to_trough.${sym}`]).toBeGreaterThanOrEqual(r.summary[`max_drawdown.${sym}`]!);
    }
    expect(r.summary['peak_to_trough.AAA']).toBeGreaterThan(0.04); // the −6% shock
  });

  it('index_peak_to_trough runs over the index closes from the base of D to the last close', () => {
    const levels = [1000, closeOf('IDX', 0), closeOf('IDX', 1), closeOf('IDX', 2)];
    let peak = levels[0]!;
    let worst = 0;
    for (const x of levels) {
      peak = Math.max(peak, x);
      worst = Math.max(worst, (peak - x) / peak);
    }
    expect(r.summary.index_peak_to_trough).toBeCloseTo(worst, 12);
  });

  it('D+2 metrics are NaN when the run ends before D+2', () => {
    const short = run(2);
    expect([short.summary['return_d2.AAA'], short.summary.index_return_d2]).toEqual([NaN, NaN]);
    expect(short.summary['peak_to_trough.AAA']).toBeGreaterThan(0);
  });
});
