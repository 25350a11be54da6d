// The sweep file format as a JSON Schema (draft-07, input side) for editors: start a sweep file with
// `# yaml-language-server: $schema=../sweep.schema.json`. An inline `scenario:` refers to scenario.schema.json
// beside it. Cross-field rules (base or scenario, a path in one section only, the run limit) are checked by
// `cascade sweep --dry-run`. scenarios/sweep.schema.json is this output, kept fresh by a test.
import { z } from 'zod';
import { sweepSchema } from './sweep-schema.js';

/** The JSON Schema of sweep files. */
export function sweepJsonSchema(): Record<string, unknown> {
  const generated = JSON.stringify(z.toJSONSchema(sweepSchema, { target: 'draft-7', io: 'input' }));
  // zod names the recursive JSON value of `set` "__schema0"; give it a readable name.
  const json = JSON.parse(generated.replaceAll('__schema0', 'jsonValue')) as Record<string, unknown>;
  const { $schema, properties, ...rest } = json;
  const props = { ...(properties as Record<string, Record<string, unknown>>) };
  props['scenario'] = { $ref: 'scenario.schema.json', description: props['scenario']?.['description'] };
  return {
    $schema,
    title: 'cascade sweep',
    description: 'A Monte Carlo sweep over a cascade scenario (YAML). See `cascade sweep --help`.',
    ...rest,
    properties: props,
  };
}
