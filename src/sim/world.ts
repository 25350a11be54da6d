// The world: builds a run (kernel, exchange, fundamentals, agents, recorder) and is the only deliverer of events.
// Agents' commands reach the exchange after `orderUs`; what the exchange returns is applied at once to portfolios
// and the recorder (execution time) and delivered to the owning agents after `updateUs`; market notices (phases,
// VIs, halts) are broadcast after `updateUs`. Exchange timers run at Priority.Exchange so an auction or halt due
// at t is in force before orders delivered at t. Every exchange step (a command, a timer, a day's start or end) is
// bracketed for the book recorder: auction samples due before it, changed quotes after it; recording adds no
// events. A run is a pure function of (config, seed).
import { deriveRng } from '../core/rng.js';
import type { Rng } from '../core/rng.js';
import { Kernel, Priority } from '../core/kernel.js';
import { TRADING_DAYS_PER_YEAR, US_PER_DAY, US_PER_MIN, dayOf } from '../core/time.js';
import type { Agent } from '../agents/agent.js';
import { Portfolio } from '../agents/portfolio.js';
import { agentKind } from '../agents/registry.js';
import { Exchange } from '../market/exchange.js';
import type { ExchangeConfig } from '../market/exchange.js';
import type { OrderRequest } from '../market/protocol.js';
import type { SessionTimes } from '../market/rules/session.js';
import { WorldAgentContext } from './agent-context.js';
import type { AgentPort } from './agent-context.js';
import { Fundamentals, dayVolMultipliers } from './fundamentals.js';
import type { FundamentalSpec } from './fundamentals.js';
import { ExchangeView } from './market-view.js';
import { PriceHistory } from './price-history.js';
import { Recorder } from './recorder.js';
import { BookRecorder } from './book-recorder.js';
import type { BookRecording } from './book-recorder.js';
import { OrderHandles } from './order-handles.js';
import { EventRouter } from './event-router.js';
import { EV_CMD, EV_DAY_END, EV_DAY_START, EV_EX_TIMER, EV_MSG, EV_NOTICE, EV_NEWS, EV_SAMPLE, EV_SHOCK, EV_UPDATE, EV_WAKE, SimEvent } from './sim-event.js';

export interface AgentGroup {
  readonly kind: string;
  readonly count: number;
  readonly params: unknown;
  /** Starting cash and shares per instrument (index order) of each agent; default: the kind's initialPortfolio, else none. */
  readonly endowment?: { readonly cash: number; readonly positions: readonly number[] };
}

export interface ScheduledShock {
  readonly day: number;
  readonly tod: number;
  /** Instrument index, or -1 for every index constituent. */
  readonly inst: number;
  readonly size: number;
}

/** Everything a world needs, as plain data (run.ts builds it from a validated scenario). */
export interface WorldConfig {
  readonly seed: number;
  readonly days: number;
  readonly session: SessionTimes;
  readonly latency: { readonly orderUs: number; readonly updateUs: number; readonly messageUs: number };
  readonly exchange: ExchangeConfig;
  readonly fundamentals: readonly FundamentalSpec[];
  readonly shocks: readonly ScheduledShock[];
  readonly groups: readonly AgentGroup[];
  /** How often the quoted spread is sampled during continuous trading (µs). */
  readonly sampleIntervalUs: number;
  /** Which book tables to record (quotes, depth levels, auction indicatives). */
  readonly books: BookRecording;
}

/** A depth snapshot is taken every this many spread samples (10 s × 6 = one a minute). */
const DEPTH_EVERY = 6;
/** Time after the scheduled close at which a day is wrapped up (covers random ends and a closing VI). */
const DAY_END_AFTER_CLOSE_US = 10 * 60 * 1_000_000;

export class World implements AgentPort {
  readonly kernel: Kernel<SimEvent>;
  readonly exchange: Exchange;
  readonly view: ExchangeView;
  readonly history: PriceHistory;
  /** Per instrument, the stream of public-news release times. */
  private readonly newsRngs: Rng[];
  readonly fundamentals: Fundamentals;
  readonly recorder: Recorder;
  readonly books: BookRecorder;
  readonly agents: Agent[] = [];
  readonly contexts: WorldAgentContext[] = [];
  readonly portfolios: Portfolio[] = [];
  /** Agent kinds in order of first appearance; `agentKindIndex[agent]` indexes it. */
  readonly kindNames: string[] = [];
  readonly agentKindIndex: Int32Array;
  readonly handles = new OrderHandles();
  readonly router: EventRouter;
  /** Each agent's portfolio value at the initial prices when the run started (for P&L). */
  readonly startValue: number[] = [];
  private readonly byKind = new Map<string, number[]>();
  private get sessionCalendar(): { preOpen: number; open: number; closingAuctionStart: number; close: number } {
    const s = this.cfg.session;
    return { preOpen: s.preOpen, open: s.open, closingAuctionStart: s.closingAuctionStart, close: s.close };
  }
  private timerHandle = -1;
  private samples = 0;
  private timerT = Infinity;

