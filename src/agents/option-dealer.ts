// option-dealer: an option writer delta-hedging its book in the underlying (DOMAIN §2.1–§2.4; the dynamic hedgers
// of Buis et al. 2024, JEDC 164:104880; the dealer gamma imbalance of Barbon & Buraschi 2021).
// Book: European options on one `underlying`, each with the dealer's signed quantity n_i in shares (short < 0):
// from params (strike = strikePct/100 × the initial price, expiry at the close of day expiryDays, outside customers)
// and from OptionTradeMsg (a fund buying qty calls leaves the dealer short qty; qty·premium is collected at once).
// Greeks: Δ_D = Σ n_i·Δ_i, Γ_D = Σ n_i·Γ_i (Black–Scholes at `rate`, no dividends), τ = session time (09:00–15:30)
// left to expiry over 252 sessions a year; τ ≤ 0 counts for nothing (cash-settled). σ = impliedVol.volAnnual
// ('fixed'), or ('realized') an EWMA (half-life halfLifeMin) of squared log changes per hedge interval in
// continuous trading, annualised, seeded at volAnnual, floored at minVolAnnual.
// Trigger: every hedgeIntervalS while the market is open; at once on an option trade if hedgeOnTrade.
// Rule (exact discrete rebalance, §2.2): H* = round(−Δ_D(S_t, τ_t)) with S_t the mid in continuous trading (else the
// last price); gap = H* − (position + open hedge orders); trade the whole gap once |gap| > deltaBandShares.
// Execution: each child is at most max(minChildQty, ⌊maxParticipation · volume since the last hedge order⌋) shares
// (maxParticipation 0: no cap). Continuous: an IOC limit aggressionTicks through the opposite touch (nothing if that
// side is empty). Call auctions (pre-open, opening, VI, reopening, closing): if hedgeInAuctions, a limit at the
// daily limit (a market order when limits are off), which rests until the uncross. Halted/closed: nothing. Open
// orders on the wrong side of a new gap are canceled instead (the next interval re-hedges).
// Expiry (at the day-end call): intrinsic value at the close is paid to/from an agent counterparty by ctx.transfer,
// the position is dropped, and its hedge is unwound from the next session.
// Start: initialHedge holds round(−Δ_D) of the params book; initialExtraShares adds the hedge of trades funds make
// before the first session (an options fund's calls), which the book cannot know.
// Metrics: dealer_hedge_value.<SYM> ('add', signed fill value, < 0 sold); dealer_gamma.<SYM> ('set' at day end,
// Γ_D·S²·0.01 = currency per 1% move). targetGammaKrwPer1Pct sizes the params book from a sourced GEX (JPMorgan:
// > $1B per 1% move, DOMAIN §8.1); impliedVol.realizedWeight blends the realised EWMA into σ. Defaults: σ 0.6 and 60 s checks (DOMAIN §1.5, §2.3), 20% participation and
// 1-tick aggression (§2.3), no band (each rehedge is exactly the §8.3 item 2 trade). Known limit: a fill is in the
// position before the agent is told of it, so for one update latency it counts twice (a brief under-hedge).
import { z } from 'zod';
import { at, clock, dayOf, timeOfDay, US_PER_S, TRADING_DAYS_PER_YEAR } from '../core/time.js';
import type { SimTime } from '../core/time.js';
import { bsGreeks, gexPer1Pct } from '../finance/black-scholes.js';
import type { OptionKind } from '../finance/black-scholes.js';
import { BUY, IOC, LIMIT, MARKET, SELL } from '../market/protocol.js';
import type { MarketNotice, MarketView, OrderRequest, OrderUpdate, Phase, Side } from '../market/protocol.js';
import type { Agent, AgentContext } from './agent.js';
import { instrumentIndexIn, resolveInstrument, throughTouch } from './market-helpers.js';
import { messageOf } from './messages.js';
import type { OptionTradeMsg } from './messages.js';
import type { AgentCreateInfo, AgentKindSpec, InitialPortfolio, KindSummaryView } from './registry.js';

