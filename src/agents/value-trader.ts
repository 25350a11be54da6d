// value-trader: a fundamentalist, the fundamental component of Chiarella & Iori (2002, QF 2:346) on its own.
// Trigger: Poisson times at `ratePerMin` per agent. In continuous trading it takes liquidity (below); during a call
// auction (pre-open, opening, VI, reopening, closing) it supplies depth around its value instead, as investors do
// against a published indicative price: with `auctionQty` > 0 it keeps one buy limit at V̂·(1−θ) and one sell limit at
// V̂·(1+θ) of auctionQty shares each (within maxPosition), replaced at each decision and canceled when continuous
// trading resumes. This is what keeps a thin auction from clearing at the daily limit against limit-priced orders.
// Value: the latest public news release of the instrument's value (docs/model.md §2.3; the base price until the
// first release) — it never reads the fundamental process itself.
// Rule: pick an instrument uniformly, form a private estimate V̂ = news value · exp(noiseSd · N(0,1)) and compare
// it with the mid m (lastPrice when a book side is empty), threshold θ = thresholdBp/1e4:
//   V̂ > m·(1+θ) → buy,  V̂ < m·(1−θ) → sell,  else nothing;
//   qty = max(1, min(maxOrderQty, round(qtyPerPct · |V̂/m − 1| · 100))) shares, then cut so |position| <= maxPosition.
// The order is an IOC limit at the opposite touch plus aggressionTicks ticks, never priced beyond V̂ (it is not
// sent if that cap leaves it short of the touch), or a market order when useMarketOrders. Nothing is sent while
// the opposite side of the book is empty. Pending orders are not counted against maxPosition (IOC and market
// orders resolve within the order-entry latency, far below the mean gap between decisions).
//
// Defaults (₩70,000 stock, tick 100 = 14 bp; ~20 agents) make them the market's anchor: 0.5/min·agent, noiseSd
// 0.3% and thresholdBp 30 (≈ 2 ticks) leave ~1/3 of decisions in a fairly priced market as small two-sided trades,
// while a 3% mispricing brings 300 shares per decision (qtyPerPct 100, maxOrderQty 500): up to ~3,000 shares/min
// from 20 agents, several times the calm market's whole volume rate. In a trial run on the real exchange (300
// noise traders, 4 market makers, zero latency) this gave a 1-tick spread ~98% of the time and ~18% annualised
// 1-min volatility; selling 6% of a day's volume in 10 minutes moved the price 2% and it recovered, while twice
// that rate crashed it to the limit in one of two seeds. maxPosition 5000 (~₩350M) bounds the inventory.
import { z } from 'zod';
import { US_PER_MIN } from '../core/time.js';
import { BUY, IOC, LIMIT, MARKET, SELL } from '../market/protocol.js';
import type { MarketNotice, Side } from '../market/protocol.js';
import type { Agent, AgentContext } from './agent.js';
import type { AgentCreateInfo, AgentKindSpec } from './registry.js';
import { allClosed, clampToLimits, isCallAuction, resolveInstruments } from './market-helpers.js';

const KIND = 'value-trader';
const TAG_DECIDE = 0;

const Params = z.strictObject({
  /** Decision rate per agent (per minute). */
  ratePerMin: z.number().positive().default(0.5),
  /** Log-normal noise of the private value estimate (standard deviation of ln V̂ − ln (latest news value)). */
  noiseSd: z.number().nonnegative().default(0.003),
  /** No-trade band around the mid (basis points). */
  thresholdBp: z.number().nonnegative().default(30),
  /** Shares per percentage point of mispricing |V̂/m − 1|. */
  qtyPerPct: z.number().nonnegative().default(100),
  /** Largest single order (shares). */
  maxOrderQty: z.number().int().min(1).default(500),
  /** Largest absolute position (shares). */
  maxPosition: z.number().int().min(1).default(5000),
  /** Ticks beyond the opposite touch of the IOC limit price. */
  aggressionTicks: z.number().int().nonnegative().default(0),
  /** Send market orders instead of IOC limits. */
  useMarketOrders: z.boolean().default(false),
  /** Shares per side it rests in call auctions around its value (0: stays out of auctions). */
  auctionQty: z.number().int().nonnegative().default(0),
  /** Symbols traded (empty: all instruments). */
  instruments: z.array(z.string()).default([]),
});
export type ValueTraderParams = z.output<typeof Params>;

