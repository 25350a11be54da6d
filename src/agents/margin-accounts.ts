// margin-accounts: Korean retail credit-loan accounts (신용융자) on one stock and their brokers' forced sales (반대매매).
// - Rule: a close below the maintenance collateral ratio calls the account; unless it recovers or cures by its
//   broker's deadline it is force-sold at that day's opening auction at a discount (DOMAIN §3.1, §8.3 item 3).
// - Formula: CR_i = (c_i + n_i·P)/L_i < m (exact in integers, finance/margin-book.ts); sale q_i =
//   ⌈(m·L − V)/(m·p_d − P_ref)⌉ with p_d = (1 − d)P_ref, clamped to [1, n_i], all n_i when m(1 − d) ≤ 1 or the
//   broker sells all (finance/margin.ts forcedSaleQty; weakly increasing in m, see test/agents/margin-accounts).
// - Population: entry e_i = P·entryMedianPct/100·exp(entrySd·Z), Z from streams seeded by populationSeed only, an
//   account below screenRatio at P redrawn — never the maintenance ratio, so every m sees the same accounts;
//   n_i = round(totalLoanKrw/accounts/((1 − m₀)e_i)), L_i = round((1 − m₀)n_i e_i). Rolling (loanTermDays k > 0): at
//   the close of day D each account with (D + i) mod k = k − 1 is taken over by a new loan on its n_i shares at an
//   entry drawn the same way at that close (1/k of the book a day), so calm days keep a baseline of calls.
// - Brokers: each account draws one profile of `brokers` (share, discount, graceDays, sellAll; empty = one broker from
//   the top-level fields) from its own stream.
// - Trigger: after day D's close (margin_calls.<SYM>). At orderTime of D + graceDays, with P_ref = the last close: an
//   account back above m at P_ref is released; else it cures with cureProbability (a draw hashed from (seed, account,
//   call day), so independent of m; deposit up to CR = m at P_ref, outside the model's cash); else it is sold.
// - Execution: per distinct price one forced LIMIT sell into the opening auction at max(lowerLimit, ⌈P_ref(1 − d)⌉
//   to the tick) ('lower-limit': the lower limit, d = 1 − lower/P_ref); fills split pro rata to the q_i, proceeds repay
//   L_i first. Unfilled remainders expire; an account still below is called again at the next close.
//   Unsettled purchases (미수, `unsettled`): daily bids of dailyBuyKrw at P_ref; shareOfBuys unpaid; a day's
//   receivable stays unpaid with unpaidProb and is force-sold at the T+3 pre-open at the lower limit.
// - Parameters: totalLoanKrw (won), initialMargin, maintenance, screenRatio (ratios), entrySd (log), discount
//   (fraction), graceDays / loanTermDays (trading days), orderTime (HH:MM).
// - Known limits: a fully sold account stays closed (a roll keeps n_i; new loans do not buy shares); loan interest
//   and maturity sales are not modelled; cure deposits and rolled loans move cash outside the portfolio.
// - Source: docs/model-forced-flows.md §margin-accounts; DOMAIN §3.1, Appendix B item 6.
import { z } from 'zod';
import { deriveRng } from '../core/rng.js';
import type { Rng } from '../core/rng.js';
import { at, parseClock } from '../core/time.js';
import { forcedSaleQty } from '../finance/margin.js';
import { BP, MarginBook, splitFill } from '../finance/margin-book.js';
import { BUY, LIMIT, SELL } from '../market/protocol.js';
import type { MarketView, OrderUpdate } from '../market/protocol.js';
import type { Agent, AgentContext } from './agent.js';
import { instrumentIndexIn, resolveInstrument } from './market-helpers.js';
import type { AgentCreateInfo, AgentKindSpec, InitialPortfolio, KindSummaryView } from './registry.js';

export { MarginBook, splitFill, triggerPrice } from '../finance/margin-book.js';

