// Test fixtures for the report: a synthetic run (5 days, a stock STK, a 2x ETF ETF2X with a NAV, an index IDX) whose
// tables hold everything every run figure draws — market events (VI, halt, reopening, sidecar, shock), a depth
// table, indicative auction prices, forced margin sales, cascade agent kinds — with known numbers: volume per 1-minute bar is exactly 20 in
// the first and last 30 minutes and 10 elsewhere (S9 ratio 2), spreads from summary.json. Prices are a seeded
// random walk. Also a synthetic sweep (2 points × 4 replicates × 1 counterfactual) with a known paired effect.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deriveRng } from '../../src/core/rng.js';
import { US_PER_DAY as US_DAY, US_PER_MIN as US_MIN } from '../../src/core/time.js';
import type { Column, ColumnTable } from '../../src/core/table.js';
import { makeTable } from '../../src/core/table.js';
import { writeCsv } from '../../src/results/csv-writer.js';
import { writeParquet } from '../../src/results/parquet-writer.js';
import { runInfo } from '../../src/results/run-data.js';
import type { RunData, SweepData } from '../../src/results/run-data.js';

export const OPEN = 9 * 60 * US_MIN;
export const CLOSE = OPEN + 390 * US_MIN;
export const DAYS = 5;
export const STRESS = 2;

const f = (name: string, v: ArrayLike<number>): Column => ({ name, type: 'float', values: Float64Array.from(v) });
const i = (name: string, v: ArrayLike<number>): Column => ({ name, type: 'int', values: Float64Array.from(v) });
const s = (name: string, v: readonly string[]): Column => ({ name, type: 'string', values: v });

export const MANIFEST = {
  tool: 'cascade-sim', version: '0.0.0-test', gitCommit: 'abc123', seed: 7, scenarioSha256: 'f'.repeat(64), startedAt: '2026-01-02T03:04:05.000Z',
  scenario: {
    name: 'synthetic', description: 'Synthetic run for the report tests', seed: 7,
    calendar: { days: DAYS, stressDay: STRESS, session: { preOpen: '08:30', open: '09:00', closingAuctionStart: '15:20', close: '15:30' } },
    market: {
      currency: 'KRW',
      instruments: [{ symbol: 'STK', name: 'Stock', initialPrice: 10000, leverage: 1 }, { symbol: 'ETF2X', name: 'ETF <2x> & co', initialPrice: 5000, leverage: 2 }],
      index: { name: 'IDX', constituents: ['STK'] },
    },
    agents: [{ kind: 'noise-trader', count: 10 }, { kind: 'leveraged-etf', count: 1 }, { kind: 'margin-accounts', count: 1 }],
  },
};

export const SUMMARY = {
  'return.STK': -0.1, 'max_drawdown.STK': 0.12, 'turnover_value.STK': 1.5e9, 'spread_ticks_median.STK': 1, 'spread_le_2_ticks.STK': 0.9,
  'return.ETF2X': -0.2, 'spread_ticks_median.ETF2X': 3, 'spread_le_2_ticks.ETF2X': 0.3, index_return: -0.1, circuit_breakers: 1, vi_count: 1,
  sidecars: 1, trades: 1234, letf_rebalance_value: 4.2e6, margin_forced_sale_multiple: null, custom_metric: 0.123456,
};

