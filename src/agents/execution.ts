// Parent-order execution shared by agents: TWAP / VWAP / POV slicing with a participation cap, and an
// ExecutionSchedule an agent drives from onWake/onOrderUpdate. Pure schedule functions first (exact, integer
// shares: cumulative rounding makes slices sum to the parent and stay within 1 share of proportional), then the
// driver. Contract: a child never exceeds the parent's unfilled, unsent remainder nor (cap > 0) the cap
// max(minChildQty, ⌊cap·ΔV⌋), ΔV = market volume since the last child; shortfalls carry to later slices
// (TWAP/VWAP); what is left at endTime is abandoned. Known limit: see ExecutionSchedule (cancel races).
import { at, clock, US_PER_MIN } from '../core/time.js';
import { IOC, LIMIT } from '../market/protocol.js';
import type { OrderUpdate, Phase, Side } from '../market/protocol.js';
import type { AgentContext } from './agent.js';
import { throughTouch } from './market-helpers.js';

export type ExecutionAlgo = 'twap' | 'vwap' | 'pov';
/** 'ioc': limit IOC children; 'resting': day limits canceled and replaced at each slice (and at endTime). */
export type ChildStyle = 'ioc' | 'resting';

/** Width of one intraday volume-profile bucket (30 minutes) and the profile's start (09:00). */
export const PROFILE_BUCKET_US = 30 * US_PER_MIN;
export const PROFILE_START_TOD = clock(9, 0);
/**
 * KRX-like U-shaped volume profile: relative weights of the 13 half-hours 09:00–15:30 (the last one holds the
 * 15:20–15:30 closing auction). First and last half-hours are ≥ 1.5× the midday average (DOMAIN §8.2 S9).
 */
export const KRX_VOLUME_PROFILE: readonly number[] = [1.8, 1.2, 1.0, 0.9, 0.8, 0.75, 0.7, 0.7, 0.75, 0.8, 0.9, 1.1, 1.9];

/** How a parent order is worked. Times are µs since midnight. */
export interface ExecutionConfig {
  readonly algo: ExecutionAlgo;
  readonly startTod: number;
  readonly endTod: number;
  readonly intervalUs: number;
  /** Largest child as a share of the volume since the last child (0: no cap). */
  readonly participationCap: number;
  /** The cap never goes below this many shares. */
  readonly minChildQty: number;
  /** POV: child = round(povRate × volume since the last slice). */
  readonly povRate: number;
  /** Ticks beyond the opposite touch (negative: behind it, a passive resting child). */
  readonly aggressionTicks: number;
  readonly style: ChildStyle;
  /** Volume weights per PROFILE_BUCKET_US from profileStartTod (VWAP). */
  readonly profile: readonly number[];
  readonly profileStartTod: number;
}

/** Slice times startTod + k·intervalUs for every k with the time < endTod (none if endTod <= startTod). */
export function sliceTimes(startTod: number, endTod: number, intervalUs: number): number[] {
  if (!(intervalUs > 0)) throw new RangeError(`intervalUs must be positive, got ${intervalUs}`);
  const out: number[] = [];
  for (let t = startTod; t < endTod; t += intervalUs) out.push(t);
  return out;
}

/**
 * Integer split of `total` in proportion to `weights` by cumulative rounding: slice k = round(total·S_k/W) −
 * round(total·S_{k−1}/W), S_k the cumulative weight. Sums to `total`; each slice is within 1 of proportional.
 * Equal weights when they sum to 0.
 */
export function allocateProportional(total: number, weights: readonly number[]): number[] {
  const n = weights.length;
  if (n === 0) return [];
  let sum = 0;
  for (const w of weights) sum += w;
  const even = !(sum > 0);
  const out = new Array<number>(n);
  let cum = 0;
  let prev = 0;
  for (let k = 0; k < n; k++) {
    cum += even ? 1 : weights[k]!;
    const c = k === n - 1 ? total : Math.round((total * cum) / (even ? n : sum));
    out[k] = c - prev;
    prev = c;
  }
  return out;
}

