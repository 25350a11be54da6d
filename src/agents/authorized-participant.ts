// authorized-participant: the ETF's authorized participant and liquidity provider (DOMAIN §4.2–§4.4).
// NAV: agents cannot read the fund's metrics, so NAV_{t−1} per share starts at initialNavPerShare and compounds at
// each close as the daily-reset formula inav(NAV, L, S_close, S_prevClose); the fund's own figure in every
// UnitsSettledMsg replaces it (picking up option-mode tracking error and rounding whenever the AP trades units).
// iNAV_t = inav(NAV_{t−1}, L, S_t, base), S_t the underlying's last price, base its previous close.
// Primary market, once a day at checkTime if the ETF has traded today: P = its last price; create k units, k =
// #{j in 1..maxUnitsPerDay : P > iNAV(1 + j·createBandPct/100)} (so ⌈π/band⌉ − 1 for premium π = P/iNAV − 1,
// capped), else redeem k = #{j : P < iNAV(1 − j·redeemBandPct/100)} — a UnitsOrderMsg to every agent of fundKind
// (funds of other ETFs ignore it), metric ap_units.<ETF> ('add', signed). The fund settles after the close at NAV.
// LP, every lpRequoteS while active: h = lpHalfSpreadPct/100, inventory skew q = clamp(position/lpMaxInventory, ±1),
// bid = floor(iNAV(1 − h(1 + q))), ask = ceil(iNAV(1 + h(1 − q))) on the ETF's tick ladder (centre iNAV(1 − h·q): a
// full inventory moves both quotes one half-spread, the reducing side to iNAV), lpQuoteQty shares each; no bid at
// position ≥ lpMaxInventory, no ask at ≤ −lpMaxInventory; prices outside the daily limits are left out; an open
// quote at an unchanged price and full size is kept (queue priority), others are canceled and replaced.
// Active: the ETF and the underlying trade continuously and it is 09:05 or later (the KRX LP duty lapses in the
// call auctions and the first 5 minutes, and without a live underlying there is no hedge: the June-2026 closing-
// auction dislocation, DOMAIN §0); with lpObligationInAuctions, whenever the ETF accepts orders and is not halted.
// On a phase change that makes it inactive its quotes are canceled at once (they would rest into the auction).
// Issue 10: intraday arbitrage (arbIntervalS > 0): while both trade continuously after 09:05, an IOC at the ETF's
// touch when it is more than arbBandPct from iNAV (sell a premium, buy a discount), inventory within ±lpMaxInventory;
// with unitsMode 'inventory' the daily units flatten that inventory (−round(position/cuShares), capped), so the
// AP recycles it through the primary market and |premium| stays near the band in continuous trading. Known limit:
// the AP does not hedge its ETF inventory in the underlying intraday. Source: DOMAIN §4.2–§4.3,
// docs/model-forced-flows.md §authorized-participant.
import { z } from 'zod';
import { clock, parseClock, US_PER_DAY, US_PER_S } from '../core/time.js';
import { inav } from '../finance/leverage.js';
import { BUY, IOC, LIMIT, SELL } from '../market/protocol.js';
import type { MarketNotice, MarketView, Phase, Side } from '../market/protocol.js';
import type { Agent, AgentContext } from './agent.js';
import { resolveInstrument } from './market-helpers.js';
import { messageOf } from './messages.js';
import type { UnitsOrderMsg } from './messages.js';
import type { AgentCreateInfo, AgentKindSpec, KindSummaryView } from './registry.js';

const KIND = 'authorized-participant';
const TAG_QUOTE = 0;
const TAG_CHECK = 1;
const TAG_ARB = 2;
/** LP duty starts 5 minutes after the 09:00 open. */
const LP_START_TOD = clock(9, 5);

