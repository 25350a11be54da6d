// One calibration session: validate the moments against the registry, open the store (new, resumed or replaced),
// then run the phases as batches on one pool — truth (synthetic targets, if given), the space-filling design, the
// CMA-ES generations within the budget, and the identification check at the best point — and return every
// evaluation with its loss. Every number here is a pure function of the calibration file, the base scenario and
// the logged runs, so 1 or N workers, a resumed session and an uninterrupted one give the same trace.
import { createHash } from 'node:crypto';
import { deriveRng, deriveSeed } from '../core/rng.js';
import { CalibrationError, type LoadedCalibration } from '../scenario/calibration-load.js';
import { STAT_RE } from '../scenario/calibration-schema.js';
import type { Diagnostic } from '../scenario/locate.js';
import type { Scenario } from '../scenario/schema.js';
import { samplePoints, toUnit } from '../sweep/sample.js';
import { SobolSequence } from '../sweep/sobol.js';
import type { Shard } from '../sweep/shard.js';
import { SweepStore, type OpenMode } from '../sweep/store.js';
import { CmaEs, defaultPopulation } from './cmaes.js';
import { Evaluator, type Evaluation, type Proposal } from './evaluator.js';
import { identify, jacobianProposals, jacobianSteps, type Identification } from './identification.js';
import { parameterErrors } from './intervals.js';
import type { Matrix } from './linalg.js';
import { diagonalWeights, msmLoss, optimalWeights, seedStats, weightRoot } from './loss.js';
import { checkMomentOptions, checkStat, extraRunsPerSeed, isPooled, type MomentRef } from './moments.js';

/** An evaluation with its seed means and loss (NaN for truth). */
export interface ScoredEvaluation extends Evaluation {
  readonly mean: readonly number[];
  readonly sd: readonly number[];
  readonly loss: number;
}

export interface CalibrationResult {
  readonly paths: readonly string[];
  readonly moments: readonly MomentRef[];
  readonly targets: readonly number[];
  readonly weights: Matrix;
  readonly evaluations: readonly ScoredEvaluation[];
  readonly best: ScoredEvaluation;
  readonly identification: Identification;
  /** Per parameter, the linearised standard error of the fit (src/calibrate/intervals.ts), in its units. */
  readonly standardErrors: readonly number[];
  readonly seeds: readonly number[];
  readonly generations: number;
  readonly populationSize: number;
  readonly resumedRuns: number;
  readonly ranRuns: number;
}

export interface CalibrateOptions {
  readonly outDir: string;
  readonly mode: OpenMode;
  readonly shard: Shard;
  readonly workers: number;
  readonly manifest: Record<string, unknown>;
  readonly signal?: AbortSignal;
  readonly workerFile?: string;
  /** A line about a finished phase or generation. */
  readonly onStep?: (line: string) => void;
}

/**
 * The moments as the workers measure them. @throws CalibrationError for an unknown statistic, options the source
 * rejects (checked against the scenario at the ranges' midpoints), or a pooled statistic under optimal weighting
 */
export function momentRefs(loaded: LoadedCalibration): MomentRef[] {
  const problems: Diagnostic[] = [];
  let mid: Scenario | undefined;
  const scenario = (): Scenario => (mid ??= loaded.scenarioAt(midpoint(loaded)).scenario);
  const refs = Object.entries(loaded.spec.moments).map(([name, m]) => {
    const [, source, stat] = STAT_RE.exec(m.stat) as unknown as [string, string, string];
    const ref: MomentRef = { name, source, stat, ...(m.instrument !== undefined ? { instrument: m.instrument } : {}), ...(m.options !== undefined ? { options: m.options } : {}) };
    const why = checkStat(source, stat);
    if (why !== null) problems.push({ ...loaded.where(['moments', name, 'stat'], 'value'), message: `moments.${name}.stat: ${why}` });
    const bad = why === null ? checkMomentOptions(ref, scenario) : null;
    if (bad !== null) problems.push({ ...loaded.where(['moments', name, m.options !== undefined ? 'options' : 'stat'], 'value'), message: `moments.${name}.options: ${bad}` });
    if (why === null && isPooled(source) && loaded.spec.weighting === 'optimal') {
      // A pooled statistic has one value per evaluation, so no seed-to-seed covariance to invert.
      problems.push({ ...loaded.where(['moments', name, 'stat'], 'value'), message: `moments.${name}.stat: ${source} statistics pool the seeds (no seed-to-seed spread); use weighting: diagonal` });
    }
    return ref;
  });
  if (problems.length > 0) throw new CalibrationError(problems);
  return refs;
}

