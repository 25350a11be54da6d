// Test fixture for the Exchange: builds an exchange over 1–3 instruments with a stub rng whose draws are one
// constant u, so every random auction end is T + floor(u × 30,000,001) µs exactly, plus helpers that pick events
// by kind out of `ex.events` (which each call clears) and record a whole run's events for comparisons.
import { Exchange } from '../../src/market/exchange.js';
import type { ExchangeConfig, UniformSource } from '../../src/market/exchange.js';
import type { ExchangeRulesConfig } from '../../src/market/exchange-clock.js';
import { PHASES } from '../../src/market/exchange-events.js';
import type { ExchangeEvent, Phase } from '../../src/market/exchange-events.js';
import type { InstrumentSpec } from '../../src/market/listing.js';

/** Longest random delay of a KRX call auction's end (µs). */
export const MAX_RANDOM_END_US = 30_000_000;

/** A rng whose every draw is `u` (counts its draws). */
export function stubRng(u: number): UniformSource & { draws: number } {
  const rng = { draws: 0, next: () => (rng.draws++, u) };
  return rng;
}

/** The random part of an auction end for a stub draw `u`: floor(u × (30,000,000 + 1)). */
export function randomDelay(u: number): number {
  return Math.floor(u * (MAX_RANDOM_END_US + 1));
}

/** Draw 0.5 → the random end is T + 15,000,000 µs (0.5 × 30,000,001 = 15,000,000.5). */
export const U_HALF = 0.5;
export const DELAY_HALF = 15_000_000;

/** A KOSPI200 stock on the KRX stock grid (overridable). */
export function stock(symbol: string, initialPrice: number, extra: Partial<InstrumentSpec> = {}): InstrumentSpec {
  return { symbol, tickTable: 'krx-stock', initialPrice, sharesOutstanding: 1_000_000, ...extra };
}

/** A stock on the uniform tick-1 grid (every integer price valid), handy for exact VI thresholds. */
export function uniformStock(symbol: string, initialPrice: number, extra: Partial<InstrumentSpec> = {}): InstrumentSpec {
  return stock(symbol, initialPrice, { tickTable: 'uniform', uniformTick: 1, ...extra });
}

export interface FixtureOptions {
  readonly rules?: 'krx' | 'none';
  readonly index?: ExchangeConfig['index'];
  readonly krx?: Partial<ExchangeRulesConfig>;
  /** The stub rng's constant draw (default 0.5). */
  readonly u?: number;
  /** A rng to use instead of the stub. */
  readonly rng?: UniformSource;
}

/** An exchange over `instruments` (rules 'krx' by default) with a constant-draw stub rng. */
export function makeExchange(instruments: readonly InstrumentSpec[], opts: FixtureOptions = {}): Exchange {
  const cfg: ExchangeConfig = {
    rules: opts.rules ?? 'krx',
    instruments,
    ...(opts.index === undefined ? {} : { index: opts.index }),
    ...(opts.krx === undefined ? {} : { krx: opts.krx }),
  };
  return new Exchange(cfg, opts.rng ?? stubRng(opts.u ?? U_HALF));
}

/** The current call's events. */
export function events(ex: Exchange): ExchangeEvent[] {
  return ex.events.toArray();
}

/** The current call's events of one kind (e.g. 'trade'). */
export function ofKind(ex: Exchange, kind: ExchangeEvent['kind']): ExchangeEvent[] {
  return ex.events.toArray().filter((e) => e.kind === kind);
}

/** The kinds of the current call's events, in order. */
export function kinds(ex: Exchange): Array<ExchangeEvent['kind']> {
  return ex.events.toArray().map((e) => e.kind);
}

/** Phase code as carried by PHASE_CHANGED aux. */
export function phaseCode(p: Phase): number {
  return PHASES.indexOf(p);
}

/** The phases entered in the current call, as names, in order (one per PHASE_CHANGED). */
export function phasesEntered(ex: Exchange): Phase[] {
  return ofKind(ex, 'phase-changed').map((e) => PHASES[e.aux]!);
}

/**
 * Records every event of a run: `rec.do(() => ex.submit(...))` runs the call and appends its events.
 * Returns the call's own result.
 */
export class Recorder {
  readonly log: ExchangeEvent[] = [];
  constructor(private readonly ex: Exchange) {}

  do<T>(call: () => T): T {
    const out = call();
    this.log.push(...this.ex.events.toArray());
    return out;
  }
}

/** Total traded quantity per buy id in `trades`. */
export function filledByBuyer(trades: readonly ExchangeEvent[]): Map<number, number> {
  const m = new Map<number, number>();
  for (const e of trades) m.set(e.a, (m.get(e.a) ?? 0) + e.qty);
  return m;
}

/** The index value recomputed from the listings' last prices: Σ s·p / Σ s·p0 × level0 (DOMAIN §8.3 item 8). */
export function recomputedIndex(ex: Exchange): number {
  const ix = ex.index!.spec;
  let cap = 0;
  let baseCap = 0;
  ix.constituents.forEach((li, k) => {
    const L = ex.listings[li]!;
    cap += ix.shares[k]! * L.lastPrice;
    baseCap += ix.shares[k]! * L.spec.initialPrice;
  });
  return (ix.baseLevel * cap) / baseCap;
}
