// The calibration file format as a zod schema: a base scenario with fixed overrides (`set`, as in sweeps), the free
// parameters (bounds, lin/log scale, int/float; paths as sweep paths), the target moments (a statistic `stat` named
// `<source>:<name>` from the moment registry of src/calibrate/moments.ts, each with a target and a tolerance or a
// weight), or `truth` (parameter values whose simulated moments become the targets: a synthetic recovery check),
// the seeds every evaluation uses (common random numbers), the weighting, the search and its budget. Strict objects;
// every default here. Which `stat` sources exist is checked by the calibrate layer, which owns the registry.
import { z } from 'zod';
import { SCENARIO_NAME_RE } from './schema.js';
import { PARAM_PATH_RE, RESERVED_PATHS, rangeSchema, sweepValueSchema } from './sweep-schema.js';

/** Most evaluations (parameter points) one calibration may run. */
export const MAX_BUDGET = 100_000;
/** Most seeds per evaluation. */
export const MAX_SEEDS = 256;

const pathKey = z.string().regex(PARAM_PATH_RE, 'a parameter path is dot-separated keys, e.g. agents.noise-trader.ratePerMin');
const momentName = z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, 'a moment name is a letter then letters, digits, _ . -');

/** `<source>:<name>`: metric:trades, fact:S4, fact:S2b.kurtosis_5m, book:depth, daily:vol, impact:delta. */
export const STAT_RE = /^([a-z][a-z0-9-]*):([A-Za-z0-9_.-]+)$/;

const momentSchema = z
  .strictObject({
    stat: z
      .string()
      .regex(STAT_RE, 'a statistic is <source>:<name>, e.g. metric:trades, fact:S4, book:depth')
      .describe('<source>:<name>: metric:<summary.json metric>, fact:<S-id>[.<detail>] (stylized facts), book:depth, daily:vol|turnover|volume, impact:delta|Y|persistence120|persistence30|sigma_daily'),
    instrument: z.string().min(1).optional().describe('the instrument of a fact, book, daily or impact statistic (default: the first stock)'),
    target: z.number().optional().describe('the target value (omit when `truth` gives the targets)'),
    tolerance: z.number().positive().optional().describe('a deviation of one tolerance costs 1 in the loss (weight 1/tolerance²)'),
    weight: z.number().positive().optional().describe('the diagonal weight itself (instead of a tolerance)'),
    options: z
      .record(z.string(), z.union([z.number(), z.string(), z.array(z.number())]))
      .optional()
      .describe("the source's options, e.g. for impact: { fractions: [0.01, 0.05, 0.1], day: 1 } (checked by the source)"),
  })
  .superRefine((m, ctx) => {
    if ((m.tolerance === undefined) === (m.weight === undefined)) {
      ctx.addIssue({ code: 'custom', path: [], message: 'give a moment either tolerance or weight (exactly one)' });
    }
  });
export type MomentSpec = z.output<typeof momentSchema>;

const searchSchema = z.strictObject({
  design: z
    .strictObject({
      method: z.enum(['sobol', 'lhs']).default('sobol').describe("space-filling initial design: 'sobol' (digitally shifted Sobol' points) or 'lhs'"),
      n: z.int().min(2).max(MAX_BUDGET).default(16).describe('points of the initial design'),
    })
    .prefault({}),
  method: z.literal('cmaes').default('cmaes').describe('the search after the design: CMA-ES (see src/calibrate/cmaes.ts)'),
  populationSize: z.int().min(2).max(1000).optional().describe('evaluations per CMA-ES generation (default 4 + floor(3 ln d), at least 6)'),
  sigma0: z.number().gt(0).max(1).default(0.25).describe('initial step size, as a fraction of each parameter range'),
});