const KIND = 'option-dealer';
const TAG_HEDGE = 0;
/** The session whose time counts toward τ (KRX 09:00–15:30) and the trading sessions in a year. */
const OPEN_TOD = clock(9, 0);
const CLOSE_TOD = clock(15, 30);
const SESSION_US = CLOSE_TOD - OPEN_TOD;
export { TRADING_DAYS_PER_YEAR };
const YEAR_US = TRADING_DAYS_PER_YEAR * SESSION_US;

/** A params position: strike (% of the initial price), expiry (close of day expiryDays), openInterest (shares). */
const Position = z.strictObject({
  strikePct: z.number().positive(),
  expiryDays: z.number().int().nonnegative(),
  openInterest: z.number().nonnegative(),
  kind: z.enum(['call', 'put']).default('call'),
  side: z.enum(['short', 'long']).default('short'), // the dealer's side
});

const Params = z.strictObject({
  underlying: z.string().min(1),
  book: z.array(Position).default([]),
  impliedVol: z
    .strictObject({
      mode: z.enum(['fixed', 'realized']).default('fixed'),
      volAnnual: z.number().positive().default(0.6),
      halfLifeMin: z.number().positive().default(60),
      minVolAnnual: z.number().nonnegative().default(0.2),
      /** 'realized': σ = max(minVolAnnual, (1 − w)·volAnnual + w·σ_realised), so implied vol rises with realised. */
      realizedWeight: z.number().min(0).max(1).default(1),
    })
    .default({ mode: 'fixed', volAnnual: 0.6, halfLifeMin: 60, minVolAnnual: 0.2, realizedWeight: 1 }),
  /** Scale the params book so that |Σ n_i·Γ_i·S0²·0.01| at the start equals this (won per 1% move); 0 = as given. */
  targetGammaKrwPer1Pct: z.number().nonnegative().default(0),
  rate: z.number().default(0), // continuous, annual
  hedgeIntervalS: z.number().positive().default(60),
  deltaBandShares: z.number().nonnegative().default(0),
  maxParticipation: z.number().min(0).max(1).default(0.2), // 0: no cap
  minChildQty: z.number().int().min(1).default(100),
  aggressionTicks: z.number().int().nonnegative().default(1),
  hedgeInAuctions: z.boolean().default(true),
  /** Start delta-neutral: initialPortfolio holds round(−Δ_D) shares at the initial price, cash 0. */
  initialHedge: z.boolean().default(true),
  /** Shares held at the start on top of the initial hedge: the hedge of trades that funds make with the dealer before
   *  the first session (an options fund buying its calls at the start), which the params book cannot know. */
  initialExtraShares: z.int().default(0),
  hedgeOnTrade: z.boolean().default(true),
});
export type OptionDealerParams = z.output<typeof Params>;

/** One option position of the dealer. */
export interface OptionPosition {
  readonly kind: OptionKind;
  /** Strike (won) and expiry time (absolute µs). */
  readonly strike: number;
  readonly expiryT: SimTime;
  /** The dealer's signed quantity in underlying shares (> 0 long, < 0 short). */
  qty: number;
  /** Agent id paid or charged the intrinsic value at expiry, or -1 (outside customers: no cash moves). */
  readonly counterparty: number;
}

/** Session time (µs) from day 0's 09:00 to `t`: earlier days' whole sessions plus today's elapsed part. */
export function tradingTimeUs(t: SimTime): number {
  return dayOf(t) * SESSION_US + Math.min(SESSION_US, Math.max(0, timeOfDay(t) - OPEN_TOD));
}

/** τ in trading years from `t` to `expiryT` (≤ 0 once expired). */
export function yearsToExpiry(t: SimTime, expiryT: SimTime): number {
  return (tradingTimeUs(expiryT) - tradingTimeUs(t)) / YEAR_US;
}

/** Book delta Δ_D and gamma Γ_D (shares, shares per won) at spot S and time t. */
export function bookGreeks(
  book: readonly OptionPosition[], S: number, t: SimTime, vol: number, rate: number,
): { delta: number; gamma: number } {
  let delta = 0;
  let gamma = 0;
  for (const o of book) {
    const tau = yearsToExpiry(t, o.expiryT);
    if (!(tau > 0) || o.qty === 0) continue;
    const g = bsGreeks(o.kind, S, o.strike, vol, tau, rate);
    delta += o.qty * g.delta;
    gamma += o.qty * g.gamma;
  }
  return { delta, gamma };
}