/**
 * Per seed of an evaluation, the simulation runs (and simulated days) that moments add to its calibration run,
 * and the calibration run's own days (at the ranges' midpoints).
 */
export function extraRuns(loaded: LoadedCalibration, moments: readonly MomentRef[]): { runs: number; days: number; scenarioDays: number } {
  const sc = loaded.scenarioAt(midpoint(loaded)).scenario;
  return { ...extraRunsPerSeed(moments, sc), scenarioDays: sc.calendar.days };
}

/** The parameter values at the middle of their ranges (int parameters rounded). */
function midpoint(loaded: LoadedCalibration): number[] {
  return Object.values(loaded.spec.parameters).map((r) => (r.type === 'int' ? Math.round((r.min + r.max) / 2) : (r.min + r.max) / 2));
}

/** The run seeds shared by every evaluation. */
export function runSeeds(loaded: LoadedCalibration): number[] {
  return Array.from({ length: loaded.spec.seeds }, (_, k) => deriveSeed(loaded.spec.seed, `calibrate:seed:${k}`));
}

/** SHA-256 of the spec and the base scenario at the ranges' midpoints (a changed base file changes it). */
export function calibrationPlanHash(loaded: LoadedCalibration): string {
  const mid = midpoint(loaded);
  return createHash('sha256').update(JSON.stringify({ format: 1, spec: loaded.spec, scenario: loaded.scenarioAt(mid).resolved })).digest('hex');
}

/** The design's unit points: shifted Sobol' points 1..n, or a Latin hypercube. */
function designPoints(loaded: LoadedCalibration): number[][] {
  const { spec } = loaded;
  const ranges = Object.values(spec.parameters);
  const { method, n } = spec.search.design;
  if (method === 'sobol') {
    const seq = new SobolSequence(ranges.length, deriveRng(spec.seed, 'calibrate:design'));
    return Array.from({ length: n }, (_, i) => seq.point(i + 1));
  }
  const rows = samplePoints({ method: 'lhs', n, ranges: spec.parameters }, deriveSeed(spec.seed, 'calibrate:design'));
  return rows.map((v) => v.map((x, i) => toUnit(ranges[i]!, x)));
}

/**
 * Run (or resume) the calibration into opts.outDir. Returns undefined for a shard of several (its share of the
 * truth and design runs is logged; merge the shards, then --resume). @throws Interrupted, StoreError, CalibrationError
 */
export async function calibrate(loaded: LoadedCalibration, opts: CalibrateOptions): Promise<CalibrationResult | undefined> {
  const moments = momentRefs(loaded);
  const seeds = runSeeds(loaded);
  const identity = { sweepSha256: loaded.sha256, planSha256: calibrationPlanHash(loaded), shard: opts.shard };
  const store = SweepStore.open(opts.outDir, identity, opts.mode, { ...opts.manifest, ...identity });
  const resumedRuns = store.done.size;
  const ev = new Evaluator({
    loaded, store, seeds, moments, shard: opts.shard, workers: opts.workers,
    ...(opts.workerFile !== undefined ? { workerFile: opts.workerFile } : {}),
    ...(opts.signal !== undefined ? { signal: opts.signal } : {}),
  });
  try {
    const r = await phases(loaded, ev, moments, seeds, opts);
    return r === undefined ? undefined : { ...r, resumedRuns, ranRuns: ev.ranNow };
  } finally {
    await ev.close();
    await store.close();
  }
}

