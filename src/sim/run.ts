// runScenario: a run is a pure, synchronous function of (scenario, seed) — build the world, run the calendar,
// return the summary metrics and the output tables. The spec is plain data (structured-cloneable), so a worker
// thread can run it; nothing here reads files or the wall clock.
import { parseClock, US_PER_S } from '../core/time.js';
import type { ColumnTable } from '../core/table.js';
import type { ExchangeConfig } from '../market/exchange.js';
import { circuitBreakerConfig } from '../market/rules/circuit-breaker.js';
import type { OutputTable, Scenario } from '../scenario/schema.js';
import { cascadeMetricNames, cascadeMetrics } from './cascade-metrics.js';
import { marketMetricNames, summarize } from './metrics.js';
import type { Summary } from './metrics.js';
import { agentsTable, barsAndDaily, flowsTable, marketEventsTable, metricsTable, tradesTable } from './tables.js';
import { auctionIndicativeTable, depthTable, quotesTable } from './book-tables.js';
import type { TableContext } from './tables.js';
import { World } from './world.js';
import type { AgentGroup, WorldConfig } from './world.js';

export interface RunSpec {
  readonly scenario: Scenario;
  readonly seed: number;
  /** Agent kinds left out of this run (counterfactuals); unknown kinds are an error. */
  readonly disable?: readonly string[];
  /** The tables to record and build (default: the scenario's outputs.tables; a sweep's workers, which keep only the
   * summary, ask for none). The simulation is the same whichever are recorded. */
  readonly tables?: readonly OutputTable[];
}

export interface RunStats {
  readonly events: number;
  readonly orders: number;
  readonly trades: number;
  readonly agents: number;
}

export interface RunResult {
  readonly summary: Summary;
  readonly tables: ColumnTable[];
  readonly stats: RunStats;
}

/** Progress callback: simulated time reached and kernel events so far (called every 10 simulated minutes). */
export type RunProgress = (simTimeUs: number, events: number) => void;

export function runScenario(spec: RunSpec, progress?: RunProgress): RunResult {
  const world = new World(worldConfig(spec));
  world.run(progress ? (t) => progress(t, world.kernel.eventsDispatched) : undefined);
  return results(world, spec.scenario, spec.tables ?? spec.scenario.outputs.tables);
}

/** Every key of a run's summary for this scenario (whatever the seed or disabled kinds), without running it. */
export function summaryMetricNames(scenario: Scenario): string[] {
  const symbols = scenario.market.instruments.map((i) => i.symbol);
  return [...marketMetricNames(symbols), ...cascadeMetricNames(symbols)];
}

/** A group's starting shares per symbol: its positions plus those it holds with each kind present in the run. */
function startingPositions(e: NonNullable<Scenario['agents'][number]['endowment']>, symbols: readonly string[], present: ReadonlySet<string>): number[] {
  return symbols.map((sym) => {
    let q = e.positions[sym] ?? 0;
    for (const [kind, positions] of Object.entries(e.positionsWith ?? {})) if (present.has(kind)) q += positions[sym] ?? 0;
    return q;
  });
}

/** Translate a validated scenario into the world's plain configuration. */
export function worldConfig(spec: RunSpec): WorldConfig {
  const sc = spec.scenario;
  const symbols = sc.market.instruments.map((i) => i.symbol);
  const known = new Set(sc.agents.map((g) => g.kind));
  for (const k of spec.disable ?? []) {
    if (!known.has(k)) throw new Error(`--disable ${k}: the scenario has no agents of kind "${k}" (it has ${[...known].join(', ')})`);
  }
  const s = sc.calendar.session;
  const session = {
    preOpen: parseClock(s.preOpen),
    open: parseClock(s.open),
    closingAuctionStart: parseClock(s.closingAuctionStart),
    close: parseClock(s.close),
  };
  const m = sc.market;
  const exchange: ExchangeConfig = {
    rules: m.rules,
    selfTrade: m.selfTradePrevention,
    instruments: m.instruments.map((i) => ({ ...i })),
    ...(m.index ? { index: { name: m.index.name, constituents: [...m.index.constituents], baseLevel: m.index.baseLevel } } : {}),
    krx: {
      session,
      auctionRandomEndUs: m.auctionRandomEndUs,
      volatilityInterruptions: m.volatilityInterruptions,
      viThresholdScale: m.viThresholdScale,
      viAuctionUs: Math.round(m.viAuctionSeconds * US_PER_S),
      circuitBreaker: m.circuitBreaker ? circuitBreakerConfig(m.circuitBreakerLevelsPct, m.circuitBreakerHaltMinutes) : null,
      ...(m.sidecar ? {} : { sidecar: null }),
    },
  };
  const present = new Set(sc.agents.map((g) => g.kind).filter((k) => !(spec.disable ?? []).includes(k)));
  const groups: AgentGroup[] = sc.agents
    .filter((g) => present.has(g.kind))
    .map((g) => ({
      kind: g.kind,
      count: g.count,
      params: g.params,
      ...(g.endowment ? { endowment: { cash: g.endowment.cash, positions: startingPositions(g.endowment, symbols, present) } } : {}),
    }));
  const wanted = new Set<string>(spec.tables ?? sc.outputs.tables);
  return {
    seed: spec.seed,
    days: sc.calendar.days,
    session,
    latency: m.latency,
    exchange,
    fundamentals: symbols.map((sym) => sc.fundamentals.processes[sym] ?? sc.fundamentals.defaultProcess),
    shocks: sc.fundamentals.shocks.map((sh) => ({
      day: sh.day,
      tod: parseClock(sh.time),
      inst: sh.instrument !== undefined ? symbols.indexOf(sh.instrument) : -1,
      size: sh.size,
    })),
    groups,
    sampleIntervalUs: sc.outputs.sampleSeconds * US_PER_S,
    books: {
      quotes: wanted.has('quotes'),
      depth: wanted.has('depth'),
      auctions: wanted.has('auction_indicative'),
      auctionSampleUs: sc.outputs.auctionSampleSeconds * US_PER_S,
    },
  };
}

