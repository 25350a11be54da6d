// Impact experiment figure: mean impact (in σ_D) against Q/V on log–log axes — at completion with 95% intervals,
// and 120 minutes after completion — with the fitted square-root-law line Y·(Q/V)^δ.
import type { ImpactFit } from '../impact-fit.js';
import { roundSig, topLevel } from './common.js';
import type { Figure } from './common.js';

export function impactFigure(fit: ImpactFit): Figure {
  const pts = fit.levels.flatMap((l) => [
    { q: l.fraction, what: 'at completion', i: roundSig(l.completion), lo: roundSig(l.completion - l.completionHalfWidth), hi: roundSig(l.completion + l.completionHalfWidth) },
    { q: l.fraction, what: '120 min after', i: roundSig(l.after120), lo: null, hi: null },
  ]).filter((p) => p.i > 0);
  const qs = fit.levels.map((l) => l.fraction);
  const line = Number.isFinite(fit.delta)
    ? [Math.min(...qs), Math.max(...qs)].map((q) => ({ q, fit: roundSig(fit.y * q ** fit.delta) }))
    : [];
  const x = { field: 'q', type: 'quantitative', scale: { type: 'log' }, title: 'metaorder size Q/V (fraction of daily volume)' };
  const y = { type: 'quantitative', scale: { type: 'log' }, title: 'impact I/σ_D' };
  const spec = topLevel(
    'Price impact of synthetic metaorders',
    `fit I/σ_D = ${fit.y.toFixed(2)}·(Q/V)^${fit.delta.toFixed(2)}; ${(fit.persistence120 * 100).toFixed(0)}% of the peak remains after 120 min`,
    {
      width: 420, height: 300,
      layer: [
        { data: { values: line }, mark: { type: 'line', color: '#555', strokeDash: [4, 3] }, encoding: { x, y: { ...y, field: 'fit' } } },
        { data: { values: pts.filter((p) => p.lo !== null && p.lo > 0) }, mark: { type: 'rule', color: '#0072B2' }, encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' } } },
        {
          data: { values: pts }, mark: { type: 'point', filled: true, size: 50 },
          encoding: {
            x, y: { ...y, field: 'i' },
            color: { field: 'what', type: 'nominal', title: null, scale: { domain: ['at completion', '120 min after'], range: ['#0072B2', '#E69F00'] } },
          },
        },
      ],
    },
  );
  return { name: 'impact', title: 'Price impact of synthetic metaorders', caption: 'Mean impact over seeds in units of daily volatility σ_D against Q/V, with the square-root-law fit.', spec };
}
