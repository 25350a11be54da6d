// margin-accounts: Korean retail credit-loan accounts (신용융자) on one stock and their brokers' forced sales (반대매매),
// DOMAIN §3.1, §8.3 item 3. One agent holds `accounts` accounts; account i has n_i shares, loan L_i (owed to brokers
// outside the model) and cash c_i. Population: entry e_i = P₀·entryMedianPct/100·exp(entrySd·Z), Z from a stream
// seeded by populationSeed (so initialPortfolio and the agent build the same accounts; an account that would be
// called at P₀ is redrawn); equal loans: n_i = round(totalLoanKrw/accounts/((1 − m₀)e_i)), L_i = round((1 − m₀)n_i e_i).
// Call: after day D's close P, iff CR = (c_i + n_i·P)/L_i < maintenance (fresh account: P < 0.84·e_i); counted in
// margin_calls.<SYM>. At orderTime (08:35, pre-open) of D+graceDays, with P_ref = the base price (last close): an
// account no longer below maintenance at P_ref is released; else it cures with cureProbability (deposits outside
// cash up to CR = maintenance at P_ref); else it is sold: q_i = forcedSaleQty(n_i, L_i, c_i, P_ref, d) (n_i if
// sellAll), Σq_i in one forced LIMIT sell into the opening auction at max(lowerLimit, P_ref(1 − d) rounded up to the
// tick) (d = 'lower-limit': at the lower limit, d = 1 − lower/P_ref in the formula). Fills are split pro rata to the
// q_i; proceeds repay L_i first (an account with no shares left is closed; any loan left is the broker's loss). The
// call closes when the order is sent: unfilled remainders expire, and an account still below is called again.
// Unsettled purchases (미수, `unsettled`): each day the population bids dailyBuyKrw/P_ref shares at P_ref in the
// opening auction; shareOfBuys of what it gets is unpaid; at settlement (T+2) a day's receivable stays unpaid with
// probability unpaidProb and is force-sold at the T+3 pre-open at the lower limit (unsettled_forced_sale_value).
// Portfolio: Σn_i shares and cash Σc_i − ΣL_i (net debt), then moved only by fills (cure deposits stay outside).
import { z } from 'zod';
import { deriveRng } from '../core/rng.js';
import { at, parseClock } from '../core/time.js';
import { forcedSaleQty } from '../finance/margin.js';
import { BUY, LIMIT, SELL } from '../market/protocol.js';
import type { MarketView, OrderUpdate } from '../market/protocol.js';
import type { Agent, AgentContext } from './agent.js';
import { resolveInstrument } from './market-helpers.js';
import type { AgentCreateInfo, AgentKindSpec, InitialPortfolio } from './registry.js';

const KIND = 'margin-accounts';
const TAG_PREOPEN = 0;
/** Ratios are compared in basis points so that every flag test is exact integer arithmetic. */
const BP = 10_000;
/** Settlement lag of a cash purchase (trading days); its unpaid part is sold at the next open after it. */
const SETTLEMENT_DAYS = 2;
/** Discount used for 'lower-limit' sales when the market has no price limits. */
const NO_LIMIT_DISCOUNT = 0.3;

const Params = z.strictObject({
  /** Symbol of the stock the accounts hold, number of accounts, and the sum of their loans at entry (won). */
  instrument: z.string().min(1),
  accounts: z.number().int().min(1).default(5000),
  totalLoanKrw: z.number().positive().default(1e12),
  /** Initial margin m₀ (fraction paid in cash) and maintenance collateral ratio (at most 4 decimals). */
  initialMargin: z.number().gt(0).lt(1).default(0.4),
  maintenance: z.number().gt(1).default(1.4),
  /** Log-normal entry prices: median as a percentage of the initial price, and the sd of ln(entry). */
  entryMedianPct: z.number().positive().default(100),
  entrySd: z.number().nonnegative().default(0.15),
  populationSeed: z.number().int().nonnegative().default(1),
  /** Forced-sale discount d to the reference price, or 'lower-limit'. */
  discount: z.union([z.number().min(0).lt(1), z.literal('lower-limit')]).default(0.2),
  /** Trading days from the call (D's close) to the forced sale (D+graceDays opening auction). */
  graceDays: z.number().int().min(1).default(2),
  /** Probability that a called account cures by its deadline (one draw per account per call). */
  cureProbability: z.number().min(0).max(1).default(0.3),
  /** Sell every share of a sold account instead of the DOMAIN quantity. */
  sellAll: z.boolean().default(false),
  /** Clock time of the pre-open orders (08:30–09:00). */
  orderTime: z.string().default('08:35'),
  /** Daily cash purchases (won; 0 = off), the unpaid share of the shares bought, P(a day's receivable unpaid). */
  unsettled: z.strictObject({
    dailyBuyKrw: z.number().nonnegative().default(0),
    shareOfBuys: z.number().min(0).max(1).default(0.1),
    unpaidProb: z.number().min(0).max(1).default(0.01),
  }).prefault({}),
});
export type MarginAccountsParams = z.output<typeof Params>;

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

