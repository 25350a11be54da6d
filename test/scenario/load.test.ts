// loadScenario on good files: every field of a full scenario (expressions evaluated, defaults filled), the
// shipped scenarios, the file hash, anchors/aliases; and the loader's own errors (missing file, several problems
// in one file in line order, alias bombs, non-scalar keys).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, loadScenario, parseScenario, ScenarioError } from '../../src/scenario/load.js';

const GOOD = fileURLToPath(new URL('./good/', import.meta.url));
const SCENARIOS = fileURLToPath(new URL('../../scenarios/', import.meta.url));

const problems = (text: string): string[] => {
  try {
    parseScenario(text, 'x.yaml');
    return [];
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    return e.diagnostics.map(formatDiagnostic);
  }
};

describe('good files', () => {
  it('good/full.yaml: expressions evaluated, every section as written', () => {
    const { scenario: s } = loadScenario(join(GOOD, 'full.yaml'));
    expect(s.market.instruments.map((i) => [i.symbol, i.initialPrice, i.leverage, i.priceLimitBp])).toEqual([
      ['AAA', 77000, 1, 3000],
      ['LEV2', 10005, 2, 6000],
      ['U7', 21, 1, 3000],
    ]);
    expect(s.market.latency).toEqual({ orderUs: 200, updateUs: 300, messageUs: 0 });
    expect(s.agents.map((g) => g.count)).toEqual([60, 4, 1]);
    expect((s.agents[2]!.params as { quoteQty: number }).quoteQty).toBe(17);
    expect(s.agents[1]!.endowment).toEqual({ cash: 1e9, positions: { AAA: 1000, LEV2: -50 } });
    expect(s.calendar).toEqual({ days: 3, stressDay: 2, session: { preOpen: '08:00', open: '09:00:30', closingAuctionStart: '15:20', close: '15:30' } });
    expect(s.fundamentals.shocks).toEqual([
      { day: 1, time: '10:30', index: true, size: -0.08 },
      { day: 2, time: '08:00', instrument: 'LEV2', size: 0.5 },
    ]);
    expect(s.market.index).toEqual({ name: 'IDX', constituents: ['AAA', 'U7'], baseLevel: 1000.5 });
    expect(s.outputs).toEqual({ tables: ['trades', 'daily'], barSeconds: 300, sampleSeconds: 10, auctionSampleSeconds: 5 });
  });

  it('every shipped scenario in scenarios/ is valid', () => {
    const files = readdirSync(SCENARIOS).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(() => loadScenario(join(SCENARIOS, f)), f).not.toThrow();
  });

  // docs/model.md §6.5: the Korea run stands on the calibrated calm market; a change to one must reach the other.
  it("korea-2026's background groups (noise, belief traders, market makers of the three stocks) are korea-calm's", () => {
    const korea = loadScenario(join(SCENARIOS, 'korea-2026.yaml')).scenario;
    const calm = loadScenario(join(SCENARIOS, 'korea-calm.yaml')).scenario;
    expect(calm.agents.map((g) => g.kind)).toEqual([...Array(3).fill('noise-trader'), ...Array(3).fill('belief-trader'), ...Array(3).fill('market-maker')]);
    expect(korea.agents.slice(0, 9)).toEqual(calm.agents);
    expect(korea.fundamentals.processes).toMatchObject(calm.fundamentals.processes);
  });

  it('records the file, the SHA-256 of its text and the resolved JSON', () => {
    const file = join(GOOD, 'minimal.yaml');
    const loaded = loadScenario(file);
    expect(loaded.file).toBe(file);
    expect(loaded.sha256).toBe(createHash('sha256').update(readFileSync(file, 'utf8')).digest('hex'));
    expect(JSON.parse(JSON.stringify(loaded.resolved))).toEqual(loaded.resolved);
  });

  it('anchors and aliases are expanded', () => {
    const { scenario: s } = parseScenario(
      'name: a\nmarket:\n  instruments:\n    - { symbol: AAA, initialPrice: 71000, sharesOutstanding: 10 }\n' +
        'agents:\n  - { kind: noise-trader, count: 1, endowment: &e { cash: 5, positions: { AAA: 5 } } }\n' +
        '  - { kind: value-trader, count: 1, endowment: *e }\n',
      'a.yaml',
    );
    expect(s.agents[1]!.endowment).toEqual({ cash: 5, positions: { AAA: 5 } });
    expect(s.agents[1]!.endowment).toEqual(s.agents[0]!.endowment);
  });
});

describe('loader errors', () => {
  it('a missing file is one line naming it', () => {
    expect(() => loadScenario('no/such.yaml')).toThrow(ScenarioError);
    expect(() => loadScenario('no/such.yaml')).toThrow(/^no\/such\.yaml: cannot read the scenario file \(no such file\)$/);
  });

  it('reports every problem of a file, in line order', () => {
    const text = 'agents: [{ kind: noise-trader, count: 0 }]\nname: "bad name"\nseed: -2\nmarket:\n  instruments: []\n  extra: 1\n';
    expect(problems(text)).toEqual([
      'x.yaml:1:39: agents[0].count: Too small: expected number to be >=1',
      'x.yaml:2:7: name: a name is 1-64 characters from A-Z a-z 0-9 . _ -, starting with a letter or digit',
      'x.yaml:3:7: seed: Too small: expected number to be >=0',
      'x.yaml:5:3: market.instruments: Too small: expected array to have >=1 items',
      'x.yaml:6:3: market.extra: unknown key "extra"',
    ]);
  });

  it('a bad param name is reported at the key; a repeated output table at the list', () => {
    const text = 'name: t\nparams:\n  "a b": 1\nmarket:\n  instruments: [{ symbol: AAA, initialPrice: 71000, sharesOutstanding: 1 }]\n' +
      'agents: [{ kind: noise-trader, count: 1 }]\noutputs: { tables: [trades, trades] }\n';
    expect(problems(text)).toEqual([
      'x.yaml:3:3: params.a b: bad key "a b": a param name is an identifier (letters, digits, _)',
      'x.yaml:7:12: outputs.tables: a table is listed twice',
    ]);
  });

  it('a key that is not a plain scalar is refused at the key', () => {
    expect(problems('name: a\n[x, y]: 1\n')).toEqual(['x.yaml:2:1: a key must be a plain word or number']);
  });

  it('an alias without an anchor is refused at the alias', () => {
    expect(problems('name: a\nseed: *nope\n')).toEqual(['x.yaml:2:7: unknown alias *nope (no anchor &nope before it)']);
  });

  it('an alias bomb is stopped', () => {
    const lines = ['a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]'];
    for (let i = 0; i < 8; i++) lines.push(`${'bcdefghi'[i]}: &${'bcdefghi'[i]} [${Array(10).fill(`*${i === 0 ? 'a' : 'bcdefghi'[i - 1]}`).join(', ')}]`);
    expect(problems(lines.join('\n'))).toEqual([expect.stringMatching(/^x\.yaml:\d+:\d+: more than 1000 alias expansions$/)]);
  });
});