const KIND = 'margin-accounts';
const TAG_PREOPEN = 0;
/** Settlement lag of a cash purchase (trading days); its unpaid part is sold at the next open after it. */
const SETTLEMENT_DAYS = 2;
/** Discount used for 'lower-limit' sales when the market has no price limits. */
const NO_LIMIT_DISCOUNT = 0.3;
const MAX_REDRAWS = 1000;
/** KRX: a margin call at day D's close is force-sold at the D+2 opening auction (DOMAIN §3.1). */
const SALE_LAG_DAYS = 2;

const Discount = z.union([z.number().min(0).lt(1), z.literal('lower-limit')]);
const Broker = z.strictObject({
  /** Weight of this broker in the population (normalised over the list). */
  share: z.number().positive(),
  discount: Discount.default(0.2),
  graceDays: z.number().int().min(1).default(2),
  sellAll: z.boolean().default(false),
});

const Params = z.strictObject({
  /** Symbol of the stock the accounts hold, number of accounts, and the sum of their loans at entry (won). */
  instrument: z.string().min(1),
  accounts: z.number().int().min(1).default(5000),
  totalLoanKrw: z.number().positive().default(1e12),
  /** Initial margin m₀ (fraction paid in cash) and maintenance collateral ratio (at most 4 decimals). */
  initialMargin: z.number().gt(0).lt(1).default(0.4),
  maintenance: z.number().gt(1).default(1.4),
  /** Least collateral ratio of a drawn account at the price it is drawn at (independent of `maintenance`). */
  screenRatio: z.number().gt(1).default(1.4),
  /** Log-normal entry prices: median as a percentage of the price, and the sd of ln(entry). */
  entryMedianPct: z.number().positive().default(100),
  entrySd: z.number().nonnegative().default(0.15),
  populationSeed: z.number().int().nonnegative().default(1),
  /** Rolling population: loan term in trading days (0 = the initial accounts only). */
  loanTermDays: z.number().int().nonnegative().default(0),
  /** Forced-sale discount d to the reference price, or 'lower-limit' (the single broker when `brokers` is empty). */
  discount: Discount.default(0.2),
  /** Trading days from the call (D's close) to the forced sale (D+graceDays opening auction). */
  graceDays: z.number().int().min(1).default(2),
  /** Sell every share of a sold account instead of the DOMAIN quantity. */
  sellAll: z.boolean().default(false),
  /** Broker profiles (heterogeneity); empty = one broker with the three fields above. */
  brokers: z.array(Broker).default([]),
  /** Probability that a called account cures by its deadline (one draw per account per call). */
  cureProbability: z.number().min(0).max(1).default(0.3),
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
export type BrokerProfile = z.output<typeof Broker>;

/** Draw account i's entry at price `p` (redrawn while the account would be below screenRatio at p) and set it. */
function drawAccount(book: MarginBook, i: number, p: MarginAccountsParams, price: number, rng: Rng, shares?: number): void {
  const screenBp = Math.round(p.screenRatio * BP);
  const m0 = p.initialMargin;
  for (let attempt = 0; ; attempt++) {
    if (attempt === MAX_REDRAWS) throw new Error(`${KIND}: entry prices leave no account above screenRatio at ${price}`);
    const entry = Math.max(1, Math.round(((price * p.entryMedianPct) / 100) * Math.exp(p.entrySd * rng.normal())));
    const n = shares ?? Math.max(1, Math.round(p.totalLoanKrw / p.accounts / ((1 - m0) * entry)));
    const loan = Math.round((1 - m0) * n * entry);
    if (n <= 0) return book.set(i, 0, 0, 0);
    // Screen: CR at `price` ≥ screenRatio ⇔ 1e4·n·price ≥ screenBp·loan (integers).
    if (BP * n * price >= screenBp * loan) return book.set(i, n, loan, 0);
  }
}

/** The population of the header for initial price `p0` (group member `index`); the same for every `maintenance`. */
export function buildPopulation(p: MarginAccountsParams, p0: number, index: number): MarginBook {
  const book = new MarginBook(p.accounts, Math.round(p.maintenance * BP));
  const rng = deriveRng(p.populationSeed, `${KIND}:population#${index}`);
  for (let i = 0; i < p.accounts; i++) drawAccount(book, i, p, p0, rng);
  return book;
}

/** Broker of each account: the profile list (or the single top-level broker) and each account's index into it. */
export function assignBrokers(p: MarginAccountsParams, index: number): { profiles: BrokerProfile[]; of: Uint16Array } {
  const of = new Uint16Array(p.accounts);
  if (p.brokers.length === 0) {
    return { profiles: [{ share: 1, discount: p.discount, graceDays: p.graceDays, sellAll: p.sellAll }], of };
  }
  const total = p.brokers.reduce((a, b) => a + b.share, 0);
  const rng = deriveRng(p.populationSeed, `${KIND}:brokers#${index}`);
  for (let i = 0; i < p.accounts; i++) {
    let u = rng.next() * total;
    let b = 0;
    while (b < p.brokers.length - 1 && u >= p.brokers[b]!.share) u -= p.brokers[b++]!.share;
    of[i] = b;
  }
  return { profiles: p.brokers, of };
}

/** Uniform in [0, 1) from (seed, group index, account, call day): a cure draw that no other draw can shift. */
export function cureDraw(seed: number, index: number, account: number, day: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) ^ Math.imul(account + 1, 0x27d4eb2f);
  h = Math.imul(h ^ (h >>> 13), 0x165667b1) ^ Math.imul(day + 1, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h ^= h >>> 13;
  return (h >>> 0) / 4294967296;
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
  private brokers: BrokerProfile[] = [];
  private brokerOf: ReturnType<typeof assignBrokers>['of'] = new Uint16Array(0);
  private rollRng: Rng;
  /** Open calls (account, call day) in the order they were made; stale when the account's callDay moved on. */
  private readonly callIds: number[] = [];
  private readonly callDays: number[] = [];
  /** Forced orders: handle -> the accounts sold and the shares still to allocate to each. */
  private readonly batches = new Map<number, { ids: number[]; left: number[] }>();
  private readonly unsettledSells = new Set<number>();
  /** Cash-purchase lots: order handle -> [day, shares filled]. */
  private readonly lots = new Map<number, [number, number]>();
  private readonly orderTod: number;

  constructor(private readonly p: MarginAccountsParams, private readonly index: number) {
    this.orderTod = parseClock(p.orderTime);
    this.rollRng = deriveRng(p.populationSeed, `${KIND}:roll#${index}`);
  }

  onStart(ctx: AgentContext): void {
    this.inst = resolveInstrument(ctx.market, this.p.instrument, KIND, 'instrument');
    this.sym = ctx.market.symbol(this.inst);
    this.book = buildPopulation(this.p, ctx.market.basePrice(this.inst), this.index);
    const b = assignBrokers(this.p, this.index);
    this.brokers = b.profiles;
    this.brokerOf = b.of;
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

  /** Roll today's share of loans, then call every flagged account without an open call (O(log n) + O(flagged)). */
  onDayEnd(ctx: AgentContext): void {
    const close = ctx.market.lastPrice(this.inst);
    this.roll(ctx.day, close);
    let called = 0;
    for (const i of this.book.flagged(close)) {
      if (this.book.callDay[i]! >= 0) continue;
      this.book.callDay[i] = ctx.day;
      this.callIds.push(i);
      this.callDays.push(ctx.day);
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

  /** New loans on the accounts whose term ends today (header); their open calls lapse. */
  private roll(day: number, close: number): void {
    const k = this.p.loanTermDays;
    if (k === 0 || !(close > 0)) return;
    for (let i = (((k - 1 - day) % k) + k) % k; i < this.book.size; i += k) {
      drawAccount(this.book, i, this.p, close, this.rollRng, this.book.shares[i]!);
      this.book.callDay[i] = -1;
    }
  }

  /** Release, cure or sell every call whose broker's deadline has come; one forced order per distinct price. */
  private sellDueCalls(ctx: AgentContext, pRef: number): void {
    const book = this.book;
    const lower = ctx.market.lowerLimit(this.inst);
    const byPrice = new Map<number, { ids: number[]; left: number[]; qty: number }>();
    let kept = 0;
    for (let j = 0; j < this.callIds.length; j++) {
      const i = this.callIds[j]!;
      const callDay = this.callDays[j]!;
      if (book.callDay[i] !== callDay) continue; // lapsed by a roll
      const broker = this.brokers[this.brokerOf[i]!]!;
      if (callDay + broker.graceDays > ctx.day) {
        this.callIds[kept] = i;
        this.callDays[kept++] = callDay;
        continue;
      }
      book.callDay[i] = -1;
      if (!(pRef < book.trigger[i]!)) continue; // recovered by the reference close
      if (cureDraw(this.p.populationSeed, this.index, i, callDay) < this.p.cureProbability) {
        book.cure(i, pRef);
        continue;
      }
      const toLower = broker.discount === 'lower-limit';
      const d = toLower ? (lower > 0 ? 1 - lower / pRef : NO_LIMIT_DISCOUNT) : (broker.discount as number);
      const n = book.shares[i]!;
      const q = broker.sellAll ? n : forcedSaleQty(n, book.loan[i]!, book.cash[i]!, pRef, d, book.maintenanceBp / BP);
      if (q < 1) continue;
      const price = toLower && lower > 0 ? lower : forcedPrice(ctx.market, this.inst, pRef, d);
      let batch = byPrice.get(price);
      if (batch === undefined) byPrice.set(price, (batch = { ids: [], left: [], qty: 0 }));
      batch.ids.push(i);
      batch.left.push(q);
      batch.qty += q;
    }
    this.callIds.length = this.callDays.length = kept;
    for (const [price, b] of [...byPrice].sort((x, y) => x[0] - y[0])) {
      const ref = ctx.submit({ instrument: this.inst, side: SELL, type: LIMIT, price, qty: b.qty, forced: true });
      this.batches.set(ref, { ids: b.ids, left: b.left });
    }
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
  /**
   * margin_forced_sale_value.stress / .d2 (forced sells on the stress day / two sessions later, report currency) and
   * margin_forced_sale_multiple = .d2 / the average forced sells triggered by pre-shock closes, i.e. on days 2 ..
   * stress day + 1 (a sale follows its call by two sessions, so days 0–1 carry none by construction, and the sales on
   * the stress day and the day after come from calls at the two closes before the shock); NaN without a baseline.
   */
  summaryMetrics(v: KindSummaryView): Record<string, number> {
    const d = v.stressDay;
    const forced = (day: number): number => v.flow(day, 'forced-sell-value');
    const d2 = forced(d + SALE_LAG_DAYS);
    const lastBaseline = Math.min(d + SALE_LAG_DAYS - 1, v.days - 1);
    let before = 0;
    for (let day = SALE_LAG_DAYS; day <= lastBaseline; day++) before += forced(day);
    const baselineDays = lastBaseline - SALE_LAG_DAYS + 1;
    return {
      'margin_forced_sale_value.stress': forced(d) / v.fxRate,
      'margin_forced_sale_value.d2': d2 / v.fxRate,
      margin_forced_sale_multiple: baselineDays > 0 && before > 0 ? d2 / (before / baselineDays) : NaN,
    };
  },
  create: (params: MarginAccountsParams, info: AgentCreateInfo): Agent => new MarginAccounts(params, info.index),
  initialPortfolio(params, info): InitialPortfolio {
    const inst = instrumentIndexIn(info.instruments, params.instrument, KIND, 'instrument');
    const book = buildPopulation(params, info.initialPrices[inst]!, info.index);
    const sum = (a: Float64Array): number => a.reduce((x, y) => x + y, 0);
    const shares = sum(book.shares);
    return { cash: sum(book.cash) - sum(book.loan), positions: info.instruments.map((_, j) => (j === inst ? shares : 0)) };
  },
};