const Params = z.strictObject({
  /** The ETF's symbol, its underlying's, and its leverage (must match the fund's). */
  etf: z.string().min(1),
  underlying: z.string().min(1),
  leverage: z.number().refine((l) => l !== 0 && Number.isFinite(l), 'leverage must be a non-zero number'),
  /** The fund's NAV per share at launch (won; the fund's initialNavPerShare). */
  initialNavPerShare: z.number().positive().default(10_000),
  /** Kind of the fund agents receiving unit orders. */
  fundKind: z.string().default('leveraged-etf'),
  /** Premium above which (discount below which) units are created (redeemed), in percent, per unit. */
  createBandPct: z.number().nonnegative().default(0.5),
  redeemBandPct: z.number().nonnegative().default(0.5),
  maxUnitsPerDay: z.number().int().nonnegative().default(5),
  /** Time of the daily creation/redemption decision (HH:MM[:SS]). */
  checkTime: z.string().default('15:10'),
  /** LP quoting: on/off, half spread around iNAV (percent), size (shares), requote period (s), inventory limit. */
  lpQuote: z.boolean().default(true),
  lpHalfSpreadPct: z.number().nonnegative().default(0.5),
  lpQuoteQty: z.number().int().min(1).default(1_000),
  lpRequoteS: z.number().positive().default(5),
  lpMaxInventory: z.number().int().min(1).default(50_000),
  /** Keep quoting in call auctions (KRX: the duty lapses there, and in the first 5 minutes). */
  lpObligationInAuctions: z.boolean().default(false),
  /** Intraday arbitrage (issue 10): every arbIntervalS (0 = off) while the LP is active, when the ETF's best bid is
   *  above iNAV(1 + arbBandPct/100) sell arbQty IOC at it (best ask below iNAV(1 − band): buy), within lpMaxInventory. */
  arbIntervalS: z.number().nonnegative().default(0),
  arbBandPct: z.number().positive().default(1),
  arbQty: z.number().int().min(1).default(10_000),
  /** Units at checkTime: 'premium' (the bands above) or 'inventory' (flatten the ETF inventory: −round(position /
   *  cuShares) units, capped at maxUnitsPerDay; a short LP creates, a long one redeems). */
  unitsMode: z.enum(['premium', 'inventory']).default('premium'),
  cuShares: z.number().int().min(1).default(50_000),
  /** The LP contract (KRX, DOMAIN §4.3 [S]): quoted spread 2·lpHalfSpreadPct at most lpMaxSpreadPct (1% for domestic
   *  equity ETFs) and at least lpMinQuoteQty shares a side (100); a params set breaking it is rejected. */
  lpMaxSpreadPct: z.number().positive().default(1),
  lpMinQuoteQty: z.number().int().min(1).default(100),
}).refine((p) => 2 * p.lpHalfSpreadPct <= p.lpMaxSpreadPct && p.lpQuoteQty >= p.lpMinQuoteQty, {
  message: 'LP obligation: 2 × lpHalfSpreadPct must be ≤ lpMaxSpreadPct and lpQuoteQty ≥ lpMinQuoteQty',
});
export type AuthorizedParticipantParams = z.output<typeof Params>;

/**
 * Signed creation units for ETF price `price` against `iNav` (see the header): compared as price·100 against
 * iNAV·(100 ± j·band) so that round inputs meet the band edges exactly. 0 when either price is not positive.
 */
export function creationUnits(
  price: number,
  iNav: number,
  p: Pick<AuthorizedParticipantParams, 'createBandPct' | 'redeemBandPct' | 'maxUnitsPerDay'>,
): number {
  if (!(price > 0 && iNav > 0)) return 0;
  let k = 0;
  while (k < p.maxUnitsPerDay && price * 100 > iNav * (100 + (k + 1) * p.createBandPct)) k++;
  if (k > 0) return k;
  while (k < p.maxUnitsPerDay && price * 100 < iNav * (100 - (k + 1) * p.redeemBandPct)) k++;
  return k === 0 ? 0 : -k;
}

/**
 * LP bid and ask (won; 0 = no quote on that side) around `iNav` for `inventory` ETF shares (see the header).
 */
export function lpQuotePrices(
  m: MarketView,
  inst: number,
  iNav: number,
  inventory: number,
  p: Pick<AuthorizedParticipantParams, 'lpHalfSpreadPct' | 'lpMaxInventory'>,
): { bid: number; ask: number } {
  // In percent so that round inputs give exact prices (1.005 is not a binary fraction; 100.5 is).
  const h = p.lpHalfSpreadPct;
  const q = Math.max(-1, Math.min(1, inventory / p.lpMaxInventory));
  let bid = inventory < p.lpMaxInventory ? m.floorPrice(inst, (iNav * (100 - h * (1 + q))) / 100) : 0;
  let ask = inventory > -p.lpMaxInventory ? m.ceilPrice(inst, (iNav * (100 + h * (1 - q))) / 100) : 0;
  if (bid > 0 && ask > 0 && ask <= bid) ask = m.ceilPrice(inst, bid + 1);
  const lower = m.lowerLimit(inst);
  const upper = m.upperLimit(inst);
  if (bid <= 0 || (upper > 0 && (bid < lower || bid > upper))) bid = 0;
  if (ask <= 0 || (upper > 0 && (ask < lower || ask > upper))) ask = 0;
  return { bid, ask };
}

/** Units that flatten an ETF inventory: −round(position/cuShares), capped at ±maxUnits (a short creates). */
export function inventoryUnits(position: number, cuShares: number, maxUnits: number): number {
  const u = -Math.sign(position) * Math.round(Math.abs(position) / cuShares);
  return Math.max(-maxUnits, Math.min(maxUnits, u)) || 0;
}

