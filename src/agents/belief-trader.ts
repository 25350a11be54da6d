// belief-trader: a heterogeneous fundamentalist–chartist–noise trader whose value is a learned belief
// (docs/model.md §4.1). The artificial-market tradition of Chiarella & Iori (2002, QF 2:346), Chiarella, Iori &
// Perelló (2009, JEDC 33:525) and Mizuta (2016, "A brief review of recent artificial market simulation studies").
// - Rule: at Poisson decision times the agent forms an expected log return over its horizon τ_i from three parts
//   with its own weights, and sends one limit order priced around the expected price; the belief V_i it compares
//   with the price is learned — from public news (after a lag, with error) and from prices — never read from the
//   fundamental process.
// - Formula: g = [w_F·min(1, τ_i/τ_F)·ln(V_i/p) + w_C·ln(p/p_{τ_i min ago}) + w_N·σ_ε·ε] / (w_F + |w_C| + w_N),
//   p̂ = p·e^g; buy at p̂·(1 − k) if g > 0, sell at p̂·(1 + k) if g < 0, with k ~ U[0, k_max·clamp(σ/σ_ref, ½, 4)]
//   (wider placement in volatile markets). p is the mid (the indicative price in a call auction, else the last).
//   Belief: between updates ln V_i relaxes towards ln p at rate 1/τ_A,i with private noise keeping a stationary
//   dispersion s_b (an OU around the price: learning from prices); a public news release of value F, seen after a
//   lag ~ Exp(newsLagS) — at which moment the agent also decides, with probability newsReactShare — moves the belief by what
//   the news changed and part of the way to its level (an agent that does not react takes a release it has read into
//   its belief at its next decision; the belief is only used there, so the result is the same and no wake-up is spent):
//   ln V_i ← ln V_i + (ln F − ln F_prev) + ω·(ln F − ln V_i) + s_n·z, with F_prev the agent's previous release
//   (the base price before the first). Learning the change in full and the level slowly makes the non-informational
//   part of a price move (impact) decay on the time scale 1/(ω·news rate), not at the next release.
// - Balance sheet: capital W_i; position limit x_max = W_i·λ·min(1, σ_ref/σ)/p (a volatility budget that tightens
//   as volatility rises: Brunnermeier & Pedersen 2009; Thurner, Farmer & Geanakoplos 2012); above it the agent sells
//   (buys) the excess through the touch. Stop-loss: when today's mark-to-market loss exceeds lossBudget·W_i it
//   cuts half its position through the touch and stays out of new risk for stopCooldownMin.
// - Trigger: Poisson rate ratePerMin·U(t)·a(σ) with U the intraday U-shape (intraday.ts) and attention
//   a(σ) = min(maxAttention, 1 + attention·max(0, σ/σ_norm − 1)), σ_norm the market's normal volatility
//   (MarketView.normalVolAnnual): more trading when volatility is unusually high (the volume–volatility link). In call auctions the rate is ratePerMin·auctionRateFactor.
// - Execution: limit orders (marketable ones take liquidity up to their price, the rest rests) of size
//   (1 + Geometric(mean qtyMean − 1))·min(m_c, 1 + |ln V_i − ln p|/c) with c = convictionBp/10⁴: willingness to trade grows
//   linearly with the distance between the price and the agent's valuation, the latent-liquidity shape that gives
//   square-root impact (Tóth et al. 2011; Donier et al. 2015); each order gets an Exp(lifetimeS) lifetime and the
//   agent cancels the orders past it when it next decides (agents review their orders when they act, as in
//   Chiarella & Iori's order expiry, without a wake-up per order); at most maxOpenOrders live.
// - Parameters (units): weights are means of exponential draws per agent; horizons and anchoring times are
//   log-uniform per agent in [min, max] minutes; σ is realised volatility (annualised, MarketView) with σ_ref =
//   volRefAnnual; capitalKrw in currency units (median; log-normal across agents with sd capitalSd).
// - Known limits: one belief per instrument, no cross-asset views; sizes do not scale with conviction.
import { z } from 'zod';
import { US_PER_MIN, US_PER_S } from '../core/time.js';
import { BUY, IOC, LIMIT, SELL } from '../market/protocol.js';
import type { MarketNotice, Side } from '../market/protocol.js';
import type { Agent, AgentContext } from './agent.js';
import type { AgentCreateInfo, AgentKindSpec } from './registry.js';
import { allClosed, clampToLimits, isCallAuction, resolveInstruments } from './market-helpers.js';
import { intradayMultiplier, thinningKeep } from './intraday.js';
import { DrawBlock } from './draws.js';
import { deriveRng } from '../core/rng.js';
import type { Rng } from '../core/rng.js';