/** Delta-neutral hedge holding H* = −Δ_D(S, τ(t)) in shares, before rounding. */
export function hedgeTarget(book: readonly OptionPosition[], S: number, t: SimTime, vol: number, rate: number): number {
  return -bookGreeks(book, S, t, vol, rate).delta;
}

/**
 * The params book at initial price S0 (outside customers). With targetGammaKrwPer1Pct > 0 every open interest is
 * scaled by one factor so that the book's |GEX| = |Σ n_i·Γ_i(S0, τ_i, σ0)·S0²·0.01| equals the target (DOMAIN §2.2),
 * each quantity rounded to a share; the signs (short/long) are kept.
 */
export function bookFromParams(p: OptionDealerParams, S0: number): OptionPosition[] {
  const book = p.book.map((b) => ({
    kind: b.kind,
    strike: (S0 * b.strikePct) / 100,
    expiryT: at(b.expiryDays, CLOSE_TOD),
    qty: b.side === 'short' ? -b.openInterest : b.openInterest,
    counterparty: -1,
  }));
  if (p.targetGammaKrwPer1Pct > 0) {
    const gex = gexPer1Pct(bookGreeks(book, S0, 0, initialVol(p), p.rate).gamma, S0);
    if (!(Math.abs(gex) > 0)) throw new Error(`${KIND}: targetGammaKrwPer1Pct needs a book with gamma at the start`);
    const k = p.targetGammaKrwPer1Pct / Math.abs(gex);
    for (const o of book) o.qty = Math.round(o.qty * k);
  }
  return book;
}

/** σ before any observation: volAnnual (floored at minVolAnnual in 'realized' mode). */
function initialVol(p: OptionDealerParams): number {
  const iv = p.impliedVol;
  return iv.mode === 'fixed' ? iv.volAnnual : Math.max(iv.minVolAnnual, iv.volAnnual);
}

/** What the dealer does in a phase: trade continuously, route into the call auction, or nothing. */
function phaseMode(ph: Phase): 'continuous' | 'auction' | 'none' {
  if (ph === 'continuous') return 'continuous';
  if (ph === 'halted' || ph === 'closed' || ph === 'day-ended') return 'none';
  return 'auction';
}

export class OptionDealer implements Agent {
  readonly kind = KIND;
  private inst = -1;
  private book: OptionPosition[] = [];
  private readonly intervalUs: number;
  /** EWMA weight of the old variance per interval, and intervals per trading year. */
  private readonly decay: number;
  private readonly intervalsPerYear: number;
  /** EWMA variance of log changes per interval, and the previous price (0: none today). */
  private variance: number;
  private prevS = 0;
  /** volumeToday when the last hedge order was sent. */
  private volMark = 0;
  /** Handles of today's hedge orders and their signs (+1 buy, −1 sell). */
  private refs: number[] = [];
  private signs: number[] = [];
  private nextHedgeT = -1;

  constructor(private readonly p: OptionDealerParams) {
    this.intervalUs = Math.round(p.hedgeIntervalS * US_PER_S);
    this.decay = Math.pow(0.5, p.hedgeIntervalS / 60 / p.impliedVol.halfLifeMin);
    this.intervalsPerYear = YEAR_US / this.intervalUs;
    const v0 = initialVol(p);
    this.variance = (v0 * v0) / this.intervalsPerYear;
  }

  /** The current book (read-only view, for tests and reports). */
  positions(): readonly OptionPosition[] {
    return this.book;
  }

  /** σ used for the Greeks now. */
  vol(): number {
    const iv = this.p.impliedVol;
    if (iv.mode === 'fixed') return iv.volAnnual;
    const w = iv.realizedWeight;
    return Math.max(iv.minVolAnnual, (1 - w) * iv.volAnnual + w * Math.sqrt(this.variance * this.intervalsPerYear));
  }