/**
 * Intraday arbitrage order against iNAV: sell at the bid when bid·100 > iNAV(100 + band), buy at the ask when
 * ask·100 < iNAV(100 − band); qty = min(arbQty, room to lpMaxInventory); qty 0 when inside the band or full.
 */
export function arbitrageOrder(
  bid: number, ask: number, iNav: number, inventory: number,
  p: Pick<AuthorizedParticipantParams, 'arbBandPct' | 'arbQty' | 'lpMaxInventory'>,
): { side: Side; price: number; qty: number } {
  if (bid > 0 && bid * 100 > iNav * (100 + p.arbBandPct)) {
    return { side: SELL, price: bid, qty: Math.max(0, Math.min(p.arbQty, p.lpMaxInventory + inventory)) };
  }
  if (ask > 0 && ask * 100 < iNav * (100 - p.arbBandPct)) {
    return { side: BUY, price: ask, qty: Math.max(0, Math.min(p.arbQty, p.lpMaxInventory - inventory)) };
  }
  return { side: BUY, price: 0, qty: 0 };
}

class AuthorizedParticipant implements Agent {
  readonly kind = KIND;
  private readonly checkTod: number;
  private readonly requoteUs: number;
  private etf = -1;
  private und = -1;
  /** NAV per share at the close of day navDay (−1: launch, before day 0). */
  private nav: number;
  private navDay = -1;
  /** Per side (BUY, SELL): handle (−1: none) and price of the LP quote. */
  private readonly refs = [-1, -1];
  private readonly prices = [0, 0];
  /** Time of the pending quote wake-up, or −1 while the chain is stopped. */
  private nextQuoteT = -1;

  constructor(private readonly p: AuthorizedParticipantParams) {
    this.checkTod = parseClock(p.checkTime);
    this.requoteUs = Math.max(1, Math.round(p.lpRequoteS * US_PER_S));
    this.nav = p.initialNavPerShare;
  }

  onStart(ctx: AgentContext): void {
    this.etf = resolveInstrument(ctx.market, this.p.etf, KIND, 'etf');
    this.und = resolveInstrument(ctx.market, this.p.underlying, KIND, 'underlying');
  }

  onDayStart(ctx: AgentContext): void {
    this.refs.fill(-1); // yesterday's quotes expired at the close
    const check = ctx.day * US_PER_DAY + this.checkTod;
    if (check >= ctx.now) ctx.wakeAt(check, TAG_CHECK);
    if (this.p.lpQuote && this.nextQuoteT < 0) this.schedule(ctx, 0);
    if (this.p.arbIntervalS > 0) ctx.wakeAt(Math.max(ctx.now, ctx.day * US_PER_DAY + LP_START_TOD), TAG_ARB);
  }

  onMarketNotice(ctx: AgentContext, notice: MarketNotice): void {
    if (notice.kind !== 'phase-changed' || (notice.instrument !== this.etf && notice.instrument !== this.und)) return;
    if (!this.active(ctx)) this.withdraw(ctx);
    if (this.p.lpQuote && this.nextQuoteT < 0) this.schedule(ctx, 0);
  }

  onWake(ctx: AgentContext, tag: number): void {
    if (tag === TAG_CHECK) return this.check(ctx);
    if (tag === TAG_ARB) return this.arbitrage(ctx);
    if (tag !== TAG_QUOTE || ctx.now !== this.nextQuoteT) return;
    this.nextQuoteT = -1;
    this.quote(ctx);
    const ph = ctx.market.phase(this.etf);
    if (ph !== 'closed' && ph !== 'day-ended') this.schedule(ctx, this.requoteUs);
  }

  onMessage(ctx: AgentContext, _from: number, raw: unknown): void {
    const msg = messageOf(raw);
    if (msg?.type !== 'units-settled' || msg.etf !== this.p.etf || !(msg.navPerShare > 0)) return;
    this.nav = msg.navPerShare;
    this.navDay = ctx.day;
  }

  /** Roll NAV forward by today's underlying return unless the fund's figure for today has already arrived. */
  onDayEnd(ctx: AgentContext): void {
    if (this.navDay >= ctx.day) return;
    const m = ctx.market;
    const base = m.basePrice(this.und);
    if (base > 0) this.nav = inav(this.nav, this.p.leverage, m.lastPrice(this.und), base);
    this.navDay = ctx.day;
  }

