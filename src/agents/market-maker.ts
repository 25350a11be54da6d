// market-maker: two-sided quotes with inventory skew, volatility widening and liquidity withdrawal (the inventory
// skew of Avellaneda & Stoikov 2008, QF 8:217, in ticks; the withdrawal models liquidity drying up in a crash).
// Trigger: every quoteIntervalMs while an instrument trades continuously; when it leaves continuous trading (VI,
// halt, closing auction) its quotes are canceled and nothing is posted until it returns. Center c = the mid
// (lastPrice when a book side is empty; the latest news value if anchorToNews), u = tick at c, and for k < levels
//   skew = skewTicksPerUnit · position / lotUnit          (long inventory lowers both quotes)
//   bid_k = floor(c − (h + k·levelStepTicks + skew)·u),  ask_k = ceil(c + (h + k·levelStepTicks − skew)·u)
// with h = halfSpreadTicks, × widenFactor while σ > widenVolAnnual; if ask_0 <= bid_0 (only possible for h = 0)
// the ask ladder moves up one price. Levels outside the daily limits are left out. σ is annualised realised
// volatility: an EWMA (half-life halfLifeS) of squared log mid changes per quote interval, annualised with the
// scenario's session length × TRADING_DAYS_PER_YEAR. Liquidity responds (docs/model.md §4.3): with σ_ref =
// volRefAnnual, each quote's size is quoteQty·min(1, (σ_ref/σ)^depthVolElasticity) (depth thins as volatility
// rises), the half spread is multiplied by max(1, (σ/σ_ref)^spreadVolElasticity), and the center moves with the
// order-flow imbalance of the last imbalanceMinutes minutes, OFI = signed volume / (levels·quoteQty) clamped to
// ±1, by imbalanceSkewTicks·OFI ticks (buying pressure lifts both quotes: protection against adverse selection).
// Capital: once today's mark-to-market loss exceeds dailyLossLimit (currency; 0 = none) it stops quoting for the day.
// News: with newsRequote, a public release moves the centre of the next requote by the change it discloses,
// c = mid·F/F_prev (quotes are revised on news at once, as electronic market makers do; the level is not used). A side stops quoting (withdrawal) when σ > withdrawVolAnnual (both sides) or position >=
// maxInventory (bids) / <= −maxInventory (asks), and resumes once cooldownS has passed since the withdrawal AND
// the condition has cleared. Quotes whose price is unchanged and still open are kept (queue priority); the others
// are canceled before new ones are sent, so its own quotes never cross.
//
// Defaults (₩70,000 stock, tick 100; ~4 agents): 1 s requotes; 3 levels of 100 shares a side at half-spread 0.5
// tick give a 1-tick spread around a half-tick mid and 2 ticks around an on-tick mid; 400 shares of inventory
// skew the quotes by 1 tick; maxInventory 2000 (~₩140M). In a trial run on the real exchange (300 noise and 20
// value traders) this σ read 0.13 (median), 0.45 (99th percentile) and 0.58 (max) in a calm day, ~1.2 while 5% of
// a day's volume was sold in 10 minutes, and 10–140 in a crash to the limit: hence widening from 1.0 and
// withdrawal from 4.0. Known limit: the mid includes its own quotes, so a lone maker drifts with its skew.
import { z } from 'zod';
import { TRADING_DAYS_PER_YEAR, US_PER_MS, US_PER_S } from '../core/time.js';
import { BUY, LIMIT, SELL } from '../market/protocol.js';
import type { MarketView, MarketNotice, Side } from '../market/protocol.js';
import type { Agent, AgentContext } from './agent.js';
import type { AgentCreateInfo, AgentKindSpec } from './registry.js';
import { resolveInstruments } from './market-helpers.js';

const KIND = 'market-maker';
const TAG_QUOTE = 0;

