// metaorder: one synthetic parent order worked by TWAP, the probe of the impact experiment (`cascade impact`,
// docs/model.md §5; Tóth et al. 2011, PRX 1:021006).
// - Rule: on trading day `day` from `startTime`, split `qty` shares over durationMin minutes into equal child
//   orders every sliceS seconds; child k brings the cumulative target to ⌊qty·(k+1)/n⌋ (n = slices), and whatever
//   an earlier child left unfilled is added to the next one.
// - Execution: each child is an IOC limit aggressionTicks ticks through the opposite touch (clamped to the daily
//   limits); outside continuous trading (auction, halt) the child waits for the next slice.
// - Parameters (units): qty (shares), startTime (HH:MM), durationMin (minutes), sliceS (seconds), side.
// - Known limits: no participation cap and no anti-gaming randomisation; a remainder left at the end is dropped
//   (reported as the metric `metaorder_unfilled.<SYM>`).
import { z } from 'zod';
import { parseClock, US_PER_DAY, US_PER_S } from '../core/time.js';
import { BUY, IOC, SELL } from '../market/protocol.js';
import type { OrderUpdate, Side } from '../market/protocol.js';
import type { Agent, AgentContext } from './agent.js';
import type { AgentCreateInfo, AgentKindSpec } from './registry.js';
import { clampToLimits, resolveInstrument } from './market-helpers.js';

const KIND = 'metaorder';

const Params = z.strictObject({
  instrument: z.string(),
  side: z.enum(['buy', 'sell']).default('sell'),
  /** Parent quantity (shares). */
  qty: z.int().min(1),
  /** 0-based trading day and time of day of the first child. */
  day: z.int().min(0).default(0),
  startTime: z.string().default('09:30'),
  durationMin: z.number().positive().max(390).default(60),
  sliceS: z.number().positive().default(30),
  aggressionTicks: z.int().nonnegative().default(5),
});
export type MetaorderParams = z.output<typeof Params>;

/** Cumulative target after child k (0-based) of n: ⌊qty·(k+1)/n⌋ (the last child reaches qty exactly). */
export function twapTarget(qty: number, k: number, n: number): number {
  return k + 1 >= n ? qty : Math.floor((qty * (k + 1)) / n);
}

class Metaorder implements Agent {
  readonly kind = KIND;
  private inst = -1;
  private side: Side = SELL;
  private slices = 1;
  private k = 0;
  private filled = 0;

  constructor(private readonly p: MetaorderParams) {}

  onStart(ctx: AgentContext): void {
    this.inst = resolveInstrument(ctx.market, this.p.instrument, KIND, 'instrument');
    this.side = this.p.side === 'buy' ? BUY : SELL;
    this.slices = Math.max(1, Math.round((this.p.durationMin * 60) / this.p.sliceS));
    ctx.wakeAt(this.p.day * US_PER_DAY + parseClock(this.p.startTime));
  }

  onOrderUpdate(_ctx: AgentContext, u: OrderUpdate): void {
    if (u.kind === 'filled') this.filled += u.qty;
  }

  onWake(ctx: AgentContext): void {
    const m = ctx.market;
    const target = twapTarget(this.p.qty, this.k, this.slices);
    this.k++;
    const want = target - this.filled;
    const touch = this.side === BUY ? m.bestAsk(this.inst) : m.bestBid(this.inst);
    if (want > 0 && m.phase(this.inst) === 'continuous' && touch > 0) {
      const reach = this.p.aggressionTicks * m.tickAt(this.inst, touch);
      const price = clampToLimits(m, this.inst, this.side === BUY ? m.ceilPrice(this.inst, touch + reach) : m.floorPrice(this.inst, touch - reach));
      ctx.submit({ instrument: this.inst, side: this.side, type: IOC, price, qty: want });
    }
    if (this.k < this.slices) ctx.wakeAfter(this.p.sliceS * US_PER_S);
  }

  onDayEnd(ctx: AgentContext): void {
    if (ctx.day === this.p.day) ctx.metric(`metaorder_unfilled.${this.p.instrument}`, this.p.qty - this.filled);
  }
}

/** The metaorder kind. */
export const spec: AgentKindSpec<MetaorderParams> = {
  kind: KIND,
  description: 'A synthetic TWAP parent order (the impact experiment’s probe)',
  params: Params,
  create: (params: MetaorderParams, _info: AgentCreateInfo): Agent => new Metaorder(params),
};