/** Bars and daily rows of the three series over every day. */
function barsAndDaily(): { bars: ColumnTable; daily: ColumnTable } {
  const rng = deriveRng(11, 'fixture-prices');
  const b = { day: [] as number[], inst: [] as string[], t: [] as number[], time: [] as string[], close: [] as number[], vol: [] as number[] };
  const d = { day: [] as number[], inst: [] as string[], close: [] as number[], ret: [] as number[], turnover: [] as number[], nav: [] as number[] };
  let stk = 10000;
  let etf = 5000;
  for (let day = 0; day < DAYS; day++) {
    const base = { STK: stk, ETF2X: etf, IDX: stk / 4 };
    for (let k = 0; k <= 390; k++) {
      const step = day === STRESS && k === 60 ? -0.08 : rng.normal(0, 0.001);
      stk = Math.round(stk * (1 + step));
      etf = Math.round(etf * (1 + 2 * step));
      const tod = OPEN + k * US_MIN;
      const vol = tod < OPEN + 30 * US_MIN || tod >= CLOSE - 30 * US_MIN ? 20 : 10;
      for (const [inst, close] of [['STK', stk], ['ETF2X', etf], ['IDX', stk / 4]] as const) {
        b.day.push(day); b.inst.push(inst); b.t.push(day * US_DAY + tod);
        b.time.push(`${String(Math.floor(tod / 3_600_000_000)).padStart(2, '0')}:${String((tod / US_MIN) % 60).padStart(2, '0')}:00`);
        b.close.push(close); b.vol.push(inst === 'IDX' ? 0 : vol);
      }
    }
    for (const [inst, close] of [['STK', stk], ['ETF2X', etf], ['IDX', stk / 4]] as const) {
      d.day.push(day); d.inst.push(inst); d.close.push(close); d.ret.push(close / base[inst] - 1);
      d.turnover.push(inst === 'IDX' ? NaN : 1e9); d.nav.push(inst === 'ETF2X' ? close * 0.98 : NaN);
    }
  }
  const bars = makeTable('bars', [i('day', b.day), s('instrument', b.inst), i('t_us', b.t), s('time', b.time), f('open', b.close), f('high', b.close), f('low', b.close), f('close', b.close), i('volume', b.vol), f('vwap', b.close)]);
  const daily = makeTable('daily', [i('day', d.day), s('instrument', d.inst), f('close', d.close), f('return', d.ret), f('turnover_value', d.turnover), f('nav', d.nav), f('premium', d.close.map((c, k) => c / d.nav[k]! - 1))]);
  return { bars, daily };
}

/** Trades on the stress day: noise traders trade with each other all day; the LETF sells STK in the last 10 minutes. */
function trades(): ColumnTable {
  const t = { t: [] as number[], inst: [] as string[], price: [] as number[], qty: [] as number[], aggr: [] as string[], bk: [] as string[], sk: [] as string[] };
  const add = (tod: number, buyer: string, seller: string, aggr: string): void => {
    t.t.push(STRESS * US_DAY + tod); t.inst.push('STK'); t.price.push(10000); t.qty.push(10); t.aggr.push(aggr); t.bk.push(buyer); t.sk.push(seller);
  };
  for (let k = 0; k < 380; k++) add(OPEN + k * US_MIN + 1000, 'noise-trader', 'noise-trader', k % 3 === 0 ? 'sell' : 'buy');
  for (let k = 380; k < 390; k++) add(OPEN + k * US_MIN + 1000, 'noise-trader', 'leveraged-etf', 'sell');
  // the D+2 opening auction: 100 of its 400 shares sold by margin accounts, at 9000 (−10% from the last trade)
  t.t.push((STRESS + 2) * US_DAY + OPEN); t.inst.push('STK'); t.price.push(9000); t.qty.push(100); t.aggr.push('auction'); t.bk.push('noise-trader'); t.sk.push('margin-accounts');
  return makeTable('trades', [
    i('t_us', t.t), i('day', t.t.map((x) => Math.floor(x / US_DAY))), s('instrument', t.inst), i('price', t.price), i('qty', t.qty), s('aggressor', t.aggr),
    i('buyer_id', t.t.map(() => 1)), i('seller_id', t.t.map(() => 2)), s('buyer_kind', t.bk), s('seller_kind', t.sk),
  ]);
}

/** Flows: noise traders, the LETF and margin accounts, whose forced sales jump on D+2. */
function flows(): ColumnTable {
  const r = { day: [] as number[], inst: [] as string[], kind: [] as string[], bv: [] as number[], sv: [] as number[], fv: [] as number[] };
  for (let day = 0; day < DAYS; day++) {
    for (const [kind, bv, sv, fv] of [['noise-trader', 5e8, 4e8, 0], ['leveraged-etf', 0, day === STRESS ? 1e8 : 0, 0], ['margin-accounts', 0, day === STRESS + 2 ? 4e7 : 1e7, day === STRESS + 2 ? 4e7 : 1e7]] as const) {
      r.day.push(day); r.inst.push('STK'); r.kind.push(kind); r.bv.push(bv); r.sv.push(sv); r.fv.push(fv);
    }
  }
  return makeTable('flows', [i('day', r.day), s('instrument', r.inst), s('kind', r.kind), i('buy_qty', r.bv), i('sell_qty', r.sv), i('buy_value', r.bv), i('sell_value', r.sv), i('orders', r.bv), i('forced_sell_qty', r.fv), i('forced_sell_value', r.fv)]);
}