const Params = z.strictObject({
  /** Requote period (milliseconds). */
  quoteIntervalMs: z.number().int().min(1).default(1000),
  /** Quote levels per side. */
  levels: z.number().int().min(1).default(3),
  /** Distance of the best quotes from the center (ticks). */
  halfSpreadTicks: z.number().nonnegative().default(0.5),
  /** Distance between consecutive levels (ticks). */
  levelStepTicks: z.number().int().min(1).default(1),
  /** Size of each quote (shares). */
  quoteQty: z.number().int().min(1).default(100),
  /** Quote shift per lotUnit shares of inventory (ticks). */
  skewTicksPerUnit: z.number().nonnegative().default(0.25),
  lotUnit: z.number().int().min(1).default(100),
  /** Inventory (shares) at which the side that would grow it stops quoting. */
  maxInventory: z.number().int().min(1).default(2000),
  /**
   * Where σ comes from: 'quotes' = the EWMA of its own mid changes per quote interval (below); 'minute' = the
   * market's realised volatility of 1-minute returns (MarketView), which a tick bounce between quotes does not inflate.
   */
  volSource: z.enum(['quotes', 'minute']).default('quotes'),
  /** Half-life of the realised-variance EWMA (seconds). */
  halfLifeS: z.number().positive().default(60),
  /** Annualised σ above which the half spread is multiplied by widenFactor. */
  widenVolAnnual: z.number().nonnegative().default(1),
  widenFactor: z.number().min(1).default(2),
  /** Annualised σ above which both sides are withdrawn. */
  withdrawVolAnnual: z.number().nonnegative().default(4),
  /** Minimum time out of the market after a withdrawal (seconds). */
  cooldownS: z.number().nonnegative().default(30),
  /** Center quotes on the latest public news value instead of the mid. */
  anchorToNews: z.boolean().default(false),
  /** Responsive liquidity (see the header): reference σ, depth and spread elasticities, order-flow skew. */
  volRefAnnual: z.number().positive().default(0.3),
  depthVolElasticity: z.number().nonnegative().default(0),
  spreadVolElasticity: z.number().nonnegative().default(0),
  imbalanceSkewTicks: z.number().nonnegative().default(0),
  imbalanceMinutes: z.int().min(0).default(1),
  /** Requote at once on a news release, the centre moved by the disclosed change F/F_prev. */
  newsRequote: z.boolean().default(false),
  /** Daily mark-to-market loss (currency) after which it stops quoting until the next day (0: no limit). */
  dailyLossLimit: z.number().nonnegative().default(0),
  /** Symbols quoted (empty: all instruments). */
  instruments: z.array(z.string()).default([]),
});
export type MarketMakerParams = z.output<typeof Params>;

class MarketMaker implements Agent {
  readonly kind = KIND;
  private readonly intervalUs: number;
  private readonly cooldownUs: number;
  /** EWMA weight of the old variance per interval, 0.5^(interval / half-life). */
  private readonly decay: number;
  private intervalsPerYear = 1;
  /** Latest news value per local instrument; the day's starting value; whether the loss limit stopped it today. */
  private news = new Float64Array(0);
  /** Disclosed log change not yet applied to a requote, per local instrument. */
  private newsShift = new Float64Array(0);
  private dayStartValue = 0;
  private stopped = false;
  /** Quote size in force for the instrument being quoted. */
  private qty = 0;
  private insts: Int32Array = new Int32Array(0);
  /** Per local instrument j: previous mid (0: none today) and EWMA variance of log mid changes per interval. */
  private prevMid = new Float64Array(0);
  private variance = new Float64Array(0);
  /** Per (j, side) at 2j + side: time the side was withdrawn, or -1 while quoting. */
  private withdrawnSince = new Float64Array(0);
  /** Per quote slot ((2j + side)·levels + k): handle (-1: none) and price of the resting quote. */
  private refs = new Float64Array(0);
  private prices = new Float64Array(0);
  /** Scratch: wanted prices of one instrument, bids then asks (0: no quote). */
  private readonly want: Float64Array;
  /** Time of the pending quote wake-up, or -1 while the chain is stopped. */
  private nextQuoteT = -1;

  constructor(private readonly p: MarketMakerParams) {
    this.intervalUs = p.quoteIntervalMs * US_PER_MS;
    this.cooldownUs = p.cooldownS * US_PER_S;
    this.decay = Math.pow(0.5, p.quoteIntervalMs / 1000 / p.halfLifeS);
    this.want = new Float64Array(2 * p.levels);
  }

