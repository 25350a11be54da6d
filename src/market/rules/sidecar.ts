// Sidecar program-trading curb (KOSPI, DOMAIN §5.5) as a small state machine fed a reference series.
// The rule watches the front KOSPI200 future vs its prior close; the simulator feeds the index as a
// proxy. A move of ≥ moveBp up (down) held on the closed interval [first qualifying observation, t] for
// sustainUs makes program buys (sells) due to be blocked for exactly blockUs, i.e. on [firedT, firedT +
// blockUs). Once per day; never fires before open + openGraceUs or at/after lastTriggerTod.

import { BUY, SELL, type Side } from '../order.js';
import { KRX_SESSION } from './session.js';
import { US_PER_MIN, US_PER_S, clock } from '../../core/time.js';

/** Sidecar parameters; durations in µs, `openTod` and `lastTriggerTod` times of day. */
export interface SidecarConfig {
  /** Move vs the prior close, in bp, at or beyond which the condition holds (500 = ±5%). */
  readonly moveBp: number;
  /** How long the move must hold before the sidecar fires. */
  readonly sustainUs: number;
  /** How long program orders on the triggering side stay blocked. */
  readonly blockUs: number;
  /** Start of the regular session; the sidecar cannot fire before openTod + openGraceUs. */
  readonly openTod: number;
  readonly openGraceUs: number;
  /** The sidecar cannot fire at or after this time of day. */
  readonly lastTriggerTod: number;
}

/** KRX KOSPI defaults: ±5% for 1 minute blocks program orders for 5 minutes; not before 09:05 or from 14:50. */
export const KRX_SIDECAR: SidecarConfig = Object.freeze({
  moveBp: 500,
  sustainUs: 60 * US_PER_S,
  blockUs: 5 * US_PER_MIN,
  openTod: KRX_SESSION.open,
  openGraceUs: 5 * US_PER_MIN,
  lastTriggerTod: clock(14, 50),
});

/**
 * Sidecar state for one reference series. Call `newDay` before each day's observations. `due` returns
 * the side to block (BUY for an up move, SELL for a down move) or null — compare with null, since BUY is 0.
 */
export class Sidecar {
  readonly config: SidecarConfig;
  private priorClose = NaN;
  private lastT = -Infinity;
  /** Absolute time of midnight of the observed day (t − tod of the last observation). */
  private dayStartT = NaN;
  /** Start of the current run of observations at/above +moveBp (up) or at/below −moveBp (down); NaN if none. */
  private upStart = NaN;
  private downStart = NaN;
  private firedSide: Side | null = null;
  private firedT = NaN;

  constructor(config: SidecarConfig = KRX_SIDECAR) {
    for (const key of ['moveBp', 'sustainUs', 'blockUs', 'openTod', 'openGraceUs', 'lastTriggerTod'] as const) {
      if (!Number.isInteger(config[key]) || config[key] < 0) {
        throw new Error(`sidecar ${key} ${config[key]} must be a non-negative integer`);
      }
    }
    if (config.moveBp === 0 || config.moveBp >= 10_000) throw new Error(`sidecar moveBp ${config.moveBp} must be in (0, 10000)`);
    this.config = config;
  }

  /** Starts a day: clears the fired state and runs; moves are relative to `priorClose`. */
  newDay(priorClose: number): void {
    if (!Number.isFinite(priorClose) || priorClose <= 0) {
      throw new Error(`sidecar prior close ${priorClose} must be a positive number`);
    }
    this.priorClose = priorClose;
    this.lastT = -Infinity;
    this.dayStartT = NaN;
    this.upStart = NaN;
    this.downStart = NaN;
    this.firedSide = null;
    this.firedT = NaN;
  }

  /** Side blocked today (null if the sidecar has not fired) and when it fired. */
  get fired(): { readonly side: Side; readonly t: number } | null {
    return this.firedSide === null ? null : { side: this.firedSide, t: this.firedT };
  }

  /** Records the reference value from time `t` (tod `tod`) on. Times must not decrease within a day. */
  observe(t: number, tod: number, value: number): void {
    if (Number.isNaN(this.priorClose)) throw new Error('sidecar: call newDay before observe');
    if (t < this.lastT) throw new Error(`sidecar: observation at ${t} is before the last one at ${this.lastT}`);
    if (!Number.isFinite(value)) throw new Error(`sidecar: value ${value} is not finite`);
    this.lastT = t;
    this.dayStartT = t - tod;
    const scaled = value * 10_000;
    const up = scaled >= this.priorClose * (10_000 + this.config.moveBp);
    const down = scaled <= this.priorClose * (10_000 - this.config.moveBp);
    this.upStart = up ? (Number.isNaN(this.upStart) ? t : this.upStart) : NaN;
    this.downStart = down ? (Number.isNaN(this.downStart) ? t : this.downStart) : NaN;
  }

  /** Earliest time the sidecar would become due if no further observation arrives, or Infinity. */
  nextCheckTime(): number {
    if (this.firedSide !== null) return Infinity;
    const start = Number.isNaN(this.upStart) ? this.downStart : this.upStart;
    if (Number.isNaN(start)) return Infinity;
    const earliest = this.dayStartT + this.config.openTod + this.config.openGraceUs;
    const at = Math.max(start + this.config.sustainUs, earliest);
    return at - this.dayStartT >= this.config.lastTriggerTod ? Infinity : at;
  }

  /** The side whose program orders should be blocked from `t` (tod `tod`), or null. */
  due(t: number, tod: number): Side | null {
    if (t < this.lastT) throw new Error(`sidecar: due(${t}) asked before the last observation at ${this.lastT}`);
    const c = this.config;
    if (this.firedSide !== null || tod < c.openTod + c.openGraceUs || tod >= c.lastTriggerTod) return null;
    if (t - this.upStart >= c.sustainUs) return BUY;
    if (t - this.downStart >= c.sustainUs) return SELL;
    return null;
  }

  /**
   * Records that the sidecar fired at `t` blocking `side`; returns when the block ends (exclusive).
   * @throws if it already fired today
   */
  fire(side: Side, t: number): { readonly blockEndT: number } {
    if (this.firedSide !== null) throw new Error('sidecar already fired today');
    this.firedSide = side;
    this.firedT = t;
    return { blockEndT: t + this.config.blockUs };
  }

  /** Whether program orders on `side` are blocked at `t`: iff t ∈ [firedT, firedT + blockUs). */
  blocks(side: Side, t: number): boolean {
    return side === this.firedSide && t >= this.firedT && t < this.firedT + this.config.blockUs;
  }
}
