// Time-driven market rules for the Exchange: the KRX session (pre-open 08:30, opening auction, continuous,
// closing auction 15:20–15:30, each auction ending at a seeded random time up to 30 s late), volatility
// interruptions (a 2-minute call auction; in the opening/closing auction, one 2-minute extension), index circuit
// breakers (20-minute halt with cancels only, then a 10-minute reopening auction; level 3 ends the day) and the
// sidecar (program orders on one side blocked for 5 minutes). DOMAIN.md §5.3–§5.6.
//
// Timers are per-listing phase ends plus the breaker's and sidecar's next check; `runUntil(t)` processes them in
// time order (breaker and sidecar first at equal times, then listings by index), so a run is a pure function of
// the calls made and the seeded draws. Only one stabiliser applies at a time: a halt replaces a VI auction.
import { AUCTION_UNCROSSED, HALT_STARTED, LIMITS_SET, PHASE_CHANGED, PHASES, SIDECAR_STARTED, VI_STARTED, AUCTION_KINDS } from './exchange-events.js';
import type { AuctionKind, Phase } from './exchange-events.js';
import type { Exchange, UniformSource } from './exchange.js';
import type { Listing } from './listing.js';
import type { Side } from './order.js';
import { auctionEndUs } from './auction.js';
import { CircuitBreaker, KRX_CIRCUIT_BREAKER } from './rules/circuit-breaker.js';
import type { CircuitBreakerConfig } from './rules/circuit-breaker.js';
import { priceLimits } from './rules/price-limits.js';
import { KRX_AUCTION_RANDOM_END_US } from '../core/krx-defaults.js';
import { KRX_SESSION, validateSession } from './rules/session.js';
import type { SessionTimes } from './rules/session.js';
import { KRX_SIDECAR, Sidecar } from './rules/sidecar.js';
import type { SidecarConfig } from './rules/sidecar.js';
import { dynamicViBp, scaledViBp, STATIC_VI_BP, VI_AUCTION_US, viBounds, viTriggered } from './rules/volatility-interruption.js';

/** KRX rule parameters of an exchange (all optional in ExchangeConfig.krx; KRX defaults). */
export interface ExchangeRulesConfig {
  readonly session: SessionTimes;
  /** null disables the circuit breaker. */
  readonly circuitBreaker: CircuitBreakerConfig | null;
  /** null disables the sidecar. */
  readonly sidecar: SidecarConfig | null;
  /** Longest random delay of a call auction's end (µs). */
  readonly auctionRandomEndUs: number;
  /** Length of a volatility-interruption call auction (µs). */
  readonly viAuctionUs: number;
  /** Volatility interruptions on or off. */
  readonly volatilityInterruptions: boolean;
  /** Multiplies every VI threshold, dynamic and static (1 = KRX). */
  readonly viThresholdScale: number;
  /** Equity-derivatives expiry day (closing-auction dynamic VI 1% for KOSPI200 names). */
  readonly expiryDay: boolean;
}

const PHASE_CODE = new Map<Phase, number>(PHASES.map((p, i) => [p, i]));
const AUCTION_CODE = new Map<AuctionKind, number>(AUCTION_KINDS.map((k, i) => [k, i]));

export class ExchangeClock {
  readonly cfg: ExchangeRulesConfig;
  readonly breaker: CircuitBreaker | null;
  readonly sidecar: Sidecar | null;
  private dayStartT = 0;
  /** Breaker/sidecar deadlines already examined (so a check that finds nothing due is not repeated). */
  private breakerCheckedAt = -1;
  private sidecarCheckedAt = -1;
  private sessionOpen = false;
  breakersFired = 0;
  sidecarsFired = 0;

