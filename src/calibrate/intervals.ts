// Linearised standard errors of the fitted parameters, from the identification check's Jacobian J (moment change
// per unit-cube step) and the weighting W. At the fit J'W·g = 0 (g = simulated − target), so to first order the
// fitted point moves by δu = −H⁻¹J'W·(δm − δt), H = J'WJ, when the targets move by δt and the simulated seed means
// by δm. Two sources of variance, both diagonal: the targets' stated uncertainty (tolerance², or 1/weight) and the
// seed means' sampling noise at the fit (sd²/S; none for pooled moments, which have no seed spread). So
//   Cov(u) = H⁻¹ J'W (T + D) W J H⁻¹,   T = diag(tolerance²), D = diag(sd²/S),
// mapped to parameter units through dθ/du at the fit (linear: the range; log: θ·ln(max/min)). Local and symmetric:
// it ignores the bounds, curvature of the moments and the search's own error; NaN when H is singular (a parameter
// or a combination the moments do not see) or the Jacobian is not finite.
import { symmetricEigen, symmetricInverse, type Matrix } from './linalg.js';

interface Range {
  readonly min: number;
  readonly max: number;
  readonly scale: 'linear' | 'log';
  readonly type: 'int' | 'float';
}

/** dθ/du of a range at θ (as sweep/sample.ts maps the unit interval; an int range spans max + 1). */
function slope(r: Range, theta: number): number {
  const hi = r.type === 'int' ? r.max + 1 : r.max;
  return r.scale === 'log' ? theta * Math.log(hi / r.min) : hi - r.min;
}

/**
 * Standard error of each fitted parameter (its units). `jacobian[moment][parameter]` per unit step, `targetVar`
 * and `meanVar` per moment (NaN in meanVar counts as 0).
 */
export function parameterErrors(
  jacobian: Matrix, w: Matrix, targetVar: readonly number[], meanVar: readonly number[], ranges: readonly Range[], fitted: readonly number[],
): number[] {
  const d = ranges.length;
  const k = jacobian.length;
  const nan = (): number[] => new Array<number>(d).fill(NaN);
  if (!jacobian.every((r) => r.every(Number.isFinite))) return nan();
  const wj = w.map((row) => Array.from({ length: d }, (_, i) => row.reduce((s, x, j) => s + x * jacobian[j]![i]!, 0)));
  const h = Array.from({ length: d }, (_, a) => Array.from({ length: d }, (_, b) => jacobian.reduce((s, r, j) => s + r[a]! * wj[j]![b]!, 0)));
  const { values } = symmetricEigen(h);
  if (!(Math.min(...values) > 1e-12 * Math.max(...values))) return nan();
  const hinv = symmetricInverse(h, 0);
  const v = Array.from({ length: k }, (_, j) => targetVar[j]! + (Number.isFinite(meanVar[j]) ? meanVar[j]! : 0));
  const m = Array.from({ length: d }, (_, a) => Array.from({ length: d }, (_, b) => wj.reduce((s, r, j) => s + r[a]! * v[j]! * r[b]!, 0)));
  return ranges.map((r, i) => {
    const row = hinv[i]!;
    let c = 0;
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) c += row[a]! * m[a]![b]! * hinv[b]![i]!;
    return Math.sqrt(c) * slope(r, fitted[i]!);
  });
}
