// Stylized facts on a synthetic run with known numbers: calm days leave out the shocked day, S9's U-shape ratio is
// exactly 2 (volume 20 per minute in the first and last 30 minutes, 10 elsewhere), S10 reads summary.json, S2
// needs 20 days, S8 is never measurable from a run, and every fact carries its target and a pass mark. S3b and S4
// are checked on the same run with STK's 1-minute returns replaced by designed patterns whose ρ is known exactly.
import { describe, expect, it } from 'vitest';
import { makeTable } from '../../src/core/table.js';
import type { ColumnTable } from '../../src/core/table.js';
import { calmDays, orderSigns, stockSymbols } from '../../src/results/fact-series.js';
import { stylizedFacts } from '../../src/results/stylized-facts.js';
import type { Fact } from '../../src/results/stylized-facts.js';
import { DAYS, OPEN, STRESS, syntheticRun, syntheticTables } from './fixtures.js';

const run = syntheticRun();
const report = stylizedFacts(run);
const fact = (id: string): Fact => report.facts.find((f) => f.id === id)!;

describe('which data the facts use', () => {
  it('calm days are the days without a scripted shock', () => {
    expect(calmDays(run)).toEqual([0, 1, 3, 4]);
    expect(report.days).toEqual([0, 1, 3, 4]);
  });

  it('only stocks (leverage 1, not the index) are measured', () => {
    expect(stockSymbols(run)).toEqual(['STK']);
    expect(report.instruments).toEqual(['STK']);
    expect(report.barSeconds).toBe(60);
  });

  it('order signs: auction prints left out, one sign per (time, side), per chosen day', () => {
    const signs = orderSigns(run, 'STK', [STRESS]);
    expect(signs).toHaveLength(1);
    expect(signs[0]!.length).toBe(390);
    expect(signs[0]![0]).toBe(-1);
    expect(signs[0]![1]).toBe(1);
    expect(orderSigns(run, 'STK', [0])).toEqual([]);
  });
});

describe('the facts', () => {
  it('lists S1–S10 with targets, in order', () => {
    expect(report.facts.map((f) => f.id)).toEqual(['S1', 'S2', 'S2b', 'S3', 'S3b', 'S4', 'S4b', 'S5', 'S6', 'S7', 'S8', 'S9', 'S10']);
    expect(fact('S1').target).toBe('2–5');
    expect(fact('S2').target).toBe('> 1');
    expect(fact('S3b').target).toBe('< 0.15');
    expect(fact('S3b').estimator).toBe('|ρ_r(1)|, 1-min returns');
    expect(fact('S4').target).toBe('> 0.1');
    expect(fact('S4').estimator).toBe('mean ρ_|r|(τ), τ = 1–30 min, 1-min returns');
    expect(fact('S6').target).toBe('0.3–0.7');
  });

  it('S9: first and last 30 minutes over midday is exactly 2 → pass', () => {
    const r = fact('S9').results[0]!;
    expect(r.details['first_30min_ratio']).toBeCloseTo(2, 12);
    expect(r.details['last_30min_ratio']).toBeCloseTo(2, 12);
    expect(r.value).toBeCloseTo(2, 12);
    expect(r.pass).toBe(true);
    expect(r.display).toBe('2.00× / 2.00×');
  });

  it('S10 reads the spread share and median from summary.json', () => {
    const r = fact('S10').results[0]!;
    expect(r.value).toBe(0.9);
    expect(r.details['median_ticks']).toBe(1);
    expect(r.display).toBe('90.0% (median 1)');
    expect(r.pass).toBe(true);
  });

  it('S2 needs 20 days and S8 is never measured from one run: pass = null with a note', () => {
    expect(fact('S2').results[0]).toMatchObject({ value: null, pass: null, note: 'needs ≥ 20 days (the run has 4 calm days)' });
    expect(fact('S8').results[0]!.pass).toBeNull();
    expect(fact('S8').results[0]!.note).toContain('synthetic metaorder');
  });

  it('S6: constant volume within each 5-minute bucket class gives a finite correlation; S7 finds no sign memory on calm days', () => {
    expect(Number.isFinite(fact('S6').results[0]!.value)).toBe(true);
    expect(fact('S7').results[0]).toMatchObject({ value: null, display: 'none', pass: null });
  });

  it('every result is JSON-serialisable with no NaN (null instead)', () => {
    const json = JSON.stringify(report);
    expect(json).not.toContain('NaN');
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(report)));
  });
});

