// noise-trader: zero-intelligence order flow after Farmer, Patelli & Zovko (2005, PNAS 102:2254).
// Trigger: Poisson arrivals, `ratePerMin` per agent, scaled by an intraday U-shape
//   U(t) = 1 + openBoost·exp(−min since openTime / decayMin) + closeBoost·exp(−min until closeTime / decayMin)
// (openTime/closeTime default '09:00'/'15:20': the open and the closing-auction start). Each arrival picks an
// instrument uniformly and a side 50/50. Continuous trading: with pMarket a market order, else a limit order
// `offset` ticks behind the same-side touch (offset ~ geometric, mean offsetTicks; 0 joins the touch), or with
// pImprove one tick inside a spread wider than one tick; limit orders are canceled after an exponential lifetime
// (mean lifetimeS) unless done first. Pre-open / opening / closing call auctions: limit orders lastPrice ± offset
// ticks (sign 50/50) at rate ratePerMin·auctionRateFactor (closeAuctionRateFactor in the closing auction: flow
// benchmarked to the close — index funds, close-targeting algorithms — that makes the closing auction a liquidity
// event of its own, docs/model.md §4.2); an auction order's lifetime starts when its auction ends. Sizes: 1 + geometric with mean qtyMean − 1 (shares).
// An empty same-side touch is replaced by lastPrice; limit orders never cross the opposite touch; a market order
// facing an empty book side becomes a limit order. At most maxOpenOrders live limit orders (oldest canceled).
//
// Defaults (₩70,000 stock, tick 100; a few hundred agents): 0.5/min·agent → ~150 orders/min from 300 agents,
// 20% market orders, mean 10 shares, limits 2 ticks behind the touch, living 2 min: each side holds ~120 orders
// (~1,200 shares), most within 5 ticks, while market orders take ~150 shares/min per side, so the quoted spread
// stays at 1–2 ticks (1 tick ~98% of the time in a trial run with value traders and market makers).
// openBoost 1.5 / closeBoost 1.0 / decayMin 30 give the U-shaped activity of DOMAIN §6 fact 11.
//
// Exactness: the arrival chain is thinned (Lewis–Shedler) against M(t) = max(U(t), auctionRateFactor), with the
// gap drawn at the rate in force at the previous arrival; exact while decayMin ≫ the mean gap. The chain stops
// when all traded instruments are closed and restarts on the next phase-changed notice or day start.
import { z } from 'zod';
import { parseClock, US_PER_MIN, US_PER_S } from '../core/time.js';
import { BUY, LIMIT, MARKET, SELL } from '../market/protocol.js';
import type { MarketView, MarketNotice, Phase, Side } from '../market/protocol.js';
import type { Agent, AgentContext } from './agent.js';
import type { AgentCreateInfo, AgentKindSpec } from './registry.js';
import { allClosed, clampToLimits, resolveInstruments } from './market-helpers.js';
import { intradayMultiplier, thinningKeep } from './intraday.js';
import { DrawBlock } from './draws.js';

/** Uniform slots per arrival: inst, thin, side, market, improve, offset, qty, life, auction side. */
const D_INST = 0, D_THIN = 1, D_SIDE = 2, D_MARKET = 3, D_IMPROVE = 4, D_OFFSET = 5, D_QTY = 6, D_LIFE = 7, D_BELOW = 8;

const KIND = 'noise-trader';
/** Wake-up tag of the next arrival; lifetime cancels use TAG_CANCEL_BASE + the order's (non-negative) handle. */
const TAG_DECIDE = 0;
const TAG_CANCEL_BASE = 1;

const Params = z.strictObject({
  /** Arrival rate per agent (orders per minute) before the intraday multiplier. */
  ratePerMin: z.number().positive().default(0.5),
  /** Extra rate at the open and before the closing auction, as multiples of ratePerMin, decaying in decayMin. */
  openBoost: z.number().nonnegative().default(1.5),
  closeBoost: z.number().nonnegative().default(1.0),
  decayMin: z.number().positive().default(30),
  /** Clock times (HH:MM[:SS]) of the open and of the closing-auction start. */
  openTime: z.string().default('09:00'),
  closeTime: z.string().default('15:20'),
  /** Probability that a continuous-trading arrival is a market order. */
  pMarket: z.number().min(0).max(1).default(0.2),
  /** Mean order size (shares, >= 1). */
  qtyMean: z.number().min(1).default(10),
  /** Mean distance of a limit order behind the same-side touch (ticks). */
  offsetTicks: z.number().nonnegative().default(2),
  /** Probability of pricing one tick inside a spread wider than one tick. */
  pImprove: z.number().min(0).max(1).default(0.2),
  /** Mean lifetime of a limit order before it is canceled (seconds). */
  lifetimeS: z.number().positive().default(120),
  /** Largest number of own live limit orders (the oldest is canceled to make room). */
  maxOpenOrders: z.number().int().min(1).default(10),
  /** Rate in the pre-open and closing call auctions as a multiple of ratePerMin. */
  auctionRateFactor: z.number().nonnegative().default(0.5),
  /** Rate in the closing call auction as a multiple of ratePerMin (default: auctionRateFactor). */
  closeAuctionRateFactor: z.number().nonnegative().optional(),
  /** Symbols traded (empty: all instruments). */
  instruments: z.array(z.string()).default([]),
});
export type NoiseTraderParams = z.output<typeof Params>;

