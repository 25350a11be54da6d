// The scenario file format as a zod schema: every object strict (a typo is an error), every default here and
// nowhere else, YAML keys camelCase. Numbers are plain numbers at this level; expression strings are evaluated
// by the loader before validation. Cross-field rules live in checks.ts and report at the offending value's path.
// Agent groups are a union on `kind` built from the agent registry, each with that kind's own params schema.
import { z } from 'zod';
import {
  KRX_AUCTION_RANDOM_END_US, KRX_CIRCUIT_BREAKER_DROP_PCT, KRX_CIRCUIT_BREAKER_HALT_MIN, KRX_SESSION_CLOCK, KRX_VI_AUCTION_S,
} from '../core/krx-defaults.js';
import { parseClock } from '../core/time.js';
import { AGENT_KINDS, type AgentKindSpec } from '../agents/registry.js';
import { checkMarket, checkReferences, checkSessionOrder, offGridMessage } from './checks.js';

/** Largest `count` of one agent group; a larger one is refused before anything is allocated. */
export const MAX_AGENTS_PER_GROUP = 100_000;
export const MAX_AGENT_GROUPS = 1_000;
export const MAX_INSTRUMENTS = 64;
export const MAX_LATENCY_US = 60_000_000;
export const OUTPUT_TABLES = ['trades', 'bars', 'daily', 'flows', 'agents', 'market_events', 'metrics', 'depth', 'quotes', 'auction_indicative'] as const;
/** The name of an output table. */
export type OutputTable = (typeof OUTPUT_TABLES)[number];

/** Self-trade prevention policies (market/order.ts SelfTradePolicy; the scenario layer may not import market). */
export const SELF_TRADE_POLICIES = ['cancel-incoming', 'cancel-resting', 'cancel-both', 'none'] as const;

export const SCENARIO_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const SYMBOL_RE = /^[A-Za-z0-9_.-]{1,16}$/;
export const PARAM_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A clock time "HH:MM[:SS]" that core/time's parseClock accepts (its message on failure). */
function clockString(): z.ZodString {
  return z.string().superRefine((s, ctx) => {
    try {
      parseClock(s);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: (e as Error).message });
    }
  });
}

/** The values of `params`: plain finite numbers (never expressions), usable by name in expressions. */
export const paramValueSchema = z.number().describe('a finite number; usable by name in expressions');

const sessionSchema = z
  .strictObject({
    preOpen: clockString().default(KRX_SESSION_CLOCK.preOpen).describe('opening call auction order entry starts'),
    open: clockString().default(KRX_SESSION_CLOCK.open).describe('opening uncross; continuous trading starts'),
    closingAuctionStart: clockString().default(KRX_SESSION_CLOCK.closingAuctionStart).describe('closing call auction starts'),
    close: clockString().default(KRX_SESSION_CLOCK.close).describe('closing uncross; the session ends'),
  })
  .superRefine(checkSessionOrder);

const calendarSchema = z
  .strictObject({
    days: z.int().min(1).max(250).default(5).describe('trading days to simulate'),
    stressDay: z.int().min(0).optional().describe('0-based day the stress scenario is built around (< days)'),
    session: sessionSchema.prefault({}),
  })
  .superRefine((c, ctx) => {
    if (c.stressDay !== undefined && c.stressDay >= c.days) {
      const message = `must be less than days (${c.days}), got ${c.stressDay}; days are numbered 0..${c.days - 1}`;
      ctx.addIssue({ code: 'custom', path: ['stressDay'], message });
    }
  });

const latencySchema = z.strictObject({
  orderUs: z.int().min(0).max(MAX_LATENCY_US).default(500).describe('order entry latency (µs)'),
  updateUs: z.int().min(0).max(MAX_LATENCY_US).default(500).describe('market data / order update latency (µs)'),
  messageUs: z.int().min(0).max(MAX_LATENCY_US).default(1000).describe('agent-to-agent message latency (µs)'),
});

const symbolSchema = z.string().regex(SYMBOL_RE, 'a symbol is 1-16 characters from A-Z a-z 0-9 _ . -');