  constructor(readonly cfg: WorldConfig) {
    this.exchange = new Exchange(cfg.exchange, deriveRng(cfg.seed, 'exchange'));
    const insts = cfg.exchange.instruments;
    this.history = new PriceHistory(insts.length, ((cfg.session.close - cfg.session.open) / US_PER_MIN) * TRADING_DAYS_PER_YEAR);
    this.view = new ExchangeView(this.exchange, this.history, () => this.kernel.now);
    this.fundamentals = new Fundamentals(
      insts.map((s) => s.initialPrice),
      cfg.fundamentals,
      insts.map((s) => deriveRng(cfg.seed, `fundamental:${s.symbol}`)),
      { openTod: cfg.session.open, closeTod: cfg.session.close, dayUs: US_PER_DAY },
      insts.map((s, i) => dayVolMultipliers(cfg.days, cfg.fundamentals[i]!.dailyVolSd, deriveRng(cfg.seed, `fundamental-vol:${s.symbol}`))),
    );
    this.newsRngs = insts.map((s) => deriveRng(cfg.seed, `news:${s.symbol}`));
    this.kernel = new Kernel<SimEvent>((e, now) => this.dispatch(e, now));
    const total = cfg.groups.reduce((n, g) => n + g.count, 0);
    this.agentKindIndex = new Int32Array(total);
    this.buildAgents(insts.map((s) => s.symbol));
    this.recorder = new Recorder(cfg.days, insts.length, this.kindNames.length, this.agentKindIndex);
    this.books = new BookRecorder(insts.length, cfg.books);
    this.router = new EventRouter(this);
  }

  /** Run the whole calendar. `onSlice` is called every simulated `sliceUs` (progress reporting). */
  run(onSlice?: (t: number) => void, sliceUs = 10 * 60 * 1_000_000): void {
    for (let i = 0; i < this.agents.length; i++) this.call(i, 0).onStart(this.contexts[i]!);
    this.kernel.schedule(this.dayStartTime(0), Priority.Exchange, SimEvent.day(EV_DAY_START, 0));
    const end = (this.cfg.days - 1) * US_PER_DAY + this.cfg.session.close + DAY_END_AFTER_CLOSE_US;
    for (let t = Math.min(sliceUs, end); ; t = Math.min(t + sliceUs, end)) {
      this.kernel.runUntil(t);
      onSlice?.(t);
      if (t === end) break;
    }
  }

  // ================================================================ AgentPort (called by agents' contexts)

  submitFor(agent: number, o: OrderRequest): number {
    const h = this.handles.open(agent, o);
    this.kernel.schedule(this.kernel.now + this.cfg.latency.orderUs, Priority.Delivery, SimEvent.cmd(agent, h, 0, 0, 0));
    return h;
  }
  cancelFor(agent: number, ref: number): void {
    if (!this.handles.owns(agent, ref)) return;
    this.kernel.schedule(this.kernel.now + this.cfg.latency.orderUs, Priority.Delivery, SimEvent.cmd(agent, ref, 1, 0, 0));
  }
  modifyFor(agent: number, ref: number, price: number, qty: number): void {
    if (!this.handles.owns(agent, ref)) return;
    this.kernel.schedule(this.kernel.now + this.cfg.latency.orderUs, Priority.Delivery, SimEvent.cmd(agent, ref, 2, price, qty));
  }
  openQtyFor(agent: number, ref: number): number {
    return this.handles.owns(agent, ref) ? this.handles.openQ[ref]! : 0;
  }
  wakeFor(agent: number, t: number, tag: number): void {
    this.kernel.schedule(t, Priority.Agent, SimEvent.wake(agent, tag));
  }
  sendFor(from: number, to: number, msg: unknown): void {
    if (to < 0 || to >= this.agents.length) throw new RangeError(`agent ${from} sent a message to unknown agent ${to}`);
    this.kernel.schedule(this.kernel.now + this.cfg.latency.messageUs, Priority.Delivery, SimEvent.msg(from, to, msg));
  }
  directoryOf(kind: string): readonly number[] {
    return this.byKind.get(kind) ?? [];
  }
  transferFor(from: number, to: number, inst: number, qty: number, cash: number): void {
    if (to < 0 || to >= this.agents.length || to === from) throw new RangeError(`agent ${from}: transfer to invalid agent ${to}`);
    if (!Number.isFinite(qty) || !Number.isFinite(cash)) throw new RangeError(`agent ${from}: transfer of ${qty} shares / ${cash} cash`);
    const a = this.portfolios[from]!;
    const b = this.portfolios[to]!;
    if (qty !== 0) {
      a.positions[inst]! -= qty;
      b.positions[inst]! += qty;
    }
    a.cash += cash;
    b.cash -= cash;
    this.recorder.transfers++;
  }
  metricFor(_agent: number, name: string, value: number, mode: 'set' | 'add'): void {
    this.recorder.metric(dayOf(this.kernel.now), name, value, mode);
  }

