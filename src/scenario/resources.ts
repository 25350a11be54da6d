// A scenario's size before it runs: agents, orders and events over the calendar, and a rough memory figure, so a
// typo such as `ratePerMin: 1e9` or 200 groups of 100,000 agents is refused in a second instead of exhausting the
// heap after minutes. The estimate reads agent params by the conventions the shipped kinds follow (`ratePerMin`
// orders per agent-minute; `quoteIntervalMs` × `levels` quotes; `intervalS` / `hedgeIntervalS` slices) and counts
// the intraday U-shape twice over, so it errs high. Limits are documented in the README ("Limits").
import { parseClock, US_PER_MIN } from '../core/time.js';
import type { Scenario } from './schema.js';

/** Estimated events (orders × EVENTS_PER_ORDER) above which a run needs --allow-large. The Korea scenario: ≈ 4M. */
export const MAX_ESTIMATED_EVENTS = 100_000_000;
/** Agents in one run above which a run needs --allow-large (the per-group cap is MAX_AGENTS_PER_GROUP). */
export const MAX_TOTAL_AGENTS = 1_000_000;
/** Kernel events per order (submit, deliveries, fills): ≈ 3 in the shipped scenarios. */
const EVENTS_PER_ORDER = 3;
/** Resident bytes per event recorded and per agent, rough upper figures for the memory estimate. */
const BYTES_PER_EVENT = 100;
const BYTES_PER_AGENT = 4096;
/** Orders per agent-day assumed for a kind whose params name no rate. */
const DEFAULT_ORDERS_PER_DAY = 200;

export interface ResourceEstimate {
  readonly agents: number;
  readonly orders: number;
  readonly events: number;
  readonly memoryMb: number;
}

/** The estimate for a validated scenario, without the groups of `disabled` kinds. */
export function estimateResources(s: Scenario, disabled: readonly string[] = []): ResourceEstimate {
  const session = s.calendar.session;
  const minutes = Math.max(1, (parseClock(session.close) - parseClock(session.preOpen)) / US_PER_MIN);
  let agents = 0;
  let orders = 0;
  for (const g of s.agents) {
    if (disabled.includes(g.kind)) continue;
    agents += g.count;
    orders += g.count * ordersPerDay(g.params as Record<string, unknown>, minutes) * s.calendar.days;
  }
  const events = orders * EVENTS_PER_ORDER;
  return { agents, orders, events, memoryMb: (events * BYTES_PER_EVENT + agents * BYTES_PER_AGENT) / 2 ** 20 };
}

function num(p: Record<string, unknown>, key: string): number | undefined {
  const v = p[key];
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined;
}

/** Orders one agent of a group may send in a day of `minutes` session minutes (an upper figure). */
function ordersPerDay(p: Record<string, unknown>, minutes: number): number {
  const rate = num(p, 'ratePerMin');
  if (rate !== undefined) return 2 * rate * minutes;
  const quoteMs = num(p, 'quoteIntervalMs');
  if (quoteMs !== undefined) return 2 * 2 * (num(p, 'levels') ?? 1) * ((minutes * 60_000) / quoteMs);
  const sliceS = num(p, 'intervalS') ?? num(p, 'hedgeIntervalS');
  if (sliceS !== undefined) return (minutes * 60) / sliceS;
  return DEFAULT_ORDERS_PER_DAY;
}

/** Why the scenario is too large to run without --allow-large, or undefined. */
export function resourceProblem(e: ResourceEstimate): string | undefined {
  const fmt = (x: number): string =>
    x < 1e6 ? String(Math.round(x)) : x < 1e9 ? `${(x / 1e6).toFixed(1)}M` : x < 1e12 ? `${(x / 1e9).toFixed(1)}B` : x.toExponential(1);
  const mem = e.memoryMb < 1024 ? `${Math.round(e.memoryMb)} MB` : `${fmt(e.memoryMb / 1024)} GB`;
  const what = `${fmt(e.agents)} agents, ~${fmt(e.orders)} orders, ~${fmt(e.events)} events, ~${mem}`;
  if (e.agents > MAX_TOTAL_AGENTS) return `too large: ${what} (limit ${fmt(MAX_TOTAL_AGENTS)} agents); pass --allow-large to run it anyway`;
  if (e.events > MAX_ESTIMATED_EVENTS) return `too large: ${what} (limit ${fmt(MAX_ESTIMATED_EVENTS)} events); pass --allow-large to run it anyway`;
  return undefined;
}
