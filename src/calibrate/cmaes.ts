// CMA-ES (Hansen 2016, "The CMA Evolution Strategy: A Tutorial", default parameters) on the unit cube [0, 1]^d, in
// ask/tell form so a whole generation is proposed, evaluated on the pool, then told at once: the trace never
// depends on completion order. Why CMA-ES rather than GP Bayesian optimisation: generations of λ evaluations fit a
// worker pool natively (batch BO needs q-EI or fantasies); it ranks losses only, so the loss's scale and a few
// infinite losses (failed runs) do no harm; with common random numbers the loss is a fixed rough function of θ,
// which rank-based CMA-ES tolerates better than a GP's smoothness assumption; no kernel hyperparameters to fit
// (a GP costs O(n³) per step and its fit is a new source of non-determinism); and it is ~100 lines with no
// dependency (no maintained CMA-ES package on npm). A GP's sample efficiency would matter below ~30 evaluations.
// Bounds: a sample outside [0, 1] is reflected back in, and the reflected point is what is evaluated and told.
// Draws: generation g uses the stream (seed, 'calibrate:cmaes:<g>') only, so a replay after --resume is exact.
import { deriveRng } from '../core/rng.js';
import { symmetricEigen, type Matrix } from './linalg.js';

/** Default population size 4 + floor(3 ln d), at least 6. */
export function defaultPopulation(d: number): number {
  return Math.max(6, 4 + Math.floor(3 * Math.log(d)));
}

/** Reflect x into [0, 1]. */
export function reflect(x: number): number {
  let y = Math.abs(x) % 2;
  if (y > 1) y = 2 - y;
  return y;
}

export class CmaEs {
  readonly d: number;
  readonly lambda: number;
  private readonly mu: number;
  private readonly weights: number[];
  private readonly muEff: number;
  private readonly cc: number;
  private readonly cs: number;
  private readonly c1: number;
  private readonly cmu: number;
  private readonly damps: number;
  private readonly chiN: number;
  mean: number[];
  sigma: number;
  private c: Matrix;
  private pc: number[];
  private ps: number[];
  private b: Matrix;
  private diag: number[];
  generation = 0;

  constructor(start: readonly number[], sigma: number, lambda: number, private readonly seed: number) {
    const d = start.length;
    this.d = d;
    this.lambda = lambda;
    this.mu = Math.floor(lambda / 2);
    const raw = Array.from({ length: this.mu }, (_, i) => Math.log(this.mu + 0.5) - Math.log(i + 1));
    const sum = raw.reduce((a, b) => a + b, 0);
    this.weights = raw.map((w) => w / sum);
    this.muEff = 1 / this.weights.reduce((a, w) => a + w * w, 0);
    const me = this.muEff;
    this.cc = (4 + me / d) / (d + 4 + (2 * me) / d);
    this.cs = (me + 2) / (d + me + 5);
    this.c1 = 2 / ((d + 1.3) ** 2 + me);
    this.cmu = Math.min(1 - this.c1, (2 * (me - 2 + 1 / me)) / ((d + 2) ** 2 + me));
    this.damps = 1 + 2 * Math.max(0, Math.sqrt((me - 1) / (d + 1)) - 1) + this.cs;
    this.chiN = Math.sqrt(d) * (1 - 1 / (4 * d) + 1 / (21 * d * d));
    this.mean = [...start];
    this.sigma = sigma;
    this.c = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1 : 0)));
    this.b = this.c.map((r) => [...r]);
    this.diag = new Array<number>(d).fill(1);
    this.pc = new Array<number>(d).fill(0);
    this.ps = new Array<number>(d).fill(0);
  }

  /** The generation's λ points in [0, 1]^d. */
  ask(): number[][] {
    const rng = deriveRng(this.seed, `calibrate:cmaes:${this.generation}`);
    return Array.from({ length: this.lambda }, () => {
      const z = Array.from({ length: this.d }, () => rng.normal(0, 1));
      const y = this.b.map((row) => row.reduce((s, bij, j) => s + bij * this.diag[j]! * z[j]!, 0));
      return this.mean.map((m, i) => reflect(m + this.sigma * y[i]!));
    });
  }

  /** Update from the generation's points and their losses (lower is better; ties by position). */
  tell(points: readonly (readonly number[])[], losses: readonly number[]): void {
    const d = this.d;
    const order = points.map((_, i) => i).sort((i, j) => cmp(losses[i]!, losses[j]!) || i - j);
    const old = this.mean;
    const ys = order.slice(0, this.mu).map((k) => points[k]!.map((x, i) => (x - old[i]!) / this.sigma));
    const yw = Array.from({ length: d }, (_, i) => ys.reduce((s, y, k) => s + this.weights[k]! * y[i]!, 0));
    this.mean = old.map((m, i) => m + this.sigma * yw[i]!);
    // C^(-1/2) yw = B D^-1 Bᵀ yw
    const bty = Array.from({ length: d }, (_, j) => this.b.reduce((s, row, i) => s + row[j]! * yw[i]!, 0));
    const invSqrt = this.b.map((row) => row.reduce((s, bij, j) => s + (bij * bty[j]!) / this.diag[j]!, 0));
    const csn = Math.sqrt(this.cs * (2 - this.cs) * this.muEff);
    this.ps = this.ps.map((p, i) => (1 - this.cs) * p + csn * invSqrt[i]!);
    const psNorm = Math.hypot(...this.ps);
    const hsig = psNorm / Math.sqrt(1 - (1 - this.cs) ** (2 * (this.generation + 1))) / this.chiN < 1.4 + 2 / (d + 1) ? 1 : 0;
    const ccn = Math.sqrt(this.cc * (2 - this.cc) * this.muEff);
    this.pc = this.pc.map((p, i) => (1 - this.cc) * p + hsig * ccn * yw[i]!);
    const keep = 1 - this.c1 - this.cmu + (1 - hsig) * this.c1 * this.cc * (2 - this.cc);
    this.c = this.c.map((row, i) =>
      row.map((cij, j) => keep * cij + this.c1 * this.pc[i]! * this.pc[j]! + this.cmu * ys.reduce((s, y, k) => s + this.weights[k]! * y[i]! * y[j]!, 0)),
    );
    this.sigma *= Math.exp((this.cs / this.damps) * (psNorm / this.chiN - 1));
    this.sigma = Math.min(this.sigma, 1);
    const { values, vectors } = symmetricEigen(this.c);
    this.b = vectors;
    this.diag = values.map((l) => Math.sqrt(Math.max(l, 1e-20)));
    this.generation++;
  }
}

/** Ascending, NaN and +Infinity last. */
function cmp(a: number, b: number): number {
  const fa = Number.isFinite(a), fb = Number.isFinite(b);
  if (fa && fb) return a - b;
  return fa ? -1 : fb ? 1 : 0;
}