export { intradayMultiplier };

/** Call auctions in which noise traders place orders. */
function inAuction(phase: Phase): boolean {
  return phase === 'pre-open' || phase === 'opening-auction' || phase === 'closing-auction';
}

class NoiseTrader implements Agent {
  readonly kind = KIND;
  private readonly openTod: number;
  private readonly closeTod: number;
  private readonly closeFactor: number;
  /** Success probabilities of the size and offset geometrics (mean (1 − p)/p). */
  private readonly qtyP: number;
  private readonly offsetP: number;
  private insts: Int32Array = new Int32Array(0);
  /** Handles of own live limit orders, oldest first (at most maxOpenOrders). */
  private readonly live: number[] = [];
  /** Time of the pending arrival wake-up, or -1 while the chain is stopped. */
  private nextArrivalT = -1;
  /** Every arrival draws the same 9 uniforms (common random numbers stay in step: draws.ts). */
  private readonly d = new DrawBlock(9);

  constructor(private readonly p: NoiseTraderParams) {
    this.openTod = parseClock(p.openTime);
    this.closeTod = parseClock(p.closeTime);
    this.closeFactor = p.closeAuctionRateFactor ?? p.auctionRateFactor;
    this.qtyP = 1 / p.qtyMean;
    this.offsetP = 1 / (1 + p.offsetTicks);
  }

  onStart(ctx: AgentContext): void {
    this.insts = resolveInstruments(ctx.market, this.p.instruments, KIND);
    if (this.insts.length > 0) this.scheduleArrival(ctx);
  }

  onDayStart(ctx: AgentContext): void {
    this.live.length = 0; // yesterday's orders expired at the close
    if (this.nextArrivalT < 0 && this.insts.length > 0) this.scheduleArrival(ctx);
  }

  onMarketNotice(ctx: AgentContext, notice: MarketNotice): void {
    if (notice.kind === 'phase-changed' && this.nextArrivalT < 0 && this.insts.length > 0) this.scheduleArrival(ctx);
  }

  onWake(ctx: AgentContext, tag: number): void {
    if (tag !== TAG_DECIDE) return this.expire(ctx, tag - TAG_CANCEL_BASE);
    if (ctx.now !== this.nextArrivalT) return; // superseded
    this.nextArrivalT = -1;
    if (this.arrive(ctx)) this.scheduleArrival(ctx);
  }

  /** Rate multiplier M(t) the chain runs at: the larger of the continuous and the auction multiplier. */
  private chainMultiplier(tod: number): number {
    return Math.max(intradayMultiplier(tod, this.openTod, this.closeTod, this.p), this.auctionFactorAt(tod));
  }

  /** The auction rate factor in force at time of day `tod`: the closing auction's from its start. */
  private auctionFactorAt(tod: number): number {
    return tod >= this.closeTod ? this.closeFactor : this.p.auctionRateFactor;
  }

  private scheduleArrival(ctx: AgentContext): void {
    const meanUs = US_PER_MIN / (this.p.ratePerMin * this.chainMultiplier(ctx.timeOfDay));
    const dt = Math.max(1, Math.round(ctx.rng.exponential(meanUs)));
    this.nextArrivalT = ctx.now + dt;
    ctx.wakeAfter(dt, TAG_DECIDE);
  }

  /** One candidate arrival; false when every traded instrument is closed (the chain then stops). */
  private arrive(ctx: AgentContext): boolean {
    const m = ctx.market;
    const d = this.d;
    d.fill(ctx.rng);
    const inst = this.insts[d.int(D_INST, this.insts.length)]!;
    const phase = m.phase(inst);
    const continuous = phase === 'continuous';
    if (!continuous && !inAuction(phase)) return !allClosed(m, this.insts);
    const tod = ctx.timeOfDay;
    const factor = this.auctionFactorAt(tod);
    const keep = thinningKeep(intradayMultiplier(tod, this.openTod, this.closeTod, this.p), factor, !continuous);
    if (keep < 1 && !d.bernoulli(D_THIN, keep)) return true;
    if (phase === 'continuous') this.continuousOrder(ctx, inst);
    else this.auctionOrder(ctx, inst);
    return true;
  }

