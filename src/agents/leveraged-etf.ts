// leveraged-etf: a daily-reset leveraged or inverse ETF (Cheng & Madhavan 2009; flows: Ivanov & Lenkey 2018;
// DOMAIN §1, §4). State: AUM A (NAV at the last close, after that day's creations), shares outstanding SO, holdings.
// Each day it trades ΔE = rebalanceAmount(A, L, r, F) = A(L² − L)r + L·F won of the underlying, with r = S/S_prev − 1
// (S the live price standing in for the close until the closing auction) and F = AP units received so far ×
// cuShares × the estimated NAV per share; plus any exposure gap D = L·A − n·S_prev left at the last close (unfilled
// orders, late creations, share rounding), carried as D(1 + (1 − L)r) so that holdings reach L·NAV exactly. In
// shares: ΔE/S, rounded to 1 share (ties away from 0). Schedules (every order a program order, subject to the sidecar):
//   moc       all of it in the closing auction, as a limit at the daily limit (market-on-close; with closeLimitPct > 0
//             a limit-on-close that many percent through the last price, the rest carried as D), sent on the
//             underlying's 'closing-auction' notice, or at closeTime + 1 s when no auction comes (rules 'none');
//   twap      every 30 s over the last twapMinutes before closeTime a market order of remaining/(slices left + 1)
//             (continuous trading only), the rest in the closing auction;
//   prehedge  every 30 s from 09:00:30, while |r| > prehedgeTriggerPct, market orders of at most a tenth of the goal
//             up to prehedgeShare of the estimated trade, never reversing intraday; the rest in the closing auction.
// Exposure: 'physical' trades the underlying itself. 'swap' with agents of swapDealerKind in the run: at the start
// it calls every such dealer (SwapResetMsg open: true), hands its shares at P0 to the first dealer of its underlying
// that answers (ctx.transfer; until then, and if none answers, it trades like 'physical') and holds cash plus a
// total-return swap of N shares reset at S_f; after each close it is paid N(S − S_f) minus financing (bp from the dealer's SwapAckMsg,
// letf_swap_financing.<UND>) and resets N = L·NAV/S (SwapResetMsg; the dealer may accept less): it never trades, the
// dealer hedges (swap-dealer.ts). 'swap' without dealers trades like 'physical' (the swap dealer's hedge modelled
// as the fund's own trades). 'options' holds one series of European calls bought from every agent of
// optionDealerKind, split evenly (they must all deal in this underlying), by OptionTradeMsg at premium bsPrice
// (impliedVolAnnual; τ = session time left over 252 sessions, as the dealer counts it), so that Δ·qty = L·NAV/S;
// at the closing-auction start it restores that delta by trading the series (schedule ignored), rolling it (sell
// all, buy strike optionMoneyness·S expiring optionExpiryDays later at 15:30) when < 2 days remain or Δ < 0.2.
// Inverse option funds write calls. After the close: NAV = cash + n·S_close (+ calls at bsPrice), own ETF excluded;
// AP orders settle at NAV/SO (ctx.transfer of units·cuShares ETF shares against cash, UnitsSettledMsg reply;
// redemptions are capped at receipt so that SO stays positive). Metrics: set nav.<ETF> (per share),
// shares_outstanding.<ETF>, aum.<ETF> (after settlement); add letf_trade_value.<UND> (signed won filled, < 0 sold),
// letf_rebalance_target.<UND> (the formula at the close, F = units in the closing trade at the NAV struck),
// letf_<exposure>_trade_value.<UND> (options: premiums paid) and, for options, letf_options_delta_traded.<UND>.
// Wind-up (issue 10): when the NAV estimate at the closing-auction start, or the NAV at the close, is ≤ (1 − lossPct)
// × the last close's NAV, or the closing leverage |exposure/NAV| exceeds maxLeverageMultiple·|L| (a rebalance that
// could not complete), the fund is halted for good: letf_wound_up.<ETF> = 1, no rebalancing, AP orders settle 0
// units, calls are sold back and shares are unwound into each closing auction until flat. NAV is floored at 0; a
// loss beyond the assets is reported as letf_nav_shortfall.<ETF> (the lender's). letf_leverage.<ETF> is set at each
// close. Source: the KRX delisting rules for leveraged ETFs (tracking-error and NAV-based suspension) are NOT
// verified here; the thresholds are parameters (docs/model-forced-flows.md §wind-up). The ETF's own book is not
// halted (src/market is outside the agent layer).
import { z } from 'zod';
import { at, clock, dayOf, parseClock, timeOfDay, US_PER_DAY, US_PER_MIN, US_PER_S, TRADING_DAYS_PER_YEAR } from '../core/time.js';
import { bsDelta, bsPrice } from '../finance/black-scholes.js';
import { navAfter, rebalanceAmount, rebalanceShares, swapFinancingPerDay } from '../finance/leverage.js';
import { BUY, IOC, LIMIT, MARKET, SELL } from '../market/protocol.js';
import type { MarketNotice, OrderType, OrderUpdate, Side } from '../market/protocol.js';
import type { Agent, AgentContext } from './agent.js';
import { twapSlices } from './execution.js';
import { auctionLimitPrice, instrumentIndexIn, resolveInstrument, throughTouch } from './market-helpers.js';
import { messageOf } from './messages.js';
import type { OptionTradeMsg, SwapResetMsg, UnitsSettledMsg } from './messages.js';
import type { AgentCreateInfo, AgentKindSpec, InitialPortfolio, KindSummaryView } from './registry.js';