/** Uniform slots per decision (draws.ts): instrument, thinning, anchoring noise (2), forecast noise (2), placement, size, life. */
const D_INST = 0, D_THIN = 1, D_ANCHOR = 2, D_EPS = 4, D_K = 6, D_QTY = 7, D_LIFE = 8;

const KIND = 'belief-trader';
const TAG_DECIDE = 0;
/** News wake-ups (only for agents that react to a release) use TAG_NEWS + local instrument. */
const TAG_NEWS = 1;

const range = (lo: number, hi: number) => z.tuple([z.number().positive(), z.number().positive()]).default([lo, hi])
  .refine((r) => r[0] <= r[1], 'the range must be [min, max] with min <= max');

const Params = z.strictObject({
  /** Decisions per agent per minute before the U-shape and attention multipliers. */
  ratePerMin: z.number().positive().default(0.5),
  openBoost: z.number().nonnegative().default(1.5),
  closeBoost: z.number().nonnegative().default(1.0),
  decayMin: z.number().positive().default(30),
  /** Decision rate in call auctions, as a multiple of ratePerMin. */
  auctionRateFactor: z.number().nonnegative().default(0.5),
  /** Attention: slope and cap of the rate multiplier on σ/σ_norm − 1 (σ_norm: the normal volatility, MarketView). */
  attention: z.number().nonnegative().default(1),
  maxAttention: z.number().min(1).default(4),
  /** Reference volatility σ_ref (annualised): attention, placement width and the volatility budget. */
  volRefAnnual: z.number().positive().default(0.3),
  /** Means of the exponential weights w_F, |w_C|, w_N. */
  fundamentalWeight: z.number().nonnegative().default(1),
  chartistWeight: z.number().nonnegative().default(0.5),
  noiseWeight: z.number().nonnegative().default(1),
  /** Share of agents whose chartist weight is negative (contrarians). */
  contrarianShare: z.number().min(0).max(1).default(0.3),
  /** σ_ε: sd of the noise component's log return. */
  noiseSd: z.number().nonnegative().default(0.002),
  /** τ_i: horizon of the forecast and the chartist look-back (minutes, log-uniform). */
  horizonMin: range(5, 120),
  /** τ_F: time over which a fundamentalist expects a mispricing to close (minutes). */
  reversionMin: z.number().positive().default(120),
  /** k_max: widest placement away from the expected price at σ = σ_ref (basis points). */
  placementBp: z.number().nonnegative().default(30),
  /** Belief: anchoring time to prices τ_A (minutes, log-uniform) and stationary dispersion s_b around the price. */
  anchorMin: range(30, 1950),
  beliefSd: z.number().nonnegative().default(0.005),
  /** News: weight ω of the level, error s_n (log) and mean lag (seconds). */
  newsWeight: z.number().min(0).max(1).default(0.05),
  newsNoiseSd: z.number().nonnegative().default(0.0005),
  newsLagS: z.number().nonnegative().default(60),
  /** Probability of making a decision on the instrument as soon as a release is read (besides the Poisson ones). */
  newsReactShare: z.number().min(0).max(1).default(0.25),
  /** Mean order size (shares, >= 1) at no conviction, and the valuation gap |ln V − ln p| that doubles it (bp). */
  qtyMean: z.number().min(1).default(10),
  convictionBp: z.number().nonnegative().default(0),
  /** Cap on the conviction multiplier 1 + |ln V − ln p|/c (bounds the volume a stale belief can send). */
  convictionMax: z.number().min(1).default(5),
  lifetimeS: z.number().positive().default(300),
  maxOpenOrders: z.int().min(1).default(5),
  /** Balance sheet: median capital (currency units), gross leverage λ at σ <= σ_ref, daily loss budget, cooldown. */
  capitalKrw: z.number().positive().default(1e9),
  /** sd of ln(capital) across agents (log-normal around capitalKrw). */
  capitalSd: z.number().nonnegative().default(0.5),
  maxLeverage: z.number().positive().default(1),
  lossBudget: z.number().positive().default(0.02),
  stopCooldownMin: z.number().nonnegative().default(60),
  /** Ticks through the opposite touch for deleveraging and stop-loss orders. */
  aggressionTicks: z.int().nonnegative().default(2),
  /** Symbols traded (empty: all instruments). */
  instruments: z.array(z.string()).default([]),
});
export type BeliefTraderParams = z.output<typeof Params>;

