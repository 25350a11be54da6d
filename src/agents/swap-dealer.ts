// swap-dealer: the bank on the other side of leveraged funds' total-return swaps (DOMAIN §1.5), holding the hedge.
// - Rule: a fund of `exposure: swap` finds the dealer of its underlying by an opening SwapResetMsg (open: true) to
//   every dealer (this one answers only for its own underlying, booking nothing), then resets its swap with the
//   first one that answered, at the start and after every close, to N = L·NAV/S shares; the dealer accepts up to its capacity (SwapAckMsg), holds H = Σ N_f shares as its hedge and works the change on its
//   own schedule. The fund pays financing on the notional and settles the swap's P&L daily (ctx.transfer).
// - Formula: intraday target H*(S) = Σ_f L_f·(nav_f + N_f·(S − S_f))/S (the notional each fund will ask at a close at
//   S, i.e. Cheng–Madhavan's A(L² − L)r in shares), scaled down so that |H*|·S ≤ maxNotionalKrw; accepted notional
//   at a reset: what fits in the capacity left by the other funds. Financing per day = |N_f|·S_f·bp/1e4/252
//   (finance/leverage.ts swapFinancingPerDay), paid by the fund with the day's P&L N_f·(S_close − S_f).
// - Trigger: schedule 'twap': every 30 s over the last twapMinutes before closeTime, remaining/(slices left + 1);
//   'moc' (and the rest of 'twap'): at the closing-auction start. Nothing when the run has no swap funds.
// - Execution: continuous: IOC limits aggressionTicks through the touch (market-helpers throughTouch), program
//   orders; closing auction: a limit at the daily limit, or with closeLimitPct > 0 a limit-on-close that many
//   percent through the last price (KRX accepts LOC orders in the auctions, DOMAIN §5.3). The unfilled part is carried (H drifts from Σ N_f: the
//   dealer's own risk, reported as swap_hedge_gap.<SYM>).
// - Parameters: underlying (symbol), financingBpAnnual (bp/yr; stress reports >1,000 bp [S]), maxNotionalKrw (won;
//   0 = unlimited), schedule, closeTime (HH:MM), twapMinutes (min), aggressionTicks (ticks), closeLimitPct (%; 0 =
//   at the daily limit).
// - Metrics: swap_hedge_value.<SYM> (signed won filled, 'add'), swap_notional.<SYM> (Σ N_f·S at the close, 'set'),
//   swap_hedge_gap.<SYM> (shares H − Σ N_f at the close, 'set'); the fund reports letf_swap_financing.<UND>.
// - Known limits: one dealer per underlying serves every swap fund (the first in the directory); no pre-hedging
//   before the twap window; financing is a flat spread (no funding curve); the fund's reset is at its closing NAV.
// - Source: docs/model-forced-flows.md §swap-dealer; DOMAIN §1.3, §1.5.
import { z } from 'zod';
import { parseClock, US_PER_DAY, US_PER_MIN, US_PER_S } from '../core/time.js';
import { BUY, IOC, LIMIT, MARKET, SELL } from '../market/protocol.js';
import type { MarketNotice, OrderRequest, OrderUpdate } from '../market/protocol.js';
import type { Agent, AgentContext } from './agent.js';
import { auctionLimitPrice, instrumentIndexIn, resolveInstrument, throughTouch } from './market-helpers.js';
import { messageOf } from './messages.js';
import type { SwapAckMsg } from './messages.js';
import type { AgentCreateInfo, AgentKindSpec, InitialPortfolio, KindSummaryView } from './registry.js';

const KIND = 'swap-dealer';
const TAG_SLICE = 0;
const SLICE_US = 30 * US_PER_S;