const instrumentSchema = z
  .strictObject({
    symbol: symbolSchema,
    name: z.string().optional(),
    initialPrice: z.int().gt(0).max(1e9).describe('base price on day 0 (minor currency units; on the tick grid)'),
    sharesOutstanding: z.int().gt(0).max(1e13).describe('shares outstanding (index weight = shares x price)'),
    tickTable: z.enum(['krx-stock', 'krx-etf', 'uniform']).default('krx-stock'),
    uniformTick: z.int().min(1).default(1).describe("tick size when tickTable is 'uniform'"),
    lotSize: z.int().min(1).default(1),
    leverage: z
      .number()
      .min(-5)
      .max(5)
      .refine((v) => v !== 0, 'leverage must not be 0')
      .default(1)
      .describe('leverage multiple of an ETF (1 for a stock); price limits scale with |leverage|'),
    viClass: z.enum(['kospi200', 'other']).default('kospi200'),
    priceLimitBp: z.int().min(1).max(10_000).default(3000).describe('daily price limit in basis points of the base price'),
  })
  .superRefine((inst, ctx) => {
    const message = offGridMessage(inst.initialPrice, inst.tickTable, inst.uniformTick);
    if (message !== undefined) ctx.addIssue({ code: 'custom', path: ['initialPrice'], message });
  });

const indexSchema = z.strictObject({
  name: z.string().min(1).max(64),
  constituents: z.array(symbolSchema).min(1).describe('instrument symbols, each once'),
  baseLevel: z.number().gt(0).default(2500).describe('index level on day 0'),
});

const marketSchema = z
  .strictObject({
    rules: z.enum(['krx', 'none']).default('krx').describe("'krx': KRX rules; 'none': plain continuous double auction"),
    currency: z.string().regex(/^[A-Z]{3}$/, 'a currency is a 3-letter ISO code such as KRW').default('KRW'),
    reportCurrency: z
      .strictObject({
        code: z.string().regex(/^[A-Z]{3}$/, 'a currency is a 3-letter ISO code such as USD'),
        fxRate: z.number().gt(0).describe('units of `currency` per unit of the report currency (e.g. 1380 KRW per USD)'),
      })
      .optional()
      .describe('currency of the value metrics in summary.json (default: `currency`)'),
    latency: latencySchema.prefault({}),
    auctionRandomEndUs: z.int().min(0).max(KRX_AUCTION_RANDOM_END_US).default(KRX_AUCTION_RANDOM_END_US).describe('random auction end window (µs)'),
    selfTradePrevention: z
      .enum(SELF_TRADE_POLICIES)
      .default('cancel-incoming')
      .describe(
        "an order meeting its owner's resting order: 'cancel-incoming' (KRX-like default; see market/order.ts), " +
          "'cancel-resting', 'cancel-both' or 'none' (they trade)",
      ),
    circuitBreaker: z.boolean().default(true),
    circuitBreakerLevelsPct: z
      .tuple([z.number().gt(0).lt(100), z.number().gt(0).lt(100), z.number().gt(0).lt(100)])
      .default([...KRX_CIRCUIT_BREAKER_DROP_PCT])
      .refine((l) => l[0] < l[1] && l[1] < l[2], 'circuit-breaker levels must increase (KRX: [8, 15, 20])')
      .describe('index drop vs the previous close, percent, of circuit-breaker levels 1, 2, 3 (level 3 ends the day)'),
    circuitBreakerHaltMinutes: z.number().gt(0).max(390).default(KRX_CIRCUIT_BREAKER_HALT_MIN).describe('halt after a level-1 or level-2 circuit breaker (minutes)'),
    sidecar: z.boolean().default(true),
    volatilityInterruptions: z.boolean().default(true),
    viThresholdScale: z
      .number()
      .gt(0)
      .max(10)
      .default(1)
      .describe('multiplies every VI threshold: dynamic 3% / 2% (KOSPI200) and 6% / 4% (other), static 10%; 1 = KRX'),
    viAuctionSeconds: z.number().gt(0).max(3600).default(KRX_VI_AUCTION_S).describe('length of a VI call auction (seconds, before its random end)'),
    instruments: z.array(instrumentSchema).min(1).max(MAX_INSTRUMENTS),
    index: indexSchema.optional(),
  })
  .superRefine(checkMarket);

const processSchema = z.strictObject({
  process: z.enum(['random-walk', 'ou']).default('random-walk'),
  volAnnual: z.number().min(0).max(5).default(0.25).describe('annualised volatility of the fundamental'),
  meanReversionPerDay: z.number().min(0).default(0).describe("OU mean-reversion speed per day ('ou' only)"),
  jumpIntensityPerDay: z.number().min(0).default(0).describe('expected jumps per day (Poisson)'),
  jumpSizeSd: z.number().min(0).default(0.02).describe('standard deviation of a jump (relative)'),
  dailyVolSd: z.number().min(0).max(2).default(0)
    .describe("sd of ln(day's volatility multiplier): each day's σ is volAnnual·exp(s·z − s²/2), the news-intensity mixture of docs/model.md §3.2"),
  newsPerDay: z.number().min(0).max(1000).default(0)
    .describe('public news releases per session (Poisson), each disclosing the current fundamental value; scripted shocks are always released'),
});

