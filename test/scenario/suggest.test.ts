// Did-you-mean: the edit distance, which candidates qualify (distance <= 2 or a prefix of 3+ characters), and
// the known keys of a schema at a path (through defaults, records, lists and the agent-kind union).
import { describe, expect, it } from 'vitest';
import { didYouMean, keysAt, levenshtein, suggest } from '../../src/scenario/suggest.js';
import { scenarioSchema } from '../../src/scenario/schema.js';

describe('levenshtein', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['kitten', 'sitting', 3],
    ['seed', 'seeed', 1],
    ['flaw', 'lawn', 2],
    ['orderUS', 'orderUs', 1],
  ])('%s / %s = %d', (a, b, d) => {
    expect(levenshtein(a, b)).toBe(d);
    expect(levenshtein(b, a)).toBe(d);
  });
});

describe('suggest', () => {
  const keys = ['name', 'description', 'seed', 'params', 'calendar', 'market', 'fundamentals', 'agents', 'outputs'];

  it('picks the closest key within distance 2, ignoring case', () => {
    expect(suggest('seeed', keys)).toBe('seed');
    expect(suggest('Agents', keys)).toBe('agents');
    expect(suggest('calender', keys)).toBe('calendar');
  });

  it('accepts a prefix of 3+ characters in either direction', () => {
    expect(suggest('fund', keys)).toBe('fundamentals');
    expect(suggest('descriptions-of-it', keys)).toBe('description');
    expect(suggest('fu', keys)).toBeUndefined();
  });

  it('prefers a real typo fix over a prefix match', () => {
    expect(suggest('nam', ['namespace', 'name'])).toBe('name');
  });

  it('returns nothing when nothing is close or the word is itself a candidate', () => {
    expect(suggest('zzzzzz', keys)).toBeUndefined();
    expect(suggest('seed', keys)).toBeUndefined();
  });

  it('didYouMean formats the hint or nothing', () => {
    expect(didYouMean('sed', ['seed'])).toBe(' (did you mean "seed"?)');
    expect(didYouMean('xyz', ['seed'])).toBe('');
  });
});

describe('keysAt', () => {
  const value = { agents: [{ kind: 'market-maker', count: 1, params: {} }], market: { instruments: [{}] } };

  it('finds the keys of nested objects through defaults and lists', () => {
    expect(keysAt(scenarioSchema, ['market', 'latency'], value)).toEqual(['orderUs', 'updateUs', 'messageUs']);
    expect(keysAt(scenarioSchema, ['market', 'instruments', 0], value)).toContain('initialPrice');
    expect(keysAt(scenarioSchema, [], value)).toEqual([
      'name', 'description', 'seed', 'params', 'calendar', 'market', 'fundamentals', 'agents', 'outputs',
    ]);
  });

  it('follows records to their value schema', () => {
    expect(keysAt(scenarioSchema, ['fundamentals', 'processes', 'AAA'], value)).toEqual([
      'process', 'volAnnual', 'meanReversionPerDay', 'jumpIntensityPerDay', 'jumpSizeSd', 'dailyVolSd', 'newsPerDay',
    ]);
  });

  it('picks the agent kind by its discriminator', () => {
    expect(keysAt(scenarioSchema, ['agents', 0], value)).toEqual(['kind', 'count', 'params', 'endowment']);
    const mm = keysAt(scenarioSchema, ['agents', 0, 'params'], value);
    expect(mm).toContain('quoteIntervalMs');
    expect(mm).not.toContain('pMarket'); // a noise-trader param
  });

  it('is empty where the path leads to no object', () => {
    expect(keysAt(scenarioSchema, ['seed'], value)).toEqual([]);
    expect(keysAt(scenarioSchema, ['nope', 'deeper'], value)).toEqual([]);
  });
});
