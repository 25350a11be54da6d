// The agent contract. An agent sees the market only through its AgentContext (a MarketView, its own portfolio and
// random stream, and commands that the world delivers with latency) and learns what happened through the hooks
// below. Agents know each other only by id (`send`). One context object per agent is reused for every call, so
// `ctx.now` is valid only during the call. Hooks must not keep references to the update objects they receive.
import type { Rng } from '../core/rng.js';
import type { SimTime } from '../core/time.js';
import type { MarketNotice, MarketView, OrderRequest, OrderUpdate } from '../market/protocol.js';

/** The agent's own holdings, kept by the world from fills (read-only to the agent). */
export interface PortfolioView {
  /** Cash in the currency's minor unit (may be negative: agents are not cash-constrained unless they check). */
  readonly cash: number;
  /** Shares held of an instrument (negative = short). */
  position(inst: number): number;
}

/** The scenario's session times of day (µs since midnight): the one source of session lengths for agents. */
export interface SessionCalendar {
  readonly preOpen: number;
  readonly open: number;
  readonly closingAuctionStart: number;
  readonly close: number;
}

/** The agent's port to the world. */
export interface AgentContext {
  /** The agent's id (unique in the run) and kind (its YAML `kind`). */
  readonly id: number;
  readonly kind: string;
  /** Current simulation time (µs), trading day index and time of day (µs since midnight). */
  readonly now: SimTime;
  readonly day: number;
  readonly timeOfDay: SimTime;
  readonly market: MarketView;
  /** The scenario's trading session (same every day). */
  readonly session: SessionCalendar;
  readonly portfolio: PortfolioView;
  /** The agent's own seeded stream (derived from the run seed and `agent:<kind>#<index>`). */
  readonly rng: Rng;
  /** Send an order; it reaches the exchange after the order-entry latency. Returns the agent's handle for it. */
  submit(order: OrderRequest): number;
  /** Cancel / modify an order by handle (ignored by the exchange if it is no longer resting). */
  cancel(ref: number): void;
  modify(ref: number, price: number, qty: number): void;
  /** Open quantity of one of the agent's orders as far as the agent has been told (0 once done). */
  openQty(ref: number): number;
  /** Wake this agent at absolute time `t` (>= now) or after `dtUs`, with a tag passed back to onWake. */
  wakeAt(t: SimTime, tag?: number): void;
  wakeAfter(dtUs: number, tag?: number): void;
  /** Send a message to another agent by id (delivered with the messaging latency). */
  send(to: number, msg: unknown): void;
  /** Ids of every agent of a kind, ascending (how an AP finds its fund, or a fund its option dealers). */
  directory(kind: string): readonly number[];
  /**
   * Delivery versus payment off the exchange, effective at once: `qty` shares of `inst` move from this agent to
   * `to`, and `cash` moves from `to` to this agent (either may be negative or zero). ETF creations/redemptions,
   * option premiums. Shares and cash stay conserved across agents.
   */
  transfer(to: number, inst: number, qty: number, cash: number): void;
  /**
   * Record a metric of the current trading day: 'set' overwrites (e.g. `nav.<SYM>`, `shares_outstanding.<SYM>`),
   * 'add' accumulates (e.g. `ap_units.<SYM>`). Metrics appear in the run's `metrics` table and feed summaries.
   */
  metric(name: string, value: number, mode?: 'set' | 'add'): void;
}

/** An agent. Only `kind` and `onStart` are required. */
export interface Agent {
  readonly kind: string;
  /** Once, before the first trading day. */
  onStart(ctx: AgentContext): void;
  /** At the start of each trading day (before the pre-open), after the exchange set base prices and limits. */
  onDayStart?(ctx: AgentContext): void;
  /** A wake-up the agent scheduled. */
  onWake?(ctx: AgentContext, tag: number): void;
  /** An update about one of the agent's own orders (after the market-data latency). */
  onOrderUpdate?(ctx: AgentContext, update: OrderUpdate): void;
  /** A phase change, VI, halt, sidecar or auction result. */
  onMarketNotice?(ctx: AgentContext, notice: MarketNotice): void;
  /** A message from another agent. */
  onMessage?(ctx: AgentContext, from: number, msg: unknown): void;
  /** After the day's close (all its orders have expired). */
  onDayEnd?(ctx: AgentContext): void;
}
