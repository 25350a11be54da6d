import { describe, expect, it } from 'vitest';
import { US_PER_MIN } from '../../src/core/time.js';
import { PriceHistory } from '../../src/sim/price-history.js';

const M = US_PER_MIN;
const open = 540 * M; // 09:00

describe('PriceHistory (docs/model.md §2.4)', () => {
  it('gives the last trade at the end of earlier minutes, carrying prices forward, and the base before trading', () => {
    const h = new PriceHistory(1, 390 * 252);
    h.startDay(0, [1000]);
    expect(h.priceMinutesAgo(0, open, 5)).toBe(1000);
    h.onTrade(0, open + 10e6, 1010, 5, 1);
    h.onTrade(0, open + 50e6, 1020, 5, -1);
    h.onTrade(0, open + 3 * M + 1, 1030, 5, 1);
    const now = open + 5 * M + 30e6;
    expect(h.priceMinutesAgo(0, now, 0)).toBe(1030);
    expect(h.priceMinutesAgo(0, now, 1)).toBe(1030); // minute 4 carries minute 3's close
    expect(h.priceMinutesAgo(0, now, 3)).toBe(1020); // minute 2 carries minute 0's close
    expect(h.priceMinutesAgo(0, now, 5)).toBe(1020);
    expect(h.priceMinutesAgo(0, now, 6)).toBe(1000); // before the first trade: the base price
    expect(h.signedVolume(0, open + 1 * M, 1)).toBe(0);
    expect(h.signedVolume(0, open + 3 * M + 5, 3)).toBe(5 - 5 + 5);
  });

  it('annualises an EWMA of squared 1-minute returns with the session length', () => {
    const h = new PriceHistory(1, 100);
    h.startDay(0, [100]);
    expect(h.realizedVolAnnual(0, open, 0.3)).toBe(0.3);
    h.onTrade(0, open + 1, 100, 1, 0);
    h.onTrade(0, open + M + 1, 110, 1, 0);
    const d = Math.pow(0.5, 1 / 30);
    const v = d * (0.3 * 0.3) / 100 + (1 - d) * Math.log(1.1) ** 2;
    expect(h.realizedVolAnnual(0, open + 2 * M + 1, 0.3)).toBeCloseTo(Math.sqrt(v * 100), 12);
    h.startDay(86_400e6, [110]);
    expect(h.realizedVolAnnual(0, 86_400e6 + open, 0.25)).toBe(0.25);
  });

  it('keeps a normal level across days: an EWMA with a two-session half-life, never restarted', () => {
    const h = new PriceHistory(1, 100);
    h.startDay(0, [100]);
    expect(h.normalVolAnnual(0, open, 0.3)).toBe(0.3);
    h.onTrade(0, open + 1, 100, 1, 0);
    h.onTrade(0, open + M + 1, 110, 1, 0);
    const dn = Math.pow(0.5, 1 / 780);
    let v = dn * (0.3 * 0.3) / 100 + (1 - dn) * Math.log(1.1) ** 2;
    expect(h.normalVolAnnual(0, open + 2 * M + 1, 0.3)).toBeCloseTo(Math.sqrt(v * 100), 12);
    // the next day: today's EWMA restarts at the fallback, the normal level carries on (no overnight return)
    h.startDay(86_400e6, [110]);
    expect(h.normalVolAnnual(0, 86_400e6 + open, 0.25)).toBeCloseTo(Math.sqrt(v * 100), 12);
    h.onTrade(0, 86_400e6 + open + 1, 99, 1, 0); // the opening print 10% below yesterday's close: a gap, not a return
    h.onTrade(0, 86_400e6 + open + M + 1, 100, 1, 0);
    v = dn * v + (1 - dn) * Math.log(100 / 99) ** 2;
    expect(h.normalVolAnnual(0, 86_400e6 + open + 2 * M + 1, 0.25)).toBeCloseTo(Math.sqrt(v * 100), 12);
  });
});
