// Seeded random streams derived by label. Contract: the stream for (seed, label) is a pure function of
// that pair (alea seeded with `${seed}\0${label}`), so adding, removing or reordering labels never changes
// another stream's draws; a numeric seed and its decimal string name the same streams. Each Rng is one
// alea generator (Baagøe; period ~2^116; seedrandom 3.0.5); its state is a plain JSON object and
// `Rng.fromState` resumes the exact sequence. Draws consumed per call are documented on each method.

import seedrandom from 'seedrandom';

/** JSON-serialisable snapshot of an {@link Rng}: alea's four state words, tagged with the algorithm. */
export interface RngState {
  readonly algorithm: 'alea';
  readonly c: number;
  readonly s0: number;
  readonly s1: number;
  readonly s2: number;
}

type AleaPrng = seedrandom.StatefulPRNG<seedrandom.State.Alea>;

const TWO_PI = 2 * Math.PI;
/** Below this mean Knuth's product method is used for Poisson draws; from here on PTRS (see `poisson`). */
const POISSON_KNUTH_MAX = 30;

/**
 * A seeded random stream. Methods validate their parameters and throw RangeError on bad ones.
 * "Draws" below count calls of {@link Rng.next}, each a 53-bit double built from two alea outputs.
 */
export class Rng {
  private readonly prng: AleaPrng;

  /** Use {@link deriveRng} or {@link Rng.fromState}; `key` is the raw alea seed string. */
  constructor(key: string, state?: RngState) {
    this.prng = seedrandom.alea(key, { state: state === undefined ? true : toAleaState(state) });
  }

  /** Resumes a stream exactly where {@link Rng.state} left it. */
  static fromState(s: RngState): Rng {
    if (s.algorithm !== 'alea') throw new RangeError(`unknown rng algorithm "${String(s.algorithm)}"`);
    return new Rng('', s);
  }

  /** Snapshot of the current state (plain numbers, survives JSON.stringify/parse exactly). */
  state(): RngState {
    const { c, s0, s1, s2 } = this.prng.state();
    return { algorithm: 'alea', c, s0, s1, s2 };
  }

  /** Uniform double in [0, 1) with 53 random bits (alea `.double()`). One draw. */
  next(): number {
    return this.prng.double();
  }

  /**
   * Uniform integer in [0, n) as floor(next() * n); one draw. The bias is below n / 2^53, negligible for
   * the n used here. Throws RangeError unless n is a positive safe integer.
   */
  int(n: number): number {
    if (!Number.isSafeInteger(n) || n <= 0) throw new RangeError(`int(n) needs a positive integer n, got ${n}`);
    return Math.floor(this.next() * n);
  }

  /** Uniform double in [a, b) (a + (b - a) * next()); one draw. */
  uniform(a: number, b: number): number {
    if (!(Number.isFinite(a) && Number.isFinite(b) && a <= b)) {
      throw new RangeError(`uniform(a, b) needs finite a <= b, got ${a}, ${b}`);
    }
    return a + (b - a) * this.next();
  }

  /** True with probability p (next() < p); one draw, also for p = 0 or 1. */
  bernoulli(p: number): boolean {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`bernoulli(p) needs 0 <= p <= 1, got ${p}`);
    return this.next() < p;
  }

  /**
   * Exponential with the given mean (rate 1/mean), by inverse CDF: -mean * ln(1 - u). Since u < 1 the
   * logarithm's argument is never 0. One draw.
   */
  exponential(mean: number): number {
    if (!(mean > 0 && Number.isFinite(mean))) throw new RangeError(`exponential(mean) needs mean > 0, got ${mean}`);
    return -mean * Math.log1p(-this.next());
  }

  /**
   * Normal by Box–Muller: sqrt(-2 ln u1) * cos(2π u2) with u1 = 1 - next() in (0, 1]. The second
   * (sine) variate is deliberately discarded rather than cached, so every call consumes exactly two
   * draws and a stream's position never depends on the parity of earlier normal calls.
   */
  normal(mean = 0, sd = 1): number {
    if (!(sd >= 0 && Number.isFinite(sd) && Number.isFinite(mean))) {
      throw new RangeError(`normal(mean, sd) needs finite mean and sd >= 0, got ${mean}, ${sd}`);
    }
    const u1 = 1 - this.next();
    const u2 = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u1)) * Math.cos(TWO_PI * u2);
  }

  /**
   * Poisson with mean lambda, exact in both regimes. lambda < 30: Knuth's product of uniforms
   * (k + 1 draws for a result k). lambda >= 30: Hörmann's PTRS transformed rejection (1993, the
   * method NumPy uses), two draws per attempt, ~1.1 attempts on average. lambda = 0 returns 0 with
   * no draw.
   */
  poisson(lambda: number): number {
    if (!(lambda >= 0 && Number.isFinite(lambda))) throw new RangeError(`poisson(lambda) needs lambda >= 0, got ${lambda}`);
    if (lambda === 0) return 0;
    if (lambda < POISSON_KNUTH_MAX) {
      const limit = Math.exp(-lambda);
      let k = 0;
      let p = this.next();
      while (p > limit) {
        k++;
        p *= this.next();
      }
      return k;
    }
    return this.poissonPtrs(lambda);
  }

  /** PTRS (Hörmann 1993, "The transformed rejection method for generating Poisson random variables"). */
  private poissonPtrs(lambda: number): number {
    const slam = Math.sqrt(lambda);
    const loglam = Math.log(lambda);
    const b = 0.931 + 2.53 * slam;
    const a = -0.059 + 0.02483 * b;
    const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    while (true) {
      const u = this.next() - 0.5;
      const v = this.next();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      // log(v) = -Infinity for v = 0 accepts, which is correct: the bound is a probability ratio.
      if (Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b) <= -lambda + k * loglam - logGamma(k + 1)) {
        return k;
      }
    }
  }

  /**
   * Geometric: the number of failures before the first success, P(k) = (1 - p)^k p, by inverse CDF
   * floor(ln(1 - u) / ln(1 - p)). One draw (also for p = 1, which always returns 0). Needs 0 < p <= 1.
   */
  geometric(p: number): number {
    if (!(p > 0 && p <= 1)) throw new RangeError(`geometric(p) needs 0 < p <= 1, got ${p}`);
    const u = this.next();
    if (p === 1) return 0;
    return Math.floor(Math.log1p(-u) / Math.log1p(-p));
  }
}