/** The calibration file schema. */
export const calibrationSchema = z
  .strictObject({
    name: z.string().regex(SCENARIO_NAME_RE, 'a name is 1-64 characters from A-Z a-z 0-9 . _ -, starting with a letter or digit'),
    description: z.string().default(''),
    base: z.string().min(1).describe('the scenario file calibrated (relative to this file)'),
    set: z.record(pathKey, sweepValueSchema).default({}).describe('fixed overrides for every run, as with --set'),
    parameters: z.record(pathKey, rangeSchema).describe('free parameters: path -> { min, max, scale, type }'),
    moments: z.record(momentName, momentSchema).describe('target moments: name -> { stat, target, tolerance | weight }'),
    truth: z.record(pathKey, z.number()).optional().describe('synthetic targets: every target is the moment simulated at these parameter values'),
    seeds: z.int().min(1).max(MAX_SEEDS).default(2).describe('runs per evaluation; the same seeds at every evaluation (common random numbers)'),
    seed: z.int().min(0).default(1).describe('the calibration seed: run seeds, design and search draws derive from it'),
    weighting: z
      .enum(['diagonal', 'optimal'])
      .default('diagonal')
      .describe("'diagonal': 1/tolerance² (or weight); 'optimal': the inverse covariance of the moments over seeds, pooled over the design"),
    search: searchSchema.prefault({}),
    budget: z.int().min(2).max(MAX_BUDGET).describe('evaluations in all: the design plus the search (the identification check comes on top)'),
    identification: z
      .strictObject({ step: z.number().gt(0).max(0.25).default(0.05).describe('finite-difference step, as a fraction of each range') })
      .prefault({}),
  })
  .superRefine(checkCalibration);

export type CalibrationSpec = z.output<typeof calibrationSchema>;

function checkCalibration(c: CalibrationSpec, ctx: z.RefinementCtx): void {
  const params = Object.keys(c.parameters);
  if (params.length === 0) ctx.addIssue({ code: 'custom', path: ['parameters'], message: 'a calibration needs at least one free parameter' });
  if (Object.keys(c.moments).length === 0) ctx.addIssue({ code: 'custom', path: ['moments'], message: 'a calibration needs at least one moment' });
  for (const p of params) {
    if (RESERVED_PATHS.includes(p)) ctx.addIssue({ code: 'custom', path: ['parameters', p], params: { at: 'key' }, message: `${p} is set per run (from the calibration seed)` });
    if (p in c.set) ctx.addIssue({ code: 'custom', path: ['parameters', p], params: { at: 'key' }, message: `${p} is also in set` });
  }
  for (const [name, m] of Object.entries(c.moments)) {
    if (m.target === undefined && c.truth === undefined) {
      ctx.addIssue({ code: 'custom', path: ['moments', name], message: `moment ${name} needs a target (or give \`truth:\` for synthetic targets)` });
    }
    if (m.weight !== undefined && c.weighting === 'optimal') {
      ctx.addIssue({ code: 'custom', path: ['moments', name, 'weight'], params: { at: 'key' }, message: "weights are ignored with weighting: optimal; give a tolerance (it scales the moment)" });
    }
  }
  for (const [p, v] of Object.entries(c.truth ?? {})) {
    const r = c.parameters[p];
    if (r === undefined) ctx.addIssue({ code: 'custom', path: ['truth', p], params: { at: 'key' }, message: `${p} is not a free parameter` });
    else if (!(v >= r.min && v <= r.max)) ctx.addIssue({ code: 'custom', path: ['truth', p], message: `${v} is outside ${p}'s range [${r.min}, ${r.max}]` });
  }
  const missing = c.truth === undefined ? [] : params.filter((p) => !(p in c.truth!));
  if (missing.length > 0) ctx.addIssue({ code: 'custom', path: ['truth'], message: `truth needs a value for every free parameter (missing ${missing.join(', ')})` });
  if (c.budget < c.search.design.n) ctx.addIssue({ code: 'custom', path: ['budget'], message: `the budget (${c.budget}) is smaller than the initial design (${c.search.design.n})` });
  if (c.search.design.method === 'sobol' && params.length > 32) {
    ctx.addIssue({ code: 'custom', path: ['search', 'design', 'method'], message: "a 'sobol' design supports up to 32 parameters; use 'lhs'" });
  }
  if (c.weighting === 'optimal' && c.seeds < 2) ctx.addIssue({ code: 'custom', path: ['seeds'], message: 'weighting: optimal needs seeds >= 2 (the covariance is estimated over seeds)' });
}