  onStart(ctx: AgentContext): void {
    this.inst = resolveInstrument(ctx.market, this.p.underlying, KIND, 'underlying');
    this.book = bookFromParams(this.p, ctx.market.basePrice(this.inst));
    this.schedule(ctx, 0);
  }

  onDayStart(ctx: AgentContext): void {
    this.prevS = 0; // no overnight return in σ
    this.volMark = 0;
    this.refs = []; // yesterday's orders expired at the close
    this.signs = [];
    if (this.nextHedgeT < 0) this.schedule(ctx, 0);
  }

  onMarketNotice(ctx: AgentContext, notice: MarketNotice): void {
    if (notice.kind === 'phase-changed' && this.nextHedgeT < 0) this.schedule(ctx, 0);
  }

  onWake(ctx: AgentContext, tag: number): void {
    if (tag !== TAG_HEDGE || ctx.now !== this.nextHedgeT) return;
    this.nextHedgeT = -1;
    const ph = ctx.market.phase(this.inst);
    if (ph === 'closed' || ph === 'day-ended') return; // restarts on the next phase change
    if (ph === 'continuous') this.updateVol(spot(ctx.market, this.inst));
    this.hedge(ctx);
    this.schedule(ctx, this.intervalUs);
  }

  onOrderUpdate(ctx: AgentContext, u: OrderUpdate): void {
    if (u.kind !== 'filled' || u.instrument !== this.inst) return;
    const value = (u.side === BUY ? 1 : -1) * u.price * u.qty;
    ctx.metric(`dealer_hedge_value.${this.p.underlying}`, value, 'add');
  }

  onMessage(ctx: AgentContext, from: number, msg: unknown): void {
    const m = messageOf(msg);
    if (m?.type === 'option-trade') this.bookTrade(ctx, from, m);
  }

  onDayEnd(ctx: AgentContext): void {
    const S = ctx.market.lastPrice(this.inst);
    this.settleExpired(ctx, S);
    const g = bookGreeks(this.book, S, ctx.now, this.vol(), this.p.rate).gamma;
    ctx.metric(`dealer_gamma.${this.p.underlying}`, gexPer1Pct(g, S), 'set');
  }

  private schedule(ctx: AgentContext, dt: number): void {
    this.nextHedgeT = ctx.now + dt;
    ctx.wakeAfter(dt, TAG_HEDGE);
  }

  private updateVol(S: number): void {
    if (!(S > 0)) return;
    if (this.prevS > 0) {
      const r = Math.log(S / this.prevS);
      this.variance = this.decay * this.variance + (1 - this.decay) * r * r;
    }
    this.prevS = S;
  }

  /** Book a fund's option trade (the dealer takes the other side), collect the premium, hedge if hedgeOnTrade. */
  private bookTrade(ctx: AgentContext, from: number, m: OptionTradeMsg): void {
    if (m.underlying !== this.p.underlying) {
      throw new Error(`${KIND}: agent ${from} traded options on "${m.underlying}" with a dealer of "${this.p.underlying}"`);
    }
    if (!(m.strike > 0 && Number.isFinite(m.qty) && Number.isFinite(m.premium) && m.expiryT > ctx.now)) {
      throw new RangeError(`${KIND}: bad option trade from agent ${from}: ${JSON.stringify(m)}`);
    }
    if (m.qty === 0) return;
    const i = this.book.findIndex((o) => o.counterparty === from && o.kind === 'call' && o.strike === m.strike && o.expiryT === m.expiryT);
    if (i < 0) this.book.push({ kind: 'call', strike: m.strike, expiryT: m.expiryT, qty: -m.qty, counterparty: from });
    else if ((this.book[i]!.qty -= m.qty) === 0) this.book.splice(i, 1);
    ctx.transfer(from, this.inst, 0, m.qty * m.premium);
    if (this.p.hedgeOnTrade) this.hedge(ctx);
  }

  /** Pay or collect the intrinsic value at close S of every position expired by now, and drop them. */
  private settleExpired(ctx: AgentContext, S: number): void {
    for (const o of this.book) {
      if (o.expiryT > ctx.now || o.counterparty < 0) continue;
      const cash = o.qty * (o.kind === 'call' ? Math.max(S - o.strike, 0) : Math.max(o.strike - S, 0));
      if (cash !== 0) ctx.transfer(o.counterparty, this.inst, 0, cash);
    }
    this.book = this.book.filter((o) => o.expiryT > ctx.now);
  }

