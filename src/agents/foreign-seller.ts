// foreign-seller: a foreign institution working a daily parent order through an execution algorithm (DOMAIN §8.1
// "foreign sellers": TWAP/VWAP, participation 5–15%, ₩1–3T a day in stress; target T11: net sell every stress day,
// spread across the session).
// Trigger: on each active day (`days`, trading-day indices; empty = every day) at startTime, or at the first
// moment after it when one of its instruments trades continuously, the day's parent value is sized as
//   V = valuePerDayKrw × max(0, 1 − indexSensitivity × r),  r = index / index at the previous close − 1
// (indexSensitivity > 0 sells more on down days; it needs an index), split over `instruments` by `weights`
// (normalised; empty = equal): parent_j = round(V·w_j / P_j) shares at P_j = the last price then. Each parent is
// worked from that moment to endTime by src/agents/execution.ts with `algo` (twap | vwap | pov), one slice every
// intervalS seconds, children capped at participationCap × the volume since the previous child (at least
// minChildQty; 0 = no cap), IOC at the touch ± aggressionTicks or resting limits replaced each slice (childStyle).
// What is not done by endTime is dropped (no carry-over to the next day). Metrics: foreign_net_value (add, signed
// won: buys +, sells −) and foreign_parent_value (set, V). Holdings come from the scenario's endowment (no
// initialPortfolio; positions may go negative without one).
import { z } from 'zod';
import { at, parseClock, US_PER_S } from '../core/time.js';
import { BUY, SELL } from '../market/protocol.js';
import type { OrderUpdate } from '../market/protocol.js';
import type { Agent, AgentContext } from './agent.js';
import { ExecutionSchedule, KRX_VOLUME_PROFILE, PROFILE_START_TOD } from './execution.js';
import type { ExecutionConfig } from './execution.js';
import { resolveInstruments } from './market-helpers.js';
import type { AgentCreateInfo, AgentKindSpec, KindSummaryView } from './registry.js';

const KIND = 'foreign-seller';
/** Wake-up tag of the daily sizing; schedule j uses TAG_SCHEDULE_BASE + j. */
const TAG_START = 0;
const TAG_SCHEDULE_BASE = 1;
/** Retry period while none of the instruments trades continuously after startTime. */
const RETRY_US = 5 * US_PER_S;

const Params = z.strictObject({
  /** Parent value per active day before index conditioning (won). */
  valuePerDayKrw: z.number().nonnegative().default(1e12),
  /** Active trading-day indices (empty: every day). */
  days: z.array(z.number().int().nonnegative()).default([]),
  /** Symbols traded (empty: all instruments) and their value weights (empty: equal). */
  instruments: z.array(z.string()).default([]),
  weights: z.array(z.number().nonnegative()).default([]),
  side: z.enum(['sell', 'buy']).default('sell'),
  algo: z.enum(['twap', 'vwap', 'pov']).default('vwap'),
  /** Largest child as a share of the volume since the previous child (0: no cap). */
  participationCap: z.number().nonnegative().default(0.1),
  /** The cap never goes below this many shares. */
  minChildQty: z.number().int().min(1).default(1),
  /** POV target share of the volume since the previous slice. */
  povRate: z.number().nonnegative().default(0.1),
  /** Clock times (HH:MM[:SS]) bounding the execution. */
  startTime: z.string().default('09:00'),
  endTime: z.string().default('15:20'),
  /** Slice interval (seconds). */
  intervalS: z.number().positive().default(60),
  childStyle: z.enum(['ioc', 'resting']).default('ioc'),
  /** Ticks beyond the opposite touch (negative: a passive resting price). */
  aggressionTicks: z.number().int().default(0),
  /** Index conditioning of the day's size (0: none). */
  indexSensitivity: z.number().default(0),
});
export type ForeignSellerParams = z.output<typeof Params>;

/** The day's parent value: valuePerDayKrw × max(0, 1 − indexSensitivity × indexReturn). */
export function parentValue(p: Pick<ForeignSellerParams, 'valuePerDayKrw' | 'indexSensitivity'>, indexReturn: number): number {
  return p.valuePerDayKrw * Math.max(0, 1 - p.indexSensitivity * indexReturn);
}

class ForeignSeller implements Agent {
  readonly kind = KIND;
  private insts: Int32Array = new Int32Array(0);
  private weights: number[] = [];
  private readonly cfg: ExecutionConfig;
  private schedules: ExecutionSchedule[] = [];
  /** Index value at the previous close (at the start before day 0). */
  private prevIndex = NaN;
  private startT = -1;