function marketEvents(): ColumnTable {
  const at = (h: number, m: number): number => STRESS * US_DAY + (h * 60 + m) * US_MIN;
  const rows: [number, string, string, string][] = [
    [at(10, 0), 'shock', 'IDX', 'fundamental x0.92'],
    [at(10, 2), 'vi-started', 'STK', 'static ref=10000 price=9000'],
    [at(10, 2), 'phase-changed', 'STK', 'vi-auction'],
    [at(10, 4), 'phase-changed', 'STK', 'continuous'],
    [at(10, 10), 'sidecar-started', 'IDX', 'program sell orders blocked'],
    [at(11, 0), 'halt-started', 'IDX', 'level 1 index=2300.00'],
    [at(11, 0), 'phase-changed', 'STK', 'halted'], [at(11, 0), 'phase-changed', 'ETF2X', 'halted'],
    [at(11, 20), 'phase-changed', 'STK', 'reopening-auction'], [at(11, 20), 'phase-changed', 'ETF2X', 'reopening-auction'],
    [at(11, 30), 'phase-changed', 'STK', 'continuous'], [at(11, 30), 'phase-changed', 'ETF2X', 'continuous'],
    // STK's opening and closing uncrosses every day: 100 and 200 shares on calm days, 600 at the stress close, 400 at the D+2 open
    ...Array.from({ length: DAYS }, (_, d) => [
      [d * US_DAY + OPEN, 'auction-uncrossed', 'STK', `opening price=${d === STRESS + 2 ? 9000 : 10000} volume=${d === STRESS + 2 ? 400 : 100}`],
      [d * US_DAY + CLOSE, 'auction-uncrossed', 'STK', `closing price=10000 volume=${d === STRESS ? 600 : 200}`],
    ] as [number, string, string, string][]).flat(),
  ];
  rows.sort((a, b) => a[0] - b[0]);
  return makeTable('market_events', [i('t_us', rows.map((r) => r[0])), i('day', rows.map((r) => Math.floor(r[0] / US_DAY))), s('kind', rows.map((r) => r[1])), s('instrument', rows.map((r) => r[2])), s('detail', rows.map((r) => r[3]))]);
}

/** Published metrics: an option dealer's gamma on STK, −1 mn KRW per 1% before the stress day, −3 mn from it on. */
function metrics(): ColumnTable {
  const days = Array.from({ length: DAYS }, (_, d) => d);
  return makeTable('metrics', [i('day', days), s('name', days.map(() => 'dealer_gamma.STK')), f('value', days.map((d) => (d < STRESS ? -1e6 : -3e6)))]);
}

/** Depth snapshots every 5 minutes of the stress day, 2 levels a side. */
function depth(): ColumnTable {
  const r = { t: [] as number[], inst: [] as string[], side: [] as string[], level: [] as number[], qty: [] as number[] };
  for (let k = 0; k <= 78; k++) {
    for (const side of ['bid', 'ask']) {
      for (const level of [0, 1]) {
        r.t.push(STRESS * US_DAY + OPEN + k * 5 * US_MIN); r.inst.push('STK'); r.side.push(side); r.level.push(level); r.qty.push(k === 12 ? 5 : 100);
      }
    }
  }
  return makeTable('depth', [i('t_us', r.t), i('day', r.t.map(() => STRESS)), s('instrument', r.inst), s('side', r.side), i('level', r.level), i('qty', r.qty)]);
}

/**
 * Indicative uncross of STK every 5 s: the stress-day closing auction (15:20 to the 15:30 uncross; nothing crosses
 * in its first minute, then 9900 with 300 shares unsold) and the D+2 pre-open (08:30 to 09:00; 9000, 500 unsold).
 */
