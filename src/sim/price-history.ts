// Today's minute-by-minute market data for agents (docs/model.md §2.4): per instrument, the last trade price at the
// end of each minute of the day, the signed traded volume per minute, and two EWMAs of squared 1-minute log returns:
// today's (30-minute half-life, restarted each day) and the normal level (two sessions' half-life, across days), so
// agents can tell volatility that is high from volatility that is merely the market's usual noise.
// Fed by the world from every trade (O(1) per trade); minutes without a trade carry the previous close forward,
// lazily, when a later minute or a query reaches them. Memory: 1,440 minutes × 2 arrays per instrument, reused daily.
import { US_PER_MIN } from '../core/time.js';

const MINUTES_PER_DAY = 1440;
/** EWMA weight kept per minute for a 30-minute half-life. */
const DECAY = Math.pow(0.5, 1 / 30);
/** EWMA weight kept per trading minute of the normal level: a half-life of two 390-minute sessions. */
const DECAY_NORMAL = Math.pow(0.5, 1 / 780);

export class PriceHistory {
  /** close[inst·1440 + minute]: last trade price at the end of that minute (filled up to `filled[inst]`). */
  private readonly close: Float64Array;
  private readonly signed: Float64Array;
  /** Last minute of the day whose close is filled, per instrument (−1: none yet today). */
  private readonly filled: Int32Array;
  /** Minute of the latest trade today, per instrument (−1: none). */
  private readonly lastMinute: Int32Array;
  private readonly base: Float64Array;
  /** EWMA of squared 1-minute log returns (per instrument) and whether it has a value today. */
  private readonly ewma: Float64Array;
  private readonly seeded: Uint8Array;
  /** EWMA of squared 1-minute log returns over trading minutes of every day so far (never restarted). */
  private readonly normal: Float64Array;
  private readonly normalSeeded: Uint8Array;
  /** Minute through which the EWMA has been folded, per instrument. */
  private readonly folded: Int32Array;
  private midnight = 0;

  /**
   * @param minutesPerYear session minutes × TRADING_DAYS_PER_YEAR, to annualise the EWMA variance
   */
  constructor(private readonly n: number, private readonly minutesPerYear: number) {
    this.close = new Float64Array(n * MINUTES_PER_DAY);
    this.signed = new Float64Array(n * MINUTES_PER_DAY);
    this.filled = new Int32Array(n).fill(-1);
    this.lastMinute = new Int32Array(n).fill(-1);
    this.base = new Float64Array(n);
    this.ewma = new Float64Array(n);
    this.seeded = new Uint8Array(n);
    this.normal = new Float64Array(n);
    this.normalSeeded = new Uint8Array(n);
    this.folded = new Int32Array(n).fill(-1);
  }

  /** A new day starts at `midnight` with these base prices (yesterday's closes). */
  startDay(midnight: number, basePrices: ArrayLike<number>): void {
    this.midnight = midnight;
    this.close.fill(0);
    this.signed.fill(0);
    this.filled.fill(-1);
    this.lastMinute.fill(-1);
    this.seeded.fill(0);
    this.folded.fill(-1);
    for (let i = 0; i < this.n; i++) this.base[i] = basePrices[i]!;
  }

  /** A trade at time `t`; `buyerInitiated` for aggressor = buy (+1), seller (−1), auction (0). */
  onTrade(inst: number, t: number, price: number, qty: number, sign: number): void {
    const minute = this.minuteOf(t);
    this.fillTo(inst, minute - 1);
    const o = inst * MINUTES_PER_DAY + minute;
    this.close[o] = price;
    this.signed[o]! += sign * qty;
    this.lastMinute[inst] = minute;
    if (this.filled[inst]! < minute - 1) this.filled[inst] = minute - 1;
  }

  /** Last trade price at the end of the minute `minutes` before the one containing `now`. */
  priceMinutesAgo(inst: number, now: number, minutes: number): number {
    const cur = this.minuteOf(now);
    const m = cur - Math.max(0, Math.floor(minutes));
    if (m < 0) return this.base[inst]!;
    const last = this.lastMinute[inst]!;
    if (last < 0) return this.base[inst]!;
    if (m >= last) return this.close[inst * MINUTES_PER_DAY + last]!;
    this.fillTo(inst, m);
    const p = this.close[inst * MINUTES_PER_DAY + m]!;
    return p > 0 ? p : this.base[inst]!;
  }