  // ================================================================ dispatch

  private dispatch(e: SimEvent, now: number): void {
    switch (e.k) {
      case EV_EX_TIMER:
        this.timerT = Infinity;
        this.beforeExchange(now);
        this.exchange.advanceTo(now);
        return this.afterExchange(now);
      case EV_CMD:
        this.beforeExchange(now);
        this.router.command(e, now);
        return this.afterExchange(now);
      case EV_UPDATE:
        return this.router.deliverUpdate(e, now);
      case EV_NOTICE:
        return this.router.deliverNotice(e, now);
      case EV_WAKE:
        return this.call(e.agent, now).onWake?.(this.contexts[e.agent]!, e.tag);
      case EV_MSG:
        return this.call(e.agent, now).onMessage?.(this.contexts[e.agent]!, e.tag, e.obj);
      case EV_DAY_START:
        return this.dayStart(e.tag, now);
      case EV_DAY_END:
        return this.dayEnd(e.tag, now);
      case EV_SHOCK:
        return this.shock(e.tag, e.price, now);
      case EV_SAMPLE:
        return this.sample(e.tag, now);
      case EV_NEWS:
        return this.publishNews(e.tag, now);
    }
  }

  /** Before any step that may change the books: the auction samples due since the last step. */
  private beforeExchange(now: number): void {
    if (this.cfg.books.auctions) this.books.auctionsBefore(now, this.exchange.listings);
  }

  /** Route the exchange's events, record changed quotes and (re)schedule the exchange's next timer. */
  afterExchange(now: number): void {
    this.router.exchangeEvents(now);
    if (this.cfg.books.quotes) {
      const ev = this.exchange.events;
      this.books.quotes(now, this.exchange.listings, ev.inst, ev.count);
    }
    const d = this.exchange.nextDeadline();
    if (d === this.timerT) return;
    if (this.timerHandle >= 0) this.kernel.cancel(this.timerHandle);
    this.timerHandle = -1;
    this.timerT = d;
    if (d !== Infinity) this.timerHandle = this.kernel.schedule(Math.max(d, now), Priority.Exchange, SimEvent.timer());
  }

  /** The agent, with its context's clock set to `now`. */
  call(agent: number, now: number): Agent {
    const ctx = this.contexts[agent]!;
    ctx.now = now;
    ctx.day = dayOf(now);
    ctx.timeOfDay = now - ctx.day * US_PER_DAY;
    return this.agents[agent]!;
  }

  private dayStartTime(day: number): number {
    // KRX days run their own session from midnight; with rules off, trading starts at the session open.
    return day * US_PER_DAY + (this.cfg.exchange.rules === 'krx' ? 0 : this.cfg.session.open);
  }

  private dayStart(day: number, now: number): void {
    const midnight = day * US_PER_DAY;
    this.beforeExchange(now);
    this.exchange.startDay(now, midnight);
    this.history.startDay(midnight, this.exchange.listings.map((L) => L.basePrice));
    this.recorder.indexBase.push(this.view.indexValue());
    this.afterExchange(now);
    for (let i = 0; i < this.agents.length; i++) this.call(i, now).onDayStart?.(this.contexts[i]!);
    const s = this.cfg.session;
    for (const sh of this.cfg.shocks) {
      if (sh.day === day) this.kernel.schedule(midnight + sh.tod, Priority.Exchange, SimEvent.shock(sh.inst, sh.size));
    }
    this.scheduleNews(midnight);
    if (this.cfg.sampleIntervalUs > 0) {
      this.kernel.schedule(midnight + s.open + this.cfg.sampleIntervalUs, Priority.Recorder, SimEvent.sample(day));
    }
    this.kernel.schedule(midnight + s.close + DAY_END_AFTER_CLOSE_US, Priority.Exchange, SimEvent.day(EV_DAY_END, day));
  }

  private dayEnd(day: number, now: number): void {
    this.beforeExchange(now);
    this.exchange.endDay(now);
    this.afterExchange(now);
    for (const L of this.exchange.listings) {
      this.recorder.daily.push({
        day, inst: L.index, base: L.basePrice, open: L.open, high: L.high, low: L.low, close: L.lastPrice,
        volume: L.volume, turnover: L.turnover, trades: L.trades, viCount: L.viCount,
      });
    }
    this.recorder.indexClose.push(this.view.indexValue());
    for (let i = 0; i < this.agents.length; i++) this.call(i, now).onDayEnd?.(this.contexts[i]!);
    if (day + 1 < this.cfg.days) {
      this.kernel.schedule(this.dayStartTime(day + 1), Priority.Exchange, SimEvent.day(EV_DAY_START, day + 1));
    }
  }

