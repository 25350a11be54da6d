// Square-root market impact (DOMAIN Appendix A; Almgren et al. 2005, Tóth et al. 2011): I = Y·σ_D·√(Q/V_D),
// a fractional price move (0.01 = 1%) for executing Q shares against daily volume V_D with daily volatility
// σ_D (fraction). Y ≈ 0.5–1 is empirical. Sign follows Q (buy > 0 pushes up, sell < 0 pushes down).

/**
 * Expected fractional price impact Y·σ·√(|Q|/V), carrying the sign of `qty`.
 * @param y prefactor Y (dimensionless, ~0.5–1)
 * @param sigmaDaily daily return volatility as a fraction (0.03 = 3%)
 * @param qty traded quantity in shares (negative = sell)
 * @param dailyVolume daily traded volume in shares, > 0
 * @throws RangeError if dailyVolume ≤ 0.
 */
export function sqrtImpact(y: number, sigmaDaily: number, qty: number, dailyVolume: number): number {
  if (!(dailyVolume > 0)) throw new RangeError(`sqrtImpact: dailyVolume must be > 0, got ${dailyVolume}`);
  if (qty === 0) return 0;
  return Math.sign(qty) * y * sigmaDaily * Math.sqrt(Math.abs(qty) / dailyVolume);
}
