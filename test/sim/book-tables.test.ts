// The book tables of a real run (quotes, depth, auction_indicative) checked against each other and against the rest
// of the run: recording them leaves the simulation unchanged; the quotes in force at every depth snapshot are that
// snapshot's level 1; the phase in force at every auction sample is the sample's phase; samples sit on their clock
// inside call auctions only.
import { describe, expect, it } from 'vitest';
import { column } from '../../src/core/table.js';
import type { ColumnTable } from '../../src/core/table.js';
import { US_PER_DAY, parseClock } from '../../src/core/time.js';
import { scenarioSchema } from '../../src/scenario/schema.js';
import type { OutputTable, ScenarioInput } from '../../src/scenario/schema.js';
import { runScenario } from '../../src/sim/run.js';
import type { RunResult } from '../../src/sim/run.js';

const INPUT: ScenarioInput = {
  name: 'books-test',
  calendar: { days: 2, stressDay: 1 },
  market: {
    rules: 'krx',
    instruments: [
      { symbol: 'AAA', initialPrice: 71000, sharesOutstanding: 5_000_000_000 },
      { symbol: 'BBB', initialPrice: 25000, sharesOutstanding: 20_000_000_000, viClass: 'other' },
    ],
  },
  agents: [
    { kind: 'noise-trader', count: 60, params: { ratePerMin: 0.5 } },
    { kind: 'value-trader', count: 8, params: { auctionQty: 20 } },
    { kind: 'market-maker', count: 2, params: { quoteIntervalMs: 5000, quoteQty: 50 } },
  ],
};

const run = (tables?: OutputTable[], only?: OutputTable[]): RunResult => {
  const sc = scenarioSchema.parse(tables === undefined ? INPUT : { ...INPUT, outputs: { tables } });
  return runScenario({ scenario: sc, seed: 4, ...(only ? { tables: only } : {}) });
};

const table = (r: RunResult, name: string): ColumnTable => r.tables.find((t) => t.name === name)!;
const nums = (t: ColumnTable, name: string): number[] => Array.from(column(t, name).values as ArrayLike<number>);
const strs = (t: ColumnTable, name: string): string[] => [...(column(t, name).values as readonly string[])];

/** Index of the last row of `of` at or before `at` in a table sorted by time (-1 if none): binary search, then back. */
function rowInForce(t: number[], inst: string[], at: number, of: string): number {
  let lo = 0, hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t[mid]! <= at) lo = mid + 1;
    else hi = mid;
  }
  let r = lo - 1;
  while (r >= 0 && inst[r] !== of) r--;
  return r;
}

