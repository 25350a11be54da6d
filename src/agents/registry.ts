// Agent kinds: each kind's YAML name, its parameter schema (zod, strict, owning every default) and its factory.
// The scenario layer validates `agents[].params` against these schemas; the world builds agents from them.
// Adding a kind = one file in src/agents/ exporting `spec: AgentKindSpec<Params>` (type-only imports from here,
// so there is no import cycle), plus one line below.
import type { z } from 'zod';
import type { Agent } from './agent.js';
import { spec as authorizedParticipant } from './authorized-participant.js';
import { spec as foreignSeller } from './foreign-seller.js';
import { spec as leveragedEtf } from './leveraged-etf.js';
import { spec as marginAccounts } from './margin-accounts.js';
import { spec as marketMaker } from './market-maker.js';
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
}

/** Every registered kind, in the order the JSON Schema lists them. */
export const AGENT_KINDS: readonly AgentKindSpec<never>[] = [
  noiseTrader, valueTrader, marketMaker, leveragedEtf, optionDealer, marginAccounts, foreignSeller, authorizedParticipant,
  swapDealer,
] as AgentKindSpec<never>[];

/** The spec of a kind, or undefined. */
export function agentKind(kind: string): AgentKindSpec<unknown> | undefined {
  return AGENT_KINDS.find((k) => k.kind === kind) as AgentKindSpec<unknown> | undefined;
}
