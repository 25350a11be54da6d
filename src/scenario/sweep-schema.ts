// The sweep file format as a zod schema: which scenario (a `base` file or an inline `scenario`), fixed overrides
// (`set`), a grid (`vary`) and/or sampled points (`sample`: random or Latin hypercube over ranges), replicates, the
// sweep seed, how seeds are shared (`crn`) and the agent kinds left out in paired counterfactual runs. Every object
// strict, every default here. Parameter paths are the `--set` paths of override.ts (`agents.<kind>.<param>`).
import { z } from 'zod';
import { SCENARIO_NAME_RE } from './schema.js';

/** Most runs one sweep may plan (points × replicates × (1 + counterfactuals)). */
export const MAX_SWEEP_RUNS = 1_000_000;
/** Sobol' dimensions available to the Saltelli design (src/sweep/sobol.ts; the scenario layer cannot import it). */
const SOBOL_DIMS = 32;
/** Most points (grid × sampled) one sweep may plan: each point's scenario is validated before anything runs
 * (about a millisecond each), so this keeps `sweep --dry-run` under a minute. */
export const MAX_SWEEP_POINTS = 20_000;
/** Most sampled points. */
export const MAX_SAMPLE_POINTS = 100_000;

/** A parameter path: dot-separated keys or list indices (`agents.noise-trader.ratePerMin`, `market.instruments.0.initialPrice`). */
export const PARAM_PATH_RE = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;
const PATH_MESSAGE = 'a parameter path is dot-separated keys, e.g. agents.noise-trader.ratePerMin';

/** Paths the sweep itself owns: the run seed is derived per (point, replicate). */
export const RESERVED_PATHS: readonly string[] = ['seed'];

const pathKey = z.string().regex(PARAM_PATH_RE, PATH_MESSAGE);

/** One value of a varied parameter: usually a number or a word, but any YAML value a `--set` could give (a list of
 * option positions, a map, null to remove a key). */
export const sweepValueSchema = z.json();
export type SweepValue = z.output<typeof sweepValueSchema>;

export const rangeSchema = z
  .strictObject({
    min: z.number().describe('lowest value'),
    max: z.number().describe('highest value'),
    scale: z.enum(['linear', 'log']).default('linear').describe("'log': uniform in log(value); needs min > 0"),
    type: z.enum(['float', 'int']).default('float').describe("'int': whole numbers from min to max inclusive"),
  })
  .superRefine((r, ctx) => {
    if (!(r.min < r.max)) ctx.addIssue({ code: 'custom', path: ['max'], message: `max must be greater than min (${r.min})` });
    if (r.scale === 'log' && !(r.min > 0)) ctx.addIssue({ code: 'custom', path: ['min'], message: "a 'log' range needs min > 0" });
    if (r.type === 'int' && !(Number.isInteger(r.min) && Number.isInteger(r.max))) {
      ctx.addIssue({ code: 'custom', path: ['min'], message: "an 'int' range needs whole-number min and max" });
    }
  });
export type SweepRange = z.output<typeof rangeSchema>;

const sampleSchema = z.strictObject({
  method: z
    .enum(['lhs', 'random', 'sobol'])
    .default('lhs')
    .describe(
      "'lhs': Latin hypercube (one point per stratum of every range); 'random': independent uniform draws; " +
        "'sobol': a Saltelli design for Sobol' sensitivity indices (n base rows, n x (ranges + 2) points; a power of 2 is best)",
    ),
  n: z.int().min(1).max(MAX_SAMPLE_POINTS).describe("number of sampled points (for 'sobol': base rows)"),
  ranges: z.record(pathKey, rangeSchema).describe('parameter path -> { min, max, scale, type }'),
});

const kindName = z.string().regex(/^[a-z][a-z0-9-]*$/, 'an agent kind such as noise-trader');

