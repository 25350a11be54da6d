// Agent kinds: each kind's YAML name, its parameter schema (zod, strict, owning every default) and its factory.
// The scenario layer validates `agents[].params` against these schemas; the world builds agents from them.
// Adding a kind = one file in src/agents/ exporting `spec: AgentKindSpec<Params>` (type-only imports from here,
// so there is no import cycle), plus one line below.
import type { z } from 'zod';
import type { Agent } from './agent.js';
import { spec as authorizedParticipant } from './authorized-participant.js';
import { spec as beliefTrader } from './belief-trader.js';
import { spec as etfRetail } from './etf-retail.js';
import { spec as foreignSeller } from './foreign-seller.js';
import { spec as leveragedEtf } from './leveraged-etf.js';
import { spec as marginAccounts } from './margin-accounts.js';
import { spec as marketMaker } from './market-maker.js';
import { spec as metaorder } from './metaorder.js';
import { spec as noiseTrader } from './noise-trader.js';
import { spec as optionDealer } from './option-dealer.js';
import { spec as swapDealer } from './swap-dealer.js';
import { spec as valueTrader } from './value-trader.js';

/** What a factory knows about the agent it builds. */
export interface AgentCreateInfo {
  /** Index of this agent within its `agents[]` group (0 .. count-1). */
  readonly index: number;
  readonly count: number;
  /** Instrument symbols in market order (agents address instruments by index). */
  readonly instruments: readonly string[];
}

/** A starting portfolio: cash and shares per instrument (index order). */
export interface InitialPortfolio {
  readonly cash: number;
  readonly positions: readonly number[];
}

/** The flow fields a kind's summary metrics can read (value in the scenario currency). */
export type FlowField = 'buy-value' | 'sell-value' | 'forced-sell-value';

/**
 * What a kind's `summaryMetrics` sees of a finished run, restricted to that kind's agents (sim/cascade-metrics.ts
 * implements it). Every method gives 0 (NaN for turnover) when the kind is absent or the day is out of range.
 */
export interface KindSummaryView {
  /** Whether any agent of the kind is in the run. */
  readonly present: boolean;
  readonly stressDay: number;
  readonly days: number;
  /** Scenario currency units per report-currency unit: divide values by it to report them. */
  readonly fxRate: number;
  /** Sum of the kind's flow field on `day` over stocks (all instruments when stocksOnly is false). */
  flow(day: number, field: FlowField, stocksOnly?: boolean): number;
  /** Turnover on `day` of the stocks the kind traded that day. */
  turnoverOfStocksTraded(day: number): number;
  /** The kind's sell value on stocks in the last `minutes` before the close of `day` (closing auction included). */
  sellValueBeforeClose(day: number, minutes: number): number;
  /** Sum of the run's agent metrics of `day` whose name starts with `prefix` (metrics are not tagged by kind). */
  metricSum(day: number, prefix: string): number;
}

/** One agent kind. `params` must be a strict object schema with a default for every optional field. */
export interface AgentKindSpec<P = unknown> {
  readonly kind: string;
  readonly description: string;
  readonly params: z.ZodType<P>;
  create(params: P, info: AgentCreateInfo): Agent;
  /**
   * The agent's starting portfolio when its group gives no `endowment` (e.g. a fund starting fully invested:
   * cash = AUM − L·AUM, L·AUM/P0 shares of the underlying, −sharesOutstanding of its own ETF).
   */
  initialPortfolio?(params: P, info: AgentCreateInfo & { readonly initialPrices: readonly number[] }): InitialPortfolio;
  /**
   * The kind's headline metrics for summary.json (stress-day flows and the like), computed for every run whether the
   * kind is present or not, so that the keys are the same in every run.
   */
  summaryMetrics?(view: KindSummaryView): Record<string, number>;
}

/** Every registered kind, in the order the JSON Schema lists them. */
export const AGENT_KINDS: readonly AgentKindSpec<never>[] = [
  noiseTrader, valueTrader, beliefTrader, marketMaker, leveragedEtf, optionDealer, marginAccounts, foreignSeller, authorizedParticipant, metaorder,
  swapDealer, etfRetail,
] as AgentKindSpec<never>[];

/** The spec of a kind, or undefined. */
export function agentKind(kind: string): AgentKindSpec<unknown> | undefined {
  return AGENT_KINDS.find((k) => k.kind === kind) as AgentKindSpec<unknown> | undefined;
}
