// Sampled sweep points: independent uniform draws ('random') or a Latin hypercube ('lhs': each range cut into n
// equal strata, every stratum used exactly once per dimension, in a random pairing). A pure function of the
// sweep seed (stream 'sweep:sample'), drawn dimension by dimension in the ranges' written order. A unit draw u is
// mapped to a value by the range: linear or log scale; 'int' ranges floor over [min, max + 1) so each whole number
// from min to max gets an equal share.
import { deriveRng } from '../core/rng.js';
import type { Rng } from '../core/rng.js';
import type { SweepRange } from '../scenario/sweep-schema.js';

export interface SampleSpec {
  readonly method: 'lhs' | 'random';
  readonly n: number;
  readonly ranges: Readonly<Record<string, SweepRange>>;
}

/** `n` points (rows) of one value per range (columns, in the ranges' key order). */
export function samplePoints(spec: SampleSpec, seed: number): number[][] {
  const rng = deriveRng(seed, 'sweep:sample');
  const ranges = Object.values(spec.ranges);
  const rows = Array.from({ length: spec.n }, () => new Array<number>(ranges.length));
  ranges.forEach((range, d) => {
    const units = spec.method === 'lhs' ? latinColumn(rng, spec.n) : uniformColumn(rng, spec.n);
    units.forEach((u, i) => (rows[i]![d] = fromUnit(range, u)));
  });
  return rows;
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
