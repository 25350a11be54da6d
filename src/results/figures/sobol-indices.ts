// Figure (sweep with `sample: { method: sobol }`): first-order and total Sobol' indices of each parameter, one panel
// per metric (stacked), horizontal bars with 95% bootstrap intervals (from the sweep's `sensitivity` table, grid point 0).
import { numCol, strCol } from '../columns.js';
import type { ColumnTable } from '../../core/table.js';
import { grid, roundSig, topLevel } from './common.js';
import type { FigureOutcome, VlSpec } from './common.js';

export const SOBOL_INDICES = 'sobol-indices';

function panel(t: ColumnTable, metric: string): VlSpec {
  const m = strCol(t, 'metric');
  const p = strCol(t, 'parameter');
  const g = numCol(t, 'grid_point');
  const col = (n: string): Float64Array => numCol(t, n);
  const [s1, s1l, s1h, st, stl, sth] = ['S1', 'S1_low', 'S1_high', 'ST', 'ST_low', 'ST_high'].map(col) as Float64Array[];
  const values = [];
  for (let i = 0; i < t.rowCount; i++) {
    if (m[i] !== metric || g[i] !== 0) continue;
    values.push({ parameter: p[i], index: 'first order', value: roundSig(s1![i]!), low: roundSig(s1l![i]!), high: roundSig(s1h![i]!) });
    values.push({ parameter: p[i], index: 'total', value: roundSig(st![i]!), low: roundSig(stl![i]!), high: roundSig(sth![i]!) });
  }
  const y = { field: 'parameter', type: 'nominal', title: null, axis: { labelLimit: 320 } };
  const yOffset = { field: 'index', type: 'nominal' };
  const x = { field: 'value', type: 'quantitative', title: "Sobol' index", scale: { domain: [0, 1], clamp: true } };
  return {
    title: { text: metric, fontSize: 11, fontWeight: 'normal' },
    width: 240, data: { values },
    layer: [
      { mark: 'bar', encoding: { y, yOffset, x, color: { field: 'index', type: 'nominal', title: 'index' } } },
      { mark: 'rule', encoding: { y, yOffset, x: { field: 'low', type: 'quantitative' }, x2: { field: 'high' } } },
    ],
  };
}

/** The indices of up to `max` metrics (in table order, or those asked). */
export function sobolIndicesFigure(t: ColumnTable | undefined, asked: readonly string[] = [], max = 6): FigureOutcome {
  const title = "Global sensitivity (Sobol' indices)";
  if (t === undefined || t.rowCount === 0) return { name: SOBOL_INDICES, title, skipped: 'no sensitivity table (sample: { method: sobol } makes one)' };
  const all = [...new Set(strCol(t, 'metric'))];
  const metrics = (asked.length > 0 ? all.filter((m) => asked.includes(m)) : all).slice(0, max);
  const spec = topLevel(title, 'First-order and total indices with 95% bootstrap intervals (Saltelli design)', grid(metrics.map((m) => panel(t, m)), 1));
  return { name: SOBOL_INDICES, title, caption: `First-order and total Sobol' indices of ${metrics.join(', ')}.`, spec };
}
