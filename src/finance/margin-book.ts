// The margin-account book (DOMAIN §3.1, §8.3 item 3) as plain data and integer arithmetic: accounts struct-of-arrays,
// kept sorted by trigger price so that a close finds exactly the flagged accounts in O(log n); the exact integer flag
// test; the pro-rata split of a forced order's fills. Used by agents/margin-accounts.ts; no market, no randomness.

/** Ratios are compared in basis points so that every flag test is exact integer arithmetic. */
export const BP = 10_000;

/**
 * Smallest integer close at which an account is NOT called: flagged(P) ⇔ P < trigger ⇔ (c + nP)/L < mBp/1e4,
 * exact in integers while mBp·L < 2^53 (a float P* = 1.4·L/n misplaces the boundary: 1.4·42000 = 58799.99…).
 * 0 (never flagged) without shares or loan. For a fresh account it equals marginTriggerPrice when that is an integer.
 */
export function triggerPrice(shares: number, loan: number, cash: number, maintenanceBp: number): number {
  const num = maintenanceBp * loan - BP * cash;
  const den = BP * shares;
  if (shares <= 0 || loan <= 0 || num <= 0) return 0;
  let t = Math.ceil(num / den);
  if (t * den < num) t++;
  else if ((t - 1) * den >= num) t--;
  return t;
}

/** The accounts, struct-of-arrays by account id, with the ids kept sorted by trigger price. */
export class MarginBook {
  readonly shares: Float64Array;
  readonly loan: Float64Array;
  readonly cash: Float64Array;
  readonly trigger: Float64Array;
  /** Day of the open margin call, or -1. */
  readonly callDay: Int32Array;
  /** Account ids by ascending trigger, ties by id (re-sorted lazily after changes). */
  private readonly order: Int32Array;
  private dirty = true;

  constructor(readonly size: number, readonly maintenanceBp: number) {
    this.shares = new Float64Array(size);
    this.loan = new Float64Array(size);
    this.cash = new Float64Array(size);
    this.trigger = new Float64Array(size);
    this.callDay = new Int32Array(size).fill(-1);
    this.order = Int32Array.from({ length: size }, (_, i) => i);
  }

  /** Set account i and recompute its trigger. */
  set(i: number, shares: number, loan: number, cash: number): void {
    this.shares[i] = shares;
    this.loan[i] = loan;
    this.cash[i] = cash;
    this.trigger[i] = triggerPrice(shares, loan, cash, this.maintenanceBp);
    this.dirty = true;
  }

  /**
   * Ids of exactly the accounts flagged at close `price` (trigger > price): a suffix of the sorted order found by
   * binary search, O(log n) (after an O(n log n) re-sort if accounts changed). A view, valid until the next change.
   */
  flagged(price: number): Int32Array {
    const trig = this.trigger;
    if (this.dirty) this.order.sort((a, b) => trig[a]! - trig[b]! || a - b);
    this.dirty = false;
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (trig[this.order[mid]!]! > price) hi = mid;
      else lo = mid + 1;
    }
    return this.order.subarray(lo);
  }

  /** Sell `qty` shares of account i at `price`: proceeds repay the loan first, any excess is cash. */
  sell(i: number, qty: number, price: number): void {
    const repay = Math.min(this.loan[i]!, qty * price);
    this.set(i, this.shares[i]! - qty, this.loan[i]! - repay, this.cash[i]! + qty * price - repay);
  }

  /** Deposit the least cash that brings account i back to the maintenance ratio at `price`. */
  cure(i: number, price: number): void {
    const num = this.maintenanceBp * this.loan[i]! - BP * (this.cash[i]! + this.shares[i]! * price);
    let deposit = Math.max(0, Math.ceil(num / BP));
    if (deposit * BP < num) deposit++;
    this.set(i, this.shares[i]!, this.loan[i]!, this.cash[i]! + deposit);
  }
}

/**
 * Split `qty` filled shares over accounts with `left` shares still to sell, pro rata by cumulative rounding:
 * part_j = ⌊qty·S_j/S⌋ − ⌊qty·S_{j−1}/S⌋ (S_j cumulative). Sums to qty; part_j ≤ left_j when qty ≤ S.
 */
export function splitFill(left: readonly number[], qty: number): number[] {
  const total = left.reduce((a, b) => a + b, 0);
  let cum = 0;
  let prev = 0;
  return left.map((x) => {
    cum += x;
    const upTo = total > 0 ? Math.floor((qty * cum) / total) : 0;
    const part = upTo - prev;
    prev = upTo;
    return part;
  });
}