  /** Signed volume of the current minute and the `minutes` whole minutes before it. */
  signedVolume(inst: number, now: number, minutes: number): number {
    const cur = this.minuteOf(now);
    let s = 0;
    for (let m = Math.max(0, cur - minutes); m <= cur; m++) s += this.signed[inst * MINUTES_PER_DAY + m]!;
    return s;
  }

  /** Annualised EWMA volatility of completed 1-minute returns today; `fallback` until the first return. */
  realizedVolAnnual(inst: number, now: number, fallback: number): number {
    this.fold(inst, now, fallback);
    return this.seeded[inst] === 0 ? fallback : Math.sqrt(this.ewma[inst]! * this.minutesPerYear);
  }

  /**
   * Annualised normal volatility: the EWMA of completed 1-minute returns over every day so far (half-life of two
   * sessions, overnight gaps excluded), started at `fallback`; `fallback` until the first return.
   */
  normalVolAnnual(inst: number, now: number, fallback: number): number {
    this.fold(inst, now, fallback);
    return this.normalSeeded[inst] === 0 ? fallback : Math.sqrt(this.normal[inst]! * this.minutesPerYear);
  }

  /** Folds today's completed minutes up to `now` into both EWMAs. */
  private fold(inst: number, now: number, fallback: number): void {
    const done = this.minuteOf(now) - 1;
    const last = this.lastMinute[inst]!;
    if (last < 0) return;
    const upto = Math.min(done, last);
    if (upto > this.folded[inst]!) {
      this.fillTo(inst, upto);
      const o = inst * MINUTES_PER_DAY;
      // The first fold starts from the first minute with a price (the opening auction's), so the overnight gap
      // from the base price never enters the intraday volatility.
      let m = this.folded[inst]! >= 0 ? this.folded[inst]! + 1 : this.firstPriced(inst) + 1;
      for (; m <= upto; m++) {
        const prev = this.close[o + m - 1]!;
        const cur = this.close[o + m]!;
        if (!(prev > 0 && cur > 0)) continue;
        const r = Math.log(cur / prev);
        if (this.seeded[inst] === 0) {
          this.ewma[inst] = (fallback * fallback) / this.minutesPerYear;
          this.seeded[inst] = 1;
        }
        if (this.normalSeeded[inst] === 0) {
          this.normal[inst] = (fallback * fallback) / this.minutesPerYear;
          this.normalSeeded[inst] = 1;
        }
        this.ewma[inst] = DECAY * this.ewma[inst]! + (1 - DECAY) * r * r;
        this.normal[inst] = DECAY_NORMAL * this.normal[inst]! + (1 - DECAY_NORMAL) * r * r;
      }
      this.folded[inst] = upto;
    }
  }

  private firstPriced(inst: number): number {
    const o = inst * MINUTES_PER_DAY;
    for (let m = 0; m < MINUTES_PER_DAY; m++) if (this.close[o + m]! > 0) return m;
    return MINUTES_PER_DAY;
  }

  /** Carry the last close forward through minute `m` (no-op before the first trade). */
  private fillTo(inst: number, m: number): void {
    let f = this.filled[inst]!;
    if (f >= m) return;
    const o = inst * MINUTES_PER_DAY;
    const last = this.lastMinute[inst]!;
    if (last < 0) return;
    const stop = Math.min(m, MINUTES_PER_DAY - 1);
    for (f = Math.max(f, 0); f < stop; f++) {
      if (this.close[o + f + 1] === 0 && this.close[o + f]! > 0 && f + 1 !== last) this.close[o + f + 1] = this.close[o + f]!;
    }
    this.filled[inst] = Math.max(this.filled[inst]!, stop);
  }

  private minuteOf(t: number): number {
    return Math.min(MINUTES_PER_DAY - 1, Math.max(0, Math.floor((t - this.midnight) / US_PER_MIN)));
  }
}
