// Market-wide circuit breaker (KOSPI, DOMAIN §5.4) as a state machine fed index observations. Level k
// holds iff index ≤ priorClose·(1 − dropBp_k) and, for k ≥ 2, index ≤ V·(1 − extraBelowPrevBp_k), V = the
// index value given to `fire` for the last level fired today (none → no extra test): "1% below" is 1% of V,
// not 1 point of the prior close. The index is piecewise constant between observations; a level is due
// once its condition held on the closed interval [first qualifying observation, t] for sustainUs.

import { KRX_CIRCUIT_BREAKER_DROP_PCT, KRX_CIRCUIT_BREAKER_HALT_MIN } from '../../core/krx-defaults.js';
import { US_PER_MIN, US_PER_S, clock } from '../../core/time.js';

/** One circuit-breaker level. */
export interface CircuitBreakerLevel {
  /** Drop vs the prior close, in bp, at or beyond which the condition holds (800 = −8%). */
  readonly dropBp: number;
  /** Further drop, in bp, required below the index value at which the previous fired level fired. */
  readonly extraBelowPrevBp?: number;
}

/** Circuit-breaker parameters; times in µs, `lastTriggerTod` a time of day. */
export interface CircuitBreakerConfig {
  /** Levels 1, 2, 3 in order of increasing drop; level 3 ends the trading day. */
  readonly levels: readonly [CircuitBreakerLevel, CircuitBreakerLevel, CircuitBreakerLevel];
  /** How long the condition must hold before a level fires. */
  readonly sustainUs: number;
  /** Halt length after levels 1–2 (no matching; cancels only). */
  readonly haltUs: number;
  /** Reopening call auction after the halt. */
  readonly reopenAuctionUs: number;
  /** Levels 1–2 cannot fire at or after this time of day; level 3 can fire at any time. */
  readonly lastTriggerTod: number;
}

/** KRX KOSPI defaults: −8% / −15% / −20% for 1 minute; 20-minute halt then a 10-minute auction; 14:50 cutoff. */
export const KRX_CIRCUIT_BREAKER: CircuitBreakerConfig = circuitBreakerConfig(KRX_CIRCUIT_BREAKER_DROP_PCT, KRX_CIRCUIT_BREAKER_HALT_MIN);

/**
 * The KRX circuit breaker with other level drops (percent, increasing) and halt length (minutes): the policy lever
 * `market.circuitBreakerLevelsPct` / `circuitBreakerHaltMinutes`. Everything else (1 minute sustained, the 1% step
 * below the previous level, the 10-minute reopening auction, the 14:50 cut-off) stays KRX's.
 */
export function circuitBreakerConfig(dropPct: readonly [number, number, number], haltMinutes: number): CircuitBreakerConfig {
  const bp = dropPct.map((p) => Math.round(p * 100)) as [number, number, number];
  return Object.freeze({
    levels: Object.freeze([
      Object.freeze({ dropBp: bp[0] }),
      Object.freeze({ dropBp: bp[1], extraBelowPrevBp: 100 }),
      Object.freeze({ dropBp: bp[2], extraBelowPrevBp: 100 }),
    ] as const),
    sustainUs: 60 * US_PER_S,
    haltUs: Math.round(haltMinutes * US_PER_MIN),
    reopenAuctionUs: 10 * US_PER_MIN,
    lastTriggerTod: clock(14, 50),
  });
}

/** A circuit-breaker level number; 0 in `due` means none. */
export type CircuitBreakerLevelNo = 1 | 2 | 3;

/** What firing a level does: a halt then a reopening auction (levels 1–2), or the end of the day (level 3). */
export type CircuitBreakerAction =
  | { readonly haltEndT: number; readonly reopenEndT: number }
  | { readonly endOfDay: true };

const TOP_LEVEL = 3;

/**
 * Circuit-breaker state for one index (downside only). Call `newDay` before each day's observations.
 * Each level fires at most once a day, and once level k has fired no level ≤ k can fire. A level k ≥ 2 may fire only
 * after level k−1 has fired, or once the lower levels can no longer fire (at/after lastTriggerTod),
 * so that an index that gaps down fires level 1 first. The class knows nothing of halts: it reports
 * what is due; the exchange decides when to ask (the frozen index during a halt cannot meet the
 * next level's extra-drop test, since V is the value at the fire).
 */
export class CircuitBreaker {
  readonly config: CircuitBreakerConfig;
  private priorClose = NaN;
  private lastT = -Infinity;
  private lastValue = NaN;
  /** Absolute time of midnight of the observed day (t − tod of the last observation). */
  private dayStartT = NaN;
  /** Per level (index 1..3): time the current qualifying run started, NaN if none. */
  private readonly runStart = new Float64Array(TOP_LEVEL + 1).fill(NaN);
  /** Per level (index 1..3): index value passed to `fire`, NaN if not fired today. */
  private readonly firedValue = new Float64Array(TOP_LEVEL + 1).fill(NaN);
  private highest: 0 | CircuitBreakerLevelNo = 0;

  constructor(config: CircuitBreakerConfig = KRX_CIRCUIT_BREAKER) {
    validateConfig(config);
    this.config = config;
  }

  /** Starts a day: clears fired levels and runs; thresholds are relative to `priorClose`. */
  newDay(priorClose: number): void {
    if (!Number.isFinite(priorClose) || priorClose <= 0) {
      throw new Error(`circuit breaker prior close ${priorClose} must be a positive number`);
    }
    this.priorClose = priorClose;
    this.lastT = -Infinity;
    this.lastValue = NaN;
    this.dayStartT = NaN;
    this.runStart.fill(NaN);
    this.firedValue.fill(NaN);
    this.highest = 0;
  }