  onStart(ctx: AgentContext): void {
    this.insts = resolveInstruments(ctx.market, this.p.instruments, KIND);
    this.intervalsPerYear = ((ctx.session.close - ctx.session.open) * TRADING_DAYS_PER_YEAR) / this.intervalUs;
    this.news = Float64Array.from(this.insts, (i) => ctx.market.basePrice(i));
    this.newsShift = new Float64Array(this.insts.length);
    this.qty = this.p.quoteQty;
    const n = this.insts.length;
    this.prevMid = new Float64Array(n);
    this.variance = new Float64Array(n);
    this.withdrawnSince = new Float64Array(2 * n).fill(-1);
    this.refs = new Float64Array(2 * n * this.p.levels).fill(-1);
    this.prices = new Float64Array(2 * n * this.p.levels);
    if (n > 0) this.schedule(ctx, 0);
  }

  onDayStart(ctx: AgentContext): void {
    this.prevMid.fill(0); // no overnight return in σ
    this.withdrawnSince.fill(-1);
    this.refs.fill(-1); // yesterday's quotes expired at the close
    this.dayStartValue = this.markToMarket(ctx);
    this.stopped = false;
    if (this.nextQuoteT < 0 && this.insts.length > 0) this.schedule(ctx, 0);
  }

  onMarketNotice(ctx: AgentContext, notice: MarketNotice): void {
    if (notice.kind === 'news') {
      const k = this.insts.indexOf(notice.instrument);
      if (k < 0 || notice.value === undefined || !(notice.value > 0)) return;
      if (this.p.newsRequote && this.news[k]! > 0) {
        this.newsShift[k]! += Math.log(notice.value / this.news[k]!);
        if (ctx.market.phase(notice.instrument) === 'continuous') this.quoteInstrument(ctx, k);
      }
      this.news[k] = notice.value;
      return;
    }
    if (notice.kind === 'phase-changed' && this.nextQuoteT < 0 && this.insts.length > 0) this.schedule(ctx, 0);
  }

  onWake(ctx: AgentContext, tag: number): void {
    if (tag !== TAG_QUOTE || ctx.now !== this.nextQuoteT) return;
    this.nextQuoteT = -1;
    let open = false;
    for (let j = 0; j < this.insts.length; j++) if (this.quoteInstrument(ctx, j)) open = true;
    if (open) this.schedule(ctx, this.intervalUs);
  }

  private schedule(ctx: AgentContext, dt: number): void {
    this.nextQuoteT = ctx.now + dt;
    ctx.wakeAfter(dt, TAG_QUOTE);
  }

  /** Requote instrument j; false when it is closed for the day (or not yet open). */
  private quoteInstrument(ctx: AgentContext, j: number): boolean {
    const m = ctx.market;
    const inst = this.insts[j]!;
    const phase = m.phase(inst);
    if (phase !== 'continuous') {
      this.place(ctx, j, false);
      return phase !== 'closed' && phase !== 'day-ended';
    }
    const bid = m.bestBid(inst);
    const ask = m.bestAsk(inst);
    const mid = bid > 0 && ask > 0 ? (bid + ask) / 2 : m.lastPrice(inst);
    const shift = this.newsShift[j]!;
    this.newsShift[j] = 0;
    const center = this.p.anchorToNews ? this.news[j]! : shift !== 0 ? mid * Math.exp(shift) : mid;
    if (!(mid > 0 && center > 0)) {
      this.place(ctx, j, false);
      return true;
    }
    const p = this.p;
    const quoteVol = this.updateVol(j, mid);
    const sigma = p.volSource === 'minute' ? m.realizedVolAnnual(inst, p.volRefAnnual) : quoteVol;
    const pos = ctx.portfolio.position(inst);
    if (!this.stopped && p.dailyLossLimit > 0 && this.markToMarket(ctx) - this.dayStartValue < -p.dailyLossLimit) this.stopped = true;
    const volOut = sigma > p.withdrawVolAnnual || this.stopped;
    const bidOn = this.sideOn(ctx.now, 2 * j + BUY, volOut || pos >= p.maxInventory);
    const askOn = this.sideOn(ctx.now, 2 * j + SELL, volOut || pos <= -p.maxInventory);
    const ratio = sigma / p.volRefAnnual;
    const half = p.halfSpreadTicks * (sigma > p.widenVolAnnual ? p.widenFactor : 1) * Math.max(1, Math.pow(ratio, p.spreadVolElasticity));
    this.qty = Math.max(1, Math.round(p.quoteQty * Math.min(1, Math.pow(ratio, -p.depthVolElasticity))));
    const ofi = p.imbalanceSkewTicks > 0
      ? Math.max(-1, Math.min(1, m.signedVolume(inst, p.imbalanceMinutes) / (p.levels * p.quoteQty)))
      : 0;
    this.quotePrices(m, inst, center, half, (p.skewTicksPerUnit * pos) / p.lotUnit - p.imbalanceSkewTicks * ofi);
    if (!bidOn) this.want.fill(0, 0, this.p.levels);
    if (!askOn) this.want.fill(0, this.p.levels);
    this.place(ctx, j, true);
    return true;
  }