const KIND = 'leveraged-etf';
const TAG_SLICE = 0;
const TAG_CLOSE = 1;
const SLICE_US = 30 * US_PER_S;
const PREHEDGE_START_TOD = clock(9, 0, 30);
const PREHEDGE_SLICES = 10;
const ROLL_DAYS = 2;
const ROLL_MIN_DELTA = 0.2;
/** Stand-in dealer id for calls written outside the model (no option-dealer agents in the run). */
const EXTERNAL_WRITER = -1;

/** τ counts session time 09:00–15:30 left to expiry, 252 sessions a year (the option dealer's convention). */
const OPEN_TOD = clock(9, 0);
const CLOSE_TOD = clock(15, 30);
const SESSION_US = CLOSE_TOD - OPEN_TOD;
export { TRADING_DAYS_PER_YEAR };

const Params = z.strictObject({
  /** Symbols of the fund's own ETF (listed, with its own book) and of its underlying. */
  etf: z.string().min(1),
  underlying: z.string().min(1),
  /** Target daily leverage L (2, 3, −1, −2 …). */
  leverage: z.number().refine((l) => l !== 0 && Number.isFinite(l), 'leverage must be a non-zero number'),
  /** Starting AUM (won). */
  aumKrw: z.number().positive(),
  exposure: z.enum(['physical', 'swap', 'options']).default('physical'),
  schedule: z.enum(['moc', 'twap', 'prehedge']).default('moc'),
  /** Start of the closing call auction (HH:MM[:SS]). */
  closeTime: z.string().default('15:20'),
  /** TWAP window before closeTime (minutes). */
  twapMinutes: z.number().int().min(1).default(10),
  /** Continuous-trading slices are IOC limits this many ticks through the opposite touch (never plain market orders,
   *  whose remainder would rest at the daily limit in a volatility-interruption auction). */
  aggressionTicks: z.number().int().min(0).default(3),
  /** Call-auction orders: 0 = at the daily limit (market-on-close); > 0 = limit-on-close this many percent through the
   *  last price, the unfilled rest carried as the exposure gap D. */
  closeLimitPct: z.number().nonnegative().default(0),
  /** Share of the estimated trade worked intraday, and the |r| (percent) that starts it. */
  prehedgeShare: z.number().min(0).max(1).default(0.3),
  prehedgeTriggerPct: z.number().nonnegative().default(5),
  /** Options exposure: expiry of a new series (trading days), strike / price, implied vol, dealers' kind. */
  optionExpiryDays: z.number().int().min(ROLL_DAYS + 1).default(21),
  optionMoneyness: z.number().positive().default(1),
  impliedVolAnnual: z.number().positive().default(0.6),
  optionDealerKind: z.string().default('option-dealer'),
  /** Swap exposure: the kind of its counterparty (absent from the run: the fund trades the hedge itself). */
  swapDealerKind: z.string().default('swap-dealer'),
  /** Shares per creation unit, and NAV per share at launch (won): SO = round(aumKrw / initialNavPerShare). */
  cuShares: z.number().int().min(1).default(50_000),
  initialNavPerShare: z.number().positive().default(10_000),
  /** Wind-up: a one-day NAV loss (percent of the last close's NAV) or a closing leverage beyond
   *  maxLeverageMultiple·|L| halts the fund's rebalancing and unwinds its exposure (thresholds unverified, see header). */
  windUp: z.strictObject({
    lossPct: z.number().gt(0).max(100).default(80),
    maxLeverageMultiple: z.number().gt(1).default(2),
  }).prefault({}),
});
export type LeveragedEtfParams = z.output<typeof Params>;