/** Draws that make one agent different from another (fixed for the run). */
export interface BeliefTraits {
  readonly wF: number;
  readonly wC: number;
  readonly wN: number;
  readonly horizonMin: number;
  readonly anchorMin: number;
  readonly capital: number;
}

/**
 * The expected log return g over the agent's horizon (see the header): fundamental, chartist and noise parts
 * weighted by the agent's traits; `trend` = ln(p / p_τ), `eps` a standard normal draw.
 */
export function expectedLogReturn(t: BeliefTraits, p: Pick<BeliefTraderParams, 'reversionMin' | 'noiseSd'>, lnValue: number, lnPrice: number, trend: number, eps: number): number {
  const wSum = t.wF + Math.abs(t.wC) + t.wN;
  if (!(wSum > 0)) return 0;
  const fund = t.wF * Math.min(1, t.horizonMin / p.reversionMin) * (lnValue - lnPrice);
  return (fund + t.wC * trend + t.wN * p.noiseSd * eps) / wSum;
}

/**
 * The belief after `dtMin` minutes of learning from the price: the exact OU step towards ln p with time constant
 * τ_A and stationary sd s_b: x' = ln p + (x − ln p)·e^{−Δ/τ} + s_b·√(1 − e^{−2Δ/τ})·z.
 */
export function anchorBelief(lnValue: number, lnPrice: number, dtMin: number, anchorMin: number, beliefSd: number, z01: number): number {
  const a = Math.exp(-dtMin / anchorMin);
  return lnPrice + (lnValue - lnPrice) * a + beliefSd * Math.sqrt(Math.max(0, 1 - a * a)) * z01;
}

/** The belief after a news release: ln V + (ln F − ln F_prev) + ω·(ln F − ln V) + noise (see the header). */
export function newsUpdate(lnValue: number, lnPrevNews: number, lnNews: number, weight: number, noise: number): number {
  return lnValue + (lnNews - lnPrevNews) + weight * (lnNews - lnValue) + noise;
}

/**
 * Attention a = min(maxAttention, 1 + attention·max(0, σ/σ_norm − 1)): decisions speed up when today's volatility σ
 * exceeds the market's normal level σ_norm (not a fixed input, which the microstructure noise of 1-minute returns
 * would exceed every day).
 */
export function attentionMultiplier(surprise: number, attention: number, maxAttention: number): number {
  return Math.min(maxAttention, 1 + attention * Math.max(0, surprise - 1));
}

/** Position limit in shares: W·λ·min(1, σ_ref/σ)/p (0 when the price is not positive). */
export function positionLimit(capital: number, maxLeverage: number, sigma: number, sigmaRef: number, price: number): number {
  if (!(price > 0)) return 0;
  const scale = sigma > sigmaRef ? sigmaRef / sigma : 1;
  return Math.floor((capital * maxLeverage * scale) / price);
}

class BeliefTrader implements Agent {
  readonly kind = KIND;
  private insts: Int32Array = new Int32Array(0);
  private traits!: BeliefTraits;
  private readonly qtyP: number;
  /** Per local instrument: ln belief, time of its last update (µs), pending news value (0: none), the time it is
   * read (µs), whether the agent acts when it reads it, and the last release taken into the belief (ln). */
  private lnV = new Float64Array(0);
  private lastT = new Float64Array(0);
  private pendingNews = new Float64Array(0);
  private pendingAt = new Float64Array(0);
  private pendingReact = new Uint8Array(0);
  private lastNews = new Float64Array(0);
  /** Live limit orders (handles) and the times they lapse (µs), oldest first. */
  private readonly live: number[] = [];
  private readonly lapse: number[] = [];
  private nextDecisionT = -1;
  private readonly d = new DrawBlock(9);
  /** News lags and errors come from their own stream, so news never shifts the decisions' draws. */
  private newsRng!: Rng;
  /** Mark-to-market value at the day's start (base prices), and the end of a stop-loss cooldown. */
  private dayStartValue = 0;
  private stoppedUntil = -1;

  constructor(private readonly p: BeliefTraderParams) {
    this.qtyP = 1 / p.qtyMean;
  }

