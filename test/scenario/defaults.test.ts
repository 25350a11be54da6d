// Golden test of the schema's defaults: the minimal scenario resolves to this exact object. Agent params come
// from each kind's own schema (owned by the agent files), so they are checked against that schema's defaults.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { agentKind } from '../../src/agents/registry.js';
import { loadScenario } from '../../src/scenario/load.js';
import { scenarioSchema } from '../../src/scenario/schema.js';

const MINIMAL = fileURLToPath(new URL('./good/minimal.yaml', import.meta.url));

const GOLDEN = {
  name: 'minimal',
  description: '',
  seed: 1,
  params: {},
  calendar: {
    days: 5,
    session: { preOpen: '08:30', open: '09:00', closingAuctionStart: '15:20', close: '15:30' },
  },
  market: {
    rules: 'krx',
    currency: 'KRW',
    latency: { orderUs: 500, updateUs: 500, messageUs: 1000 },
    auctionRandomEndUs: 30_000_000,
    selfTradePrevention: 'cancel-incoming',
    circuitBreaker: true,
    circuitBreakerLevelsPct: [8, 15, 20],
    circuitBreakerHaltMinutes: 20,
    sidecar: true,
    volatilityInterruptions: true,
    viThresholdScale: 1,
    viAuctionSeconds: 120,
    instruments: [
      {
        symbol: 'AAA',
        initialPrice: 71000,
        sharesOutstanding: 1_000_000,
        tickTable: 'krx-stock',
        uniformTick: 1,
        lotSize: 1,
        leverage: 1,
        viClass: 'kospi200',
        priceLimitBp: 3000,
      },
    ],
  },
  fundamentals: {
    processes: {},
    defaultProcess: {
      process: 'random-walk', volAnnual: 0.25, meanReversionPerDay: 0, jumpIntensityPerDay: 0, jumpSizeSd: 0.02, dailyVolSd: 0, newsPerDay: 0,
    },
    shocks: [],
  },
  agents: [{ kind: 'noise-trader', count: 10, params: 'the noise-trader defaults' }],
  outputs: {
    tables: ['trades', 'bars', 'daily', 'flows', 'agents', 'market_events', 'metrics', 'depth', 'quotes', 'auction_indicative'],
    barSeconds: 60, sampleSeconds: 10, auctionSampleSeconds: 5,
  },
};

describe('defaults', () => {
  const loaded = loadScenario(MINIMAL);

  it('the minimal scenario resolves to the pinned full object', () => {
    const { agents, ...rest } = loaded.resolved as { agents: { params: unknown }[] };
    const { agents: goldenAgents, ...goldenRest } = GOLDEN;
    expect(rest).toEqual(goldenRest);
    expect(Object.keys(loaded.resolved)).toEqual(Object.keys(GOLDEN)); // key order is part of the manifest
    expect(agents.map(({ params: _p, ...g }) => g)).toEqual(goldenAgents.map(({ params: _p, ...g }) => g));
    expect(agents[0]!.params).toEqual(agentKind('noise-trader')!.params.parse({}));
  });

  it('the schema alone gives the same object (the loader adds nothing)', () => {
    const direct = scenarioSchema.parse({
      name: 'minimal',
      market: { instruments: [{ symbol: 'AAA', initialPrice: 71000, sharesOutstanding: 1_000_000 }] },
      agents: [{ kind: 'noise-trader', count: 10 }],
    });
    expect(direct).toEqual(loaded.resolved);
  });

  it('the loaded scenario is deeply frozen and `resolved` is a separate copy', () => {
    const s = loaded.scenario;
    expect(Object.isFrozen(s)).toBe(true);
    expect(Object.isFrozen(s.market.instruments[0])).toBe(true);
    expect(Object.isFrozen(s.agents[0]!.params)).toBe(true);
    expect(() => {
      (s as { seed: number }).seed = 9;
    }).toThrow(TypeError);
    expect(loaded.resolved).toEqual(s);
    expect(loaded.resolved).not.toBe(s);
    expect(Object.isFrozen(loaded.resolved)).toBe(false);
  });
});