class LeveragedEtf implements Agent {
  readonly kind = KIND;
  private readonly closeTod: number;
  private und = -1;
  private etfInst = -1;
  /** A_{t−1} (won) and the exposure gap D = L·A − n·S at that close (won). */
  private aum = 0;
  private gap = 0;
  private so: number;
  /** AP orders not yet settled (sender, units). */
  private readonly pending: Array<{ from: number; units: number }> = [];
  // Today: signed shares sent and not canceled/expired/rejected, signed won filled, units in the closing trade.
  private committed = 0;
  private tradedValue = 0;
  private unitsAtClose = 0;
  private closeDone = false;
  private nextSliceT = -1;
  /** Wound up: no rebalancing or AP settlement; the exposure is unwound at each close until flat. */
  private wound = false;
  // Swap routed to a dealer: its id (-1: none), the notional (shares), the reset price and the financing (bp/yr).
  private swapDealer = -1;
  /** Waiting for the first dealer of the underlying to answer the opening call. */
  private swapOpening = false;
  private swapN = 0;
  private swapReset = 0;
  private swapBp = 0;
  // Options: dealer ids, calls held per dealer (shares), the series, and today's premium and delta traded.
  private dealers: readonly number[] = [];
  private held = new Float64Array(0);
  /** Premia paid to (−) or received from (+) an outside option writer when the run has no dealers. */
  private externalCash = 0;
  private strike = 0;
  private expiryT = 0;
  private optValue = 0;
  private optDelta = 0;

  constructor(private readonly p: LeveragedEtfParams) {
    this.closeTod = parseClock(p.closeTime);
    this.so = sharesOutstanding(p);
  }

  onStart(ctx: AgentContext): void {
    const m = ctx.market;
    this.und = resolveInstrument(m, this.p.underlying, KIND, 'underlying');
    this.etfInst = resolveInstrument(m, this.p.etf, KIND, 'etf');
    const s0 = m.basePrice(this.und) > 0 ? m.basePrice(this.und) : m.lastPrice(this.und);
    if (!(s0 > 0)) throw new Error(`${KIND}: no price for ${this.p.underlying} at the start`);
    const n = ctx.portfolio.position(this.und);
    this.aum = ctx.portfolio.cash + n * s0;
    if (this.und === this.etfInst) throw new Error(`${KIND}: params.etf and params.underlying are the same instrument "${this.p.etf}"`);
    if (this.p.exposure !== 'options') {
      this.gap = this.p.leverage * this.aum - n * s0;
      if (this.p.exposure === 'swap') this.callSwapDealers(ctx, n, s0);
      return;
    }
    this.dealers = ctx.directory(this.p.optionDealerKind);
    // No dealers in the run (e.g. `--disable option-dealer`): an outside writer that does not hedge sells the calls;
    // its premia are kept in `externalCash` (part of NAV), so agents' cash stays conserved.
    if (this.dealers.length === 0) this.dealers = [EXTERNAL_WRITER];
    this.held = new Float64Array(this.dealers.length);
    this.rebalanceOptions(ctx, s0, this.aum, 0);
  }