/** The sweep file schema. */
export const sweepSchema = z
  .strictObject({
    name: z
      .string()
      .regex(SCENARIO_NAME_RE, 'a name is 1-64 characters from A-Z a-z 0-9 . _ -, starting with a letter or digit')
      .describe('names the sweep (and its default output directory results/sweeps/<name>)'),
    description: z.string().default(''),
    base: z.string().min(1).optional().describe('the scenario file swept over (relative to this file)'),
    scenario: z.record(z.string(), z.unknown()).optional().describe('an inline scenario, instead of base (no extends)'),
    set: z.record(pathKey, sweepValueSchema).default({}).describe('fixed overrides for every run, as with --set (null removes a key); applied after the swept values'),
    vary: z
      .record(pathKey, z.array(sweepValueSchema).min(1))
      .default({})
      .describe('a grid: every combination of these values; the first path varies slowest'),
    sample: sampleSchema.optional().describe('sampled points, crossed with the grid'),
    replicates: z.int().min(1).max(MAX_SWEEP_RUNS).default(1).describe('runs per point (and per counterfactual), each with its own seed'),
    seed: z.int().min(0).default(1).describe('the sweep seed; every run seed is derived from it'),
    crn: z
      .enum(['across-points', 'within-point'])
      .default('across-points')
      .describe(
        "common random numbers: 'across-points': replicate k has the same seed at every point; " +
          "'within-point': seeds differ per point (counterfactuals always share their run's seed)",
      ),
    counterfactuals: z.array(kindName).default([]).describe('agent kinds each left out in a paired run with the same seed'),
  })
  .superRefine(checkSweep);

/** A validated sweep with every default filled in. */
export type SweepSpec = z.output<typeof sweepSchema>;

type SweepShape = z.output<typeof sweepSchema>;

/** Points of the grid times sampled points; 1 when neither is given. */
export function pointCount(s: Pick<SweepShape, 'vary' | 'sample'>): number {
  let n = s.sample === undefined ? 1 : s.sample.method === 'sobol' ? s.sample.n * (Object.keys(s.sample.ranges).length + 2) : s.sample.n;
  for (const values of Object.values(s.vary)) n *= values.length;
  return n;
}

function checkSweep(s: SweepShape, ctx: z.RefinementCtx): void {
  if (s.base === undefined && s.scenario === undefined) {
    ctx.addIssue({ code: 'custom', path: [], message: 'a sweep needs `base: <scenario file>` or an inline `scenario:`' });
  }
  if (s.base !== undefined && s.scenario !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['scenario'], message: 'give either base or scenario, not both', params: { at: 'key' } });
  }
  const seen = new Map<string, string>();
  const sections: [string, readonly string[]][] = [
    ['set', Object.keys(s.set)],
    ['vary', Object.keys(s.vary)],
    ['sample', Object.keys(s.sample?.ranges ?? {})],
  ];
  for (const [section, paths] of sections) {
    for (const p of paths) {
      const at = section === 'sample' ? ['sample', 'ranges', p] : [section, p];
      if (RESERVED_PATHS.includes(p)) {
        ctx.addIssue({ code: 'custom', path: at, params: { at: 'key' }, message: `${p} is set per run by the sweep (from its seed, point and replicate)` });
      }
      const first = seen.get(p);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: at, params: { at: 'key' }, message: `${p} is also in ${first}` });
      else seen.set(p, section);
    }
  }
  for (const [p, values] of Object.entries(s.vary)) {
    const texts = values.map((v) => JSON.stringify(v));
    const dup = texts.findIndex((v, i) => texts.indexOf(v) !== i);
    if (dup >= 0) ctx.addIssue({ code: 'custom', path: ['vary', p, dup], message: `${texts[dup]} is listed twice` });
  }
  s.counterfactuals.forEach((k, i) => {
    if (s.counterfactuals.indexOf(k) !== i) ctx.addIssue({ code: 'custom', path: ['counterfactuals', i], message: `${k} is listed twice` });
  });
  const points = pointCount(s);
  const sobolDims = 2 * Object.keys(s.sample?.ranges ?? {}).length;
  if (s.sample?.method === 'sobol' && (sobolDims < 2 || sobolDims > SOBOL_DIMS)) {
    const message = `'sobol' sampling needs 1 to ${SOBOL_DIMS / 2} ranges (the Saltelli design uses 2 Sobol' dimensions per range)`;
    ctx.addIssue({ code: 'custom', path: ['sample', 'ranges'], message });
  }
  if (points > MAX_SWEEP_POINTS) {
    const message = `the plan has ${points} points (the grid's combinations x sampled points); at most ${MAX_SWEEP_POINTS} are allowed, each checked before anything runs`;
    ctx.addIssue({ code: 'custom', path: Object.keys(s.vary).length > 0 ? ['vary'] : ['sample', 'n'], message });
  }
  const runs = points * s.replicates * (1 + s.counterfactuals.length);
  if (runs > MAX_SWEEP_RUNS) {
    const message = `the plan has ${runs} runs (points x replicates x (1 + counterfactuals)); at most ${MAX_SWEEP_RUNS} are allowed`;
    ctx.addIssue({ code: 'custom', path: ['replicates'], message });
  }
}
