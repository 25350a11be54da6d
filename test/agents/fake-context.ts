// FakeContext: an AgentContext over a scripted MarketView for agent unit tests. The test sets the book's touch,
// last price, base price, phase, limits and position per instrument, on a uniform or the KRX stock tick ladder;
// the context records every order, cancel, modify and wake-up, and drives the agent's hooks (wake-ups run in
// (time, request order)). Handles are 0, 1, 2, ... in submit order; openQty is the submitted quantity until the
// test reports a fill or end (`fill`, `finish`). Time is day 0 unless set otherwise. Uses a real seeded Rng.
import type { Agent, AgentContext, PortfolioView } from '../../src/agents/agent.js';
import type { AgentKindSpec } from '../../src/agents/registry.js';
import { Rng as RngClass, deriveRng } from '../../src/core/rng.js';
import type { Rng } from '../../src/core/rng.js';
import { dayOf, timeOfDay } from '../../src/core/time.js';
import type { SimTime } from '../../src/core/time.js';
import { PriceGrid } from '../../src/market/price-grid.js';
import type { MarketNotice, MarketView, OrderRequest, OrderUpdate, Phase, Side } from '../../src/market/protocol.js';
import { gridFor } from '../../src/market/rules/tick-table.js';

/** Scripted state of one instrument (all prices in won). */
export interface FakeInstrument {
  symbol: string;
  bid: number;
  ask: number;
  bidQty: number;
  askQty: number;
  last: number;
  base: number;
  lower: number;
  upper: number;
  phase: Phase;
  position: number;
  /** Volume traded today (shares), returned by volumeToday. */
  volume: number;
  /** Price `k` minutes ago is pastPrices[k - 1] (last price beyond the list); realised vol (NaN: the fallback). */
  pastPrices: number[];
  vol: number;
  /** Normal volatility returned by normalVolAnnual (NaN: the fallback). */
  normalVol: number;
  /** Signed volume returned by signedVolume, and the indicative auction quote. */
  signed: number;
  indicative: { price: number; volume: number; imbalance: number } | null;
}

export class FakeMarket implements MarketView {
  readonly insts: FakeInstrument[];
  constructor(
    symbols: readonly string[],
    readonly grid: PriceGrid,
  ) {
    this.insts = symbols.map((symbol) => ({
      symbol,
      bid: 69_900,
      ask: 70_000,
      bidQty: 100,
      askQty: 100,
      last: 70_000,
      base: 70_000,
      lower: 0,
      upper: 0,
      phase: 'continuous' as Phase,
      position: 0,
      volume: 0,
      pastPrices: [],
      vol: NaN,
      normalVol: NaN,
      signed: 0,
      indicative: null,
    }));
  }
  /** Change instrument `i`'s scripted state. */
  set(i: number, patch: Partial<FakeInstrument>): void {
    Object.assign(this.i(i), patch);
  }
  /** Put every instrument in `phase`. */
  setPhase(phase: Phase): void {
    for (const x of this.insts) x.phase = phase;
  }
  private i(inst: number): FakeInstrument {
    const x = this.insts[inst];
    if (x === undefined) throw new Error(`no instrument ${inst}`);
    return x;
  }
  get instrumentCount(): number {
    return this.insts.length;
  }
  symbol(inst: number): string {
    return this.i(inst).symbol;
  }
  instrumentIndex(symbol: string): number {
    return this.insts.findIndex((x) => x.symbol === symbol);
  }
  phase(inst: number): Phase {
    return this.i(inst).phase;
  }
  bestBid(inst: number): number {
    return this.i(inst).bid;
  }
  bestAsk(inst: number): number {
    return this.i(inst).ask;
  }
  bestBidQty(inst: number): number {
    return this.i(inst).bid > 0 ? this.i(inst).bidQty : 0;
  }
  bestAskQty(inst: number): number {
    return this.i(inst).ask > 0 ? this.i(inst).askQty : 0;
  }
  lastPrice(inst: number): number {
    return this.i(inst).last;
  }
  basePrice(inst: number): number {
    return this.i(inst).base;
  }
  lowerLimit(inst: number): number {
    return this.i(inst).lower;
  }
  upperLimit(inst: number): number {
    return this.i(inst).upper;
  }
  tickAt(_inst: number, price: number): number {
    return this.grid.tickAt(price);
  }
  floorPrice(_inst: number, price: number): number {
    return this.grid.floor(price);
  }
  ceilPrice(_inst: number, price: number): number {
    return this.grid.ceil(price);
  }
  volumeToday(inst: number): number {
    return this.i(inst).volume;
  }
  depth(inst: number, side: Side): Array<[number, number]> {
    const x = this.i(inst);
    const [p, q] = side === 0 ? [x.bid, x.bidQty] : [x.ask, x.askQty];
    return p > 0 ? [[p, q]] : [];
  }
  /** The index value indexValue returns (NaN: no index). */
  index = NaN;
  indexValue(): number {
    return this.index;
  }
  priceMinutesAgo(inst: number, minutes: number): number {
    const x = this.i(inst);
    return minutes <= 0 ? x.last : (x.pastPrices[minutes - 1] ?? x.last);
  }
  realizedVolAnnual(inst: number, fallbackAnnual: number): number {
    const v = this.i(inst).vol;
    return Number.isNaN(v) ? fallbackAnnual : v;
  }
  normalVolAnnual(inst: number, fallbackAnnual: number): number {
    const v = this.i(inst).normalVol;
    return Number.isNaN(v) ? fallbackAnnual : v;
  }
  signedVolume(inst: number): number {
    return this.i(inst).signed;
  }
  auctionIndicative(inst: number): { price: number; volume: number; imbalance: number } | null {
    return this.i(inst).indicative;
  }
}