  onDayStart(ctx: AgentContext): void {
    this.committed = this.tradedValue = this.unitsAtClose = this.optValue = this.optDelta = 0;
    this.closeDone = false;
    const midnight = ctx.day * US_PER_DAY;
    ctx.wakeAt(Math.max(ctx.now, midnight + this.closeTod + US_PER_S), TAG_CLOSE);
    if (this.p.exposure === 'options' || this.p.schedule === 'moc') return;
    const first = this.p.schedule === 'twap' ? this.closeTod - this.p.twapMinutes * US_PER_MIN : PREHEDGE_START_TOD;
    this.nextSliceT = Math.max(ctx.now, midnight + first);
    ctx.wakeAt(this.nextSliceT, TAG_SLICE);
  }

  onMarketNotice(ctx: AgentContext, notice: MarketNotice): void {
    if (notice.kind === 'phase-changed' && notice.instrument === this.und && notice.phase === 'closing-auction') this.close(ctx);
  }

  onWake(ctx: AgentContext, tag: number): void {
    if (tag === TAG_CLOSE) {
      const ph = ctx.market.phase(this.und);
      if (ph === 'closing-auction' || ph === 'continuous') this.close(ctx);
    } else if (tag === TAG_SLICE && ctx.now === this.nextSliceT) {
      this.nextSliceT = -1;
      this.slice(ctx);
    }
  }

  onOrderUpdate(_ctx: AgentContext, u: OrderUpdate): void {
    if (u.instrument !== this.und) return;
    const sign = u.side === BUY ? 1 : -1;
    if (u.kind === 'filled') this.tradedValue += sign * u.price * u.qty;
    else if (u.kind === 'canceled' || u.kind === 'expired' || u.kind === 'rejected') this.committed -= sign * u.qty;
  }

  onMessage(ctx: AgentContext, from: number, raw: unknown): void {
    const msg = messageOf(raw);
    if (msg?.type === 'swap-ack' && msg.underlying === this.p.underlying && (from === this.swapDealer || this.swapOpening)) {
      if (this.swapOpening) return this.openSwap(ctx, from);
      this.swapN = msg.notionalShares;
      this.swapBp = msg.financingBpAnnual;
      return;
    }
    if (msg?.type !== 'units-order' || msg.etf !== this.p.etf || !Number.isInteger(msg.units) || msg.units === 0) return;
    this.pending.push({ from, units: msg.units > 0 ? msg.units : -Math.min(-msg.units, this.redeemable()) });
  }

