// Sampled sweep points: independent uniform draws ('random'), a Latin hypercube ('lhs': each range cut into n
// equal strata, every stratum used exactly once per dimension, in a random pairing), or a Saltelli design for
// Sobol' sensitivity indices ('sobol': see saltelliPoints; n base rows give n·(d + 2) points). A pure function of the
// sweep seed (stream 'sweep:sample'), drawn dimension by dimension in the ranges' written order. A unit draw u is
// mapped to a value by the range: linear or log scale; 'int' ranges floor over [min, max + 1) so each whole number
// from min to max gets an equal share.
import { deriveRng } from '../core/rng.js';
import type { Rng } from '../core/rng.js';
import type { SweepRange } from '../scenario/sweep-schema.js';
import { SobolSequence } from './sobol.js';

export interface SampleSpec {
  readonly method: 'lhs' | 'random' | 'sobol';
  readonly n: number;
  readonly ranges: Readonly<Record<string, SweepRange>>;
}

/** `n` points (rows) of one value per range (columns, in the ranges' key order); n·(d + 2) for 'sobol'. */
export function samplePoints(spec: SampleSpec, seed: number): number[][] {
  const rng = deriveRng(seed, 'sweep:sample');
  const ranges = Object.values(spec.ranges);
  if (spec.method === 'sobol') return saltelliPoints(ranges.length, spec.n, rng).map((u) => u.map((x, d) => fromUnit(ranges[d]!, x)));
  const rows = Array.from({ length: spec.n }, () => new Array<number>(ranges.length));
  ranges.forEach((range, d) => {
    const units = spec.method === 'lhs' ? latinColumn(rng, spec.n) : uniformColumn(rng, spec.n);
    units.forEach((u, i) => (rows[i]![d] = fromUnit(range, u)));
  });
  return rows;
}

/**
 * The Saltelli (2002, 2010) design in the unit cube: base row j takes matrices A_j (Sobol' dimensions 1..d) and B_j
 * (dimensions d+1..2d) of one digitally shifted Sobol' point j+1 (the all-zero point 0 is skipped), and gives the
 * block [A_j, B_j, AB_j^1, ..., AB_j^d], AB^i being A with column i taken from B. Point j·(d+2) + k is block j, row k.
 */
export function saltelliPoints(d: number, n: number, rng: Rng): number[][] {
  const seq = new SobolSequence(2 * d, rng);
  const out: number[][] = [];
  for (let j = 0; j < n; j++) {
    const p = seq.point(j + 1);
    const a = p.slice(0, d);
    const b = p.slice(d);
    out.push(a, b);
    for (let i = 0; i < d; i++) out.push(a.map((x, k) => (k === i ? b[i]! : x)));
  }
  return out;
}

/** One Latin hypercube column: (perm[i] + u_i) / n, perm a Fisher–Yates shuffle of 0..n-1 (n - 1 + n draws). */
function latinColumn(rng: Rng, n: number): number[] {
  const perm = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = perm[i]!;
    perm[i] = perm[j]!;
    perm[j] = t;
  }
  return perm.map((p) => (p + rng.next()) / n);
}

function uniformColumn(rng: Rng, n: number): number[] {
  return Array.from({ length: n }, () => rng.next());
}

/** The value of a range at unit position u in [0, 1). */
export function fromUnit(r: SweepRange, u: number): number {
  const hi = r.type === 'int' ? r.max + 1 : r.max;
  const x = r.scale === 'log' ? Math.exp(Math.log(r.min) + (Math.log(hi) - Math.log(r.min)) * u) : r.min + (hi - r.min) * u;
  if (r.type === 'int') return Math.min(r.max, Math.max(r.min, Math.floor(x)));
  return Math.min(r.max, Math.max(r.min, x));
}

/** The unit position of a value of a range (the inverse of fromUnit; an int's position is its cell's middle). */
export function toUnit(r: SweepRange, x: number): number {
  const hi = r.type === 'int' ? r.max + 1 : r.max;
  const v = r.type === 'int' ? x + 0.5 : x;
  const u = r.scale === 'log' ? (Math.log(v) - Math.log(r.min)) / (Math.log(hi) - Math.log(r.min)) : (v - r.min) / (hi - r.min);
  return Math.min(1, Math.max(0, u));
}