/**
 * The synthetic run with STK's bars replaced: every day, closes 10,000·exp(r_0 + … + r_{k−1}) for k = 0..N with the
 * 1-minute log returns r = returns (N = returns.length, 1-minute bars from the open). Other tables are unchanged,
 * so the calm days are still 0, 1, 3, 4.
 */
function runWithReturns(returns: readonly number[]) {
  const rows = { day: [] as number[], t: [] as number[], close: [] as number[] };
  for (let day = 0; day < DAYS; day++) {
    let logP = Math.log(10_000);
    for (let k = 0; k <= returns.length; k++) {
      rows.day.push(day);
      rows.t.push(day * 86_400_000_000 + OPEN + k * 60_000_000);
      rows.close.push(Math.exp(logP));
      logP += returns[k] ?? 0;
    }
  }
  const n = rows.day.length;
  const f = (name: string, v: readonly number[]) => ({ name, type: 'float' as const, values: Float64Array.from(v) });
  const bars: ColumnTable = makeTable('bars', [
    { name: 'day', type: 'int', values: Float64Array.from(rows.day) }, { name: 'instrument', type: 'string', values: rows.day.map(() => 'STK') },
    { name: 't_us', type: 'int', values: Float64Array.from(rows.t) }, { name: 'time', type: 'string', values: rows.t.map(() => '') },
    f('open', rows.close), f('high', rows.close), f('low', rows.close), f('close', rows.close),
    { name: 'volume', type: 'int', values: new Float64Array(n).fill(10) }, f('vwap', rows.close),
  ]);
  const r = stylizedFacts(syntheticRun(syntheticTables().map((t) => (t.name === 'bars' ? bars : t))));
  expect(r.days).toEqual([0, 1, 3, 4]);
  return (id: string) => r.facts.find((x) => x.id === id)!.results[0]!;
}

/** N = 392 one-minute returns a day (a multiple of 4, so each sign pattern below has mean 0), sizes A and B. */
const N = 392;
const A = 0.001;
const B = 0.004;

describe('S3b and S4 on designed 1-minute returns', () => {
  it('S3b: signs + + − − (mean 0, ρ(1) = 1/391 from the 391 lag-1 pairs a day alternating +a², −a², …) → pass', () => {
    const sign = [1, 1, -1, -1];
    const s3b = runWithReturns(Array.from({ length: N }, (_, t) => A * sign[t % 4]!))('S3b');
    expect(s3b.value).toBeCloseTo(1 / 391, 10);
    expect(s3b.pass).toBe(true);
  });

  it('S3b: alternating signs give ρ(1) = −1: the value keeps its sign, the test is on |ρ(1)| → fail', () => {
    const s3b = runWithReturns(Array.from({ length: N }, (_, t) => (t % 2 === 0 ? A : -A)))('S3b');
    expect(s3b.value).toBeCloseTo(-1, 10);
    expect(s3b.display).toBe('−1.0'); // formatSig writes a minus sign
    expect(s3b.pass).toBe(false);
  });

  it('S4: |r| = a for the first half of each day and b for the second gives ρ_|r|(τ) = (N − 3τ)/(N − τ) → mean over τ = 1–30, pass', () => {
    // |r| − μ = ∓(b − a)/2: pairs within a half (N − 2τ of them) add +d², the τ pairs across the middle −d².
    const s4 = runWithReturns(Array.from({ length: N }, (_, t) => (t % 2 === 0 ? 1 : -1) * (t < N / 2 ? A : B)))('S4');
    let want = 0;
    for (let tau = 1; tau <= 30; tau++) want += (N - 3 * tau) / (N - tau) / 30;
    expect(want).toBeCloseTo(0.9166, 4);
    expect(s4.value).toBeCloseTo(want, 10);
    expect(s4.pass).toBe(true);
  });

  it('S4: |r| alternating a, b has ρ_|r|(τ) = (−1)^τ, mean 0 over τ = 1–30 → fail', () => {
    const s4 = runWithReturns(Array.from({ length: N }, (_, t) => (t % 2 === 0 ? A : B)))('S4');
    expect(s4.value).toBeCloseTo(0, 10);
    expect(s4.pass).toBe(false);
  });
});
