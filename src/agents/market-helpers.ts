// Small market helpers shared by agents (kept here so that no agent imports another): instrument resolution,
// the "all closed" test that lets agents stop waking overnight, clamping a price into the daily limits, and the one
// home of "N ticks through the opposite touch, clamped to the limits".
import { BUY } from '../market/protocol.js';
import type { MarketView, Phase, Side } from '../market/protocol.js';

/** Instrument indices of `symbols` (all instruments when empty); throws naming the kind on an unknown symbol. */
export function resolveInstruments(m: MarketView, symbols: readonly string[], kind: string, param = 'instruments'): Int32Array {
  if (symbols.length === 0) return Int32Array.from({ length: m.instrumentCount }, (_, i) => i);
  return Int32Array.from(symbols, (s) => resolveInstrument(m, s, kind, param));
}

/** Index of one instrument symbol; throws naming the kind and parameter when unknown. */
export function resolveInstrument(m: MarketView, symbol: string, kind: string, param: string): number {
  const i = m.instrumentIndex(symbol);
  if (i < 0) throw new Error(`${kind}: unknown instrument symbol "${symbol}" in params.${param}`);
  return i;
}

/** True when every listed instrument is closed for the day (before the pre-open or after the close). */
export function allClosed(m: MarketView, insts: Int32Array): boolean {
  for (let i = 0; i < insts.length; i++) {
    const ph = m.phase(insts[i]!);
    if (ph !== 'closed' && ph !== 'day-ended') return false;
  }
  return true;
}

/** `price` clamped into the instrument's daily limits (unchanged when rules are off); 0 stays 0. */
export function clampToLimits(m: MarketView, inst: number, price: number): number {
  if (price <= 0) return 0;
  const upper = m.upperLimit(inst);
  return upper > 0 ? Math.min(upper, Math.max(m.lowerLimit(inst), price)) : price;
}

/** Index of `symbol` in the run's instrument list (for initialPortfolio, before there is a market); throws naming
 *  the kind and parameter when unknown. */
export function instrumentIndexIn(instruments: readonly string[], symbol: string, kind: string, param: string): number {
  const i = instruments.indexOf(symbol);
  if (i < 0) throw new Error(`${kind}: unknown instrument symbol "${symbol}" in params.${param}`);
  return i;
}

/**
 * Limit price `ticks` ticks through the opposite touch (a buy above the ask, a sell below the bid), on the tick
 * ladder and clamped into the daily limits; 0 when the opposite side is empty.
 */
export function throughTouch(m: MarketView, inst: number, side: Side, ticks: number): number {
  const touch = side === BUY ? m.bestAsk(inst) : m.bestBid(inst);
  if (!(touch > 0)) return 0;
  const shift = ticks * m.tickAt(inst, touch);
  return clampToLimits(m, inst, side === BUY ? m.ceilPrice(inst, touch + shift) : m.floorPrice(inst, touch - shift));
}

/**
 * Price of a call-auction order that should execute at (almost) any price: the daily limit (market-on-close,
 * collarPct 0), or a limit-on-close collarPct percent through the last price (the base price before any trade), on
 * the tick ladder and clamped into the limits. 0 when there is neither a limit nor a reference price (send a market
 * order).
 */
export function auctionLimitPrice(m: MarketView, inst: number, side: Side, collarPct: number): number {
  const limit = side === BUY ? m.upperLimit(inst) : m.lowerLimit(inst);
  const ref = m.lastPrice(inst) > 0 ? m.lastPrice(inst) : m.basePrice(inst);
  if (!(collarPct > 0) || !(ref > 0)) return limit > 0 ? limit : 0;
  const c = collarPct / 100;
  return clampToLimits(m, inst, side === BUY ? m.ceilPrice(inst, ref * (1 + c)) : m.floorPrice(inst, ref * (1 - c)));
}

/** Phases in which orders rest in a single-price call auction (pre-open, opening, VI, reopening, closing). */
export function isCallAuction(p: Phase): boolean {
  return p === 'pre-open' || p === 'opening-auction' || p === 'vi-auction' || p === 'reopening-auction' || p === 'closing-auction';
}
