// Local identification at the best point: the moment Jacobian by central finite differences (one-sided at a
// bound; an int parameter's step spans at least one whole number), in moment units per full parameter range
// (the unit cube), then scaled by the weighting matrix's root so each entry is "loss-standard deviations per range".
// Its singular values give the numerical rank (relative tolerance 1e-6) and the condition number; a parameter's
// sensitivity is its scaled column's norm: near zero means the moments do not see it (not identified), and a
// large condition number means some combination of parameters is nearly invisible.
import type { Matrix } from './linalg.js';
import { singularValues } from './linalg.js';
import type { Evaluation, Proposal } from './evaluator.js';

export interface Identification {
  /** jacobian[moment][parameter]: moment change per full range of the parameter. */
  readonly jacobian: Matrix;
  readonly scaled: Matrix;
  readonly singularValues: readonly number[];
  readonly rank: number;
  readonly conditionNumber: number;
  /** Per parameter: the norm of its scaled Jacobian column. */
  readonly sensitivity: readonly number[];
}

/** The 2·d points around `u` (unit cube): parameter i minus then plus its step. */
export function jacobianProposals(u: readonly number[], steps: readonly number[], generation: number): Proposal[] {
  return u.flatMap((_, i) => [-1, 1].map((sgn) => ({ phase: 'jacobian' as const, generation, u: u.map((x, k) => (k === i ? clamp(x + sgn * steps[i]!) : x)) })));
}

const clamp = (x: number): number => Math.min(1, Math.max(0, x));

/** Steps in the unit cube: `step`, or one whole-number cell of an int range if that is wider. */
export function jacobianSteps(ranges: readonly { min: number; max: number; type: 'int' | 'float' }[], step: number): number[] {
  return ranges.map((r) => (r.type === 'int' ? Math.max(step, 1 / (r.max - r.min + 1)) : step));
}

/** The check from the 2·d evaluations (as jacobianProposals ordered them), their seed means and W's root. */
export function identify(evals: readonly Evaluation[], means: readonly (readonly number[])[], root: Matrix, toUnit: (values: readonly number[]) => number[]): Identification {
  const d = evals.length / 2;
  const k = means[0]?.length ?? 0;
  const jacobian = Array.from({ length: k }, () => new Array<number>(d).fill(NaN));
  for (let i = 0; i < d; i++) {
    const du = toUnit(evals[2 * i + 1]!.values)[i]! - toUnit(evals[2 * i]!.values)[i]!;
    for (let j = 0; j < k; j++) jacobian[j]![i] = du > 0 ? (means[2 * i + 1]![j]! - means[2 * i]![j]!) / du : NaN;
  }
  const scaled = root.map((row) => Array.from({ length: d }, (_, i) => row.reduce((s, l, j) => s + l * jacobian[j]![i]!, 0)));
  const finite = scaled.every((r) => r.every(Number.isFinite));
  const sv = finite ? singularValues(scaled).slice(0, Math.min(d, k)) : [];
  const top = sv[0] ?? 0;
  const rank = sv.filter((s) => s > 1e-6 * top && s > 0).length;
  return {
    jacobian, scaled, singularValues: sv, rank,
    conditionNumber: sv.length > 0 && sv[sv.length - 1]! > 0 ? top / sv[sv.length - 1]! : Infinity,
    sensitivity: Array.from({ length: d }, (_, i) => Math.hypot(...scaled.map((r) => r[i]!))),
  };
}
