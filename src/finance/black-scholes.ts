// Black–Scholes–Merton prices and Greeks with continuous rate r and dividend yield q (DOMAIN §2.1, Appendix A):
// d1 = [ln(S/K) + (r − q + σ²/2)τ]/(σ√τ), d2 = d1 − σ√τ; C = S e^{−qτ}N(d1) − K e^{−rτ}N(d2);
// Δ_C = e^{−qτ}N(d1), Δ_P = Δ_C − e^{−qτ}; Γ = e^{−qτ}φ(d1)/(Sσ√τ); vega = S e^{−qτ}φ(d1)√τ (per unit σ).
// Units: S, K in currency (> 0); σ annualised; τ in years; r, q continuous annual rates. N via W. J. Cody's
// erfc (1969), relative error ~1e-16. τ ≤ 0 or σ ≤ 0: the deterministic (σ→0) limit, i.e. intrinsic value.

/** Call or put. */
export type OptionKind = 'call' | 'put';

/** Price and first/second-order sensitivities of one option on one unit of the underlying. */
export interface Greeks {
  price: number;
  delta: number;
  gamma: number;
  vega: number;
}

// Cody's rational Chebyshev coefficients (CALERF): erf on |x| ≤ 0.46875, erfc on (0.46875, 4], erfc on (4, ∞).
const A = [3.1611237438705655, 113.86415415105016, 377.485237685302, 3209.3775891384694, 0.18577770618460315];
const B = [23.601290952344122, 244.02463793444417, 1282.6165260773723, 2844.236833439171];
const C = [
  0.5641884969886701, 8.883149794388377, 66.11919063714163, 298.6351381974001, 881.9522212417691,
  1712.0476126340707, 2051.0783778260716, 1230.3393547979972, 2.1531153547440383e-08,
];
const D = [
  15.744926110709835, 117.6939508913125, 537.1811018620099, 1621.3895745666903, 3290.7992357334597,
  4362.619090143247, 3439.3676741437216, 1230.3393548037495,
];
const P = [
  0.30532663496123236, 0.36034489994980445, 0.12578172611122926, 0.016083785148742275,
  0.0006587491615298378, 0.016315387137302097,
];
const Q = [2.568520192289822, 1.8729528499234673, 0.5279051029514285, 0.06051834131244132, 0.0023352049762686918];
const INV_SQRT_PI = 0.5641895835477563;
const INV_SQRT_2PI = 0.3989422804014327;
const SQRT1_2 = Math.SQRT1_2;
const ERFC_ZERO_BEYOND = 26.543;

/** e^{−y²} computed as e^{−t²}·e^{−(y−t)(y+t)} with t = y rounded down to 1/16, to avoid cancellation (Cody). */
function expNegSq(y: number): number {
  const t = Math.trunc(y * 16) / 16;
  return Math.exp(-t * t) * Math.exp(-(y - t) * (y + t));
}

/** Complementary error function erfc(x), relative error ~1e-16 (Cody 1969). */
export function erfc(x: number): number {
  const y = Math.abs(x);
  let r: number;
  if (y <= 0.46875) {
    const z = y * y;
    let num = A[4]! * z;
    let den = z;
    for (let i = 0; i < 3; i++) {
      num = (num + A[i]!) * z;
      den = (den + B[i]!) * z;
    }
    return 1 - (x * (num + A[3]!)) / (den + B[3]!);
  } else if (y <= 4) {
    let num = C[8]! * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + C[i]!) * y;
      den = (den + D[i]!) * y;
    }
    r = (expNegSq(y) * (num + C[7]!)) / (den + D[7]!);
  } else if (y >= ERFC_ZERO_BEYOND) {
    r = 0;
  } else {
    const z = 1 / (y * y);
    let num = P[5]! * z;
    let den = z;
    for (let i = 0; i < 4; i++) {
      num = (num + P[i]!) * z;
      den = (den + Q[i]!) * z;
    }
    r = (expNegSq(y) * (INV_SQRT_PI - (z * (num + P[4]!)) / (den + Q[4]!))) / y;
  }
  return x < 0 ? 2 - r : r;
}

