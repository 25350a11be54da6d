// Figure: autocorrelation of 1-minute returns r and of |r| for each stock, lags 1–60 minutes, calm days only —
// the picture behind stylized facts S3 (r uncorrelated beyond a few minutes) and S4 (|r| positive and slowly
// decaying). The dashed lines are the ±2/√n band of an uncorrelated series.
import { US_PER_MIN } from '../../core/time.js';
import { autocorrelation, logReturns } from '../estimators.js';
import { barLengthUs, barSeries, calmDays, stockSymbols } from '../fact-series.js';
import type { RunData } from '../run-data.js';
import { instrumentColorScale, roundSig, topLevel } from './common.js';
import type { FigureOutcome } from './common.js';

export const RETURN_ACF = 'return-acf';
const MAX_LAG = 60;

export function returnAcf(run: RunData): FigureOutcome {
  const title = 'Autocorrelation of returns and absolute returns';
  const days = calmDays(run);
  const step = Math.max(1, Math.round(US_PER_MIN / barLengthUs(run)));
  let n = 0;
  const values = stockSymbols(run).flatMap((symbol) => {
    const r = barSeries(run, symbol, days).closes.map((c) => logReturns(c, step));
    n = Math.max(n, r.reduce((a, s) => a + s.length, 0));
    const rho = autocorrelation(r, MAX_LAG);
    const rhoAbs = autocorrelation(r.map((s) => s.map(Math.abs)), MAX_LAG);
    return Array.from({ length: MAX_LAG }, (_, i) => [
      { instrument: symbol, series: 'r', lag: i + 1, rho: roundSig(rho[i + 1]!, 4) },
      { instrument: symbol, series: '|r|', lag: i + 1, rho: roundSig(rhoAbs[i + 1]!, 4) },
    ]).flat().filter((v) => Number.isFinite(v.rho));
  });
  if (values.length === 0 || n < 10) return { name: RETURN_ACF, title, skipped: 'too few 1-minute returns on calm days' };
  const bound = 2 / Math.sqrt(n);
  const spec = topLevel(title, `1-minute returns on calm days (${days.join(', ')}); dashed: ±2/√n, n = ${n}`, {
    data: { values },
    facet: { field: 'series', type: 'nominal', title: null, sort: ['r', '|r|'], header: { labelFontWeight: 'bold' } },
    spec: {
      width: 300,
      height: 200,
      layer: [
        { mark: { type: 'line', point: { size: 12 } }, encoding: { x: { field: 'lag', type: 'quantitative', title: 'lag τ (minutes)' }, y: { field: 'rho', type: 'quantitative', title: 'autocorrelation ρ(τ)' }, color: { field: 'instrument', type: 'nominal', title: 'stock', scale: instrumentColorScale(run, stockSymbols(run)) }, tooltip: [{ field: 'instrument' }, { field: 'lag' }, { field: 'rho', format: '.3f' }] } },
        { data: { values: [{ y: bound }, { y: -bound }] }, mark: { type: 'rule', strokeDash: [4, 3], color: '#888' }, encoding: { y: { field: 'y', type: 'quantitative' } } },
      ],
    },
  });
  return { name: RETURN_ACF, title, caption: 'Autocorrelation of 1-minute returns and of their absolute values (stylized facts S3, S4).', spec };
}
