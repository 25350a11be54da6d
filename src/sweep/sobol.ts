// The Sobol' low-discrepancy sequence (Joe & Kuo 2008 direction numbers, new-joe-kuo-6.21201, dimensions 1–32) in
// Gray-code order, as Joe and Kuo's reference code emits it: point i is the XOR of the direction numbers picked by
// the bits of gray(i) = i ^ (i >> 1), so any point is computed directly (no state), 32 bits per coordinate. An
// optional digital shift (one random 32-bit word XORed into each coordinate) randomises the net while keeping its
// equidistribution; the shift words come from a seeded stream, so a shifted sequence is a pure function of the seed.
import type { Rng } from '../core/rng.js';

/** d s a m_1..m_s for dimensions 2..32 (dimension 1 is the van der Corput sequence). */
const JOE_KUO: readonly (readonly number[])[] = [
  [2, 1, 0, 1], [3, 2, 1, 1, 3], [4, 3, 1, 1, 3, 1], [5, 3, 2, 1, 1, 1], [6, 4, 1, 1, 1, 3, 3], [7, 4, 4, 1, 3, 5, 13],
  [8, 5, 2, 1, 1, 5, 5, 17], [9, 5, 4, 1, 1, 5, 5, 5], [10, 5, 7, 1, 1, 7, 11, 19], [11, 5, 11, 1, 1, 5, 1, 1],
  [12, 5, 13, 1, 1, 1, 3, 11], [13, 5, 14, 1, 3, 5, 5, 31], [14, 6, 1, 1, 3, 3, 9, 7, 49], [15, 6, 13, 1, 1, 1, 15, 21, 21],
  [16, 6, 16, 1, 3, 1, 13, 27, 49], [17, 6, 19, 1, 1, 1, 15, 7, 5], [18, 6, 22, 1, 3, 1, 15, 13, 25],
  [19, 6, 25, 1, 1, 5, 5, 19, 61], [20, 7, 1, 1, 3, 7, 11, 23, 15, 103], [21, 7, 4, 1, 3, 7, 13, 13, 15, 69],
  [22, 7, 7, 1, 1, 3, 13, 7, 35, 63], [23, 7, 8, 1, 3, 5, 9, 1, 25, 53], [24, 7, 14, 1, 3, 1, 13, 9, 35, 107],
  [25, 7, 19, 1, 3, 1, 5, 27, 61, 31], [26, 7, 21, 1, 1, 5, 11, 19, 41, 61], [27, 7, 28, 1, 3, 5, 3, 3, 13, 69],
  [28, 7, 31, 1, 1, 7, 13, 1, 19, 1], [29, 7, 32, 1, 3, 7, 5, 13, 19, 59], [30, 7, 37, 1, 1, 3, 9, 25, 29, 41],
  [31, 7, 41, 1, 3, 5, 13, 23, 1, 55], [32, 7, 42, 1, 3, 7, 3, 13, 59, 17],
];

/** Most dimensions this sequence provides. */
export const SOBOL_MAX_DIMS = 1 + JOE_KUO.length;

const BITS = 32;
const TWO_32 = 2 ** 32;

/** Direction numbers V_1..V_32 (as unsigned 32-bit integers) of dimension `dim` (0-based). */
function directions(dim: number): Uint32Array {
  const v = new Uint32Array(BITS);
  if (dim === 0) {
    for (let k = 0; k < BITS; k++) v[k] = 2 ** (BITS - 1 - k);
    return v;
  }
  const [, s, a, ...m] = JOE_KUO[dim - 1]!;
  for (let k = 0; k < Math.min(s!, BITS); k++) v[k] = (m[k]! * 2 ** (BITS - 1 - k)) >>> 0;
  for (let k = s!; k < BITS; k++) {
    let x = (v[k - s!]! ^ (v[k - s!]! >>> s!)) >>> 0;
    for (let l = 1; l < s!; l++) if (((a! >>> (s! - 1 - l)) & 1) === 1) x = (x ^ v[k - l]!) >>> 0;
    v[k] = x;
  }
  return v;
}

const cache: Uint32Array[] = [];

/** A generator of `dims`-dimensional Sobol' points, optionally digitally shifted. */
export class SobolSequence {
  private readonly v: readonly Uint32Array[];
  private readonly shift: Uint32Array;

  /** @throws RangeError for dims outside 1..SOBOL_MAX_DIMS */
  constructor(readonly dims: number, rng?: Rng) {
    if (!Number.isInteger(dims) || dims < 1 || dims > SOBOL_MAX_DIMS) throw new RangeError(`Sobol' sequence: dims must be 1..${SOBOL_MAX_DIMS}, got ${dims}`);
    this.v = Array.from({ length: dims }, (_, d) => (cache[d] ??= directions(d)));
    this.shift = Uint32Array.from({ length: dims }, () => (rng === undefined ? 0 : Math.floor(rng.next() * TWO_32)));
  }

  /** Point `index` (0-based; index < 2^32) in [0, 1)^dims. */
  point(index: number): number[] {
    let g = (index ^ Math.floor(index / 2)) >>> 0;
    const x = Array.from(this.shift);
    for (let k = 0; g !== 0; k++, g >>>= 1) {
      if ((g & 1) === 1) for (let d = 0; d < this.dims; d++) x[d] = (x[d]! ^ this.v[d]![k]!) >>> 0;
    }
    return x.map((w) => w / TWO_32);
  }
}