  constructor(private readonly p: ForeignSellerParams) {
    const startTod = parseClock(p.startTime);
    const endTod = parseClock(p.endTime);
    if (endTod <= startTod) throw new Error(`${KIND}: endTime ${p.endTime} must be after startTime ${p.startTime}`);
    this.cfg = {
      algo: p.algo, startTod, endTod, intervalUs: Math.round(p.intervalS * US_PER_S),
      participationCap: p.participationCap, minChildQty: p.minChildQty, povRate: p.povRate,
      aggressionTicks: p.aggressionTicks, style: p.childStyle,
      profile: KRX_VOLUME_PROFILE, profileStartTod: PROFILE_START_TOD,
    };
  }

  onStart(ctx: AgentContext): void {
    this.insts = resolveInstruments(ctx.market, this.p.instruments, KIND);
    const w = this.p.weights;
    if (w.length > 0 && w.length !== this.insts.length) {
      throw new Error(`${KIND}: ${w.length} weights for ${this.insts.length} instruments`);
    }
    const raw = w.length > 0 ? w : Array.from(this.insts, () => 1);
    const sum = raw.reduce((a, b) => a + b, 0);
    if (!(sum > 0)) throw new Error(`${KIND}: weights must not all be 0`);
    this.weights = raw.map((x) => x / sum);
    this.prevIndex = ctx.market.indexValue();
    if (this.p.indexSensitivity !== 0 && !Number.isFinite(this.prevIndex)) {
      throw new Error(`${KIND}: indexSensitivity needs a market index (the scenario has none)`);
    }
  }

  onDayStart(ctx: AgentContext): void {
    this.schedules = [];
    this.startT = -1;
    if (this.p.days.length > 0 && !this.p.days.includes(ctx.day)) return;
    this.startT = Math.max(ctx.now, at(ctx.day, this.cfg.startTod));
    ctx.wakeAt(this.startT, TAG_START);
  }

  onWake(ctx: AgentContext, tag: number): void {
    if (tag === TAG_START) {
      if (ctx.now === this.startT) this.size(ctx);
      return;
    }
    this.schedules[tag - TAG_SCHEDULE_BASE]?.onWake(ctx, tag);
  }

  onOrderUpdate(ctx: AgentContext, u: OrderUpdate): void {
    if (u.kind !== 'filled') return;
    for (const s of this.schedules) if (s.onUpdate(u)) break;
    ctx.metric('foreign_net_value', (u.side === BUY ? 1 : -1) * u.qty * u.price, 'add');
  }

  onDayEnd(ctx: AgentContext): void {
    this.prevIndex = ctx.market.indexValue();
    this.schedules = [];
  }

  /** Size the day's parents and start their schedules (or retry while nothing trades continuously). */
  private size(ctx: AgentContext): void {
    const m = ctx.market;
    this.startT = -1;
    if (!Array.from(this.insts).some((i) => m.phase(i) === 'continuous')) {
      if (ctx.now + RETRY_US < at(ctx.day, this.cfg.endTod)) {
        this.startT = ctx.now + RETRY_US;
        ctx.wakeAt(this.startT, TAG_START);
      }
      return;
    }
    const r = this.p.indexSensitivity !== 0 ? m.indexValue() / this.prevIndex - 1 : 0;
    const value = parentValue(this.p, r);
    ctx.metric('foreign_parent_value', value, 'set');
    // Sized late (halt, VI): the schedule covers what is left of [startTime, endTime).
    const cfg = ctx.timeOfDay > this.cfg.startTod ? { ...this.cfg, startTod: ctx.timeOfDay } : this.cfg;
    const side = this.p.side === 'buy' ? BUY : SELL;
    this.schedules = Array.from(this.insts, (inst, j) => {
      const px = m.lastPrice(inst);
      const qty = px > 0 ? Math.round((value * this.weights[j]!) / px) : 0;
      const s = new ExecutionSchedule(cfg, inst, side, qty, ctx.day, TAG_SCHEDULE_BASE + j, m.volumeToday(inst));
      s.begin(ctx);
      return s;
    });
  }
}

/** The foreign-seller kind. */
export const spec: AgentKindSpec<ForeignSellerParams> = {
  kind: KIND,
  description: 'Foreign institution working a daily parent order (TWAP/VWAP/POV with a participation cap), optionally sized by the index move',
  params: Params,
  /** foreign_net_value: net value (buy − sell) on the stress day, report currency. */
  summaryMetrics: (v: KindSummaryView): Record<string, number> => ({
    foreign_net_value: (v.flow(v.stressDay, 'buy-value') - v.flow(v.stressDay, 'sell-value')) / v.fxRate,
  }),
  create: (params: ForeignSellerParams, _info: AgentCreateInfo): Agent => new ForeignSeller(params),
};
