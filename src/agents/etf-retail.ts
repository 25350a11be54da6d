// etf-retail: retail order flow in a leveraged ETF — random continuous trading plus dip-buying at the close
// (DOMAIN §1.4 "momentum-chasing retail", 92.7% retail net buying; §4.3 the June-2026 closing-auction dislocation).
// - Rule: every intervalS in continuous trading, with probability tradeProb, one IOC order of orderQty ETF shares at
//   the opposite touch + aggressionTicks (buy with probability buyProb, else sell). At the ETF's closing-auction start
//   one market-on-close BUY (a limit at the upper limit) of value V = closingBuyKrw + dipBuyKrwPerPct·max(0, −100·r),
//   r = S/S_prevClose − 1 of the underlying; V/P_ETF shares rounded down.
// - Trigger: wake-ups every intervalS from 09:00 while the ETF trades continuously; the ETF's 'closing-auction' phase.
// - Execution: program = false (retail); IOC children never rest; the closing order rests in the auction. With the
//   LP's duty lapsed in the auction (authorized-participant), a large MOC buy against thin sells prints far above
//   NAV: the T12 dislocation, for the mechanism the incident report gives.
// - Parameters: etf, underlying (symbols), intervalS (s), tradeProb, buyProb (probabilities), orderQty (shares),
//   aggressionTicks (ticks), closingBuyKrw, dipBuyKrwPerPct (won, won per 1% fall).
// - Known limits: no budget or holdings check (agents are not cash-constrained); no selling in the auction; flow
//   does not depend on the ETF's own premium.
// - Source: docs/model-forced-flows.md §etf-retail; DOMAIN §1.4, §4.3, §8.2 T12.
import { z } from 'zod';
import { clock, US_PER_DAY, US_PER_S } from '../core/time.js';
import { BUY, IOC, LIMIT, SELL } from '../market/protocol.js';
import type { MarketNotice } from '../market/protocol.js';
import type { Agent, AgentContext } from './agent.js';
import { instrumentIndexIn, resolveInstrument, throughTouch } from './market-helpers.js';
import type { AgentCreateInfo, AgentKindSpec, InitialPortfolio } from './registry.js';

const KIND = 'etf-retail';
const TAG_TRADE = 0;
const START_TOD = clock(9, 0);

const Params = z.strictObject({
  etf: z.string().min(1),
  underlying: z.string().min(1),
  intervalS: z.number().positive().default(30),
  tradeProb: z.number().min(0).max(1).default(0.5),
  buyProb: z.number().min(0).max(1).default(0.5),
  orderQty: z.number().int().min(1).default(100),
  aggressionTicks: z.number().int().min(0).default(0),
  /** Market-on-close buying: a base value (won) plus won per 1% fall of the underlying today. */
  closingBuyKrw: z.number().nonnegative().default(0),
  dipBuyKrwPerPct: z.number().nonnegative().default(0),
});
export type EtfRetailParams = z.output<typeof Params>;

/** Market-on-close buy value (won) for underlying return r: base + perPct·max(0, −100r). */
export function closingBuyValue(p: Pick<EtfRetailParams, 'closingBuyKrw' | 'dipBuyKrwPerPct'>, r: number): number {
  return p.closingBuyKrw + p.dipBuyKrwPerPct * Math.max(0, -100 * r);
}

class EtfRetail implements Agent {
  readonly kind = KIND;
  private etf = -1;
  private und = -1;
  private nextT = -1;
  private closeSent = -1;
  private readonly intervalUs: number;

  constructor(private readonly p: EtfRetailParams) {
    this.intervalUs = Math.round(p.intervalS * US_PER_S);
  }

  onStart(ctx: AgentContext): void {
    this.etf = resolveInstrument(ctx.market, this.p.etf, KIND, 'etf');
    this.und = resolveInstrument(ctx.market, this.p.underlying, KIND, 'underlying');
  }

  onDayStart(ctx: AgentContext): void {
    if (this.p.tradeProb === 0) return;
    this.nextT = Math.max(ctx.now, ctx.day * US_PER_DAY + START_TOD);
    ctx.wakeAt(this.nextT, TAG_TRADE);
  }

  onWake(ctx: AgentContext, tag: number): void {
    if (tag !== TAG_TRADE || ctx.now !== this.nextT) return;
    const m = ctx.market;
    const ph = m.phase(this.etf);
    if (ph === 'closing-auction' || ph === 'closed' || ph === 'day-ended') return;
    if (ph === 'continuous' && ctx.rng.bernoulli(this.p.tradeProb)) {
      const side = ctx.rng.bernoulli(this.p.buyProb) ? BUY : SELL;
      const price = throughTouch(m, this.etf, side, this.p.aggressionTicks);
      if (price > 0) ctx.submit({ instrument: this.etf, side, type: IOC, price, qty: this.p.orderQty });
    }
    ctx.wakeAt((this.nextT = ctx.now + this.intervalUs), TAG_TRADE);
  }

  onMarketNotice(ctx: AgentContext, n: MarketNotice): void {
    if (n.kind !== 'phase-changed' || n.instrument !== this.etf || n.phase !== 'closing-auction' || this.closeSent === ctx.day) return;
    this.closeSent = ctx.day;
    const m = ctx.market;
    const base = m.basePrice(this.und);
    const pEtf = m.lastPrice(this.etf) > 0 ? m.lastPrice(this.etf) : m.basePrice(this.etf);
    if (!(base > 0 && pEtf > 0)) return;
    const qty = Math.floor(closingBuyValue(this.p, m.lastPrice(this.und) / base - 1) / pEtf);
    const upper = m.upperLimit(this.etf);
    if (qty > 0 && upper > 0) ctx.submit({ instrument: this.etf, side: BUY, type: LIMIT, price: upper, qty });
  }
}

/** The etf-retail kind. */
export const spec: AgentKindSpec<EtfRetailParams> = {
  kind: KIND,
  description: 'Retail flow in an ETF: random IOC trading and dip-buying market-on-close orders in the closing auction',
  params: Params,
  create: (params: EtfRetailParams, _info: AgentCreateInfo): Agent => new EtfRetail(params),
  initialPortfolio(params, info): InitialPortfolio {
    instrumentIndexIn(info.instruments, params.etf, KIND, 'etf');
    instrumentIndexIn(info.instruments, params.underlying, KIND, 'underlying');
    return { cash: 0, positions: info.instruments.map(() => 0) };
  },
};
