// Each figure function on the synthetic run and sweep: it draws what the tables hold (kinds, instruments, events),
// puts the numbers it promises into the spec's inline data, and skips with a note naming the missing data.
import { describe, expect, it } from 'vitest';
import type { ColumnTable } from '../../src/core/table.js';
import { clockText, EVENT_COLORS, eventMarks, isSkipped } from '../../src/results/figures/common.js';
import type { Figure, FigureOutcome } from '../../src/results/figures/common.js';
import { auctions } from '../../src/results/figures/auctions.js';
import { auctionIndicative } from '../../src/results/figures/auction-indicative.js';
import { bookDepth } from '../../src/results/figures/book-depth.js';
import { counterfactualEffects } from '../../src/results/figures/counterfactual-effects.js';
import { dailyFlows } from '../../src/results/figures/daily-flows.js';
import { etfNav } from '../../src/results/figures/etf-nav.js';
import { dealerGamma } from '../../src/results/figures/dealer-gamma.js';
import { effectVsParam } from '../../src/results/figures/effect-vs-param.js';
import { etfPremium } from '../../src/results/figures/etf-premium.js';
import { orderFlowImbalance } from '../../src/results/figures/order-flow-imbalance.js';
import { marginWave } from '../../src/results/figures/margin-wave.js';
import { metricVsParam } from '../../src/results/figures/metric-vs-param.js';
import { stressDayFlows } from '../../src/results/figures/stress-day-flows.js';
import { stressDayPrices } from '../../src/results/figures/stress-day-prices.js';
import { stressReturnDistribution } from '../../src/results/figures/stress-return-distribution.js';
import { RUN_FIGURES } from '../../src/results/report.js';
import { headlineMetrics, sweepView } from '../../src/results/sweep-stats.js';
import { STRESS, syntheticRun, syntheticSweep, syntheticTables } from './fixtures.js';

const run = syntheticRun();
const drawn = (f: FigureOutcome): Figure => {
  if (isSkipped(f)) throw new Error(`${f.name} skipped: ${f.skipped}`);
  return f;
};
/** Every inline data row of a spec, wherever it sits. */
function rows(spec: unknown): Record<string, unknown>[] {
  if (Array.isArray(spec)) return spec.flatMap(rows);
  if (spec === null || typeof spec !== 'object') return [];
  const o = spec as Record<string, unknown>;
  const here = o['data'] && Array.isArray((o['data'] as { values?: unknown }).values) ? ((o['data'] as { values: Record<string, unknown>[] }).values) : [];
  return [...here, ...Object.entries(o).filter(([k]) => k !== 'data').flatMap(([, v]) => rows(v))];
}
const without = (name: string): ColumnTable[] => syntheticTables().filter((t) => t.name !== name);