function auctionIndicative(): ColumnTable {
  const r = { t: [] as number[], phase: [] as string[], price: [] as number[], volume: [] as number[], imb: [] as number[] };
  const add = (day: number, from: number, to: number, phase: string, at: (k: number) => [number, number, number]): void => {
    for (let k = 0, t = from; t < to; k++, t += 5_000_000) {
      const [price, volume, imb] = at(k);
      r.t.push(day * US_DAY + t); r.phase.push(phase); r.price.push(price); r.volume.push(volume); r.imb.push(imb);
    }
  };
  add(STRESS, CLOSE - 10 * US_MIN, CLOSE, 'closing-auction', (k) => (k < 12 ? [NaN, 0, NaN] : [9900, 400, -300]));
  add(STRESS + 2, OPEN - 30 * US_MIN, OPEN, 'pre-open', () => [9000, 400, -500]);
  return makeTable('auction_indicative', [
    i('t_us', r.t), i('day', r.t.map((x) => Math.floor(x / US_DAY))), s('instrument', r.t.map(() => 'STK')), s('phase', r.phase),
    f('price', r.price), i('volume', r.volume), f('imbalance', r.imb),
  ]);
}

/** Every table of the synthetic run. */
export function syntheticTables(): ColumnTable[] {
  const { bars, daily } = barsAndDaily();
  return [bars, daily, trades(), flows(), marketEvents(), depth(), metrics(), auctionIndicative()];
}

/** The synthetic run in memory, as loadRun would return it. */
export function syntheticRun(tables: readonly ColumnTable[] = syntheticTables(), summary: Record<string, number | null> = SUMMARY): RunData {
  const map = new Map(tables.map((t) => [t.name, t]));
  return { kind: 'run', dir: '/synthetic', manifest: MANIFEST, summary, tables: map, info: runInfo(MANIFEST, map) };
}

/** Write the synthetic run to `dir`: bars and trades as Parquet, the rest as CSV (both readers get exercised). */
export async function writeSyntheticRunDir(dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(MANIFEST));
  writeFileSync(join(dir, 'summary.json'), JSON.stringify(SUMMARY));
  for (const t of syntheticTables()) {
    if (t.name === 'bars' || t.name === 'trades') await writeParquet(t, join(dir, `${t.name}.parquet`));
    else writeCsv(t, join(dir, `${t.name}.csv`));
  }
}

/**
 * A sweep over `agents.x.size` ∈ {1, 2} with 4 replicates and counterfactual 'dealer'. index_return of the full run
 * is −0.1·size − 0.01·rep, of the counterfactual −0.05·size − 0.01·rep − e with e = 0.002·rep: so the paired effect
 * is −0.05·size + 0.002·rep, mean −0.05·size + 0.003 over reps 0–3, sd 0.002·sd(0,1,2,3).
 */
export function syntheticSweepTable(): ColumnTable {
  const r = { id: [] as number[], point: [] as number[], rep: [] as number[], cf: [] as string[], size: [] as number[], ret: [] as number[], status: [] as string[] };
  let id = 0;
  for (const [point, size] of [[0, 1], [1, 2]] as const) {
    for (let rep = 0; rep < 4; rep++) {
      for (const cf of ['none', 'dealer']) {
        r.id.push(id++); r.point.push(point); r.rep.push(rep); r.cf.push(cf); r.size.push(size);
        r.ret.push(cf === 'none' ? -0.1 * size - 0.01 * rep : -0.05 * size - 0.01 * rep - 0.002 * rep);
        r.status.push('ok');
      }
    }
  }
  // One failed run: it must be left out of every statistic.
  r.id.push(id); r.point.push(0); r.rep.push(9); r.cf.push('none'); r.size.push(1); r.ret.push(NaN); r.status.push('failed');
  return makeTable('runs', [
    i('run_id', r.id), i('point_id', r.point), i('replicate', r.rep), s('counterfactual', r.cf), i('seed', r.id), f('agents.x.size', r.size),
    f('index_return', r.ret), f('return.STK', r.ret.map((x) => x * 2)), s('status', r.status), s('error', r.status.map((x) => (x === 'ok' ? '' : 'boom'))), f('wall_s', r.id.map(() => 1)),
  ]);
}

export function syntheticSweep(): SweepData {
  return { kind: 'sweep', dir: '/synthetic-sweep', manifest: { plan: { paths: ['agents.x.size'] }, sweep: { name: 'syn' } }, tables: new Map([['runs', syntheticSweepTable()]]) };
}