  onStart(ctx: AgentContext): void {
    const p = this.p;
    const rng = ctx.rng;
    this.insts = resolveInstruments(ctx.market, p.instruments, KIND);
    const logUniform = (r: readonly [number, number]) => r[0] * Math.exp(rng.next() * Math.log(r[1] / r[0]));
    const draw = (mean: number) => (mean > 0 ? rng.exponential(mean) : 0);
    const sign = rng.bernoulli(p.contrarianShare) ? -1 : 1;
    this.newsRng = deriveRng(String(rng.next()), 'news');
    this.traits = {
      wF: draw(p.fundamentalWeight),
      wC: sign * draw(p.chartistWeight),
      wN: draw(p.noiseWeight),
      horizonMin: logUniform(p.horizonMin),
      anchorMin: logUniform(p.anchorMin),
      capital: p.capitalKrw * Math.exp(p.capitalSd * rng.normal()),
    };
    const n = this.insts.length;
    this.lnV = new Float64Array(n);
    this.lastT = new Float64Array(n);
    this.pendingNews = new Float64Array(n);
    this.pendingAt = new Float64Array(n);
    this.pendingReact = new Uint8Array(n);
    this.lastNews = Float64Array.from(this.insts, (i) => Math.log(ctx.market.basePrice(i)));
    for (let k = 0; k < n; k++) this.lnV[k] = Math.log(ctx.market.basePrice(this.insts[k]!)) + p.beliefSd * rng.normal();
    if (n > 0) this.schedule(ctx);
  }

  onDayStart(ctx: AgentContext): void {
    this.live.length = 0;
    this.lapse.length = 0;
    this.dayStartValue = this.markToMarket(ctx, true);
    this.stoppedUntil = -1;
    if (this.nextDecisionT < 0 && this.insts.length > 0) this.schedule(ctx);
  }

  onMarketNotice(ctx: AgentContext, notice: MarketNotice): void {
    if (notice.kind === 'news') {
      const k = this.insts.indexOf(notice.instrument);
      if (k < 0 || !(notice.value !== undefined && notice.value > 0)) return;
      this.takeNews(ctx, k); // a release already read but not yet used enters the belief first
      if (this.pendingNews[k] === 0) {
        const lag = this.p.newsLagS > 0 ? Math.round(this.newsRng.exponential(this.p.newsLagS * US_PER_S)) : 0; // whole µs, as every time
        this.pendingAt[k] = ctx.now + lag;
        this.pendingReact[k] = this.newsRng.next() < this.p.newsReactShare ? 1 : 0;
        if (this.pendingReact[k] === 1) ctx.wakeAfter(lag, TAG_NEWS + k);
      }
      this.pendingNews[k] = notice.value; // a later release before the lag ends supersedes the earlier one
      return;
    }
    if (notice.kind === 'phase-changed' && this.nextDecisionT < 0 && this.insts.length > 0) this.schedule(ctx);
  }

  onWake(ctx: AgentContext, tag: number): void {
    if (tag >= TAG_NEWS) return this.readNews(ctx, tag - TAG_NEWS);
    if (ctx.now !== this.nextDecisionT) return;
    this.nextDecisionT = -1;
    if (this.decide(ctx)) this.schedule(ctx);
  }

  /** A reacting agent reads a release: an extra decision on that instrument (in continuous trading). */
  private readNews(ctx: AgentContext, k: number): void {
    if (!this.takeNews(ctx, k)) return;
    if (ctx.market.phase(this.insts[k]!) === 'continuous') {
      this.d.fill(ctx.rng);
      this.act(ctx, k, this.insts[k]!, false);
    }
  }

  /** Takes a pending release that has been read by now into the belief; true when one was taken and reacts. */
  private takeNews(ctx: AgentContext, k: number): boolean {
    const f = this.pendingNews[k]!;
    if (!(f > 0) || this.pendingAt[k]! > ctx.now) return false;
    this.pendingNews[k] = 0;
    this.lnV[k] = newsUpdate(this.lnV[k]!, this.lastNews[k]!, Math.log(f), this.p.newsWeight, this.p.newsNoiseSd * this.newsRng.normal());
    this.lastNews[k] = Math.log(f);
    return this.pendingReact[k] === 1;
  }

