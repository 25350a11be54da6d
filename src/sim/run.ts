// runScenario: a run is a pure, synchronous function of (scenario, seed) — build the world, run the calendar,
// return the summary metrics and the output tables. The spec is plain data (structured-cloneable), so a worker
// thread can run it; nothing here reads files or the wall clock.
import { parseClock, US_PER_S } from '../core/time.js';
import type { ColumnTable } from '../core/table.js';
import type { ExchangeConfig } from '../market/exchange.js';
import { circuitBreakerConfig } from '../market/rules/circuit-breaker.js';
import type { Scenario } from '../scenario/schema.js';
import { cascadeMetricNames, cascadeMetrics } from './cascade-metrics.js';
import { marketMetricNames, summarize } from './metrics.js';
import type { Summary } from './metrics.js';
import { agentsTable, barsAndDaily, depthTable, flowsTable, marketEventsTable, metricsTable, tradesTable } from './tables.js';
import type { TableContext } from './tables.js';
import { World } from './world.js';
import type { AgentGroup, WorldConfig } from './world.js';

export interface RunSpec {
  readonly scenario: Scenario;
  readonly seed: number;
  /** Agent kinds left out of this run (counterfactuals); unknown kinds are an error. */
  readonly disable?: readonly string[];
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
  return results(world, spec.scenario);
}

/** Every key of a run's summary for this scenario (whatever the seed or disabled kinds), without running it. */
export function summaryMetricNames(scenario: Scenario): string[] {
  const symbols = scenario.market.instruments.map((i) => i.symbol);
  return [...marketMetricNames(symbols), ...cascadeMetricNames(symbols)];
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
  const groups: AgentGroup[] = sc.agents
    .filter((g) => !(spec.disable ?? []).includes(g.kind))
    .map((g) => ({
      kind: g.kind,
      count: g.count,
      params: g.params,
      ...(g.endowment ? { endowment: { cash: g.endowment.cash, positions: symbols.map((sym) => g.endowment!.positions[sym] ?? 0) } } : {}),
    }));
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
  };
}

function results(world: World, sc: Scenario): RunResult {
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
  const wanted = new Set<string>(sc.outputs.tables);
  const { bars, daily } = barsAndDaily(r, ctx);
  const all: ColumnTable[] = [
    tradesTable(r, ctx), bars, daily, flowsTable(r, ctx), agentsTable(ctx), marketEventsTable(r, ctx), metricsTable(r), depthTable(r, ctx),
  ];
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
    tables: all.filter((t) => wanted.has(t.name)),
    stats: { events, orders: r.ordersArrived, trades: r.tradeCount, agents: world.agents.length },
  };
}