/** Standard normal cumulative distribution N(x) = erfc(−x/√2)/2; accurate in both tails. */
export function normCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  return 0.5 * erfc(-x * SQRT1_2);
}

/** Standard normal density φ(x) = e^{−x²/2}/√(2π). */
export function normPdf(x: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
}

function checkInputs(S: number, K: number): void {
  if (!(S > 0) || !Number.isFinite(S)) throw new RangeError(`black-scholes: spot S must be finite and > 0, got ${S}`);
  if (!(K > 0) || !Number.isFinite(K)) throw new RangeError(`black-scholes: strike K must be finite and > 0, got ${K}`);
}

/**
 * Deterministic limit (τ ≤ 0 or σ ≤ 0): payoff on the discounted forward, max(±(S e^{−qτ} − K e^{−rτ}), 0).
 * For τ ≤ 0 (or r = q = 0) this is plain intrinsic value; call delta is e^{−qτ} in the money, 0 out of it and
 * half of it exactly at the money. Gamma and vega are 0.
 */
function degenerateGreeks(kind: OptionKind, S: number, K: number, tau: number, r: number, q: number): Greeks {
  const t = Math.max(tau, 0);
  const dfq = Math.exp(-q * t);
  const fwdS = S * dfq;
  const pvK = K * Math.exp(-r * t);
  const callDelta = fwdS > pvK ? dfq : fwdS < pvK ? 0 : 0.5 * dfq;
  if (kind === 'call') return { price: Math.max(fwdS - pvK, 0), delta: callDelta, gamma: 0, vega: 0 };
  return { price: Math.max(pvK - fwdS, 0), delta: callDelta - dfq, gamma: 0, vega: 0 };
}

/**
 * Price, delta, gamma and vega of a European option (DOMAIN §2.1). Vega is per unit of σ (1.0 = 100 vol points).
 * @throws RangeError if S or K is not a finite positive number.
 */
export function bsGreeks(kind: OptionKind, S: number, K: number, sigma: number, tau: number, r = 0, q = 0): Greeks {
  checkInputs(S, K);
  if (!(tau > 0) || !(sigma > 0)) return degenerateGreeks(kind, S, K, tau, r, q);
  const sqrtT = Math.sqrt(tau);
  const sd = sigma * sqrtT;
  const d1 = (Math.log(S / K) + (r - q + 0.5 * sigma * sigma) * tau) / sd;
  const d2 = d1 - sd;
  const dfq = Math.exp(-q * tau);
  const dfr = Math.exp(-r * tau);
  const pdf = normPdf(d1);
  const gamma = (dfq * pdf) / (S * sd);
  const vega = S * dfq * pdf * sqrtT;
  if (kind === 'call') {
    const price = S * dfq * normCdf(d1) - K * dfr * normCdf(d2);
    return { price, delta: dfq * normCdf(d1), gamma, vega };
  }
  const price = K * dfr * normCdf(-d2) - S * dfq * normCdf(-d1);
  return { price, delta: -dfq * normCdf(-d1), gamma, vega };
}

/** Black–Scholes–Merton option price in currency per unit of underlying. */
export function bsPrice(kind: OptionKind, S: number, K: number, sigma: number, tau: number, r = 0, q = 0): number {
  return bsGreeks(kind, S, K, sigma, tau, r, q).price;
}

/** Delta (∂price/∂S): shares of underlying per option; call in [0, e^{−qτ}], put in [−e^{−qτ}, 0]. */
export function bsDelta(kind: OptionKind, S: number, K: number, sigma: number, tau: number, r = 0, q = 0): number {
  return bsGreeks(kind, S, K, sigma, tau, r, q).delta;
}

/** Gamma (∂²price/∂S²), identical for calls and puts; per currency unit of S. */
export function bsGamma(S: number, K: number, sigma: number, tau: number, r = 0, q = 0): number {
  return bsGreeks('call', S, K, sigma, tau, r, q).gamma;
}

/** Dealer gamma exposure in currency per 1% move (the industry "GEX", DOMAIN §2.2): Γ_D·S²·0.01, Γ_D in shares per
 *  unit of price (Σ n_i·m·Γ_i). */
export function gexPer1Pct(bookGamma: number, spot: number): number {
  return bookGamma * spot * spot * 0.01;
}