/** The population of the header for initial price `p0` (group member `index`). */
export function buildPopulation(p: MarginAccountsParams, p0: number, index: number): MarginBook {
  const book = new MarginBook(p.accounts, Math.round(p.maintenance * BP));
  const rng = deriveRng(p.populationSeed, `${KIND}:population#${index}`);
  const loanPer = p.totalLoanKrw / p.accounts;
  const m0 = p.initialMargin;
  for (let i = 0; i < p.accounts; i++) {
    for (let attempt = 0; ; attempt++) {
      if (attempt === 1000) throw new Error(`${KIND}: entry prices leave no account above maintenance at ${p0}`);
      const entry = Math.max(1, Math.round(((p0 * p.entryMedianPct) / 100) * Math.exp(p.entrySd * rng.normal())));
      const shares = Math.max(1, Math.round(loanPer / ((1 - m0) * entry)));
      book.set(i, shares, Math.round((1 - m0) * shares * entry), 0);
      if (book.trigger[i]! <= p0) break;
    }
  }
  return book;
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

/** Sell limit max(lowerLimit, P_ref(1 − d)) rounded up to the tick (float noise below 1e-9 won ignored). */
export function forcedPrice(m: MarketView, inst: number, pRef: number, d: number): number {
  return Math.max(m.lowerLimit(inst), m.ceilPrice(inst, Math.ceil(pRef * (1 - d) - 1e-9)));
}

class MarginAccounts implements Agent {
  readonly kind = KIND;
  private inst = -1;
  private sym = '';
  private book = new MarginBook(0, 0);
  /** Open calls in the order they were made (so the due ones are a prefix). */
  private readonly calls: number[] = [];
  /** Forced orders: handle -> the accounts sold and the shares still to allocate to each. */
  private readonly batches = new Map<number, { ids: number[]; left: number[] }>();
  private readonly unsettledSells = new Set<number>();
  /** Cash-purchase lots: order handle -> [day, shares filled]. */
  private readonly lots = new Map<number, [number, number]>();
  private readonly orderTod: number;

  constructor(private readonly p: MarginAccountsParams, private readonly index: number) {
    this.orderTod = parseClock(p.orderTime);
  }

  onStart(ctx: AgentContext): void {
    this.inst = resolveInstrument(ctx.market, this.p.instrument, KIND, 'instrument');
    this.sym = ctx.market.symbol(this.inst);
    this.book = buildPopulation(this.p, ctx.market.basePrice(this.inst), this.index);
  }

  onDayStart(ctx: AgentContext): void {
    ctx.wakeAt(Math.max(ctx.now, at(ctx.day, this.orderTod)), TAG_PREOPEN);
  }

  onWake(ctx: AgentContext, tag: number): void {
    if (tag !== TAG_PREOPEN) return;
    const pRef = ctx.market.basePrice(this.inst);
    this.sellDueCalls(ctx, pRef);
    this.sellUnpaid(ctx, pRef);
    const qty = Math.floor(this.p.unsettled.dailyBuyKrw / pRef);
    if (qty > 0) this.lots.set(ctx.submit({ instrument: this.inst, side: BUY, type: LIMIT, price: pRef, qty }), [ctx.day, 0]);
  }

  /** The margin calls of this close: every flagged account without an open call (O(log n) + O(flagged)). */
  onDayEnd(ctx: AgentContext): void {
    let called = 0;
    for (const i of this.book.flagged(ctx.market.lastPrice(this.inst))) {
      if (this.book.callDay[i]! >= 0) continue;
      this.book.callDay[i] = ctx.day;
      this.calls.push(i);
      called++;
    }
    ctx.metric(`margin_calls.${this.sym}`, called, 'add');
    ctx.metric(`margin_forced_sale_value.${this.sym}`, 0, 'add');
    ctx.metric(`margin_forced_sale_qty.${this.sym}`, 0, 'add');
  }

  onOrderUpdate(ctx: AgentContext, u: OrderUpdate): void {
    const batch = this.batches.get(u.ref);
    const lot = this.lots.get(u.ref);
    if (u.kind === 'filled' && batch !== undefined) {
      const parts = splitFill(batch.left, u.qty);
      for (let j = 0; j < parts.length; j++) {
        batch.left[j]! -= parts[j]!;
        if (parts[j]! > 0) this.book.sell(batch.ids[j]!, parts[j]!, u.price);
      }
      ctx.metric(`margin_forced_sale_value.${this.sym}`, u.qty * u.price, 'add');
      ctx.metric(`margin_forced_sale_qty.${this.sym}`, u.qty, 'add');
    } else if (u.kind === 'filled' && this.unsettledSells.has(u.ref)) {
      ctx.metric(`unsettled_forced_sale_value.${this.sym}`, u.qty * u.price, 'add');
    } else if (u.kind === 'filled' && lot !== undefined) lot[1] += u.qty;
    if (u.remaining === 0 && u.kind !== 'accepted') {
      this.batches.delete(u.ref);
      this.unsettledSells.delete(u.ref);
    }
  }

  /** Release, cure or sell every call whose deadline has come; one forced order for all the sold accounts. */
  private sellDueCalls(ctx: AgentContext, pRef: number): void {
    const book = this.book;
    const lower = ctx.market.lowerLimit(this.inst);
    const toLower = this.p.discount === 'lower-limit';
    const d = toLower ? (lower > 0 ? 1 - lower / pRef : NO_LIMIT_DISCOUNT) : (this.p.discount as number);
    const batch = { ids: [] as number[], left: [] as number[] };
    let total = 0;
    let due = 0;
    while (due < this.calls.length && book.callDay[this.calls[due]!]! + this.p.graceDays <= ctx.day) due++;
    for (const i of this.calls.splice(0, due)) {
      book.callDay[i] = -1;
      if (!(pRef < book.trigger[i]!)) continue; // recovered by the reference close
      if (ctx.rng.bernoulli(this.p.cureProbability)) {
        book.cure(i, pRef);
        continue;
      }
      const n = book.shares[i]!;
      const q = this.p.sellAll ? n : forcedSaleQty(n, book.loan[i]!, book.cash[i]!, pRef, d, book.maintenanceBp / BP);
      if (q < 1) continue;
      batch.ids.push(i);
      batch.left.push(q);
      total += q;
    }
    if (total === 0) return;
    const price = toLower && lower > 0 ? lower : forcedPrice(ctx.market, this.inst, pRef, d);
    this.batches.set(ctx.submit({ instrument: this.inst, side: SELL, type: LIMIT, price, qty: total, forced: true }), batch);
  }

  /** Force-sell the unpaid receivables of the lots that settled yesterday (bought SETTLEMENT_DAYS + 1 days ago). */
  private sellUnpaid(ctx: AgentContext, pRef: number): void {
    const u = this.p.unsettled;
    let qty = 0;
    for (const [ref, [day, filled]] of this.lots) {
      if (day + SETTLEMENT_DAYS + 1 > ctx.day) continue;
      this.lots.delete(ref);
      const receivable = Math.floor(filled * u.shareOfBuys);
      if (receivable >= 1 && ctx.rng.bernoulli(u.unpaidProb)) qty += receivable;
    }
    if (qty === 0) return;
    const lower = ctx.market.lowerLimit(this.inst);
    const price = lower > 0 ? lower : forcedPrice(ctx.market, this.inst, pRef, NO_LIMIT_DISCOUNT);
    this.unsettledSells.add(ctx.submit({ instrument: this.inst, side: SELL, type: LIMIT, price, qty, forced: true }));
  }
}

/** The margin-accounts kind. */
export const spec: AgentKindSpec<MarginAccountsParams> = {
  kind: KIND,
  description: 'Retail credit-loan accounts: margin calls at a close below 140% collateral, forced sales at the D+2 opening auction',
  params: Params,
  create: (params: MarginAccountsParams, info: AgentCreateInfo): Agent => new MarginAccounts(params, info.index),
  initialPortfolio(params, info): InitialPortfolio {
    const inst = info.instruments.indexOf(params.instrument);
    if (inst < 0) throw new Error(`${KIND}: unknown instrument symbol "${params.instrument}" in params.instrument`);
    const book = buildPopulation(params, info.initialPrices[inst]!, info.index);
    const sum = (a: Float64Array): number => a.reduce((x, y) => x + y, 0);
    const shares = sum(book.shares);
    return { cash: sum(book.cash) - sum(book.loan), positions: info.instruments.map((_, j) => (j === inst ? shares : 0)) };
  },
};