  /** Strike NAV at the close, publish the day's metrics, settle AP orders, and carry A and D to tomorrow. */
  onDayEnd(ctx: AgentContext): void {
    const m = ctx.market;
    const s = m.lastPrice(this.und);
    const rawNav = this.navAt(ctx, s);
    const nav = Math.max(0, rawNav);
    const nps = nav / this.so;
    const ret = s / m.basePrice(this.und) - 1;
    const u = this.p.underlying;
    const e = this.p.etf;
    ctx.metric(`letf_rebalance_target.${u}`, this.wound ? 0 : rebalanceAmount(this.aum, this.p.leverage, ret, this.unitsAtClose * this.p.cuShares * nps), 'add');
    ctx.metric(`letf_trade_value.${u}`, this.tradedValue, 'add');
    const opts = this.p.exposure === 'options';
    ctx.metric(`letf_${this.p.exposure}_trade_value.${u}`, opts ? this.optValue : this.tradedValue, 'add');
    if (opts) ctx.metric(`letf_options_delta_traded.${u}`, this.optDelta, 'add');
    if (rawNav < 0) ctx.metric(`letf_nav_shortfall.${e}`, -rawNav, 'add');
    if (!this.wound && nav <= (1 - this.p.windUp.lossPct / 100) * this.aum) this.windUp(ctx, s);
    this.aum = nav + this.settle(ctx, nps);
    if (this.swapDealer >= 0) this.resetSwap(ctx, s);
    // Leverage carried into tomorrow: the swap after its reset, else the holdings the close left against NAV.
    const base = this.swapDealer >= 0 ? this.aum : nav;
    const leverage = base > 0 ? this.exposureAt(ctx, s) / base : 0;
    ctx.metric(`letf_leverage.${e}`, leverage);
    if (!this.wound && Math.abs(leverage) > this.p.windUp.maxLeverageMultiple * Math.abs(this.p.leverage)) this.windUp(ctx, s);
    this.gap = opts || this.wound || this.swapDealer >= 0 ? 0 : this.p.leverage * this.aum - ctx.portfolio.position(this.und) * s;
    ctx.metric(`nav.${e}`, nps);
    ctx.metric(`shares_outstanding.${e}`, this.so);
    ctx.metric(`aum.${e}`, this.aum);
  }

  /** Halt rebalancing for good (letf_wound_up.<ETF> = 1 that day); calls are sold back, shares unwound at closes. */
  private windUp(ctx: AgentContext, s: number): void {
    this.wound = true;
    ctx.metric(`letf_wound_up.${this.p.etf}`, 1);
    for (let i = 0; i < this.dealers.length; i++) this.tradeCalls(ctx, i, -this.held[i]!, s);
  }

  /** Ask every agent of swapDealerKind for a swap on the underlying (the fund trades physically until one answers). */
  private callSwapDealers(ctx: AgentContext, shares: number, s0: number): void {
    const dealers = ctx.directory(this.p.swapDealerKind);
    if (dealers.length === 0) return;
    this.swapOpening = true;
    this.swapReset = s0;
    const msg: SwapResetMsg = {
      type: 'swap-reset', underlying: this.p.underlying, notionalShares: shares, resetPrice: s0, nav: this.aum, leverage: this.p.leverage, open: true,
    };
    for (const d of dealers) ctx.send(d, msg);
  }

  /** The first dealer of the underlying answered: hand it the shares at P0 and open the swap on them. */
  private openSwap(ctx: AgentContext, dealer: number): void {
    this.swapOpening = false;
    this.swapDealer = dealer;
    const shares = ctx.portfolio.position(this.und);
    if (shares !== 0) ctx.transfer(dealer, this.und, shares, shares * this.swapReset);
    this.swapN = shares;
    this.gap = 0;
    this.sendReset(ctx);
  }

  /** After the close: receive the swap P&L net of financing, reset the notional to L·A/S (0 once wound up). */
  private resetSwap(ctx: AgentContext, s: number): void {
    const fin = swapFinancingPerDay(this.swapN, this.swapReset, this.swapBp);
    ctx.transfer(this.swapDealer, this.und, 0, this.swapN * (s - this.swapReset) - fin);
    ctx.metric(`letf_swap_financing.${this.p.underlying}`, fin, 'add');
    this.swapReset = s;
    this.swapN = this.wound || !(s > 0) ? 0 : roundAway((this.p.leverage * this.aum) / s);
    this.sendReset(ctx);
  }

  private sendReset(ctx: AgentContext): void {
    const msg: SwapResetMsg = {
      type: 'swap-reset', underlying: this.p.underlying, notionalShares: this.swapN, resetPrice: this.swapReset, nav: this.aum, leverage: this.p.leverage,
    };
    ctx.send(this.swapDealer, msg);
  }

  /** Exposure (won) at price s: shares held × s (+ the swap notional), or call delta × qty × s. */
  private exposureAt(ctx: AgentContext, s: number): number {
    if (this.swapDealer >= 0) return this.swapN * s;
    if (this.p.exposure !== 'options') return ctx.portfolio.position(this.und) * s;
    return this.callQty() !== 0 ? this.callDelta(s, ctx.now) * this.callQty() * s : 0;
  }

