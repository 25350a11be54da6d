// Korean credit-loan (신용융자) margin arithmetic (DOMAIN §3.1, §8.3 item 3): collateral ratio
// CR = (cash + securities at close)/loan, flagged iff CR < m (default 1.40); single-stock trigger price
// P* = P₀(1 − m₀)·m; forced-sale size q = ⌈(m·L − V)/(m·p_d − P)⌉ at p_d = (1 − d)P, or every share when
// m(1 − d) ≤ 1 (no finite sale restores CR). Amounts in currency, quantities in whole shares.

/** Default maintenance collateral ratio (담보유지비율), the regulatory floor since 2008. */
export const DEFAULT_MAINTENANCE = 1.4;

// Absorbs float error when (m·L − V)/(m·p_d − P) is mathematically an integer, so ceil does not add a share.
const CEIL_SLACK = 1e-9;

/**
 * Collateral ratio (cash + securities value)/loan. With no loan outstanding (loan ≤ 0) it is +Infinity,
 * so such an account is never flagged.
 */
export function collateralRatio(cash: number, securitiesValue: number, loan: number): number {
  if (loan <= 0) return Infinity;
  return (cash + securitiesValue) / loan;
}

/** True iff the account gets a margin call: CR strictly below the maintenance ratio. */
export function isMarginCall(collateralRatioValue: number, maintenance = DEFAULT_MAINTENANCE): boolean {
  return collateralRatioValue < maintenance;
}

/**
 * Close price below which a single-stock account bought at `entryPrice` with initial margin m₀ is flagged:
 * P₀(1 − m₀)·m. With m₀ = 0.4 and m = 1.4 this is 0.84·P₀ (a −16% fall).
 */
export function marginTriggerPrice(entryPrice: number, initialMargin: number, maintenance = DEFAULT_MAINTENANCE): number {
  return entryPrice * (1 - initialMargin) * maintenance;
}

/**
 * Shares a broker force-sells to restore CR ≥ m, valuing holdings at `refPrice` (P, the prior close) and
 * assuming the sale fills at p_d = (1 − discount)·P. Returns 0 if CR ≥ m already (or no loan), `shares` if
 * m(1 − d) ≤ 1, else ⌈(m·L − V)/(m·p_d − P)⌉ with V = cash + shares·P, clamped to [1, shares].
 * @throws RangeError if refPrice ≤ 0 or discount is outside [0, 1).
 */
export function forcedSaleQty(
  shares: number,
  loan: number,
  cash: number,
  refPrice: number,
  discount: number,
  maintenance = DEFAULT_MAINTENANCE,
): number {
  if (!(refPrice > 0)) throw new RangeError(`forcedSaleQty: refPrice must be > 0, got ${refPrice}`);
  if (!(discount >= 0 && discount < 1)) throw new RangeError(`forcedSaleQty: discount must be in [0, 1), got ${discount}`);
  if (shares <= 0) return 0;
  const value = cash + shares * refPrice;
  if (!isMarginCall(collateralRatio(cash, shares * refPrice, loan), maintenance)) return 0;
  if (maintenance * (1 - discount) <= 1) return shares;
  const saleShares = (maintenance * loan - value) / (maintenance * (1 - discount) * refPrice - refPrice);
  // At least one share: the account is below maintenance, so selling nothing cannot cure it.
  const q = Math.ceil(saleShares - CEIL_SLACK);
  return Math.min(Math.max(q, 1), shares);
}