describe('run figures on a run that holds every table', () => {
  it('all thirteen are drawn, each with a title, caption and the house font', () => {
    for (const f of RUN_FIGURES.map((fn) => fn(run))) {
      const fig = drawn(f);
      expect(fig.caption.length).toBeGreaterThan(10);
      expect((fig.spec['config'] as { font: string }).font).toBe('DejaVu Sans');
    }
  });

  it('one colour per instrument and per agent kind across every figure, none of them a shading colour', () => {
    const seen = new Map<string, Set<string>>();
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) return v.forEach(walk);
      if (v === null || typeof v !== 'object') return;
      const o = v as Record<string, unknown>;
      const sc = o['scale'] as { domain?: unknown[]; range?: unknown[] } | undefined;
      if (o['field'] !== undefined && ['series', 'instrument', 'kind'].includes(o['field'] as string) && sc?.domain && sc.range) {
        sc.domain.forEach((d, k) => seen.set(String(d), new Set([...(seen.get(String(d)) ?? []), String(sc.range![k])])));
      }
      Object.values(o).forEach(walk);
    };
    for (const f of RUN_FIGURES.map((fn) => fn(run))) if (!isSkipped(f)) walk(f.spec);
    for (const name of ['STK', 'ETF2X', 'IDX', 'leveraged-etf', 'noise-trader', 'margin-accounts']) expect([...(seen.get(name) ?? [])], name).toHaveLength(1);
    expect([...seen.get('IDX')!]).toEqual(['#000000']);
    const used = [...seen.values()].flatMap((c) => [...c]);
    for (const shade of EVENT_COLORS.range) expect(used).not.toContain(shade);
  });

  it('stress-day prices: stocks+index and ETF panels, % change from the previous close, each with its events', () => {
    const spec = drawn(stressDayPrices(run)).spec as { vconcat: unknown[] };
    expect(spec.vconcat).toHaveLength(2);
    const [stocks, etfs] = spec.vconcat.map(rows);
    expect(new Set(stocks!.filter((r) => 'series' in r).map((r) => r['series']))).toEqual(new Set(['STK', 'IDX']));
    expect(new Set(etfs!.filter((r) => 'series' in r).map((r) => r['series']))).toEqual(new Set(['ETF2X']));
    const events = (rs: Record<string, unknown>[]): string[] => rs.filter((r) => 'event' in r).map((r) => `${r['event']}|${r['instrument']}|${r['at']}`).sort();
    // market-wide events once, labelled market-wide (''), however many instruments they halted
    const marketWide = ['circuit-breaker halt||11:00:00', 'reopening auction||11:20:00', 'shock|IDX|10:00:00', 'sidecar||10:10:00'];
    expect(events(stocks!)).toEqual(['VI auction|STK|10:02:00', ...marketWide]);
    expect(events(etfs!)).toEqual(marketWide);
    const stk = stocks!.filter((r) => r['series'] === 'STK');
    expect(stk).toHaveLength(391);
    const daily = run.tables.get('daily')!;
    const ret = daily.columns.find((c) => c.name === 'return')!.values as Float64Array;
    const row = [...Array(daily.rowCount).keys()].find((r) => daily.columns[0]!.values[r] === STRESS && daily.columns[1]!.values[r] === 'STK')!;
    expect(stk.at(-1)!['change']).toBeCloseTo(ret[row]!, 4);
  });

  it('stress-day flows: the LETF ends the day net short 10 trades × 10 × 10 000 = 1 mn, −0.1% of the 1 bn turnover', () => {
    const data = rows(drawn(stressDayFlows(run)).spec).filter((r) => r['type'] === 'flow' && r['kind'] === 'leveraged-etf');
    expect(data.at(-1)!['share']).toBeCloseTo(-1e6 / 1e9, 12);
    expect(data.at(-1)!['value']).toBe('−1.00 mn KRW');
  });

  it('margin wave: forced sales per day, the D+2 day 4× the pre-stress average', () => {
    const data = rows(drawn(marginWave(run)).spec).filter((r) => r['instrument'] === 'STK');
    expect(data.map((r) => r['multiple'])).toEqual(['1.00×', '1.00×', '1.00×', '1.00×', '4.00×']);
    expect(data.map((r) => r['value'])).toEqual([10, 10, 10, 10, 40]); // mn KRW, one bar segment per instrument
  });

  it('money in figures is in the reporting currency: margin wave in USD at 1000 KRW per USD', () => {
    const usd = { ...run, info: { ...run.info, reportCurrency: 'USD', fxRate: 1000 } };
    const spec = drawn(marginWave(usd)).spec as { layer: { encoding: { y: { title: string } } }[] };
    expect(spec.layer[0]!.encoding.y.title).toBe('forced sales (k USD)');
    expect(rows(spec).filter((r) => r['instrument'] === 'STK').map((r) => r['value'])).toEqual([10, 10, 10, 10, 40]);
    const flows = rows(drawn(stressDayFlows(usd)).spec).filter((r) => r['type'] === 'flow' && r['kind'] === 'leveraged-etf');
    expect(flows.at(-1)!['value']).toBe('−1.00 k USD');
  });

  it('order-flow imbalance: 5-minute buckets of (buy − sell aggressor qty) ÷ both, in [−1, 1]', () => {
    const data = rows(drawn(orderFlowImbalance(run)).spec).filter((r) => r['type'] === 'ofi');
    expect(data.length).toBeGreaterThan(0);
    expect(data.every((r) => (r['ofi'] as number) >= -1 && (r['ofi'] as number) <= 1)).toBe(true);
    const trades = run.tables.get('trades')!;
    const col = (n: string) => trades.columns.find((c) => c.name === n)!.values;
    let buy = 0, sell = 0;
    for (let r = 0; r < trades.rowCount; r++) {
      if (Math.floor((col('t_us')[r] as number) / 300e6) !== Math.floor((STRESS * 86_400e6 + 9 * 3600e6) / 300e6)) continue;
      if (col('aggressor')[r] === 'buy') buy += col('qty')[r] as number;
      if (col('aggressor')[r] === 'sell') sell += col('qty')[r] as number;
    }
    expect(data.find((r) => r['time'] === 9 * 3600e3)!['ofi']).toBeCloseTo((buy - sell) / (buy + sell), 3);
  });

  it('ETF premium by day and dealer gamma by day (in the reporting currency, mn per 1%, −3 mn from the stress day)', () => {
    const prem = rows(drawn(etfPremium(run)).spec).filter((r) => r['instrument'] === 'ETF2X');
    expect(prem).toHaveLength(5);
    expect(prem[0]!['premium']).toBeCloseTo(1 / 0.98 - 1, 4);
    const gamma = rows(drawn(dealerGamma(run)).spec).filter((r) => r['instrument'] === 'STK').map((r) => r['gamma']);
    expect(gamma).toEqual([-1, -1, -3, -3, -3]);
    expect(isSkipped(dealerGamma(syntheticRun(without('metrics'))))).toBe(true);
  });

  it('auctions: stress-day close 3× and D+2 open 4× the calm-day average, a quarter of the open sold by margin accounts at −10%', () => {
    const data = rows(drawn(auctions(run)).spec).filter((r) => r['instrument'] === 'STK');
    expect(data.map((r) => [r['auction'], r['multiple'], r['forced'], r['gapText']])).toEqual([
      ['day 2 close', 3, 0, '+0.0%'],
      ['D+2 open (day 4)', 4, 0.25, '−10.0%'],
    ]);
  });

  it('auction-indicative: the published price vs the last trade and the imbalance in money, per auction, with the uncross dots', () => {
    const fig = drawn(auctionIndicative(run));
    const data = rows(fig.spec);
    const close = data.filter((r) => r['auction'] === 'day 2 close' && r['type'] === 'path');
    // 120 samples from 15:20 every 5 s, two rows each; nothing crosses in the first minute (gaps, not zeros)
    expect(close).toHaveLength(240);
    const price = close.filter((r) => r['measure'] === 'indicative price vs last (%)');
    expect(price.slice(0, 12).every((r) => r['value'] === null)).toBe(true);
    expect(new Set(price.slice(12).map((r) => r['value']))).toEqual(new Set([-1]));
    expect(price[0]!['at']).toBe('15:20:00');
    expect(new Set(close.filter((r) => r['measure'] === 'imbalance (mn KRW)').slice(12).map((r) => r['value']))).toEqual(new Set([-2.97]));
    const open = data.filter((r) => r['auction'] === 'D+2 open (day 4)' && r['type'] === 'path');
    expect(open).toHaveLength(720);
    expect(new Set(open.map((r) => `${r['measure']}=${r['value']}`))).toEqual(new Set(['indicative price vs last (%)=-10', 'imbalance (mn KRW)=-4.5']));
    expect(data.filter((r) => r['type'] === 'uncross').map((r) => [r['auction'], clockText(r['time'] as number), r['value']])).toEqual([
      ['day 2 close', '15:30:00', 0],
      ['D+2 open (day 4)', '09:00:00', -10],
    ]);
    expect(fig.caption).toContain('mn KRW');
  });

  it('ETF NAV: both NAV rules on the stress-day panel and daily close and NAV rows', () => {
    const data = rows(drawn(etfNav(run)).spec);
    expect(data.filter((r) => 'label' in r).map((r) => r['label'])).toEqual(['NAV, previous close', 'NAV, stress-day close']);
    expect(data.filter((r) => r['series'] === 'NAV')).toHaveLength(5);
  });

  it('book depth: value of the summed levels relative to the snapshot at the shock (2 × 100 shares vs 2 × 5 then)', () => {
    const data = rows(drawn(bookDepth(run)).spec).filter((r) => r['type'] === 'depth');
    expect(data).toHaveLength(79 * 2);
    const bid = data.filter((r) => r['side'] === 'bid');
    expect(bid[12]!['rel']).toBe(1);
    const bars = run.tables.get('bars')!;
    const close = (hh: number): number => {
      const col = (n: string) => bars.columns.find((c) => c.name === n)!.values;
      const r = [...Array(bars.rowCount).keys()].find((k) => col('day')[k] === STRESS && col('instrument')[k] === 'STK' && col('time')[k] === `${String(hh).padStart(2, '0')}:00:00`)!;
      return col('close')[r] as number;
    };
    expect(bid[0]!['rel']).toBeCloseTo((200 * close(9)) / (10 * close(10)), 2);
  });

  it('event marks: a halt and reopening auction of several instruments merge into one market-wide band each', () => {
    const marks = eventMarks(run, STRESS).filter((m) => m.end > m.start);
    expect(marks.map((m) => `${m.event}|${m.instrument}|${clockText(m.start)}-${clockText(m.end)}`)).toEqual([
      'VI auction|STK|10:02:00-10:04:00', 'sidecar||10:10:00-10:15:00', 'circuit-breaker halt||11:00:00-11:20:00', 'reopening auction||11:20:00-11:30:00',
    ]);
  });
});