  private continuousOrder(ctx: AgentContext, inst: number): void {
    const m = ctx.market;
    const d = this.d;
    const side: Side = d.bernoulli(D_SIDE, 0.5) ? BUY : SELL;
    const bid = m.bestBid(inst);
    const ask = m.bestAsk(inst);
    const opposite = side === BUY ? ask : bid;
    if (d.bernoulli(D_MARKET, this.p.pMarket) && opposite > 0) {
      ctx.submit({ instrument: inst, side, type: MARKET, price: 0, qty: this.drawQty() });
      return;
    }
    const price = this.limitPrice(ctx, inst, side, bid, ask);
    if (price > 0) this.placeLimit(ctx, inst, side, price);
  }

  /** Offset ticks behind the same-side touch (lastPrice if empty), or one tick inside a wide spread. */
  private limitPrice(ctx: AgentContext, inst: number, side: Side, bid: number, ask: number): number {
    const m = ctx.market;
    const touch = side === BUY ? bid : ask;
    let price: number;
    const inside = side === BUY ? m.ceilPrice(inst, bid + 1) : m.floorPrice(inst, ask - 1);
    const wide = bid > 0 && ask > 0 && inside > bid && inside < ask;
    if (wide && this.d.bernoulli(D_IMPROVE, this.p.pImprove)) price = inside;
    else price = behind(m, inst, side, touch > 0 ? touch : m.lastPrice(inst), this.d.geometric(D_OFFSET, this.offsetP));
    if (side === BUY && ask > 0 && price >= ask) price = m.floorPrice(inst, ask - 1);
    if (side === SELL && bid > 0 && price <= bid) price = m.ceilPrice(inst, bid + 1);
    return clampToLimits(m, inst, price);
  }

  private auctionOrder(ctx: AgentContext, inst: number): void {
    const m = ctx.market;
    const d = this.d;
    const side: Side = d.bernoulli(D_SIDE, 0.5) ? BUY : SELL;
    const below = d.bernoulli(D_BELOW, 0.5);
    const last = m.lastPrice(inst);
    const ticks = d.geometric(D_OFFSET, this.offsetP);
    const raw = below ? last - ticks * m.tickAt(inst, last) : last + ticks * m.tickAt(inst, last);
    const price = clampToLimits(m, inst, side === BUY ? m.floorPrice(inst, raw) : m.ceilPrice(inst, raw));
    if (last > 0 && price > 0) this.placeLimit(ctx, inst, side, price);
  }

  /** Submit a limit order, making room under maxOpenOrders first, and schedule its lifetime cancel. */
  private placeLimit(ctx: AgentContext, inst: number, side: Side, price: number): void {
    const live = this.live;
    let kept = 0;
    for (let i = 0; i < live.length; i++) if (ctx.openQty(live[i]!) > 0) live[kept++] = live[i]!;
    live.length = kept;
    if (kept >= this.p.maxOpenOrders) ctx.cancel(live.shift()!);
    const ref = ctx.submit({ instrument: inst, side, type: LIMIT, price, qty: this.drawQty() });
    live.push(ref);
    const lifeUs = Math.max(1, Math.round(this.d.exponential(D_LIFE, this.p.lifetimeS * US_PER_S)));
    // An order sent in a call auction waits for the uncross: its lifetime runs from the auction's end (the session
    // open for the opening auction; the closing auction ends the day, which purges what is left).
    const phase = ctx.market.phase(inst);
    const tod = ctx.timeOfDay;
    const from = phase === 'pre-open' || phase === 'opening-auction' ? Math.max(tod, ctx.session.open) : phase === 'closing-auction' ? Math.max(tod, ctx.session.close) : tod;
    ctx.wakeAfter(from - tod + lifeUs, TAG_CANCEL_BASE + ref);
  }

  /** Lifetime over: cancel the order unless it is already done or was evicted. */
  private expire(ctx: AgentContext, ref: number): void {
    const i = this.live.indexOf(ref);
    if (i < 0) return;
    this.live.splice(i, 1);
    if (ctx.openQty(ref) > 0) ctx.cancel(ref);
  }

  private drawQty(): number {
    return 1 + this.d.geometric(D_QTY, this.qtyP);
  }
}

/** `ticks` ticks (of the reference price's band) behind `ref` on `side`, rounded away from the spread. */
function behind(m: MarketView, inst: number, side: Side, ref: number, ticks: number): number {
  const d = ticks * m.tickAt(inst, ref);
  return side === BUY ? m.floorPrice(inst, ref - d) : m.ceilPrice(inst, ref + d);
}

/** Clamp a ladder price into the day's limits (when set); 0 if it lies below the ladder. */

/** The noise-trader kind. */
export const spec: AgentKindSpec<NoiseTraderParams> = {
  kind: KIND,
  description: 'Zero-intelligence Poisson limit/market order flow with an intraday U-shape (Farmer–Patelli–Zovko 2005)',
  params: Params,
  create: (params: NoiseTraderParams, _info: AgentCreateInfo): Agent => new NoiseTrader(params),
};
