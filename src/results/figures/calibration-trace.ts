// Figure (calibration): the search trace — every evaluation's MSM loss (log scale; design, search and
// identification points coloured by phase) with the best loss so far as a line, and each free parameter's value
// per evaluation with the best fit's value as a rule (and the truth, for a synthetic-target run, dashed).
import { numCol, strCol } from '../columns.js';
import type { ColumnTable } from '../../core/table.js';
import { grid, roundSig, topLevel } from './common.js';
import type { FigureOutcome, VlSpec } from './common.js';

export const CALIBRATION_TRACE = 'calibration-trace';

function lossPanel(trace: ColumnTable): VlSpec {
  const id = numCol(trace, 'eval_id');
  const phase = strCol(trace, 'phase');
  const loss = numCol(trace, 'loss');
  const best = numCol(trace, 'best_loss');
  const values = Array.from(id, (e, i) => ({ eval: e, phase: phase[i], loss: roundSig(loss[i]!), best: roundSig(best[i]!) })).filter((r) => Number.isFinite(r.loss) && r.loss > 0);
  const x = { field: 'eval', type: 'quantitative', title: 'evaluation' };
  return {
    title: { text: 'MSM loss', fontSize: 11, fontWeight: 'normal' },
    width: 420, height: 200, data: { values },
    layer: [
      { mark: { type: 'point', filled: true, size: 30, opacity: 0.7 }, encoding: { x, y: { field: 'loss', type: 'quantitative', scale: { type: 'log' }, title: 'loss' }, color: { field: 'phase', type: 'nominal' }, tooltip: [{ field: 'eval' }, { field: 'phase' }, { field: 'loss' }] } },
      { transform: [{ filter: 'isValid(datum.best)' }], mark: { type: 'line', color: '#222', strokeWidth: 1.2 }, encoding: { x, y: { field: 'best', type: 'quantitative' } } },
    ],
  };
}

function paramPanel(trace: ColumnTable, path: string, best: number, truth: number | undefined): VlSpec {
  const id = numCol(trace, 'eval_id');
  const v = numCol(trace, path);
  const phase = strCol(trace, 'phase');
  const values = Array.from(id, (e, i) => ({ eval: e, value: roundSig(v[i]!), phase: phase[i] }));
  const rules = [{ y: roundSig(best), what: 'best' }, ...(truth === undefined ? [] : [{ y: roundSig(truth), what: 'truth' }])];
  return {
    title: { text: path, fontSize: 11, fontWeight: 'normal' },
    width: 200, height: 130,
    layer: [
      { data: { values }, mark: { type: 'point', size: 16, opacity: 0.6 }, encoding: { x: { field: 'eval', type: 'quantitative', title: 'evaluation' }, y: { field: 'value', type: 'quantitative', title: null, scale: { zero: false } }, color: { field: 'phase', type: 'nominal' } } },
      { data: { values: rules }, mark: { type: 'rule' }, encoding: { y: { field: 'y', type: 'quantitative' }, strokeDash: { field: 'what', type: 'nominal', title: 'line', scale: { domain: ['best', 'truth'], range: [[1, 0], [4, 3]] } } } },
    ],
  };
}

/** The trace figure from the trace table, the parameter paths and best.json's best (and truth) values. */
export function calibrationTrace(trace: ColumnTable | undefined, params: readonly string[], best: Readonly<Record<string, number>>, truth?: Readonly<Record<string, number>>): FigureOutcome {
  const title = 'Calibration search trace';
  if (trace === undefined || trace.rowCount === 0) return { name: CALIBRATION_TRACE, title, skipped: 'no trace table' };
  const panels = params.map((p) => paramPanel(trace, p, best[p] ?? NaN, truth?.[p]));
  const spec = topLevel(title, 'MSM loss per evaluation and the best so far; each parameter per evaluation, best fit (solid) and truth (dashed)', {
    vconcat: [lossPanel(trace), grid(panels, 3)],
  });
  return { name: CALIBRATION_TRACE, title, caption: `Loss and ${params.length} parameters over ${trace.rowCount} evaluations.`, spec };
}