  /** One hedge decision (see the header). */
  private hedge(ctx: AgentContext): void {
    const m = ctx.market;
    const mode = phaseMode(m.phase(this.inst));
    if (mode === 'none' || (mode === 'auction' && !this.p.hedgeInAuctions)) return;
    const S = spot(m, this.inst);
    if (!(S > 0)) return;
    const target = Math.round(hedgeTarget(this.book, S, ctx.now, this.vol(), this.p.rate));
    const pending = this.pending(ctx);
    const gap = target - ctx.portfolio.position(this.inst) - pending;
    if (gap === 0 || Math.abs(gap) <= this.p.deltaBandShares) return;
    if (pending !== 0 && Math.sign(pending) !== Math.sign(gap)) {
      for (const ref of this.refs) if (ctx.openQty(ref) > 0) ctx.cancel(ref);
      return;
    }
    this.order(ctx, gap, mode);
  }

  /** Signed open quantity of today's hedge orders. */
  private pending(ctx: AgentContext): number {
    let sum = 0;
    for (let i = 0; i < this.refs.length; i++) sum += this.signs[i]! * ctx.openQty(this.refs[i]!);
    return sum;
  }

  /** Send the hedge child order for `gap` shares (see the header for sizing and pricing). */
  private order(ctx: AgentContext, gap: number, mode: 'continuous' | 'auction'): void {
    const m = ctx.market;
    const inst = this.inst;
    const side: Side = gap > 0 ? BUY : SELL;
    const traded = m.volumeToday(inst) - this.volMark;
    const p = this.p;
    const qty = Math.min(Math.abs(gap), p.maxParticipation > 0 ? Math.max(p.minChildQty, Math.floor(p.maxParticipation * traded)) : Infinity);
    let o: OrderRequest;
    if (mode === 'auction') {
      const limit = side === BUY ? m.upperLimit(inst) : m.lowerLimit(inst);
      o = { instrument: inst, side, type: limit > 0 ? LIMIT : MARKET, price: limit, qty };
    } else {
      const price = throughTouch(m, inst, side, p.aggressionTicks);
      if (price <= 0) return;
      o = { instrument: inst, side, type: IOC, price, qty };
    }
    this.refs.push(ctx.submit(o));
    this.signs.push(side === BUY ? 1 : -1);
    this.volMark = m.volumeToday(inst);
  }
}

/** S_t: the mid while both book sides are present and uncrossed in continuous trading, else the last price. */
function spot(m: MarketView, inst: number): number {
  const bid = m.bestBid(inst);
  const ask = m.bestAsk(inst);
  return m.phase(inst) === 'continuous' && bid > 0 && ask > bid ? (bid + ask) / 2 : m.lastPrice(inst);
}

/** The option-dealer kind. */
export const spec: AgentKindSpec<OptionDealerParams> = {
  kind: KIND,
  description: 'Option writer delta-hedging its book in the underlying (gamma feedback; Buis et al. 2024)',
  params: Params,
  /** dealer_hedge_value: net hedge value (buy − sell) on the stress day, report currency (negative = sold). */
  summaryMetrics: (v: KindSummaryView): Record<string, number> => ({
    dealer_hedge_value: (v.flow(v.stressDay, 'buy-value') - v.flow(v.stressDay, 'sell-value')) / v.fxRate,
  }),
  create: (params: OptionDealerParams, _info: AgentCreateInfo): Agent => new OptionDealer(params),
  initialPortfolio(params, info): InitialPortfolio {
    const inst = instrumentIndexIn(info.instruments, params.underlying, KIND, 'underlying');
    const S0 = info.initialPrices[inst]!;
    const positions = info.instruments.map(() => 0);
    if (params.initialHedge) {
      positions[inst] = Math.round(hedgeTarget(bookFromParams(params, S0), S0, 0, initialVol(params), params.rate)) || 0;
    }
    positions[inst] = positions[inst]! + params.initialExtraShares || 0;
    return { cash: 0, positions };
  },
};
