// The calibration file format as a JSON Schema (draft-07, input side) for editors: start a calibration file with
// `# yaml-language-server: $schema=../calibration.schema.json`. Cross-field rules (a tolerance or a weight, truth
// within the ranges, the budget above the design) are checked by `cascade calibrate`.
// scenarios/calibration.schema.json is this output, kept fresh by a test.
import { z } from 'zod';
import { calibrationSchema } from './calibration-schema.js';

/** The JSON Schema of calibration files. */
export function calibrationJsonSchema(): Record<string, unknown> {
  const generated = JSON.stringify(z.toJSONSchema(calibrationSchema, { target: 'draft-7', io: 'input' }));
  const { $schema, ...rest } = JSON.parse(generated.replaceAll('__schema0', 'jsonValue')) as Record<string, unknown>;
  return { $schema, title: 'cascade calibration', description: 'A calibration of a cascade scenario (YAML). See `cascade calibrate --help`.', ...rest };
}
