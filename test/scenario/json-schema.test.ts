// The editor JSON Schema: scenarios/scenario.schema.json is exactly `cascade schema`'s output (fails when stale),
// numeric fields accept expression strings (params' values do not), every agent kind is listed, and a file with
// `extends` may leave required keys to its parent.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AGENT_KINDS } from '../../src/agents/registry.js';
import { scenarioJsonSchema } from '../../src/scenario/json-schema.js';
import { runCli } from '../cli/run-cli.js';

const FILE = fileURLToPath(new URL('../../scenarios/scenario.schema.json', import.meta.url));
const REGENERATE = 'npm run build && node dist/src/cli/main.js schema > scenarios/scenario.schema.json';

type Json = Record<string, unknown>;
const schema = scenarioJsonSchema() as Json;
const props = (s: unknown): Json => (s as { properties: Json }).properties;

describe('scenario JSON Schema', () => {
  it('scenarios/scenario.schema.json is up to date', () => {
    const expected = `${JSON.stringify(schema, null, 2)}\n`;
    const actual = readFileSync(FILE, 'utf8');
    expect(actual === expected, `scenarios/scenario.schema.json is stale: run \`${REGENERATE}\``).toBe(true);
  });

  it('`cascade schema` prints the same bytes', () => {
    const r = runCli(['schema']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(readFileSync(FILE, 'utf8'));
  });

  it('is draft-07, input side, strict, with extends allowed', () => {
    expect(schema['$schema']).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema['additionalProperties']).toBe(false);
    expect(props(schema)['extends']).toEqual(expect.objectContaining({ type: 'string' }));
    expect(schema['if']).toEqual({ required: ['extends'] });
    expect(schema['else']).toEqual({ required: ['name', 'market', 'agents'] });
  });

  it('numeric fields accept a number or an expression string; params values only numbers', () => {
    const days = props(props(schema)['calendar'])['days'];
    expect(days).toEqual({
      default: 5,
      description: 'trading days to simulate',
      anyOf: [{ type: 'integer', minimum: 1, maximum: 250 }, { $ref: '#/definitions/expression' }],
    });
    expect((props(schema)['params'] as Json)['additionalProperties']).toEqual({
      type: 'number',
      description: 'a finite number; usable by name in expressions',
    });
    expect((schema['definitions'] as Json)['expression']).toEqual(expect.objectContaining({ type: 'string' }));
  });

  it('lists one agent group schema per registered kind', () => {
    const items = (props(schema)['agents'] as { items: { oneOf: Json[] } }).items.oneOf;
    expect(items.map((g) => (props(g)['kind'] as Json)['const'])).toEqual(AGENT_KINDS.map((k) => k.kind));
    for (const g of items) expect(g['additionalProperties']).toBe(false);
  });
});