/**
 * Signed order size for estimate `vHat` against mid `mid` (> 0 buy, < 0 sell, 0 inside the band), before the
 * position cap: max(1, min(maxOrderQty, round(qtyPerPct · |vHat/mid − 1| · 100))).
 */
export function valueOrderQty(
  vHat: number,
  mid: number,
  p: Pick<ValueTraderParams, 'thresholdBp' | 'qtyPerPct' | 'maxOrderQty'>,
): number {
  // Compared in basis points (vHat·1e4 vs mid·(1e4 ± bp)) so that integer inputs meet the band edges exactly.
  const v = vHat * 1e4;
  const dir = v > mid * (1e4 + p.thresholdBp) ? 1 : v < mid * (1e4 - p.thresholdBp) ? -1 : 0;
  if (dir === 0) return 0;
  return dir * Math.max(1, Math.min(p.maxOrderQty, Math.round(p.qtyPerPct * Math.abs(vHat / mid - 1) * 100)));
}

class ValueTrader implements Agent {
  readonly kind = KIND;
  private insts: Int32Array = new Int32Array(0);
  /** Time of the pending decision wake-up, or -1 while the chain is stopped. */
  private nextDecisionT = -1;
  /** Resting auction orders (handles) per instrument position in `insts`: [buy, sell], -1 when none. */
  private auctionRefs = new Int32Array(0);
  /** The latest published value per instrument position in `insts`. */
  private news = new Float64Array(0);

  constructor(private readonly p: ValueTraderParams) {}

  onStart(ctx: AgentContext): void {
    this.insts = resolveInstruments(ctx.market, this.p.instruments, KIND);
    this.auctionRefs = new Int32Array(2 * this.insts.length).fill(-1);
    this.news = Float64Array.from(this.insts, (i) => ctx.market.basePrice(i));
    if (this.insts.length > 0) this.schedule(ctx);
  }

  onDayStart(ctx: AgentContext): void {
    if (this.nextDecisionT < 0 && this.insts.length > 0) this.schedule(ctx);
  }

  onMarketNotice(ctx: AgentContext, notice: MarketNotice): void {
    if (notice.kind === 'news') {
      const k = this.insts.indexOf(notice.instrument);
      if (k >= 0 && notice.value !== undefined && notice.value > 0) this.news[k] = notice.value;
      return;
    }
    if (notice.kind !== 'phase-changed') return;
    if (notice.phase === 'continuous') {
      const k = this.insts.indexOf(notice.instrument);
      if (k >= 0) this.cancelAuctionOrders(ctx, k);
    }
    if (this.nextDecisionT < 0 && this.insts.length > 0) this.schedule(ctx);
  }

  onWake(ctx: AgentContext, tag: number): void {
    if (tag !== TAG_DECIDE || ctx.now !== this.nextDecisionT) return;
    this.nextDecisionT = -1;
    if (this.decide(ctx)) this.schedule(ctx);
  }

  private schedule(ctx: AgentContext): void {
    const dt = Math.max(1, Math.round(ctx.rng.exponential(US_PER_MIN / this.p.ratePerMin)));
    this.nextDecisionT = ctx.now + dt;
    ctx.wakeAfter(dt, TAG_DECIDE);
  }