  /** The closing-auction trade: the rest of today's rebalance, or the options delta restore. */
  private close(ctx: AgentContext): void {
    if (this.closeDone) return;
    this.closeDone = true;
    this.unitsAtClose = this.pendingUnits();
    const s = ctx.market.lastPrice(this.und);
    if (!this.wound && s > 0 && this.navAt(ctx, s) <= (1 - this.p.windUp.lossPct / 100) * this.aum) this.windUp(ctx, s);
    if (this.swapDealer >= 0) return; // the dealer hedges; the swap resets after the close
    if (this.wound) return this.send(ctx, -ctx.portfolio.position(this.und) - this.committed);
    if (this.p.exposure !== 'options') return this.send(ctx, this.targetShares(ctx, s) - this.committed);
    if (!(s > 0)) return;
    const nav = this.navAt(ctx, s);
    this.rebalanceOptions(ctx, s, nav, (this.unitsAtClose * this.p.cuShares * nav) / this.so);
  }

  /** One TWAP slice or pre-hedge check, then the next one 30 s later while before closeTime. */
  private slice(ctx: AgentContext): void {
    const tod = ctx.timeOfDay;
    if (this.closeDone || this.wound || this.swapDealer >= 0 || tod >= this.closeTod) return;
    const m = ctx.market;
    const s = m.lastPrice(this.und);
    if (m.phase(this.und) === 'continuous' && s > 0) {
      const target = this.targetShares(ctx, s);
      if (this.p.schedule === 'twap') {
        const left = Math.ceil((this.closeTod - tod) / SLICE_US);
        this.send(ctx, roundAway((target - this.committed) / (left + 1)));
      } else if (Math.abs(s / m.basePrice(this.und) - 1) * 100 > this.p.prehedgeTriggerPct) {
        const goal = roundAway(this.p.prehedgeShare * target);
        const d = goal - this.committed;
        const cap = Math.ceil(Math.abs(goal) / PREHEDGE_SLICES);
        if (d !== 0 && Math.sign(d) === Math.sign(goal)) this.send(ctx, Math.sign(d) * Math.min(Math.abs(d), cap));
      }
    }
    if (tod + SLICE_US < this.closeTod) {
      this.nextSliceT = ctx.now + SLICE_US;
      ctx.wakeAt(this.nextSliceT, TAG_SLICE);
    }
  }

  /** Today's whole trade in shares at live price s (header formula); 0 when s, the base or A is not positive. */
  private targetShares(ctx: AgentContext, s: number): number {
    const base = ctx.market.basePrice(this.und);
    if (!(s > 0 && base > 0 && this.aum > 0)) return 0;
    const L = this.p.leverage;
    const r = s / base - 1;
    const navEst = navAfter(this.aum, L, r) - this.gap * r;
    const flow = (this.pendingUnits() * this.p.cuShares * navEst) / this.so;
    return rebalanceShares(rebalanceAmount(this.aum, L, r, flow) + this.gap * (1 + (1 - L) * r), s);
  }

  /**
   * Send `shares` (signed) of the underlying. In continuous trading: an IOC limit `aggressionTicks` through the
   * opposite touch (the unfilled rest expires and is worked by later slices). In a call auction: a limit at the daily
   * limit (market-on-close), or closeLimitPct percent through the last price (limit-on-close). With no opposite
   * touch or no limits: a market order.
   */
  private send(ctx: AgentContext, shares: number): void {
    if (shares === 0) return;
    const m = ctx.market;
    const u = this.und;
    const side: Side = shares > 0 ? BUY : SELL;
    const limit = auctionLimitPrice(m, u, side, this.p.closeLimitPct);
    const through = throughTouch(m, u, side, this.p.aggressionTicks);
    let type: OrderType = MARKET;
    let price = 0;
    if (m.phase(u) !== 'continuous' && limit > 0) {
      type = LIMIT;
      price = limit;
    } else if (through > 0) {
      type = IOC;
      price = through;
    }
    ctx.submit({ instrument: u, side, type, price, qty: Math.abs(shares), program: true });
    this.committed += shares;
  }