  private schedule(ctx: AgentContext): void {
    const p = this.p;
    const s = ctx.session;
    let rate = p.ratePerMin * Math.max(intradayMultiplier(ctx.timeOfDay, s.open, s.closingAuctionStart, p), p.auctionRateFactor);
    if (p.attention > 0 && this.insts.length > 0) {
      const inst = this.insts[0]!;
      const surprise = ctx.market.realizedVolAnnual(inst, p.volRefAnnual) / ctx.market.normalVolAnnual(inst, p.volRefAnnual);
      rate *= attentionMultiplier(surprise, p.attention, p.maxAttention);
    }
    const dt = Math.max(1, Math.round(ctx.rng.exponential(US_PER_MIN / rate)));
    this.nextDecisionT = ctx.now + dt;
    ctx.wakeAfter(dt, TAG_DECIDE);
  }

  /** One decision; false when every traded instrument is closed (the chain then stops). */
  private decide(ctx: AgentContext): boolean {
    const m = ctx.market;
    const d = this.d;
    d.fill(ctx.rng);
    const k = d.int(D_INST, this.insts.length);
    const inst = this.insts[k]!;
    const phase = m.phase(inst);
    const auction = isCallAuction(phase);
    if (phase !== 'continuous' && !auction) return !allClosed(m, this.insts);
    const s = ctx.session;
    const keep = thinningKeep(intradayMultiplier(ctx.timeOfDay, s.open, s.closingAuctionStart, this.p), this.p.auctionRateFactor, auction);
    if (keep < 1 && !d.bernoulli(D_THIN, keep)) return true;
    this.act(ctx, k, inst, auction);
    return true;
  }

  /** The decision proper on local instrument k (after thinning): learn from the price, risk controls, one order. */
  private act(ctx: AgentContext, k: number, inst: number, auction: boolean): void {
    const m = ctx.market;
    const d = this.d;
    this.review(ctx);
    const price = this.referencePrice(ctx, inst, auction);
    if (!(price > 0)) return;
    const lnP = Math.log(price);
    this.takeNews(ctx, k);
    this.learnFromPrice(ctx, k, lnP);
    const sigma = m.realizedVolAnnual(inst, this.p.volRefAnnual);
    if (!auction && this.riskControls(ctx, inst, price, sigma)) return;
    if (ctx.now < this.stoppedUntil) return;
    const trend = lnP - Math.log(m.priceMinutesAgo(inst, Math.round(this.traits.horizonMin)));
    const g = expectedLogReturn(this.traits, this.p, this.lnV[k]!, lnP, trend, d.normal(D_EPS));
    if (g === 0) return;
    const side: Side = g > 0 ? BUY : SELL;
    const kMax = (this.p.placementBp / 1e4) * Math.min(4, Math.max(0.5, sigma / this.p.volRefAnnual));
    const kk = kMax * d.uniform(D_K);
    const raw = price * Math.exp(g) * (side === BUY ? 1 - kk : 1 + kk);
    let limit = clampToLimits(m, inst, side === BUY ? m.floorPrice(inst, raw) : m.ceilPrice(inst, raw));
    if (!(limit > 0)) return;
    const pos = ctx.portfolio.position(inst);
    const cap = positionLimit(this.traits.capital, this.p.maxLeverage, sigma, this.p.volRefAnnual, price);
    const conviction = this.p.convictionBp > 0 ? Math.min(this.p.convictionMax, 1 + (Math.abs(this.lnV[k]! - lnP) * 1e4) / this.p.convictionBp) : 1;
    const size = Math.round((1 + d.geometric(D_QTY, this.qtyP)) * conviction);
    const qty = Math.min(size, side === BUY ? cap - pos : cap + pos);
    if (qty <= 0) return;
    if (!auction) {
      // A buy priced at or above the ask takes liquidity up to its limit; one below rests in the book.
      const ask = m.bestAsk(inst);
      const bid = m.bestBid(inst);
      if (side === BUY && ask <= 0 && bid > 0 && limit > bid) limit = bid;
      if (side === SELL && bid <= 0 && ask > 0 && limit < ask) limit = ask;
    }
    this.placeLimit(ctx, inst, side, limit, qty);
  }

  /** The mid in continuous trading (last price with an empty side), the indicative price in a call auction. */
  private referencePrice(ctx: AgentContext, inst: number, auction: boolean): number {
    const m = ctx.market;
    if (auction) {
      const q = m.auctionIndicative(inst);
      return q !== null && q.price > 0 ? q.price : m.lastPrice(inst);
    }
    const bid = m.bestBid(inst);
    const ask = m.bestAsk(inst);
    return bid > 0 && ask > 0 ? (bid + ask) / 2 : m.lastPrice(inst);
  }