  /** Indicative NAV per share now (NaN without an underlying base price). */
  private indicativeNav(ctx: AgentContext): number {
    const base = ctx.market.basePrice(this.und);
    return base > 0 ? inav(this.nav, this.p.leverage, ctx.market.lastPrice(this.und), base) : NaN;
  }

  private check(ctx: AgentContext): void {
    const m = ctx.market;
    if (m.volumeToday(this.etf) === 0) return; // no price today: yesterday's close says nothing about iNAV now
    const units = this.p.unitsMode === 'inventory'
      ? inventoryUnits(ctx.portfolio.position(this.etf), this.p.cuShares, this.p.maxUnitsPerDay)
      : creationUnits(m.lastPrice(this.etf), this.indicativeNav(ctx), this.p);
    if (units === 0) return;
    const msg: UnitsOrderMsg = { type: 'units-order', etf: this.p.etf, units };
    for (const fund of ctx.directory(this.p.fundKind)) ctx.send(fund, msg);
    ctx.metric(`ap_units.${this.p.etf}`, units, 'add');
  }

  /** One intraday arbitrage check (header of Params.arbIntervalS), then the next one while the ETF is open. */
  private arbitrage(ctx: AgentContext): void {
    const m = ctx.market;
    const iNav = this.arbOpen(ctx) ? this.indicativeNav(ctx) : NaN;
    if (iNav > 0) {
      const o = arbitrageOrder(m.bestBid(this.etf), m.bestAsk(this.etf), iNav, ctx.portfolio.position(this.etf), this.p);
      if (o.qty > 0) ctx.submit({ instrument: this.etf, side: o.side, type: IOC, price: o.price, qty: o.qty });
    }
    const ph = m.phase(this.etf);
    if (ph !== 'closed' && ph !== 'day-ended') ctx.wakeAfter(Math.round(this.p.arbIntervalS * US_PER_S), TAG_ARB);
  }

  /** Both instruments trade continuously after 09:05 (the arbitrage window, also without LP quoting). */
  private arbOpen(ctx: AgentContext): boolean {
    const m = ctx.market;
    return m.phase(this.etf) === 'continuous' && m.phase(this.und) === 'continuous' && ctx.timeOfDay >= LP_START_TOD;
  }

  private schedule(ctx: AgentContext, dt: number): void {
    this.nextQuoteT = ctx.now + dt;
    ctx.wakeAfter(dt, TAG_QUOTE);
  }

  /** Whether the LP quotes now (see the header). */
  private active(ctx: AgentContext): boolean {
    if (!this.p.lpQuote) return false;
    const pe: Phase = ctx.market.phase(this.etf);
    if (this.p.lpObligationInAuctions) return pe !== 'closed' && pe !== 'day-ended' && pe !== 'halted';
    return pe === 'continuous' && ctx.market.phase(this.und) === 'continuous' && ctx.timeOfDay >= LP_START_TOD;
  }

  private quote(ctx: AgentContext): void {
    const iNav = this.active(ctx) ? this.indicativeNav(ctx) : NaN;
    if (!(iNav > 0)) return this.withdraw(ctx);
    const q = lpQuotePrices(ctx.market, this.etf, iNav, ctx.portfolio.position(this.etf), this.p);
    this.place(ctx, BUY, q.bid);
    this.place(ctx, SELL, q.ask);
  }

  private withdraw(ctx: AgentContext): void {
    this.place(ctx, BUY, 0);
    this.place(ctx, SELL, 0);
  }

  /** Make the quote on `side` rest at `price` (0: none), keeping an unchanged full-size quote. */
  private place(ctx: AgentContext, side: Side, price: number): void {
    const ref = this.refs[side]!;
    const open = ref >= 0 ? ctx.openQty(ref) : 0;
    if (open === this.p.lpQuoteQty && price === this.prices[side] && price > 0) return;
    if (open > 0) ctx.cancel(ref);
    this.refs[side] = -1;
    if (price <= 0) return;
    this.refs[side] = ctx.submit({ instrument: this.etf, side, type: LIMIT, price, qty: this.p.lpQuoteQty });
    this.prices[side] = price;
  }
}

/** The authorized-participant kind. */
export const spec: AgentKindSpec<AuthorizedParticipantParams> = {
  kind: KIND,
  description: 'ETF authorized participant (creates/redeems units at the premium bands) and LP quoting around iNAV',
  params: Params,
  /** ap_net_units: creation units created minus redeemed on the stress day (the ap_units.<ETF> metrics). */
  summaryMetrics: (v: KindSummaryView): Record<string, number> => ({ ap_net_units: v.metricSum(v.stressDay, 'ap_units.') }),
  create: (params: AuthorizedParticipantParams, _info: AgentCreateInfo): Agent => new AuthorizedParticipant(params),
};