const Params = z.strictObject({
  underlying: z.string().min(1),
  financingBpAnnual: z.number().nonnegative().default(100),
  /** Largest |Σ notional| (won) the dealer carries; 0 = unlimited. */
  maxNotionalKrw: z.number().nonnegative().default(0),
  schedule: z.enum(['moc', 'twap']).default('twap'),
  closeTime: z.string().default('15:20'),
  twapMinutes: z.number().int().min(1).default(30),
  aggressionTicks: z.number().int().min(0).default(1),
  /** Closing-auction order: 0 = at the daily limit (market-on-close); > 0 = limit-on-close this many percent through
   *  the last price, the unfilled rest carried as the hedge gap. */
  closeLimitPct: z.number().nonnegative().default(0),
});
export type SwapDealerParams = z.output<typeof Params>;

/** One fund's swap as of its last reset. */
interface SwapLine {
  readonly fund: number;
  notional: number;
  resetPrice: number;
  nav: number;
  leverage: number;
}

/** Capacity factor: 1, or maxNotional/|notional value| when that is smaller (0 = unlimited). */
export function capacityFactor(notionalValue: number, maxNotionalKrw: number): number {
  const v = Math.abs(notionalValue);
  return maxNotionalKrw > 0 && v > maxNotionalKrw ? maxNotionalKrw / v : 1;
}

/** Σ_f L_f·(nav_f + N_f(S − S_f))/S: the shares the funds will hold by swap after resetting at S. */
export function swapTargetShares(lines: readonly Pick<SwapLine, 'notional' | 'resetPrice' | 'nav' | 'leverage'>[], s: number): number {
  let h = 0;
  for (const l of lines) h += (l.leverage * (l.nav + l.notional * (s - l.resetPrice))) / s;
  return h;
}

class SwapDealer implements Agent {
  readonly kind = KIND;
  private inst = -1;
  private sym = '';
  private readonly lines: SwapLine[] = [];
  private readonly closeTod: number;
  private committed = 0;
  private closeDone = false;
  private nextSliceT = -1;

  constructor(private readonly p: SwapDealerParams) {
    this.closeTod = parseClock(p.closeTime);
  }

  onStart(ctx: AgentContext): void {
    this.inst = resolveInstrument(ctx.market, this.p.underlying, KIND, 'underlying');
    this.sym = ctx.market.symbol(this.inst);
  }

  onDayStart(ctx: AgentContext): void {
    this.committed = 0;
    this.closeDone = false;
    if (this.p.schedule !== 'twap') return;
    this.nextSliceT = Math.max(ctx.now, ctx.day * US_PER_DAY + this.closeTod - this.p.twapMinutes * US_PER_MIN);
    ctx.wakeAt(this.nextSliceT, TAG_SLICE);
  }

  onMessage(ctx: AgentContext, from: number, raw: unknown): void {
    const msg = messageOf(raw);
    if (msg?.type !== 'swap-reset' || msg.underlying !== this.p.underlying) return;
    if (msg.open === true) {
      const offer: SwapAckMsg = { type: 'swap-ack', underlying: this.p.underlying, notionalShares: msg.notionalShares, financingBpAnnual: this.p.financingBpAnnual };
      return ctx.send(from, offer); // a fund looking for the dealer of its underlying: book nothing yet
    }
    let line = this.lines.find((l) => l.fund === from);
    if (line === undefined) this.lines.push((line = { fund: from, notional: 0, resetPrice: 0, nav: 0, leverage: 0 }));
    line.resetPrice = msg.resetPrice;
    line.nav = msg.nav;
    line.leverage = msg.leverage;
    const others = this.lines.reduce((v, l) => v + (l === line ? 0 : l.notional * l.resetPrice), 0);
    const room = this.p.maxNotionalKrw > 0 ? Math.max(0, this.p.maxNotionalKrw - Math.abs(others)) : Infinity;
    const want = msg.notionalShares * msg.resetPrice;
    line.notional = Math.abs(want) > room ? Math.trunc((Math.sign(want) * room) / msg.resetPrice) : msg.notionalShares;
    const ack: SwapAckMsg = { type: 'swap-ack', underlying: this.p.underlying, notionalShares: line.notional, financingBpAnnual: this.p.financingBpAnnual };
    ctx.send(from, ack);
  }

  onMarketNotice(ctx: AgentContext, n: MarketNotice): void {
    if (n.kind === 'phase-changed' && n.instrument === this.inst && n.phase === 'closing-auction') this.close(ctx);
  }