  constructor(
    private readonly ex: Exchange,
    /** The exchange's listings, which the rules below change (everyone else sees them read-only). */
    private readonly listings: readonly Listing[],
    cfg: Partial<ExchangeRulesConfig>,
    private readonly rng: UniformSource,
  ) {
    this.cfg = {
      session: cfg.session ?? KRX_SESSION,
      circuitBreaker: cfg.circuitBreaker === undefined ? KRX_CIRCUIT_BREAKER : cfg.circuitBreaker,
      sidecar: cfg.sidecar === undefined ? { ...KRX_SIDECAR, openTod: (cfg.session ?? KRX_SESSION).open } : cfg.sidecar,
      auctionRandomEndUs: cfg.auctionRandomEndUs ?? KRX_AUCTION_RANDOM_END_US,
      viAuctionUs: cfg.viAuctionUs ?? VI_AUCTION_US,
      volatilityInterruptions: cfg.volatilityInterruptions ?? true,
      viThresholdScale: cfg.viThresholdScale ?? 1,
      expiryDay: cfg.expiryDay ?? false,
    };
    validateSession(this.cfg.session);
    const krx = ex.rules === 'krx' && ex.index !== null;
    this.breaker = krx && this.cfg.circuitBreaker ? new CircuitBreaker(this.cfg.circuitBreaker) : null;
    this.sidecar = krx && this.cfg.sidecar ? new Sidecar(this.cfg.sidecar) : null;
  }

  // ================================================================ day lifecycle

  startDay(dayStartT: number, t: number): void {
    this.dayStartT = dayStartT;
    this.sessionOpen = false;
    this.breakerCheckedAt = this.sidecarCheckedAt = -1;
    const krx = this.ex.rules === 'krx';
    for (const L of this.listings) {
      L.basePrice = L.lastPrice;
      L.staticRef = L.lastPrice;
      L.resetDay();
      if (krx) {
        L.limits = priceLimits(L.basePrice, L.grid, L.spec.priceLimitBp ?? 3000, L.spec.leverage ?? 1);
        this.ex.events.pushAt(LIMITS_SET, t, L.index, L.limits.lower, L.limits.upper, L.basePrice, 0, 0);
        this.setPhase(L, 'closed', Math.max(t, dayStartT + this.cfg.session.preOpen), t);
      } else {
        L.limits = { lower: 0, upper: 0 };
        this.setPhase(L, 'continuous', Infinity, t);
      }
    }
    const ix = this.ex.index;
    if (ix !== null) {
      for (const L of this.listings) ix.setPrice(L.index, L.lastPrice);
      this.breaker?.newDay(ix.value());
      this.sidecar?.newDay(ix.value());
    }
    if (!krx) this.sessionOpen = true;
  }

  /** End the day for every listing still trading: expire resting orders. */
  endDay(t: number): void {
    for (const L of this.listings) if (L.phase !== 'day-ended') this.dayEnded(L, t);
  }

  // ================================================================ timers

  nextDeadline(): number {
    let d = Infinity;
    for (const L of this.listings) if (L.phaseEndT < d) d = L.phaseEndT;
    return Math.min(d, this.breakerDeadline(), this.sidecarDeadline());
  }

  runUntil(t: number): void {
    for (;;) {
      const d = this.nextDeadline();
      if (d > t) return;
      if (this.breakerDeadline() === d) this.checkBreaker(d);
      else if (this.sidecarDeadline() === d) this.checkSidecar(d);
      else {
        for (const L of this.listings) {
          if (L.phaseEndT === d) {
            this.phaseEnded(L, d);
            break;
          }
        }
      }
    }
  }

  private breakerDeadline(): number {
    if (this.breaker === null || !this.sessionOpen) return Infinity;
    const d = this.breaker.nextCheckTime();
    return d <= this.breakerCheckedAt ? Infinity : d;
  }

  private sidecarDeadline(): number {
    if (this.sidecar === null || !this.sessionOpen) return Infinity;
    const d = this.sidecar.nextCheckTime();
    return d <= this.sidecarCheckedAt ? Infinity : d;
  }

  private checkBreaker(d: number): void {
    this.breakerCheckedAt = d;
    const b = this.breaker!;
    const level = b.due(d, d - this.dayStartT);
    if (level === 0) return;
    const v = this.ex.index!.value();
    const action = b.fire(level, d, v);
    this.breakersFired++;
    this.ex.events.pushAt(HALT_STARTED, d, -1, 0, 0, Math.round(v * 100), 0, level);
    for (const L of this.listings) {
      if (L.phase === 'day-ended') continue;
      if ('endOfDay' in action) this.dayEnded(L, d);
      else {
        L.reopenEndT = action.reopenEndT;
        this.setPhase(L, 'halted', action.haltEndT, d);
      }
    }
    if ('endOfDay' in action) this.sessionOpen = false;
  }