  private markToMarket(ctx: AgentContext): number {
    return markToMarketOf(ctx, this.insts);
  }

  /** Annualised σ after folding in the log change from the previous mid. */
  private updateVol(j: number, mid: number): number {
    const prev = this.prevMid[j]!;
    this.prevMid[j] = mid;
    if (prev > 0) {
      const r = Math.log(mid / prev);
      this.variance[j] = this.decay * this.variance[j]! + (1 - this.decay) * r * r;
    }
    return Math.sqrt(this.variance[j]! * this.intervalsPerYear);
  }

  /** Whether a side quotes now, given whether its withdrawal condition holds (see the header). */
  private sideOn(now: number, s: number, condition: boolean): boolean {
    const since = this.withdrawnSince[s]!;
    if (since < 0) {
      if (!condition) return true;
      this.withdrawnSince[s] = now;
      return false;
    }
    if (condition || now - since < this.cooldownUs) return false;
    this.withdrawnSince[s] = -1;
    return true;
  }

  /** Fill `want` with the formula's prices (bids then asks); 0 for levels outside the limits. */
  private quotePrices(m: MarketView, inst: number, center: number, half: number, skew: number): void {
    const L = this.p.levels;
    const w = this.want;
    const u = m.tickAt(inst, center);
    for (let k = 0; k < L; k++) {
      const d = half + k * this.p.levelStepTicks;
      w[k] = m.floorPrice(inst, center - (d + skew) * u);
      w[L + k] = m.ceilPrice(inst, center + (d - skew) * u);
    }
    if (w[L]! <= w[0]!) for (let k = 0; k < L; k++) w[L + k] = m.ceilPrice(inst, w[L + k]! + 1);
    const lower = m.lowerLimit(inst);
    const upper = m.upperLimit(inst);
    for (let i = 0; i < 2 * L; i++) {
      const px = w[i]!;
      if (px <= 0 || (upper > 0 && (px < lower || px > upper))) w[i] = 0;
    }
  }

  /** Cancel quotes that are done or differ from `want` (all of them if !quote), then send the missing ones. */
  private place(ctx: AgentContext, j: number, quote: boolean): void {
    const L = this.p.levels;
    const base = 2 * j * L;
    for (let i = 0; i < 2 * L; i++) {
      const ref = this.refs[base + i]!;
      if (ref < 0) continue;
      const open = ctx.openQty(ref) > 0;
      if (open && quote && this.want[i] === this.prices[base + i]) continue;
      if (open) ctx.cancel(ref);
      this.refs[base + i] = -1;
    }
    if (!quote) return;
    const inst = this.insts[j]!;
    for (let i = 0; i < 2 * L; i++) {
      const price = this.want[i]!;
      if (this.refs[base + i]! >= 0 || price <= 0) continue;
      const side: Side = i < L ? BUY : SELL;
      this.refs[base + i] = ctx.submit({ instrument: inst, side, type: LIMIT, price, qty: this.qty });
      this.prices[base + i] = price;
    }
  }
}

/** Portfolio value at the last prices of the quoted instruments (cash + positions). */
function markToMarketOf(ctx: AgentContext, insts: Int32Array): number {
  let v = ctx.portfolio.cash;
  for (let j = 0; j < insts.length; j++) v += ctx.portfolio.position(insts[j]!) * ctx.market.lastPrice(insts[j]!);
  return v;
}

/** The market-maker kind. */
export const spec: AgentKindSpec<MarketMakerParams> = {
  kind: KIND,
  description: 'Layered two-sided quotes with inventory skew, volatility widening and liquidity withdrawal',
  params: Params,
  create: (params: MarketMakerParams, _info: AgentCreateInfo): Agent => new MarketMaker(params),
};