  /** One decision; false when every traded instrument is closed (the chain then stops). */
  private decide(ctx: AgentContext): boolean {
    const m = ctx.market;
    const k = ctx.rng.int(this.insts.length);
    const inst = this.insts[k]!;
    const phase = m.phase(inst);
    if (phase !== 'continuous') {
      if (this.p.auctionQty > 0 && isCallAuction(phase)) this.quoteAuction(ctx, k, inst);
      return !allClosed(m, this.insts);
    }
    const vHat = this.news[k]! * Math.exp(this.p.noiseSd * ctx.rng.normal());
    const bid = m.bestBid(inst);
    const ask = m.bestAsk(inst);
    const mid = bid > 0 && ask > 0 ? (bid + ask) / 2 : m.lastPrice(inst);
    if (!(mid > 0 && vHat > 0)) return true;
    const signed = valueOrderQty(vHat, mid, this.p);
    if (signed === 0) return true;
    const side: Side = signed > 0 ? BUY : SELL;
    const pos = ctx.portfolio.position(inst);
    const qty = Math.min(Math.abs(signed), side === BUY ? this.p.maxPosition - pos : this.p.maxPosition + pos);
    if (qty > 0) this.send(ctx, inst, side, qty, vHat);
    return true;
  }

  /** Replace this instrument's auction orders with a buy at V̂(1−θ) and a sell at V̂(1+θ), within the position cap. */
  private quoteAuction(ctx: AgentContext, k: number, inst: number): void {
    this.cancelAuctionOrders(ctx, k);
    const m = ctx.market;
    const vHat = this.news[k]! * Math.exp(this.p.noiseSd * ctx.rng.normal());
    if (!(vHat > 0)) return;
    const theta = this.p.thresholdBp / 1e4;
    const pos = ctx.portfolio.position(inst);
    const buyQty = Math.min(this.p.auctionQty, this.p.maxPosition - pos);
    const sellQty = Math.min(this.p.auctionQty, this.p.maxPosition + pos);
    const bid = clampToLimits(m, inst, m.floorPrice(inst, vHat * (1 - theta)));
    const ask = clampToLimits(m, inst, m.ceilPrice(inst, vHat * (1 + theta)));
    if (buyQty > 0 && bid > 0) this.auctionRefs[2 * k] = ctx.submit({ instrument: inst, side: BUY, type: LIMIT, price: bid, qty: buyQty });
    if (sellQty > 0 && ask > 0) this.auctionRefs[2 * k + 1] = ctx.submit({ instrument: inst, side: SELL, type: LIMIT, price: ask, qty: sellQty });
  }

  private cancelAuctionOrders(ctx: AgentContext, k: number): void {
    for (let j = 2 * k; j < 2 * k + 2; j++) {
      const ref = this.auctionRefs[j]!;
      if (ref >= 0 && ctx.openQty(ref) > 0) ctx.cancel(ref);
      this.auctionRefs[j] = -1;
    }
  }

  private send(ctx: AgentContext, inst: number, side: Side, qty: number, vHat: number): void {
    const m = ctx.market;
    const touch = side === BUY ? m.bestAsk(inst) : m.bestBid(inst);
    if (touch <= 0) return;
    if (this.p.useMarketOrders) {
      ctx.submit({ instrument: inst, side, type: MARKET, price: 0, qty });
      return;
    }
    const reach = this.p.aggressionTicks * m.tickAt(inst, touch);
    let price = side === BUY
      ? Math.min(m.ceilPrice(inst, touch + reach), m.floorPrice(inst, vHat))
      : Math.max(m.floorPrice(inst, touch - reach), m.ceilPrice(inst, vHat));
    if (side === BUY ? price < touch : price > touch) return; // V̂ lies inside the spread: nothing to take
    const upper = m.upperLimit(inst);
    if (upper > 0) price = Math.min(upper, Math.max(m.lowerLimit(inst), price));
    ctx.submit({ instrument: inst, side, type: IOC, price, qty });
  }
}

/** The value-trader kind. */
export const spec: AgentKindSpec<ValueTraderParams> = {
  kind: KIND,
  description: 'Fundamentalist taking liquidity when a noisy private value estimate leaves a band around the mid (Chiarella–Iori 2002)',
  params: Params,
  create: (params: ValueTraderParams, _info: AgentCreateInfo): Agent => new ValueTrader(params),
};