export interface SentOrder extends OrderRequest {
  readonly t: SimTime;
  readonly ref: number;
}
export interface WakeRequest {
  readonly t: SimTime;
  readonly tag: number;
  /** When it was requested. */
  readonly at: SimTime;
  readonly seq: number;
}

export interface FakeOptions {
  symbols?: readonly string[];
  /** A uniform tick size, or 'krx' for the KRX 2023 stock ladder (default 'krx': tick 100 at ₩70,000). */
  tick?: number | 'krx';
  seed?: number;
  /** Start time (absolute µs; day 0 unless larger). */
  now?: SimTime;
}

export class FakeContext implements AgentContext {
  readonly id = 1;
  readonly market: FakeMarket;
  /** KRX session times (08:30 / 09:00 / 15:20 / 15:30). */
  readonly session = { preOpen: 30_600_000_000, open: 32_400_000_000, closingAuctionStart: 55_200_000_000, close: 55_800_000_000 };
  readonly rng: Rng;
  readonly portfolio: PortfolioView;
  now: SimTime;
  readonly orders: SentOrder[] = [];
  readonly cancels: Array<{ t: SimTime; ref: number }> = [];
  readonly modifies: Array<{ t: SimTime; ref: number; price: number; qty: number }> = [];
  /** Submits and cancels in the order they were made. */
  readonly actions: Array<{ op: 'submit' | 'cancel'; ref: number; t: SimTime }> = [];
  /** Every wake-up requested, in request order; `pending` holds those not yet delivered. */
  readonly wakeLog: WakeRequest[] = [];
  pending: WakeRequest[] = [];
  private readonly open = new Map<number, number>();
  private seq = 0;

  constructor(
    readonly kind: string,
    opts: FakeOptions = {},
  ) {
    const tick = opts.tick ?? 'krx';
    this.market = new FakeMarket(opts.symbols ?? ['AAA'], tick === 'krx' ? gridFor('krx-stock') : PriceGrid.uniform(tick));
    this.rng = deriveRng(opts.seed ?? 42, `agent:${kind}#0`);
    this.now = opts.now ?? 0;
    const insts = this.market.insts;
    this.portfolio = { cash: 0, position: (inst: number) => insts[inst]?.position ?? 0 };
  }