  /** Highest level fired today (0 if none). */
  get highestFired(): 0 | CircuitBreakerLevelNo {
    return this.highest;
  }

  /** Index value at which `level` fired today, or undefined. */
  firedIndexValue(level: CircuitBreakerLevelNo): number | undefined {
    const v = this.firedValue[level]!;
    return Number.isNaN(v) ? undefined : v;
  }

  /** Records the index value from time `t` (tod `tod`) on. Times must not decrease within a day. */
  observe(t: number, tod: number, indexValue: number): void {
    if (Number.isNaN(this.priorClose)) throw new Error('circuit breaker: call newDay before observe');
    if (t < this.lastT) throw new Error(`circuit breaker: observation at ${t} is before the last one at ${this.lastT}`);
    if (!Number.isFinite(indexValue)) throw new Error(`circuit breaker: index value ${indexValue} is not finite`);
    this.lastT = t;
    this.dayStartT = t - tod;
    this.lastValue = indexValue;
    for (let l = this.highest + 1; l <= TOP_LEVEL; l++) {
      if (!this.holds(l, indexValue)) this.runStart[l] = NaN;
      else if (Number.isNaN(this.runStart[l]!)) this.runStart[l] = t;
    }
  }

  /**
   * Earliest time at which a level would become due if no further observation arrives, or Infinity.
   * It may be ≤ the current time when a level is already due and has not been fired.
   */
  nextCheckTime(): number {
    let best = Infinity;
    for (let l = this.highest + 1; l <= TOP_LEVEL; l++) {
      const start = this.runStart[l]!;
      if (Number.isNaN(start)) continue;
      const at = start + this.config.sustainUs;
      if (at < best && this.mayFire(l, at - this.dayStartT)) best = at;
    }
    return best;
  }

  /** The highest level that is due at `t` (tod `tod`) and may fire, or 0. */
  due(t: number, tod: number): 0 | CircuitBreakerLevelNo {
    if (t < this.lastT) throw new Error(`circuit breaker: due(${t}) asked before the last observation at ${this.lastT}`);
    for (let l = TOP_LEVEL; l > this.highest; l--) {
      const start = this.runStart[l]!;
      if (!Number.isNaN(start) && t - start >= this.config.sustainUs && this.mayFire(l, tod)) {
        return l as CircuitBreakerLevelNo;
      }
    }
    return 0;
  }

  /**
   * Records that `level` fired at `t` with the index at `indexValue` (the reference for the next
   * level's extra drop). Higher levels' runs restart from `t` under their new thresholds.
   * @throws if the level, or a higher one, already fired today
   */
  fire(level: CircuitBreakerLevelNo, t: number, indexValue: number): CircuitBreakerAction {
    if (level <= this.highest) {
      throw new Error(`circuit breaker level ${level} cannot fire: level ${this.highest} already fired today`);
    }
    this.firedValue[level] = indexValue;
    this.highest = level;
    for (let l = level + 1; l <= TOP_LEVEL; l++) {
      const holdsNow = !Number.isNaN(this.lastValue) && this.holds(l, this.lastValue);
      this.runStart[l] = holdsNow ? Math.max(t, this.lastT) : NaN;
    }
    if (level === TOP_LEVEL) return { endOfDay: true };
    const haltEndT = t + this.config.haltUs;
    return { haltEndT, reopenEndT: haltEndT + this.config.reopenAuctionUs };
  }

  /** Level l's condition for an index value, given today's fired levels. */
  private holds(l: number, v: number): boolean {
    const lvl = this.config.levels[l - 1]!;
    if (v * 10_000 > this.priorClose * (10_000 - lvl.dropBp)) return false;
    const extra = lvl.extraBelowPrevBp;
    if (extra === undefined || this.highest === 0) return true;
    return v * 10_000 <= this.firedValue[this.highest]! * (10_000 - extra);
  }

  /** Time-of-day and sequence rules for level l (assumed above `highest`). */
  private mayFire(l: number, tod: number): boolean {
    const afterCutoff = tod >= this.config.lastTriggerTod;
    if (l < TOP_LEVEL && afterCutoff) return false;
    return l === this.highest + 1 || afterCutoff;
  }
}

function validateConfig(c: CircuitBreakerConfig): void {
  let prev = 0;
  for (const lvl of c.levels) {
    if (!Number.isInteger(lvl.dropBp) || lvl.dropBp <= prev || lvl.dropBp >= 10_000) {
      throw new Error(`circuit-breaker dropBp ${lvl.dropBp} must be an integer in (${prev}, 10000), increasing by level`);
    }
    const extra = lvl.extraBelowPrevBp;
    if (extra !== undefined && (!Number.isInteger(extra) || extra < 0 || extra >= 10_000)) {
      throw new Error(`circuit-breaker extraBelowPrevBp ${extra} must be an integer in [0, 10000)`);
    }
    prev = lvl.dropBp;
  }
  for (const key of ['sustainUs', 'haltUs', 'reopenAuctionUs', 'lastTriggerTod'] as const) {
    if (!Number.isInteger(c[key]) || c[key] < 0) throw new Error(`circuit-breaker ${key} ${c[key]} must be a non-negative integer`);
  }
}
