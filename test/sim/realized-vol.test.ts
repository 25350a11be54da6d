import { describe, expect, it } from 'vitest';
import { at, clock } from '../../src/core/time.js';
import { realizedVol, shockTimes } from '../../src/sim/cascade-metrics.js';
import type { Recorder } from '../../src/sim/recorder.js';

/** A recorder stub holding trades (t, price) of instrument 0 and a shock at 10:00 on day 1. */
function stub(trades: Array<[number, number]>): Recorder {
  return {
    tradeCount: trades.length,
    tInst: Int32Array.from(trades, () => 0),
    tT: Float64Array.from(trades, (x) => x[0]),
    tPrice: Float64Array.from(trades, (x) => x[1]),
    marketEvents: [{ t: at(1, clock(10, 0)), kind: 'shock', inst: -1, detail: '' }],
  } as unknown as Recorder;
}

describe('realized_vol and realized_vol_ex_shock', () => {
  // One trade a minute from 09:58: 100, 100, (shock) 90 at 10:00:30, 91 at 10:15, 90 at 10:29:59, 92 at 10:30, 93 at 10:31.
  const trades: Array<[number, number]> = [
    [at(1, clock(9, 58)), 100], [at(1, clock(9, 59)), 100], [at(1, clock(10, 0, 30)), 90], [at(1, clock(10, 15)), 91],
    [at(1, clock(10, 29, 59)), 90], [at(1, clock(10, 30)), 92], [at(1, clock(10, 31)), 93],
  ];
  const r = stub(trades);

  it('full day: sqrt(Σ ln(p_k/p_{k−1})²) over minute closes', () => {
    const rets = [Math.log(100 / 100), Math.log(90 / 100), Math.log(91 / 90), Math.log(90 / 91), Math.log(92 / 90), Math.log(93 / 92)];
    expect(realizedVol(r, 0, 1)).toBeCloseTo(Math.sqrt(rets.reduce((a, x) => a + x * x, 0)), 12);
  });

  it('ex shock: leaves out the minutes overlapping [10:00, 10:30); prices carry across, so the jump is not re-counted', () => {
    expect(shockTimes(r, 0, 1)).toEqual([at(1, clock(10, 0))]);
    const rets = [Math.log(100 / 100), Math.log(92 / 90), Math.log(93 / 92)];
    expect(realizedVol(r, 0, 1, shockTimes(r, 0, 1))).toBeCloseTo(Math.sqrt(rets.reduce((a, x) => a + x * x, 0)), 12);
    expect(shockTimes(r, 0, 0)).toEqual([]);
  });
});
