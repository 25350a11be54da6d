import { describe, expect, it } from 'vitest';
import { intradayMultiplier, thinningKeep } from '../../src/agents/intraday.js';
import { clock } from '../../src/core/time.js';

describe('intraday activity (docs/model.md §3.3)', () => {
  it('is the U-shape 1 + a·e^(−since open/d) + b·e^(−until close/d)', () => {
    const p = { openBoost: 2, closeBoost: 3, decayMin: 30 };
    const open = clock(9, 0);
    const close = clock(15, 20);
    expect(intradayMultiplier(clock(12, 0), open, close, p)).toBeCloseTo(1 + 2 * Math.exp(-180 / 30) + 3 * Math.exp(-200 / 30), 14);
    expect(intradayMultiplier(open, open, close, p)).toBeCloseTo(3 + 3 * Math.exp(-380 / 30), 14);
    expect(intradayMultiplier(clock(16, 0), open, close, p)).toBeCloseTo(1 + 2 * Math.exp(-420 / 30) + 3, 14);
  });

  it('thins a chain run at max(U, auction factor) to the phase’s own rate', () => {
    expect(thinningKeep(3, 0.5, false)).toBe(1); // continuous, chain at U
    expect(thinningKeep(3, 0.5, true)).toBe(0.5 / 3); // auction at the auction factor
    expect(thinningKeep(0.4, 0.5, false)).toBe(0.4 / 0.5); // chain at the auction factor, continuous at U
    expect(thinningKeep(0.4, 0.5, true)).toBe(1);
  });
});