  /** Units that may still be redeemed (pending redemptions counted), so that SO stays positive. */
  private redeemable(): number {
    let u = Math.floor((this.so - 1) / this.p.cuShares);
    for (const o of this.pending) if (o.units < 0) u += o.units;
    return Math.max(0, u);
  }

  private pendingUnits(): number {
    let u = 0;
    for (const o of this.pending) u += o.units;
    return u;
  }

  /** NAV (won) at underlying price s: cash + shares + calls at bsPrice; the fund's own ETF is left out. */
  private navAt(ctx: AgentContext, s: number): number {
    const calls = this.callQty();
    const opt = calls !== 0 ? calls * bsPrice('call', s, this.strike, this.p.impliedVolAnnual, this.tau(ctx.now)) : 0;
    const swap = this.swapDealer >= 0 ? this.swapN * (s - this.swapReset) - swapFinancingPerDay(this.swapN, this.swapReset, this.swapBp) : 0;
    return ctx.portfolio.cash + this.externalCash + ctx.portfolio.position(this.und) * s + opt + swap;
  }

  /** Settle every pending AP order at `nps` won per share; returns the cash received (redemptions negative). */
  private settle(ctx: AgentContext, nps: number): number {
    const cu = this.p.cuShares;
    let inflow = 0;
    for (const o of this.pending) {
      const units = nps > 0 && !this.wound ? o.units : 0; // a wiped-out or wound-up fund settles nothing
      if (units !== 0) {
        ctx.transfer(o.from, this.etfInst, units * cu, units * cu * nps);
        this.so += units * cu;
        inflow += units * cu * nps;
      }
      const reply: UnitsSettledMsg = { type: 'units-settled', etf: this.p.etf, units, cuShares: cu, navPerShare: nps };
      ctx.send(o.from, reply);
    }
    this.pending.length = 0;
    return inflow;
  }

  // ---------------------------------------------------------------- options exposure

  /** Restore call delta to L·(nav + flow)/s, rolling the series first when it is short-dated or far out of the money. */
  private rebalanceOptions(ctx: AgentContext, s: number, nav: number, flow: number): void {
    const n = this.dealers.length;
    if (this.callQty() !== 0 && (this.expiryT - ctx.now < ROLL_DAYS * US_PER_DAY || this.callDelta(s, ctx.now) < ROLL_MIN_DELTA)) {
      for (let i = 0; i < n; i++) this.tradeCalls(ctx, i, -this.held[i]!, s);
    }
    if (this.callQty() === 0) {
      this.strike = Math.round(this.p.optionMoneyness * s);
      this.expiryT = at(ctx.day + this.p.optionExpiryDays, CLOSE_TOD);
    }
    const delta = this.callDelta(s, ctx.now);
    if (!(delta > 1e-9 && nav + flow > 0)) return;
    const slices = twapSlices(roundAway((this.p.leverage * (nav + flow)) / s / delta) - this.callQty(), n);
    for (let i = 0; i < n; i++) this.tradeCalls(ctx, i, slices[i]!, s);
  }

  /** Buy (qty > 0) or sell back calls of the series from dealer i at bsPrice(s). */
  private tradeCalls(ctx: AgentContext, i: number, qty: number, s: number): void {
    if (qty === 0) return;
    const tau = this.tau(ctx.now);
    const premium = bsPrice('call', s, this.strike, this.p.impliedVolAnnual, tau);
    const msg: OptionTradeMsg = { type: 'option-trade', underlying: this.p.underlying, strike: this.strike, expiryT: this.expiryT, qty, premium };
    if (this.dealers[i] === EXTERNAL_WRITER) this.externalCash -= qty * premium;
    else ctx.send(this.dealers[i]!, msg);
    this.held[i] = this.held[i]! + qty;
    this.optValue += qty * premium;
    this.optDelta += qty * bsDelta('call', s, this.strike, this.p.impliedVolAnnual, tau);
  }