  private shock(inst: number, size: number, now: number): void {
    const ix = this.cfg.exchange.index;
    const targets = inst >= 0 ? [inst] : (ix?.constituents ?? []).map((s) => this.exchange.symbolIndex(s));
    for (const i of targets) this.fundamentals.shock(i, now, size);
    this.recorder.marketEvents.push({ t: now, kind: 'shock', inst, detail: `fundamental x${(1 + size).toFixed(6)}` });
    for (const i of targets) this.publishNews(i, now);
  }

  /** Today's Poisson news release times per instrument (rate newsPerDay over the session), from its own stream. */
  private scheduleNews(midnight: number): void {
    const { open, close } = this.cfg.session;
    const len = close - open;
    for (let i = 0; i < this.newsRngs.length; i++) {
      const rate = this.cfg.fundamentals[i]!.newsPerDay;
      if (!(rate > 0)) continue;
      const rng = this.newsRngs[i]!;
      for (let t = rng.exponential(len / rate); t < len; t += rng.exponential(len / rate)) {
        this.kernel.schedule(midnight + open + Math.floor(t), Priority.Exchange, SimEvent.news(i));
      }
    }
  }

  /** A public release of instrument `inst`'s fundamental value, broadcast after the market-data latency. */
  private publishNews(inst: number, now: number): void {
    const value = this.fundamentals.value(inst, now);
    const notice = { kind: 'news' as const, instrument: inst, price: Math.round(value), qty: 0, code: 0, value };
    this.recorder.marketEvents.push({ t: now, kind: 'news', inst, detail: `value=${value.toFixed(2)}` });
    this.kernel.schedule(now + this.cfg.latency.updateUs, Priority.Delivery, SimEvent.notice(notice));
  }

  /** Spread every sample interval; book depth (best levels per side) every DEPTH_EVERY samples. */
  private sample(day: number, now: number): void {
    for (const L of this.exchange.listings) {
      if (L.phase !== 'continuous') continue;
      const bid = L.book.bestBid();
      const ask = L.book.bestAsk();
      this.recorder.spread(L.index, bid > 0 && ask > 0 ? L.grid.toIndex(ask) - L.grid.toIndex(bid) : 0);
    }
    if (++this.samples % DEPTH_EVERY === 0 && this.cfg.books.depth) this.books.depth(now, this.exchange.listings);
    const next = now + this.cfg.sampleIntervalUs;
    if (next < day * US_PER_DAY + this.cfg.session.closingAuctionStart) {
      this.kernel.schedule(next, Priority.Recorder, SimEvent.sample(day));
    }
  }

  private buildAgents(symbols: readonly string[]): void {
    const groupsOfKind = new Map<string, number>();
    for (const g of this.cfg.groups) {
      const spec = agentKind(g.kind);
      if (spec === undefined) throw new Error(`unknown agent kind "${g.kind}"`);
      if (!this.kindNames.includes(g.kind)) this.kindNames.push(g.kind);
      const kindIdx = this.kindNames.indexOf(g.kind);
      // Streams are labelled by kind, the group's ordinal among groups of that kind, and the index in the group,
      // so adding a group never changes another agent's draws.
      const ordinal = groupsOfKind.get(g.kind) ?? 0;
      groupsOfKind.set(g.kind, ordinal + 1);
      const prices = this.cfg.exchange.instruments.map((s) => s.initialPrice);
      const ids = this.byKind.get(g.kind) ?? [];
      this.byKind.set(g.kind, ids);
      for (let k = 0; k < g.count; k++) {
        const id = this.agents.length;
        const info = { index: k, count: g.count, instruments: symbols };
        const agent = spec.create(g.params, info);
        const start = g.endowment ?? spec.initialPortfolio?.(g.params, { ...info, initialPrices: prices }) ?? { cash: 0, positions: [] };
        const pf = new Portfolio(symbols.length, start.cash, start.positions);
        this.startValue.push(pf.value(prices));
        ids.push(id);
        const rng = deriveRng(this.cfg.seed, `agent:${g.kind}#${ordinal}.${k}`);
        this.agents.push(agent);
        this.portfolios.push(pf);
        this.contexts.push(new WorldAgentContext(id, g.kind, this.view, this.sessionCalendar, pf, rng, this));
        this.agentKindIndex[id] = kindIdx;
      }
    }
  }
}

