// Estimators behind the stylized facts (DOMAIN.md §6), as plain loops over Float64Arrays. A series may come in
// segments (one per trading day): lagged pairs never straddle two segments, so an overnight gap never counts as
// a lag; means and variances pool every segment. Each estimator returns NaN when its sample is too small to
// define it (fewer than 2 points, zero variance, no pairs at a lag), never a made-up number. O(n·maxLag) at most.

/** Arithmetic mean (NaN for an empty array). */
export function mean(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]!;
  return x.length > 0 ? s / x.length : NaN;
}

/** Central moment of order `p` (population: divides by n). */
function centralMoment(x: ArrayLike<number>, mu: number, p: number): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i]! - mu) ** p;
  return s / x.length;
}

/** Excess kurtosis κ = m4 / m2² − 3 (population moments; 0 for a normal distribution). NaN for n < 4 or m2 = 0. */
export function excessKurtosis(x: ArrayLike<number>): number {
  if (x.length < 4) return NaN;
  const mu = mean(x);
  const m2 = centralMoment(x, mu, 2);
  return m2 > 0 ? centralMoment(x, mu, 4) / (m2 * m2) - 3 : NaN;
}

/** Pearson correlation of equal-length x and y; NaN when either is constant or n < 3. */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  if (n !== y.length) throw new Error(`pearson: lengths differ (${n} vs ${y.length})`);
  if (n < 3) return NaN;
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN;
}

/** The p-quantile of ascending `sorted` by linear interpolation between order statistics (R type 7). */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** Result of the Hill estimator: tail index α̂, the k order statistics used, and the non-zero sample size. */
export interface HillResult {
  readonly alpha: number;
  readonly k: number;
  readonly n: number;
}

/**
 * Hill tail index of |x| over its k = round(fraction·n) largest non-zero values (n = count of non-zero |x|):
 * α̂ = [k⁻¹ Σ_{i≤k} ln(X_(i) / X_(k+1))]⁻¹ with X_(1) ≥ X_(2) ≥ …  NaN when k < 2 or n ≤ k.
 */
export function hillTailIndex(x: ArrayLike<number>, fraction: number): HillResult {
  const abs: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const a = Math.abs(x[i]!);
    if (a > 0 && Number.isFinite(a)) abs.push(a);
  }
  abs.sort((a, b) => b - a);
  const n = abs.length;
  const k = Math.round(fraction * n);
  if (k < 2 || n <= k) return { alpha: NaN, k, n };
  const ref = Math.log(abs[k]!);
  let s = 0;
  for (let i = 0; i < k; i++) s += Math.log(abs[i]!) - ref;
  return { alpha: s > 0 ? k / s : NaN, k, n };
}

/** Pooled mean and population variance of every value in every segment. */
function pooledMoments(segments: readonly Float64Array[]): { mu: number; variance: number; n: number } {
  let n = 0, s = 0;
  for (const seg of segments) for (let i = 0; i < seg.length; i++, n++) s += seg[i]!;
  const mu = n > 0 ? s / n : NaN;
  let ss = 0;
  for (const seg of segments) for (let i = 0; i < seg.length; i++) ss += (seg[i]! - mu) ** 2;
  return { mu, variance: n > 0 ? ss / n : NaN, n };
}

/**
 * Autocorrelation ρ(τ) for τ = 0..maxLag: ρ(τ) = [mean over within-segment pairs of (x_t − μ)(x_{t+τ} − μ)] / σ²,
 * with μ and σ² pooled over all values. ρ(0) = 1; NaN at a lag with no pairs or for zero variance.
 */
export function autocorrelation(segments: readonly Float64Array[], maxLag: number): Float64Array {
  const { mu, variance } = pooledMoments(segments);
  const out = new Float64Array(maxLag + 1).fill(NaN);
  if (!(variance > 0)) return out;
  for (let lag = 0; lag <= maxLag; lag++) {
    let s = 0, pairs = 0;
    for (const seg of segments) {
      for (let t = 0; t + lag < seg.length; t++) s += (seg[t]! - mu) * (seg[t + lag]! - mu);
      pairs += Math.max(0, seg.length - lag);
    }
    out[lag] = pairs > 0 ? s / pairs / variance : NaN;
  }
  return out;
}