function results(world: World, sc: Scenario, tables: readonly OutputTable[]): RunResult {
  const r = world.recorder;
  const symbols = sc.market.instruments.map((i) => i.symbol);
  const ix = sc.market.index;
  const ctx: TableContext = {
    symbols,
    kindNames: world.kindNames,
    agentKind: world.agentKindIndex,
    openTod: world.cfg.session.open,
    closeTod: world.cfg.session.close,
    barUs: sc.outputs.barSeconds * US_PER_S,
    index: ix
      ? {
          name: ix.name,
          constituents: ix.constituents.map((s) => symbols.indexOf(s)),
          shares: ix.constituents.map((s) => sc.market.instruments.find((i) => i.symbol === s)!.sharesOutstanding),
          basePrices: ix.constituents.map((s) => sc.market.instruments.find((i) => i.symbol === s)!.initialPrice),
          baseLevel: ix.baseLevel,
        }
      : null,
    cash: world.portfolios.map((p) => p.cash),
    positions: world.portfolios.map((p) => p.positions),
    startValue: world.startValue,
    lastPrices: world.exchange.listings.map((L) => L.lastPrice),
  };
  const built = buildTables(world, ctx, new Set<string>(tables));
  const events = world.kernel.eventsDispatched;
  const stressDay = sc.calendar.stressDay ?? sc.calendar.days - 1;
  const fxRate = sc.market.reportCurrency?.fxRate ?? 1;
  const ex = world.exchange;
  const summary = summarize(r, { symbols, stressDay, events, fxRate, selfTrade: { cancels: ex.selfTradeCancels, qty: ex.selfTradeQty } });
  Object.assign(summary, cascadeMetrics(r, {
    symbols, isStock: sc.market.instruments.map((i) => i.tickTable !== 'krx-etf'), kindNames: world.kindNames,
    agentKind: world.agentKindIndex, stressDay, closeTod: world.cfg.session.close, fxRate,
  }));
  return {
    summary,
    tables: built,
    stats: { events, orders: r.ordersArrived, trades: r.tradeCount, agents: world.agents.length },
  };
}

/** The wanted tables, in the order of the builders below (OUTPUT_TABLES's), each built only if wanted. */
function buildTables(world: World, ctx: TableContext, wanted: ReadonlySet<string>): ColumnTable[] {
  const r = world.recorder;
  const b = world.books;
  const barsDaily = wanted.has('bars') || wanted.has('daily') ? barsAndDaily(r, ctx) : null;
  const builders: Record<OutputTable, () => ColumnTable> = {
    trades: () => tradesTable(r, ctx),
    bars: () => barsDaily!.bars,
    daily: () => barsDaily!.daily,
    flows: () => flowsTable(r, ctx),
    agents: () => agentsTable(ctx),
    market_events: () => marketEventsTable(r, ctx),
    metrics: () => metricsTable(r),
    depth: () => depthTable(b, ctx.symbols),
    quotes: () => quotesTable(b, ctx.symbols),
    auction_indicative: () => auctionIndicativeTable(b, ctx.symbols),
  };
  return (Object.keys(builders) as OutputTable[]).filter((name) => wanted.has(name)).map((name) => builders[name]());
}