describe('book tables of a run', () => {
  const full = run();
  const quotes = table(full, 'quotes');
  const qT = nums(quotes, 't_us');
  const qInst = strs(quotes, 'instrument');
  const qPhase = strs(quotes, 'phase');

  it('recording them changes nothing in the simulation', () => {
    const none = run(undefined, []);
    for (const other of [run(['trades']), none]) {
      expect(other.summary).toEqual(full.summary);
      expect(other.stats).toEqual(full.stats);
    }
    expect(none.tables).toEqual([]);
    expect(run(undefined, ['quotes', 'trades']).tables.map((t) => t.name)).toEqual(['trades', 'quotes']);
  });

  it('quotes: time-ordered, each row a change of its instrument, never crossed in continuous trading', () => {
    const bid = nums(quotes, 'bid');
    const bidQty = nums(quotes, 'bid_qty');
    const ask = nums(quotes, 'ask');
    const askQty = nums(quotes, 'ask_qty');
    expect(quotes.rowCount).toBeGreaterThan(1000);
    const last = new Map<string, number>();
    const same = (a: number, b: number): boolean => a === b || (Number.isNaN(a) && Number.isNaN(b));
    const bad: string[] = [];
    for (let k = 0; k < quotes.rowCount; k++) {
      if (k > 0 && qT[k]! < qT[k - 1]!) bad.push(`row ${k}: time goes back`);
      const p = last.get(qInst[k]!);
      if (p !== undefined && qPhase[p] === qPhase[k] && same(bid[p]!, bid[k]!) && same(ask[p]!, ask[k]!) && bidQty[p] === bidQty[k] && askQty[p] === askQty[k]) {
        bad.push(`row ${k}: repeats row ${p}`);
      }
      last.set(qInst[k]!, k);
      if (qPhase[k] === 'continuous' && bid[k]! >= ask[k]!) bad.push(`row ${k}: crossed in continuous trading`);
      if (Number.isNaN(bid[k]!) !== (bidQty[k] === 0) || Number.isNaN(ask[k]!) !== (askQty[k] === 0)) bad.push(`row ${k}: an empty side with a size`);
    }
    expect(bad).toEqual([]);
    expect(new Set(qPhase)).toEqual(new Set(['closed', 'pre-open', 'opening-auction', 'continuous', 'closing-auction', 'day-ended']));
  });

  it('depth: at every snapshot, level 1 of each side is the quote in force; levels run 1.. and prices move away from the touch', () => {
    const depth = table(full, 'depth');
    const dT = nums(depth, 't_us');
    const dInst = strs(depth, 'instrument');
    const side = strs(depth, 'side');
    const level = nums(depth, 'level');
    const price = nums(depth, 'price');
    const qty = nums(depth, 'qty');
    const value = nums(depth, 'value');
    expect(depth.rowCount).toBeGreaterThan(500);
    const top = { bid: nums(quotes, 'bid'), ask: nums(quotes, 'ask'), bid_qty: nums(quotes, 'bid_qty'), ask_qty: nums(quotes, 'ask_qty') };
    let checked = 0;
    const bad: string[] = [];
    for (let k = 0; k < depth.rowCount; k++) {
      if (value[k] !== price[k]! * qty[k]!) bad.push(`row ${k}: value`);
      if (level[k] !== 1) {
        if (level[k] !== level[k - 1]! + 1) bad.push(`row ${k}: level skipped`);
        if (side[k] === 'bid' ? price[k]! >= price[k - 1]! : price[k]! <= price[k - 1]!) bad.push(`row ${k}: level not behind the previous`);
        continue;
      }
      const q = rowInForce(qT, qInst, dT[k]!, dInst[k]!);
      const want = side[k] === 'bid' ? [top.bid[q], top.bid_qty[q]] : [top.ask[q], top.ask_qty[q]];
      if (qPhase[q] !== 'continuous' || price[k] !== want[0] || qty[k] !== want[1]) bad.push(`row ${k}: level 1 is not the quote in force (quotes row ${q})`);
      checked++;
    }
    expect(bad).toEqual([]);
    expect(checked).toBeGreaterThan(200);
  });

  it('auction_indicative: on the 5 s clock, in call auctions only, each in the phase the quotes show', () => {
    const ai = table(full, 'auction_indicative');
    const t = nums(ai, 't_us');
    const inst = strs(ai, 'instrument');
    const phase = strs(ai, 'phase');
    const volume = nums(ai, 'volume');
    const price = nums(ai, 'price');
    expect(new Set(phase)).toEqual(new Set(['pre-open', 'opening-auction', 'closing-auction']));
    const bad: string[] = [];
    for (let k = 0; k < ai.rowCount; k++) {
      if (t[k]! % 5_000_000 !== 0) bad.push(`row ${k}: off the clock`);
      if (qPhase[rowInForce(qT, qInst, t[k]!, inst[k]!)] !== phase[k]) bad.push(`row ${k}: phase differs from the quotes`);
      if (Number.isNaN(price[k]!) !== (volume[k] === 0)) bad.push(`row ${k}: volume without a price or a price without volume`);
    }
    expect(bad).toEqual([]);
    expect(ai.rowCount).toBeGreaterThan(1000);
    // every 5 s of each day's closing auction (15:20 to its random end after 15:30), per instrument
    const start = parseClock('15:20'), close = parseClock('15:30');
    for (const sym of ['AAA', 'BBB']) {
      for (const day of [0, 1]) {
        const rows = t.filter((x, k) => inst[k] === sym && phase[k] === 'closing-auction' && x >= day * US_PER_DAY && x < (day + 1) * US_PER_DAY);
        expect(rows[0]).toBe(day * US_PER_DAY + start);
        expect(rows.length).toBeGreaterThanOrEqual((close - start) / 5_000_000);
        rows.forEach((x, i) => expect(x).toBe(rows[0]! + i * 5_000_000));
      }
    }
  });
});
