// The scenario format as a JSON Schema (draft-07, input side: fields with defaults are optional) for editors:
// `# yaml-language-server: $schema=scenario.schema.json`. Numeric fields also accept expression strings, as
// the loader does (except the values of `params`). Cross-field rules (refines) are not representable; the
// `cascade validate` command checks those. scenarios/scenario.schema.json is this output, kept fresh by a test.
import { z } from 'zod';
import { EXTENDS_KEY } from './extends.js';
import { paramValueSchema, scenarioSchema } from './schema.js';

const EXPRESSION_REF = { $ref: '#/definitions/expression' };
const EXPRESSION = {
  type: 'string',
  description: 'an expression over params, e.g. "basePrice * 1.1" (mathjs syntax; must give a finite number)',
};

/** The JSON Schema of `schema` (default: the scenario schema over the registered agent kinds). */
export function scenarioJsonSchema(schema: z.ZodType = scenarioSchema): Record<string, unknown> {
  const json = z.toJSONSchema(schema, {
    target: 'draft-7',
    io: 'input',
    override: ({ zodSchema, jsonSchema }) => {
      const j = jsonSchema as Record<string, unknown>;
      if (j['type'] !== 'number' && j['type'] !== 'integer') return;
      if ((zodSchema as unknown) === paramValueSchema) return; // params are plain numbers
      const { default: dflt, description, ...numeric } = j;
      for (const k of Object.keys(j)) delete j[k];
      if (description !== undefined) j['description'] = description;
      if (dflt !== undefined) j['default'] = dflt;
      j['anyOf'] = [numeric, EXPRESSION_REF];
    },
  }) as Record<string, unknown>;
  const { $schema, required, properties, ...rest } = json;
  return {
    $schema,
    title: 'cascade scenario',
    description: 'A cascade simulation scenario (YAML). See `cascade validate --help`.',
    ...rest,
    properties: {
      [EXTENDS_KEY]: { type: 'string', description: 'a parent scenario file (relative path) this file is laid over' },
      ...(properties as Record<string, unknown>),
    },
    // A file that extends another may leave required keys to its parent.
    if: { required: [EXTENDS_KEY] },
    else: { required },
    definitions: { expression: EXPRESSION },
  };
}
