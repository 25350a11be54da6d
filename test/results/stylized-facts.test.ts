// Stylized facts on a synthetic run with known numbers: calm days leave out the shocked day, S9's U-shape ratio is
// exactly 2 (volume 20 per minute in the first and last 30 minutes, 10 elsewhere), S10 reads summary.json, S2
// needs 20 days, S8 is never measurable from a run, and every fact carries its target and a pass mark.
import { describe, expect, it } from 'vitest';
import { calmDays, orderSigns, stockSymbols } from '../../src/results/fact-series.js';
import { stylizedFacts } from '../../src/results/stylized-facts.js';
import type { Fact } from '../../src/results/stylized-facts.js';
import { STRESS, syntheticRun } from './fixtures.js';

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
    expect(report.facts.map((f) => f.id)).toEqual(['S1', 'S2', 'S2b', 'S3', 'S4', 'S4b', 'S5', 'S6', 'S7', 'S8', 'S9', 'S10']);
    expect(fact('S1').target).toBe('3 ± 1');
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