function toAleaState(s: RngState): seedrandom.State.Alea {
  for (const key of ['c', 's0', 's1', 's2'] as const) {
    if (typeof s[key] !== 'number' || !Number.isFinite(s[key])) throw new RangeError(`bad rng state: ${key} = ${s[key]}`);
  }
  return { c: s.c, s0: s.s0, s1: s.s1, s2: s.s2 };
}

/**
 * ln Γ(x) for x > 0: Stirling series on x shifted to >= 7, then the recursion Γ(x) = Γ(x + 1) / x back down;
 * accurate to ~1e-15 relative (checked against Lanczos down to x = 1e-6). The one home of ln Γ: ln k! in PTRS here, and the
 * incomplete beta function behind Student's t in results/student-t.ts. NaN for x <= 0.
 */
export function logGamma(x: number): number {
  if (!(x > 0)) return NaN;
  if (x === 1 || x === 2) return 0;
  const n = x < 7 ? Math.floor(7 - x) : 0;
  const x0 = x + n;
  const x2 = 1 / (x0 * x0);
  let gl0 = STIRLING[STIRLING.length - 1] ?? 0;
  for (let k = STIRLING.length - 2; k >= 0; k--) gl0 = gl0 * x2 + (STIRLING[k] ?? 0);
  let gl = gl0 / x0 + 0.5 * Math.log(TWO_PI) + (x0 - 0.5) * Math.log(x0) - x0;
  // Divide by x + k from x itself, not by decrementing x0: for x near 0, x0 - n would have lost x's low bits.
  // For integer x (all PTRS uses) both give the same doubles, so the Poisson draws are unchanged.
  for (let k = n - 1; k >= 0; k--) gl -= Math.log(x + k);
  return gl;
}

/** Coefficients B_2k / (2k (2k - 1)) of the Stirling series (as in NumPy's random_loggam). */
const STIRLING = [
  8.333333333333333e-2, -2.777777777777778e-3, 7.936507936507937e-4, -5.952380952380952e-4,
  8.417508417508418e-4, -1.917526917526918e-3, 6.41025641025641e-3, -2.955065359477124e-2,
  1.796443723688307e-1, -1.3924322169059,
];

/** Separators after the seed: one per derivation kind, so the two key spaces never meet. */
const RNG_SEP = '\u0000';
const SEED_SEP = '\u0001';

function streamKey(seed: number | string, sep: string, label: string): string {
  if (typeof seed === 'number' && !Number.isSafeInteger(seed)) {
    throw new RangeError(`seed must be an integer or a string, got ${seed}`);
  }
  // A separator inside the seed would make (seed, label) -> key ambiguous ("a\0b" + "c" vs "a" + "b\0c").
  if (typeof seed === 'string' && (seed.includes(RNG_SEP) || seed.includes(SEED_SEP))) {
    throw new RangeError('seed must not contain the control characters U+0000 or U+0001');
  }
  return `${seed}${sep}${label}`;
}

/**
 * The stream for `label` under root `seed` (alea keyed `${seed}\0${label}`): a pure function of the
 * pair, independent of every other label (e.g. `deriveRng(seed, 'agent:noise-trader#17')`). Throws
 * RangeError for a non-integer numeric seed or a string seed containing U+0000 or U+0001.
 */
export function deriveRng(seed: number | string, label: string): Rng {
  return new Rng(streamKey(seed, RNG_SEP, label));
}

/**
 * A uint32 seed for a sub-run, derived deterministically from (seed, label): the first alea int32 of
 * the generator keyed `${seed}\u0001${label}`. The separate key space keeps it from being the first
 * output of `deriveRng(seed, label)`.
 */
export function deriveSeed(seed: number | string, label: string): number {
  return seedrandom.alea(streamKey(seed, SEED_SEP, label)).int32() >>> 0;
}