/** TWAP: `total` split over `n` slices as equally as integers allow. */
export function twapSlices(total: number, n: number): number[] {
  return allocateProportional(total, new Array<number>(n).fill(1));
}

/**
 * Profile weight of each slice window [t_k, min(t_k + intervalUs, endTod)): Σ_b w_b × overlap with bucket b /
 * bucket width (buckets of PROFILE_BUCKET_US from profileStartTod; zero outside the profile).
 */
export function profileWeights(
  times: readonly number[], endTod: number, intervalUs: number, profile: readonly number[], profileStartTod: number,
): number[] {
  return times.map((t) => {
    const a = t;
    const b = Math.min(t + intervalUs, endTod);
    let w = 0;
    for (let k = 0; k < profile.length; k++) {
      const lo = profileStartTod + k * PROFILE_BUCKET_US;
      const overlap = Math.min(b, lo + PROFILE_BUCKET_US) - Math.max(a, lo);
      if (overlap > 0) w += (profile[k]! * overlap) / PROFILE_BUCKET_US;
    }
    return w;
  });
}

/** VWAP: `total` split over the slices of [startTod, endTod) in proportion to the volume profile. */
export function vwapSlices(
  total: number, startTod: number, endTod: number, intervalUs: number,
  profile: readonly number[] = KRX_VOLUME_PROFILE, profileStartTod = PROFILE_START_TOD,
): number[] {
  const times = sliceTimes(startTod, endTod, intervalUs);
  return allocateProportional(total, profileWeights(times, endTod, intervalUs, profile, profileStartTod));
}

/** The participation cap on a child: max(minQty, ⌊capPct·volumeSince⌋); Infinity when capPct is 0. */
export function participationCapQty(volumeSince: number, capPct: number, minQty: number): number {
  return capPct > 0 ? Math.max(minQty, Math.floor(capPct * volumeSince + 1e-9)) : Infinity;
}

/** POV target child: round(rate × volume since the last slice). */
export function povTargetQty(volumeSince: number, rate: number): number {
  return Math.max(0, Math.round(rate * volumeSince));
}

/**
 * Child limit price: the opposite touch moved aggressionTicks ticks further (a sell below the bid, a buy above
 * the ask), on the tick ladder and inside the daily limits; 0 when the opposite side is empty (market-helpers).
 */
export const childPrice = throughTouch;

/** Whether a child of `style` can be sent in `phase` (IOC only trades continuously; nothing while halted/shut). */
export function childAllowed(style: ChildStyle, phase: Phase): boolean {
  if (style === 'ioc') return phase === 'continuous';
  return phase !== 'halted' && phase !== 'closed' && phase !== 'day-ended';
}

/**
 * One parent order on one instrument for one day. The owner calls `begin` once, forwards wake-ups with its tag
 * to `onWake` and its order updates to `onUpdate`. At slice k it sends one child of
 *   TWAP/VWAP: min(cap, C_k − filled − open)   (C_k the cumulative schedule: shortfalls carry forward)
 *   POV:       min(cap, round(povRate·ΔV_slice), parent − filled − open)
 * Resting children are canceled before the next slice and at endTod. A canceled child's open quantity still
 * bounds the parent (so fills never exceed it) but no longer counts against the schedule; a fill racing its
 * cancel is counted when it arrives.
 */
export class ExecutionSchedule {
  /** Shares filled and their value (currency). */
  filled = 0;
  filledValue = 0;
  private readonly times: number[];
  private readonly cumulative: number[];
  private k = 0;
  private nextT = -1;
  private readonly live: number[] = [];
  private readonly canceling: number[] = [];
  private volAtChild: number;
  private volAtSlice: number;

  /** `volumeNow`: the instrument's volume today when the parent is created (the first windows start there). */
  constructor(
    readonly cfg: ExecutionConfig, readonly inst: number, readonly side: Side, readonly total: number,
    readonly day: number, readonly tag: number, volumeNow: number,
  ) {
    this.times = sliceTimes(cfg.startTod, cfg.endTod, cfg.intervalUs);
    const slices = cfg.algo === 'vwap'
      ? allocateProportional(total, profileWeights(this.times, cfg.endTod, cfg.intervalUs, cfg.profile, cfg.profileStartTod))
      : twapSlices(total, this.times.length);
    let c = 0;
    this.cumulative = slices.map((q) => (c += q));
    this.volAtChild = volumeNow;
    this.volAtSlice = volumeNow;
  }

