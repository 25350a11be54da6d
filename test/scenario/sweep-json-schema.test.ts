// The sweep files' editor JSON Schema: scenarios/sweep.schema.json is exactly `cascade sweep-schema`'s output (fails
// when stale), strict at the top, and an inline scenario refers to the scenario schema beside it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sweepJsonSchema } from '../../src/scenario/sweep-json-schema.js';
import { runCli } from '../cli/run-cli.js';

const FILE = fileURLToPath(new URL('../../scenarios/sweep.schema.json', import.meta.url));
const REGENERATE = 'npm run build && node dist/src/cli/main.js sweep-schema > scenarios/sweep.schema.json';

type Json = Record<string, unknown>;
const schema = sweepJsonSchema() as Json;
const props = schema['properties'] as Record<string, Json>;

describe('sweep JSON Schema', () => {
  it('scenarios/sweep.schema.json is up to date', () => {
    const expected = `${JSON.stringify(schema, null, 2)}\n`;
    expect(readFileSync(FILE, 'utf8') === expected, `scenarios/sweep.schema.json is stale: run \`${REGENERATE}\``).toBe(true);
  });

  it('`cascade sweep-schema` prints the same bytes', () => {
    const r = runCli(['sweep-schema']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync(FILE, 'utf8'));
  });

  it('is draft-07 and strict; paths are checked as property names; inline scenarios use the scenario schema', () => {
    expect(schema['$schema']).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema['additionalProperties']).toBe(false);
    expect(schema['required']).toEqual(['name']);
    expect(props['scenario']!['$ref']).toBe('scenario.schema.json');
    expect((props['vary']!['propertyNames'] as Json)['pattern']).toBe('^[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*$');
    expect(Object.keys(props)).toEqual(['name', 'description', 'base', 'scenario', 'set', 'vary', 'sample', 'replicates', 'seed', 'crn', 'counterfactuals']);
  });
});