const shockSchema = z
  .strictObject({
    day: z.int().min(0).describe('0-based trading day (< calendar.days)'),
    time: clockString().describe('time of day within the session'),
    instrument: symbolSchema.optional().describe('the instrument whose fundamental jumps (or index: true)'),
    index: z.literal(true).optional().describe('shock every index constituent instead of one instrument'),
    size: z.number().gt(-0.99).lt(10).describe('relative jump of the fundamental: -0.08 = -8%'),
  })
  .superRefine((s, ctx) => {
    if ((s.instrument === undefined) === (s.index === undefined)) {
      const message = 'a shock needs exactly one of `instrument: <symbol>` or `index: true`';
      ctx.addIssue({ code: 'custom', path: s.instrument === undefined ? [] : ['index'], message });
    }
  });

const fundamentalsSchema = z.strictObject({
  processes: z.record(z.string(), processSchema).default({}).describe('fundamental value process per instrument symbol'),
  defaultProcess: processSchema.prefault({}).describe('the process of an instrument that `processes` does not list'),
  shocks: z.array(shockSchema).default([]),
});

const endowmentSchema = z.strictObject({
  cash: z.number().default(0).describe('starting cash (minor currency units)'),
  positions: z.record(z.string(), z.int()).default({}).describe('starting shares per instrument symbol'),
  positionsWith: z
    .record(z.string(), z.record(z.string(), z.int()))
    .optional()
    .describe('more starting shares per agent kind, held only in a run with agents of that kind (the hedge of trades made with them before the run, e.g. dealers\' hedge of an options fund\'s calls); dropped when the kind is disabled'),
});

/** The schema of one agent group of a kind: kind, count, that kind's params, an optional endowment. */
function groupSchema(k: AgentKindSpec<never>) {
  return z
    .strictObject({
      kind: z.literal(k.kind),
      count: z.int().min(1).max(MAX_AGENTS_PER_GROUP).describe('number of agents in this group'),
      params: (k.params as z.ZodType<unknown>).prefault({}),
      endowment: endowmentSchema.optional(),
    })
    .describe(k.description);
}

type GroupSchema = ReturnType<typeof groupSchema>;

const outputsSchema = z.strictObject({
  tables: z
    .array(z.enum(OUTPUT_TABLES))
    .default([...OUTPUT_TABLES])
    .refine((t) => new Set(t).size === t.length, 'a table is listed twice'),
  barSeconds: z.int().min(1).max(3600).default(60).describe('bar length of the bars table (s)'),
  sampleSeconds: z.int().min(1).max(3600).default(10).describe('interval of the book samples behind the spread metrics (s)'),
  auctionSampleSeconds: z.int().min(1).max(3600).default(5).describe('interval of the auction_indicative samples during call auctions (s)'),
});

/** The scenario schema for a set of agent kinds (the registry's, unless a test passes its own). */
export function buildScenarioSchema(kinds: readonly AgentKindSpec<never>[] = AGENT_KINDS) {
  const groups = kinds.map(groupSchema) as [GroupSchema, ...GroupSchema[]];
  return z
    .strictObject({
      name: z.string().regex(SCENARIO_NAME_RE, 'a name is 1-64 characters from A-Z a-z 0-9 . _ -, starting with a letter or digit'),
      description: z.string().default(''),
      seed: z.int().min(0).default(1).describe('root seed of the run'),
      params: z
        .record(z.string().regex(PARAM_NAME_RE, 'a param name is an identifier (letters, digits, _)'), paramValueSchema)
        .default({})
        .describe('named numbers that numeric fields may use in expressions such as "basePrice * 1.1"'),
      calendar: calendarSchema.prefault({}),
      market: marketSchema,
      fundamentals: fundamentalsSchema.prefault({}),
      agents: z.array(z.discriminatedUnion('kind', groups)).min(1).max(MAX_AGENT_GROUPS),
      outputs: outputsSchema.prefault({}),
    })
    .superRefine(checkReferences);
}

/** The scenario schema over the registered agent kinds. */
export const scenarioSchema = buildScenarioSchema();

/** A validated scenario with every default filled in. */
export type Scenario = z.output<typeof scenarioSchema>;
/** A scenario as written (defaults optional). */
export type ScenarioInput = z.input<typeof scenarioSchema>;
/** One agent group of a validated scenario. */
export type AgentGroup = Scenario['agents'][number];
