// Leveraged/inverse ETF daily-reset arithmetic (DOMAIN §1.1, Cheng & Madhavan 2009; Ivanov & Lenkey 2018):
// rebalance trade ΔE = A(L² − L)r + L·F (currency; F = net creations), NAV_t = A(1 + L·r), and the intraday
// indicative NAV iNAV = NAV_{t−1}(1 + L(S/S₀ − 1)). Fees and financing are ignored. r is a simple return
// (0.05 = +5%). Amounts in currency, shares are integers; rounding ties go away from zero.

/**
 * End-of-day rebalancing trade in currency: A(L² − L)r + L·F. Negative = sell underlying.
 * @param aum fund NAV at the previous close, A_{t−1}
 * @param leverage target leverage L (2, 3, −1, −2 …)
 * @param ret close-to-close underlying simple return r
 * @param flow net creations F in currency (redemptions negative), default 0
 */
export function rebalanceAmount(aum: number, leverage: number, ret: number, flow = 0): number {
  return aum * (leverage * leverage - leverage) * ret + leverage * flow;
}

/** Fund NAV after one day with daily reset: A(1 + L·r). Can go negative for |L·r| > 1 (fund wiped out). */
export function navAfter(aum: number, leverage: number, ret: number): number {
  return aum * (1 + leverage * ret);
}

/**
 * Converts a currency amount to a share quantity: amount/price rounded to the nearest multiple of `lot`,
 * ties away from zero, sign kept (negative = sell). Never returns −0.
 * @throws RangeError if price ≤ 0 or lot is not a positive integer.
 */
export function rebalanceShares(amount: number, price: number, lot = 1): number {
  if (!(price > 0)) throw new RangeError(`rebalanceShares: price must be > 0, got ${price}`);
  if (!Number.isInteger(lot) || lot <= 0) throw new RangeError(`rebalanceShares: lot must be a positive integer, got ${lot}`);
  const lots = Math.round(Math.abs(amount) / price / lot);
  if (lots === 0) return 0;
  return Math.sign(amount) * lots * lot;
}

/**
 * Intraday indicative NAV of a daily-reset fund: navPrev·(1 + L·(price/prevClose − 1)).
 * @param navPrev NAV (per share or total) at the previous close
 * @param price current underlying price S; prevClose the underlying close S₀ the NAV was struck at
 */
export function inav(navPrev: number, leverage: number, price: number, prevClose: number): number {
  if (!(prevClose > 0)) throw new RangeError(`inav: prevClose must be > 0, got ${prevClose}`);
  return navPrev * (1 + leverage * (price / prevClose - 1));
}

/** Trading days a year used for daily swap financing accruals. */
export const SWAP_DAYS_PER_YEAR = 252; // finance may import nothing in src: the same 252 as core/time TRADING_DAYS_PER_YEAR (a test pins them equal)

/** One day's financing (currency) on a swap notional of |shares|·price at `bpAnnual` basis points a year. */
export function swapFinancingPerDay(shares: number, price: number, bpAnnual: number): number {
  return (Math.abs(shares) * price * bpAnnual) / 1e4 / SWAP_DAYS_PER_YEAR;
}
