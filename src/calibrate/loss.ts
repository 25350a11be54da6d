// The method of simulated moments: an evaluation's simulated moments are the means over its seeds (common random
// numbers: the same seeds at every θ), g(θ) = m̄(θ) − target, and the loss is g' W g. W is diagonal from the
// tolerances (1/tolerance², or the weight given), or 'optimal': the inverse of one run's moment covariance,
// estimated from the seed-to-seed spread within each design evaluation (pooled), on moments scaled by their
// tolerances, eigenvalues floored at 1e-6 of the largest (a ridge for moments that hardly vary). A moment that is
// not finite (every seed's run failed or could not define it) makes the loss +Infinity: never the best.
import { symmetricEigen, symmetricInverse, type Matrix } from './linalg.js';

/** Per moment: mean and sample sd over the finite values of the seeds' runs (NaN when none). */
export function seedStats(runs: readonly (readonly number[])[], k: number): { mean: number[]; sd: number[] } {
  const mean: number[] = [];
  const sd: number[] = [];
  for (let j = 0; j < k; j++) {
    const xs = runs.map((r) => r[j]!).filter(Number.isFinite);
    const mu = xs.length > 0 ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN;
    mean.push(mu);
    sd.push(xs.length > 1 ? Math.sqrt(xs.reduce((a, x) => a + (x - mu) ** 2, 0) / (xs.length - 1)) : NaN);
  }
  return { mean, sd };
}

/** Diagonal weights: 1/tolerance² where a tolerance is given, else the weight. */
export function diagonalWeights(moments: readonly { tolerance?: number | undefined; weight?: number | undefined }[]): Matrix {
  return moments.map((m, i) => moments.map((_, j) => (i === j ? (m.tolerance !== undefined ? 1 / m.tolerance ** 2 : m.weight!) : 0)));
}

/** The optimal weighting matrix from evaluations' per-seed moments (see the file header). */
export function optimalWeights(evaluations: readonly (readonly (readonly number[])[])[], tolerances: readonly number[]): Matrix {
  const k = tolerances.length;
  const cov = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  let dof = 0;
  for (const runs of evaluations) {
    const ok = runs.filter((r) => r.every(Number.isFinite)).map((r) => r.map((x, j) => x / tolerances[j]!));
    if (ok.length < 2) continue;
    const mu = Array.from({ length: k }, (_, j) => ok.reduce((a, r) => a + r[j]!, 0) / ok.length);
    for (const r of ok) for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) cov[i]![j] = cov[i]![j]! + (r[i]! - mu[i]!) * (r[j]! - mu[j]!);
    dof += ok.length - 1;
  }
  if (dof === 0) throw new Error('optimal weighting: no design evaluation has two finite runs');
  const sigma = cov.map((row) => row.map((x) => x / dof));
  const top = Math.max(...symmetricEigen(sigma).values, 1e-300);
  const inv = symmetricInverse(sigma, 1e-6 * top);
  return inv.map((row, i) => row.map((x, j) => x / (tolerances[i]! * tolerances[j]!)));
}

/** g' W g, or +Infinity when a moment is not finite. */
export function msmLoss(mean: readonly number[], targets: readonly number[], w: Matrix): number {
  const g = mean.map((m, j) => m - targets[j]!);
  if (!g.every(Number.isFinite)) return Infinity;
  let s = 0;
  for (let i = 0; i < g.length; i++) for (let j = 0; j < g.length; j++) s += g[i]! * w[i]![j]! * g[j]!;
  return s;
}

/** A symmetric square root L of W (W = L L), for scaling the moment Jacobian. */
export function weightRoot(w: Matrix): Matrix {
  const { values, vectors } = symmetricEigen(w);
  const n = w.length;
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => values.reduce((s, l, k) => s + vectors[i]![k]! * Math.sqrt(Math.max(l, 0)) * vectors[j]![k]!, 0)));
}