  onWake(ctx: AgentContext, tag: number): void {
    if (tag !== TAG_SLICE || ctx.now !== this.nextSliceT) return;
    this.nextSliceT = -1;
    const tod = ctx.timeOfDay;
    if (this.closeDone || tod >= this.closeTod) return;
    const s = ctx.market.lastPrice(this.inst);
    if (ctx.market.phase(this.inst) === 'continuous' && s > 0) {
      const left = Math.ceil((this.closeTod - tod) / SLICE_US);
      this.send(ctx, roundAway((this.target(s) - ctx.portfolio.position(this.inst) - this.committed) / (left + 1)));
    }
    if (tod + SLICE_US < this.closeTod) ctx.wakeAt((this.nextSliceT = ctx.now + SLICE_US), TAG_SLICE);
  }

  onOrderUpdate(ctx: AgentContext, u: OrderUpdate): void {
    if (u.instrument !== this.inst) return;
    const sign = u.side === BUY ? 1 : -1;
    if (u.kind === 'filled') {
      this.committed -= sign * u.qty; // now in the position
      ctx.metric(`swap_hedge_value.${this.sym}`, sign * u.price * u.qty, 'add');
    } else if (u.kind === 'canceled' || u.kind === 'expired' || u.kind === 'rejected') this.committed -= sign * u.qty;
  }

  onDayEnd(ctx: AgentContext): void {
    const s = ctx.market.lastPrice(this.inst);
    let n = 0;
    for (const l of this.lines) n += l.notional;
    ctx.metric(`swap_notional.${this.sym}`, n * s);
    ctx.metric(`swap_hedge_gap.${this.sym}`, ctx.portfolio.position(this.inst) - n);
  }

  /** H*(S) capped by capacity (header). */
  private target(s: number): number {
    const h = swapTargetShares(this.lines, s);
    return h * capacityFactor(h * s, this.p.maxNotionalKrw);
  }

  private close(ctx: AgentContext): void {
    if (this.closeDone) return;
    this.closeDone = true;
    const s = ctx.market.lastPrice(this.inst);
    if (s > 0) this.send(ctx, roundAway(this.target(s)) - ctx.portfolio.position(this.inst) - this.committed);
  }

  private send(ctx: AgentContext, shares: number): void {
    if (shares === 0) return;
    const m = ctx.market;
    const side = shares > 0 ? BUY : SELL;
    const limit = auctionLimitPrice(m, this.inst, side, this.p.closeLimitPct);
    let o: OrderRequest;
    if (m.phase(this.inst) === 'continuous') {
      const price = throughTouch(m, this.inst, side, this.p.aggressionTicks);
      if (price <= 0) return;
      o = { instrument: this.inst, side, type: IOC, price, qty: Math.abs(shares), program: true };
    } else o = { instrument: this.inst, side, type: limit > 0 ? LIMIT : MARKET, price: limit, qty: Math.abs(shares), program: true };
    ctx.submit(o);
    this.committed += shares;
  }
}

function roundAway(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x)) || 0;
}

/** The swap-dealer kind. */
export const spec: AgentKindSpec<SwapDealerParams> = {
  kind: KIND,
  description: 'Total-return-swap dealer: holds and rebalances the hedge of swap-based leveraged funds, with capacity and financing',
  params: Params,
  /** swap_hedge_value: the swap dealers' net hedge value (buy − sell) on the stress day, report currency. */
  summaryMetrics: (v: KindSummaryView): Record<string, number> => ({
    swap_hedge_value: (v.flow(v.stressDay, 'buy-value') - v.flow(v.stressDay, 'sell-value')) / v.fxRate,
  }),
  create: (params: SwapDealerParams, _info: AgentCreateInfo): Agent => new SwapDealer(params),
  initialPortfolio(params, info): InitialPortfolio {
    instrumentIndexIn(info.instruments, params.underlying, KIND, 'underlying');
    return { cash: 0, positions: info.instruments.map(() => 0) };
  },
};