describe('run figures skip with a note when their data is absent', () => {
  it.each([
    ['book-depth', bookDepth, 'depth', 'the run has no depth table'],
    ['auction-indicative', auctionIndicative, 'auction_indicative', 'the run has no auction_indicative table'],
    ['stress-day-flows', stressDayFlows, 'trades', 'the run has no trades table'],
    ['daily-flows', dailyFlows, 'flows', 'the run has no flows table'],
    ['margin-wave', marginWave, 'flows', 'the flows table has no forced_sell_value column'],
  ] as const)('%s without %s', (_name, fn, table, note) => {
    const f = fn(syntheticRun(without(table)));
    expect(isSkipped(f) && f.skipped).toContain(note);
  });

  it('etf-nav without any NAV, stress-day prices without bars on the stress day', () => {
    const noNav = syntheticTables().map((t) => (t.name === 'daily' ? { ...t, columns: t.columns.filter((c) => c.name !== 'nav') } : t));
    expect(isSkipped(etfNav(syntheticRun(noNav)))).toBe(true);
    const f = stressDayPrices(syntheticRun(without('bars')));
    expect(isSkipped(f) && f.skipped).toBe(`no bars on day ${STRESS}`);
  });
});

describe('sweep figures', () => {
  const view = sweepView(syntheticSweep());
  const metrics = headlineMetrics(view);

  it('headline metrics: index_return, then return.<SYM>', () => {
    expect(metrics).toEqual(['index_return', 'return.STK']);
  });

  it('metric vs parameter: mean and 5–95% band per value and counterfactual (failed runs left out)', () => {
    const data = rows(drawn(metricVsParam(view, ['index_return'])).spec);
    const full1 = data.find((r) => r['x'] === 1 && r['counterfactual'] === 'all agents')!;
    expect(full1['n']).toBe(4);
    expect(full1['mean']).toBeCloseTo(-0.115, 12);
    expect(full1['p05']).toBeCloseTo(-0.1 - 0.01 * (3 - 0.15), 12);
  });

  it('counterfactual effects and the return distribution are drawn; a sweep without counterfactuals skips effects', () => {
    const data = rows(drawn(counterfactualEffects(view, metrics)).spec).filter((r) => r['metric'] === 'index_return');
    expect(data.map((r) => r['mean'])).toEqual([-0.05 + 0.003, -0.1 + 0.003].map((x) => Number(x.toPrecision(5))));
    expect(rows(drawn(stressReturnDistribution(view)).spec).filter((r) => 'value' in r)).toHaveLength(16);
    const noCf = { ...view, counterfactuals: ['none'] };
    expect(isSkipped(counterfactualEffects(noCf, metrics))).toBe(true);
    expect(isSkipped(metricVsParam({ ...view, params: [] }, metrics))).toBe(true);
  });

  it('effect vs parameter: paired mean −0.05·size + 0.003 with its t interval, and every pair drawn (4 < 10 pairs)', () => {
    const spec = drawn(effectVsParam(view, ['index_return'])).spec;
    const means = rows(spec).filter((r) => 'mean' in r).slice(0, 2); // the interval and the mean layers share the rows
    expect(means.map((r) => [r['x'], r['mean'], r['n']])).toEqual([[1, -0.047, 4], [2, -0.097, 4]]);
    const half = 3.182446305284263 * (0.002 * Math.sqrt(5 / 3)) / 2; // t(0.975, 3) · sd / √4, sd(0, 2, 4, 6)/1000
    expect(means[0]!['hi'] as number).toBeCloseTo(-0.047 + half, 4);
    expect(rows(spec).filter((r) => 'diff' in r)).toHaveLength(8);
    expect(isSkipped(effectVsParam({ ...view, counterfactuals: ['none'] }, metrics))).toBe(true);
  });
});