  private checkSidecar(d: number): void {
    this.sidecarCheckedAt = d;
    const s = this.sidecar!;
    const side = s.due(d, d - this.dayStartT);
    if (side === null) return;
    s.fire(side, d);
    this.sidecarsFired++;
    this.ex.events.pushAt(SIDECAR_STARTED, d, -1, 0, 0, 0, 0, side);
  }

  /** Whether the sidecar blocks program orders on `side` at `t`. */
  sidecarBlocks(side: Side, t: number): boolean {
    return this.sidecar !== null && this.sidecar.blocks(side, t);
  }

  // ================================================================ phases

  private phaseEnded(L: Listing, d: number): void {
    const s = this.cfg.session;
    const day = this.dayStartT;
    switch (L.phase) {
      case 'closed':
        return this.setPhase(L, 'pre-open', day + s.open, d);
      case 'pre-open':
        L.auction = 'opening';
        return this.setPhase(L, 'opening-auction', this.randomEnd(day + s.open), d);
      case 'continuous':
        return this.startClosingAuction(L, d);
      case 'halted':
        L.auction = 'reopening';
        return this.setPhase(L, 'reopening-auction', this.capAtClosingAuction(this.randomEnd(L.reopenEndT)), d);
      case 'opening-auction':
      case 'vi-auction':
      case 'reopening-auction':
      case 'closing-auction':
        return this.auctionEnded(L, d);
      case 'day-ended':
        L.phaseEndT = Infinity;
        return;
    }
  }

  private auctionEnded(L: Listing, d: number): void {
    if (L.phase !== 'closing-auction' && d >= this.dayStartT + this.cfg.session.closingAuctionStart) {
      return this.startClosingAuction(L, d); // the closing auction absorbs an unfinished VI/reopening auction
    }
    if (this.extendAuction(L, d)) return;
    const quote = L.book.auctionQuote(L.lastPrice);
    const q = L.book.uncross(L.lastPrice, this.allocationFor(L, quote?.price ?? 0), L.lot);
    // The regular session (for the breaker and sidecar) opens with the first opening print.
    if (L.auction === 'opening' && this.ex.index !== null) this.sessionOpen = true;
    this.ex.forward(L, d);
    this.ex.events.pushAt(AUCTION_UNCROSSED, d, L.index, 0, 0, q?.price ?? 0, q?.volume ?? 0, AUCTION_CODE.get(L.auction)!);
    if (q !== null) L.staticRef = q.price;
    if (L.phase === 'closing-auction') return this.dayEnded(L, d);
    this.setPhase(L, 'continuous', this.dayStartT + this.cfg.session.closingAuctionStart, d);
  }

  /** Opening and closing auctions are extended once by 2 minutes if their price would trigger a VI. */
  private extendAuction(L: Listing, d: number): boolean {
    if (!this.cfg.volatilityInterruptions || L.auctionExtended) return false;
    if (L.auction !== 'opening' && L.auction !== 'closing') return false;
    const q = L.book.auctionQuote(L.lastPrice);
    if (q === null) return false;
    const isStatic = viTriggered(L.staticRef, q.price, this.staticBp());
    const dynBp = this.dynamicBp(L, 'closing-auction');
    const isDynamic = L.auction === 'closing' && viTriggered(L.lastPrice, q.price, dynBp);
    if (!isStatic && !isDynamic) return false;
    L.auctionExtended = true;
    L.viCount++;
    this.ex.events.pushAt(VI_STARTED, d, L.index, isStatic ? L.staticRef : L.lastPrice, 0, q.price, 0, isStatic ? 1 : 0);
    L.phaseEndT = this.randomEnd(d + this.cfg.viAuctionUs);
    return true;
  }