/**
 * Leverage correlation ℒ(τ) = E[r_t · r²_{t+τ}] / E[r²]² for τ = 0..maxLag (Bouchaud, Matacz & Potters 2001),
 * over within-segment pairs of raw (uncentred) returns. Negative for τ > 0 when falls raise later volatility.
 */
export function leverageCorrelation(segments: readonly Float64Array[], maxLag: number): Float64Array {
  let n = 0, s2 = 0;
  for (const seg of segments) for (let i = 0; i < seg.length; i++, n++) s2 += seg[i]! ** 2;
  const m2 = n > 0 ? s2 / n : NaN;
  const out = new Float64Array(maxLag + 1).fill(NaN);
  if (!(m2 > 0)) return out;
  for (let lag = 0; lag <= maxLag; lag++) {
    let s = 0, pairs = 0;
    for (const seg of segments) {
      for (let t = 0; t + lag < seg.length; t++) s += seg[t]! * seg[t + lag]! ** 2;
      pairs += Math.max(0, seg.length - lag);
    }
    out[lag] = pairs > 0 ? s / pairs / (m2 * m2) : NaN;
  }
  return out;
}

/** A power-law fit y ≈ A·x^(−exponent) by least squares on (ln x, ln y). */
export interface PowerLawFit {
  readonly exponent: number;
  readonly amplitude: number;
  /** How many (x, y) pairs had y > 0 and entered the fit. */
  readonly points: number;
}

/** Fit y ≈ A·x^(−β) over the pairs with x > 0 and finite y > 0; NaN fit with fewer than 3 such pairs. */
export function powerLawFit(x: ArrayLike<number>, y: ArrayLike<number>): PowerLawFit {
  const lx: number[] = [];
  const ly: number[] = [];
  for (let i = 0; i < x.length; i++) {
    if (x[i]! > 0 && y[i]! > 0 && Number.isFinite(y[i]!)) {
      lx.push(Math.log(x[i]!));
      ly.push(Math.log(y[i]!));
    }
  }
  if (lx.length < 3) return { exponent: NaN, amplitude: NaN, points: lx.length };
  const mx = mean(lx);
  const my = mean(ly);
  let sxy = 0, sxx = 0;
  for (let i = 0; i < lx.length; i++) {
    sxy += (lx[i]! - mx) * (ly[i]! - my);
    sxx += (lx[i]! - mx) ** 2;
  }
  const slope = sxx > 0 ? sxy / sxx : NaN;
  return { exponent: -slope, amplitude: Math.exp(my - slope * mx), points: lx.length };
}

/** Log returns ln(p_t / p_{t−step}) of a price series sampled every `step` points (step 1: consecutive). */
export function logReturns(prices: ArrayLike<number>, step = 1): Float64Array {
  const m = Math.max(0, Math.floor((prices.length - 1) / step));
  const out = new Float64Array(m);
  for (let i = 0; i < m; i++) out[i] = Math.log(prices[(i + 1) * step]! / prices[i * step]!);
  return out;
}

/** Mean of |ρ(τ)| for τ in [from, to] (finite values only). */
export function meanAbsBetween(rho: Float64Array, from: number, to: number): number {
  let s = 0, n = 0;
  for (let t = from; t <= to && t < rho.length; t++) {
    if (Number.isFinite(rho[t]!)) {
      s += Math.abs(rho[t]!);
      n++;
    }
  }
  return n > 0 ? s / n : NaN;
}

/** Concatenate segments into one array. */
export function concat(segments: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(segments.reduce((a, s) => a + s.length, 0));
  let o = 0;
  for (const s of segments) {
    out.set(s, o);
    o += s.length;
  }
  return out;
}