type PhaseResult = Omit<CalibrationResult, 'resumedRuns' | 'ranRuns'>;

async function phases(loaded: LoadedCalibration, ev: Evaluator, moments: readonly MomentRef[], seeds: readonly number[], opts: CalibrateOptions): Promise<PhaseResult | undefined> {
  const { spec } = loaded;
  const paths = Object.keys(spec.parameters);
  const ranges = Object.values(spec.parameters);
  const unitOf = (values: readonly number[]): number[] => values.map((x, i) => toUnit(ranges[i]!, x));
  const specs = Object.values(spec.moments);
  const step = (s: string): void => opts.onStep?.(s);
  const first: Proposal[] = [];
  if (spec.truth !== undefined) {
    const values = paths.map((p) => spec.truth![p]!);
    first.push({ phase: 'truth', generation: 0, u: unitOf(values), values });
  }
  first.push(...designPoints(loaded).map((u) => ({ phase: 'design' as const, generation: 0, u })));
  const evaluated = await ev.evaluate(first);
  if (evaluated === undefined) return undefined;
  const truth = spec.truth !== undefined ? evaluated[0]! : undefined;
  const design = truth !== undefined ? evaluated.slice(1) : evaluated;
  const targets = truth !== undefined ? seedStats(truth.runs, moments.length).mean : specs.map((m) => m.target!);
  const weights = spec.weighting === 'optimal' ? optimalWeights(design.map((e) => e.runs), specs.map((m) => m.tolerance!)) : diagonalWeights(specs);
  const pooled = moments.map((m) => isPooled(m.source));
  const score = (e: Evaluation): ScoredEvaluation => {
    const { mean, sd } = seedStats(e.runs, moments.length);
    return { ...e, mean, sd: sd.map((x, j) => (pooled[j] ? NaN : x)), loss: e.phase === 'truth' ? NaN : msmLoss(mean, targets, weights) };
  };
  const all: ScoredEvaluation[] = [...(truth ? [score(truth)] : []), ...design.map(score)];
  const bestOf = (): ScoredEvaluation => all.filter((e) => e.phase === 'design' || e.phase === 'search').reduce((b, e) => (e.loss < b.loss ? e : b));
  step(`design: ${design.length} evaluations, best loss ${bestOf().loss.toPrecision(4)}`);
  const lambda = spec.search.populationSize ?? defaultPopulation(paths.length);
  const generations = Math.floor((spec.budget - design.length) / lambda);
  const cma = new CmaEs(bestOf().u, spec.search.sigma0, lambda, deriveSeed(spec.seed, 'calibrate:search'));
  for (let g = 1; g <= generations; g++) {
    const points = cma.ask();
    const scored = (await ev.evaluate(points.map((u) => ({ phase: 'search' as const, generation: g, u }))))!.map(score);
    all.push(...scored);
    cma.tell(points, scored.map((e) => e.loss));
    step(`generation ${g}/${generations}: best loss ${bestOf().loss.toPrecision(4)}, step size ${cma.sigma.toPrecision(3)}`);
  }
  const best = bestOf();
  const steps = jacobianSteps(ranges, spec.identification.step);
  const jac = (await ev.evaluate(jacobianProposals(best.u, steps, generations + 1)))!.map(score);
  all.push(...jac);
  const identification = identify(jac, jac.map((e) => e.mean), weightRoot(weights), unitOf);
  step(`identification: rank ${identification.rank} of ${paths.length}, condition number ${identification.conditionNumber.toPrecision(3)}`);
  const targetVar = specs.map((m) => (m.tolerance !== undefined ? m.tolerance ** 2 : 1 / m.weight!));
  const standardErrors = parameterErrors(identification.jacobian, weights, targetVar, best.sd.map((x) => x ** 2 / seeds.length), ranges, best.values);
  return { paths, moments, targets, weights, evaluations: all, best, identification, standardErrors, seeds, generations, populationSize: lambda };
}