  /** KRX allocates the rationed side by rounds only when the auction prices at a daily limit. */
  private allocationFor(L: Listing, price: number): 'time' | 'krx-rounds' {
    return price !== 0 && (price === L.limits.upper || price === L.limits.lower) ? 'krx-rounds' : 'time';
  }

  private startClosingAuction(L: Listing, d: number): void {
    L.auction = 'closing';
    L.auctionExtended = false;
    this.setPhase(L, 'closing-auction', this.randomEnd(this.dayStartT + this.cfg.session.close), d);
  }

  private dayEnded(L: Listing, d: number): void {
    L.book.expireAll();
    this.ex.forward(L, d);
    this.setPhase(L, 'day-ended', Infinity, d);
  }

  /** Called after a book operation that traded or stopped at its VI bound. */
  afterTrades(L: Listing, t: number): void {
    if (L.book.boundHit && L.phase === 'continuous') this.startVi(L, t);
    const ix = this.ex.index;
    if (ix !== null && ix.setPrice(L.index, L.lastPrice) && this.sessionOpen) {
      const v = ix.value();
      const tod = t - this.dayStartT;
      this.breaker?.observe(t, tod, v);
      this.sidecar?.observe(t, tod, v);
    }
    if (L.phase === 'continuous') this.setBounds(L);
  }

  private startVi(L: Listing, t: number): void {
    const book = L.book;
    const p = book.boundHitPrice;
    // The band was computed from these references before this order traded (lastPrice has moved since).
    const dynRef = L.boundsFor;
    const staticRef = L.boundsStaticFor;
    const isStatic = viTriggered(staticRef, p, this.staticBp());
    L.viCount++;
    this.ex.events.pushAt(VI_STARTED, t, L.index, isStatic ? staticRef : dynRef, 0, p, 0, isStatic ? 1 : 0);
    L.auction = 'vi';
    this.setPhase(L, 'vi-auction', this.capAtClosingAuction(this.randomEnd(t + this.cfg.viAuctionUs)), t);
  }

  /** Restrict continuous matching to the prices that trigger neither VI (and lie within the daily limits). */
  private setBounds(L: Listing): void {
    if (this.ex.rules !== 'krx') return;
    // The bands depend only on the two references (and limits, fixed for the day): skip when unchanged.
    if (L.boundsFor === L.lastPrice && L.boundsStaticFor === L.staticRef) return;
    L.boundsFor = L.lastPrice;
    L.boundsStaticFor = L.staticRef;
    let low = L.limits.lower;
    let high = L.limits.upper;
    if (this.cfg.volatilityInterruptions) {
      const dyn = viBounds(L.lastPrice, this.dynamicBp(L, 'continuous'), L.grid);
      const stat = viBounds(L.staticRef, this.staticBp(), L.grid);
      low = Math.max(low, dyn.low, stat.low);
      high = Math.min(high, dyn.high, stat.high);
    }
    L.book.setTradeBounds(low, high, L.limits.upper, L.limits.lower);
  }

  /** The static VI threshold (bp), scaled. */
  private staticBp(): number {
    return scaledViBp(STATIC_VI_BP, this.cfg.viThresholdScale);
  }

  /** The dynamic VI threshold (bp) of a listing in a session part, scaled. */
  private dynamicBp(L: Listing, when: 'continuous' | 'closing-auction'): number {
    return scaledViBp(dynamicViBp(L.spec.viClass ?? 'kospi200', when, this.cfg.expiryDay), this.cfg.viThresholdScale);
  }

  private setPhase(L: Listing, phase: Phase, endT: number, t: number): void {
    L.phase = phase;
    L.boundsFor = 0;
    L.phaseEndT = endT;
    L.book.setMode(phase === 'continuous' ? 'continuous' : 'collect');
    if (phase === 'continuous') this.setBounds(L);
    this.ex.events.pushAt(PHASE_CHANGED, t, L.index, 0, 0, 0, 0, PHASE_CODE.get(phase)!);
  }

  private randomEnd(scheduled: number): number {
    return auctionEndUs(scheduled, this.rng, this.cfg.auctionRandomEndUs);
  }

  private capAtClosingAuction(t: number): number {
    return Math.min(t, this.dayStartT + this.cfg.session.closingAuctionStart);
  }
}