  private callQty(): number {
    let q = 0;
    for (let i = 0; i < this.held.length; i++) q += this.held[i]!;
    return q;
  }

  private callDelta(s: number, now: number): number {
    return bsDelta('call', s, this.strike, this.p.impliedVolAnnual, this.tau(now));
  }

  /** Years to the series' expiry: session time left over TRADING_DAYS_PER_YEAR sessions (0 once expired). */
  private tau(now: number): number {
    return Math.max(0, sessionTimeUs(this.expiryT) - sessionTimeUs(now)) / (SESSION_US * TRADING_DAYS_PER_YEAR);
  }
}

/** Session time (µs of 09:00–15:30) from day 0's open to t. */
function sessionTimeUs(t: number): number {
  return dayOf(t) * SESSION_US + Math.min(SESSION_US, Math.max(0, timeOfDay(t) - OPEN_TOD));
}

/** x rounded to the nearest integer, ties away from zero, never −0. */
function roundAway(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x)) || 0;
}

/** Shares outstanding at launch: round(aumKrw / initialNavPerShare), at least 1. */
export function sharesOutstanding(p: Pick<LeveragedEtfParams, 'aumKrw' | 'initialNavPerShare'>): number {
  return Math.max(1, Math.round(p.aumKrw / p.initialNavPerShare));
}

/**
 * Fully invested at the initial prices with −SO of its own ETF. physical/swap: n = L·A/P0 shares rounded to 1
 * (negative for L < 0) and cash A − n·P0 (= A − L·A when L·A/P0 is whole), so the starting NAV is exactly A.
 * options: cash A (calls are bought on onStart).
 */
export function initialPortfolio(p: LeveragedEtfParams, info: AgentCreateInfo & { readonly initialPrices: readonly number[] }): InitialPortfolio {
  const iu = instrumentIndexIn(info.instruments, p.underlying, KIND, 'underlying');
  const ie = instrumentIndexIn(info.instruments, p.etf, KIND, 'etf');
  if (iu === ie) throw new Error(`${KIND}: params.etf and params.underlying are the same instrument "${p.etf}"`);
  const positions = info.instruments.map(() => 0);
  positions[ie] = -sharesOutstanding(p);
  if (p.exposure === 'options') return { cash: p.aumKrw, positions };
  const p0 = info.initialPrices[iu] ?? 0;
  const n = rebalanceShares(p.leverage * p.aumKrw, p0);
  positions[iu] = n;
  return { cash: p.aumKrw - n * p0, positions };
}

/** The leveraged-etf kind. */
export const spec: AgentKindSpec<LeveragedEtfParams> = {
  kind: KIND,
  description: 'Daily-reset leveraged/inverse ETF: closing rebalance A(L²−L)r + L·F (Cheng–Madhavan), NAV, AP settlement',
  params: Params,
  /** letf_rebalance_value (net sell, report currency), letf_share_of_turnover (sell value / turnover of the stocks
   *  traded), letf_close_share (share of the sell value in the last 30 minutes, closing auction included): stress day. */
  summaryMetrics(v: KindSummaryView): Record<string, number> {
    const d = v.stressDay;
    const sell = v.flow(d, 'sell-value');
    return {
      letf_rebalance_value: (sell - v.flow(d, 'buy-value')) / v.fxRate,
      letf_share_of_turnover: sell / v.turnoverOfStocksTraded(d),
      letf_close_share: sell > 0 ? v.sellValueBeforeClose(d, 30) / sell : NaN,
    };
  },
  create: (params: LeveragedEtfParams, _info: AgentCreateInfo): Agent => new LeveragedEtf(params),
  initialPortfolio,
};