  /** Schedule the first slice (at its time, or now if that has passed). */
  begin(ctx: AgentContext): void {
    if (this.total > 0 && this.times.length > 0) this.wake(ctx, this.times[0]!);
  }

  /** True once every slice has run (or the parent is complete). */
  get done(): boolean {
    return this.nextT < 0;
  }

  /** Handle a wake-up; false if it is not this schedule's (other tag, or a stale time). */
  onWake(ctx: AgentContext, tag: number): boolean {
    if (tag !== this.tag || ctx.now !== this.nextT) return false;
    this.nextT = -1;
    if (this.cfg.style === 'resting') this.cancelLive(ctx);
    if (this.k >= this.times.length) return true; // the endTod wake: resting leftovers canceled
    this.slice(ctx, this.k++);
    if (this.k < this.times.length && this.filled < this.total) this.wake(ctx, this.times[this.k]!);
    else if (this.cfg.style === 'resting' && this.k >= this.times.length) this.wake(ctx, this.cfg.endTod);
    return true;
  }

  /** Record an update of one of this schedule's children; false if `u` is not about one. */
  onUpdate(u: OrderUpdate): boolean {
    if (!this.live.includes(u.ref) && !this.canceling.includes(u.ref)) return false;
    if (u.kind === 'filled') {
      this.filled += u.qty;
      this.filledValue += u.qty * u.price;
    }
    return true;
  }

  /** Cancel resting children and run no further slices. */
  stop(ctx: AgentContext): void {
    this.cancelLive(ctx);
    this.nextT = -1;
  }

  /** Child size at slice k (the formulas of the class comment), before the phase and price checks. */
  childQty(ctx: AgentContext, k: number): number {
    const vol = ctx.market.volumeToday(this.inst);
    const open = this.openOf(ctx, this.live);
    const room = this.total - this.filled - open - this.openOf(ctx, this.canceling);
    const want = this.cfg.algo === 'pov'
      ? povTargetQty(vol - this.volAtSlice, this.cfg.povRate)
      : this.cumulative[k]! - this.filled - open;
    const cap = participationCapQty(vol - this.volAtChild, this.cfg.participationCap, this.cfg.minChildQty);
    return Math.max(0, Math.min(want, room, cap));
  }

  private slice(ctx: AgentContext, k: number): void {
    const m = ctx.market;
    const qty = this.childQty(ctx, k);
    this.volAtSlice = m.volumeToday(this.inst);
    if (qty < 1 || !childAllowed(this.cfg.style, m.phase(this.inst))) return;
    const price = childPrice(m, this.inst, this.side, this.cfg.aggressionTicks);
    if (price <= 0) return;
    const type = this.cfg.style === 'ioc' ? IOC : LIMIT;
    this.live.push(ctx.submit({ instrument: this.inst, side: this.side, type, price, qty }));
    this.volAtChild = m.volumeToday(this.inst);
  }

  private wake(ctx: AgentContext, tod: number): void {
    this.nextT = Math.max(ctx.now, at(this.day, tod));
    ctx.wakeAt(this.nextT, this.tag);
  }

  private cancelLive(ctx: AgentContext): void {
    for (const ref of this.live) if (ctx.openQty(ref) > 0) {
      ctx.cancel(ref);
      this.canceling.push(ref);
    }
    this.live.length = 0;
  }

  /** Open quantity of `refs`, dropping those that are done. */
  private openOf(ctx: AgentContext, refs: number[]): number {
    let open = 0;
    let w = 0;
    for (const ref of refs) {
      const q = ctx.openQty(ref);
      if (q > 0) {
        open += q;
        refs[w++] = ref;
      }
    }
    refs.length = w;
    return open;
  }
}