  private learnFromPrice(ctx: AgentContext, k: number, lnP: number): void {
    const last = this.lastT[k]!;
    this.lastT[k] = ctx.now;
    if (last <= 0) return;
    // Learning runs in trading time: overnight counts as nothing, so a belief does not collapse onto the close.
    const dtMin = Math.min(ctx.now - last, ctx.session.close - ctx.session.open) / US_PER_MIN;
    this.lnV[k] = anchorBelief(this.lnV[k]!, lnP, dtMin, this.traits.anchorMin, this.p.beliefSd, this.d.normal(D_ANCHOR));
  }

  /** Volatility budget and stop-loss; true when an order was sent for them (the decision ends). */
  private riskControls(ctx: AgentContext, inst: number, price: number, sigma: number): boolean {
    const pos = ctx.portfolio.position(inst);
    if (pos === 0) return false;
    const cap = positionLimit(this.traits.capital, this.p.maxLeverage, sigma, this.p.volRefAnnual, price);
    if (ctx.now >= this.stoppedUntil && this.markToMarket(ctx, false) - this.dayStartValue < -this.p.lossBudget * this.traits.capital) {
      this.stoppedUntil = ctx.now + this.p.stopCooldownMin * US_PER_MIN;
      return this.through(ctx, inst, pos > 0 ? SELL : BUY, Math.ceil(Math.abs(pos) / 2));
    }
    if (Math.abs(pos) > cap) return this.through(ctx, inst, pos > 0 ? SELL : BUY, Math.abs(pos) - cap);
    return false;
  }

  /** An IOC `aggressionTicks` ticks through the opposite touch (clamped to the limits); false if that side is empty. */
  private through(ctx: AgentContext, inst: number, side: Side, qty: number): boolean {
    const m = ctx.market;
    const touch = side === BUY ? m.bestAsk(inst) : m.bestBid(inst);
    if (!(touch > 0) || qty <= 0) return false;
    const reach = this.p.aggressionTicks * m.tickAt(inst, touch);
    const price = clampToLimits(m, inst, side === BUY ? m.ceilPrice(inst, touch + reach) : m.floorPrice(inst, touch - reach));
    ctx.submit({ instrument: inst, side, type: IOC, price, qty });
    return true;
  }

  /** Cash plus positions at the last prices (or at today's base prices). */
  private markToMarket(ctx: AgentContext, atBase: boolean): number {
    let v = ctx.portfolio.cash;
    for (let k = 0; k < this.insts.length; k++) {
      const i = this.insts[k]!;
      const pos = ctx.portfolio.position(i);
      if (pos !== 0) v += pos * (atBase ? ctx.market.basePrice(i) : ctx.market.lastPrice(i));
    }
    return v;
  }

  /** Reviews the live orders at a decision: drops filled ones, cancels those past their lifetime. */
  private review(ctx: AgentContext): void {
    const { live, lapse } = this;
    let kept = 0;
    for (let i = 0; i < live.length; i++) {
      const ref = live[i]!;
      if (ctx.openQty(ref) <= 0) continue;
      if (lapse[i]! <= ctx.now) {
        ctx.cancel(ref);
        continue;
      }
      live[kept] = ref;
      lapse[kept++] = lapse[i]!;
    }
    live.length = kept;
    lapse.length = kept;
  }

  /** Sends a limit order (first canceling the oldest live one when maxOpenOrders are live). */
  private placeLimit(ctx: AgentContext, inst: number, side: Side, price: number, qty: number): void {
    const { live, lapse } = this;
    if (live.length >= this.p.maxOpenOrders) {
      ctx.cancel(live.shift()!);
      lapse.shift();
    }
    live.push(ctx.submit({ instrument: inst, side, type: LIMIT, price, qty }));
    lapse.push(ctx.now + Math.max(1, Math.round(this.d.exponential(D_LIFE, this.p.lifetimeS * US_PER_S))));
  }
}

/** The belief-trader kind. */
export const spec: AgentKindSpec<BeliefTraderParams> = {
  kind: KIND,
  description: 'Fundamentalist–chartist–noise trader with a belief learned from news and prices, a volatility budget and a stop-loss (Chiarella–Iori 2002)',
  params: Params,
  create: (params: BeliefTraderParams, _info: AgentCreateInfo): Agent => new BeliefTrader(params),
};