  get day(): number {
    return dayOf(this.now);
  }
  get timeOfDay(): SimTime {
    return timeOfDay(this.now);
  }
  submit(order: OrderRequest): number {
    const ref = this.orders.length;
    this.orders.push({ ...order, t: this.now, ref });
    this.open.set(ref, order.qty);
    this.actions.push({ op: 'submit', ref, t: this.now });
    return ref;
  }
  cancel(ref: number): void {
    this.cancels.push({ t: this.now, ref });
    this.actions.push({ op: 'cancel', ref, t: this.now });
  }
  modify(ref: number, price: number, qty: number): void {
    this.modifies.push({ t: this.now, ref, price, qty });
  }
  openQty(ref: number): number {
    return this.open.get(ref) ?? 0;
  }
  wakeAt(t: SimTime, tag = 0): void {
    if (!(Number.isSafeInteger(t) && t >= this.now)) throw new Error(`bad wake time ${t} at ${this.now}`);
    const w = { t, tag, at: this.now, seq: this.seq++ };
    this.wakeLog.push(w);
    this.pending.push(w);
  }
  wakeAfter(dtUs: number, tag = 0): void {
    this.wakeAt(this.now + dtUs, tag);
  }
  /** Messages sent, in order. */
  readonly sent: Array<{ t: SimTime; to: number; msg: unknown }> = [];
  /** Transfers made (delivery versus payment), in order. */
  readonly transfers: Array<{ t: SimTime; to: number; inst: number; qty: number; cash: number }> = [];
  /** Metrics recorded: name -> value (mode applied). */
  readonly metrics = new Map<string, number>();
  /** Agent ids per kind returned by directory(). */
  readonly dir = new Map<string, number[]>();

  send(to: number, msg: unknown): void {
    this.sent.push({ t: this.now, to, msg });
  }
  directory(kind: string): readonly number[] {
    return this.dir.get(kind) ?? [];
  }
  transfer(to: number, inst: number, qty: number, cash: number): void {
    this.transfers.push({ t: this.now, to, inst, qty, cash });
  }
  metric(name: string, value: number, mode: 'set' | 'add' = 'set'): void {
    this.metrics.set(name, mode === 'add' ? (this.metrics.get(name) ?? 0) + value : value);
  }

  /** A copy of the agent's stream at its current position, to replay the draws the next hook will make. */
  twin(): Rng {
    return RngClass.fromState(this.rng.state());
  }

  /** Report a fill of `qty` on `ref` to the context (and the agent, if given). */
  fill(ref: number, qty: number, agent?: Agent): void {
    const left = this.openQty(ref) - qty;
    this.open.set(ref, left);
    const o = this.orders[ref]!;
    const u: OrderUpdate = { kind: 'filled', ref, instrument: o.instrument, side: o.side, price: o.price, qty, remaining: left, reason: '' };
    agent?.onOrderUpdate?.(this, u);
  }
  /** Mark `ref` done (canceled/expired) without telling the agent. */
  finish(ref: number): void {
    this.open.set(ref, 0);
  }

  start(agent: Agent): void {
    agent.onStart(this);
  }
  dayStart(agent: Agent): void {
    agent.onDayStart?.(this);
  }
  notice(agent: Agent, notice: Partial<MarketNotice> & Pick<MarketNotice, 'kind'>): void {
    agent.onMarketNotice?.(this, { instrument: -1, price: 0, qty: 0, code: 0, ...notice });
  }

  /** The wake-up `step` would deliver next (earliest, ties in request order), or undefined. */
  nextWake(): WakeRequest | undefined {
    let best: WakeRequest | undefined;
    for (const w of this.pending) if (best === undefined || w.t < best.t || (w.t === best.t && w.seq < best.seq)) best = w;
    return best;
  }

  /** Deliver the earliest pending wake-up (ties in request order); false if none. */
  step(agent: Agent): boolean {
    const w = this.nextWake();
    if (w === undefined) return false;
    this.pending.splice(this.pending.indexOf(w), 1);
    this.now = w.t;
    agent.onWake?.(this, w.tag);
    return true;
  }
  /** Deliver wake-ups due at or before `t`, then set the clock to `t`. Returns how many were delivered. */
  runUntil(agent: Agent, t: SimTime): number {
    let n = 0;
    while (this.pending.some((w) => w.t <= t)) {
      this.step(agent);
      n++;
    }
    this.now = t;
    return n;
  }
  /** Pending wake-ups with `tag` (e.g. 0 for the next decision). */
  pendingWith(tag: number): WakeRequest[] {
    return this.pending.filter((w) => w.tag === tag);
  }
}

/** Build an agent of `spec` from partial params through the kind's own schema (so defaults apply). */
export function build<P>(spec: AgentKindSpec<P>, params: Record<string, unknown> = {}, instruments: readonly string[] = ['AAA']): Agent {
  return spec.create(spec.params.parse(params), { index: 0, count: 1, instruments });
}
