// The plan of a sweep: points (the grid crossed with the sampled points) × replicates × variants (the full run
// plus one per counterfactual), numbered run_id = ((point × replicates) + replicate) × variants + variant, so a
// run's id, point, replicate and counterfactual are arithmetic on each other and nothing is stored per run.
// A run's seed is a pure function of (sweep seed, point, replicate) — with crn 'across-points', of (sweep seed,
// replicate) only — and every variant of a (point, replicate) shares it (common random numbers). Nothing here
// depends on workers, shards or completion order. duplicateRuns finds the runs that repeat an earlier one exactly
// (same seed and input), which with crn 'across-points' are counterfactuals whose left-out kind is all the swept
// parameters act on.
import { FULL_RUN } from '../core/full-run.js';
import { deriveSeed } from '../core/rng.js';
import type { PointValue } from '../scenario/sweep-load.js';
import type { SweepSpec, SweepValue } from '../scenario/sweep-schema.js';
import { samplePoints } from './sample.js';

export interface SweepPlan {
  /** Varied parameter paths: the grid's (written order) then the sampled ones. */
  readonly paths: readonly string[];
  /** Per point, its value of each path (same order as `paths`). */
  readonly points: readonly (readonly SweepValue[])[];
  readonly replicates: number;
  /** Kinds left out, one per counterfactual variant (variant k + 1 leaves out counterfactuals[k]). */
  readonly counterfactuals: readonly string[];
  readonly seed: number;
  readonly crn: SweepSpec['crn'];
  /** Variants per (point, replicate): 1 + counterfactuals. */
  readonly variants: number;
  readonly runCount: number;
  /** A Saltelli design ('sobol' sampling): base rows n and parameters (the sampled paths); the sampled points of
   * each grid point form n blocks of (params + 2), see sample.ts. Absent for other sweeps. */
  readonly saltelli?: { readonly n: number; readonly params: readonly string[] };
}

/** One planned run. */
export interface PlannedRun {
  readonly runId: number;
  readonly pointId: number;
  readonly replicate: number;
  /** 0: all agents; k > 0: counterfactuals[k - 1] left out. */
  readonly variant: number;
  /** FULL_RUN or the kind left out. */
  readonly counterfactual: string;
  readonly seed: number;
}

/** The plan of a validated sweep. */
export function buildPlan(spec: SweepSpec): SweepPlan {
  const gridPaths = Object.keys(spec.vary);
  const grid = gridPoints(gridPaths.map((p) => spec.vary[p]!));
  const sampled = spec.sample === undefined ? [[]] : samplePoints(spec.sample, spec.seed);
  const points = grid.flatMap((g) => sampled.map((s) => [...g, ...s]));
  const variants = 1 + spec.counterfactuals.length;
  return {
    paths: [...gridPaths, ...Object.keys(spec.sample?.ranges ?? {})],
    points,
    replicates: spec.replicates,
    counterfactuals: [...spec.counterfactuals],
    seed: spec.seed,
    crn: spec.crn,
    variants,
    runCount: points.length * spec.replicates * variants,
    ...(spec.sample?.method === 'sobol' ? { saltelli: { n: spec.sample.n, params: Object.keys(spec.sample.ranges) } } : {}),
  };
}

/** Every combination of the value lists, the first list varying slowest; one empty point for no lists. */
function gridPoints(lists: readonly (readonly SweepValue[])[]): SweepValue[][] {
  let out: SweepValue[][] = [[]];
  for (const values of lists) out = out.flatMap((prefix) => values.map((v) => [...prefix, v]));
  return out;
}

/** The run with this id (0 <= runId < plan.runCount). */
export function runAt(plan: SweepPlan, runId: number): PlannedRun {
  if (!Number.isSafeInteger(runId) || runId < 0 || runId >= plan.runCount) {
    throw new RangeError(`run_id ${runId} is outside the plan (0..${plan.runCount - 1})`);
  }
  const variant = runId % plan.variants;
  const pr = (runId - variant) / plan.variants;
  const replicate = pr % plan.replicates;
  const pointId = (pr - replicate) / plan.replicates;
  const counterfactual = variant === 0 ? FULL_RUN : plan.counterfactuals[variant - 1]!;
  return { runId, pointId, replicate, variant, counterfactual, seed: runSeed(plan, pointId, replicate) };
}

/** The seed shared by every variant of (point, replicate). */
export function runSeed(plan: Pick<SweepPlan, 'seed' | 'crn'>, pointId: number, replicate: number): number {
  const label = plan.crn === 'across-points' ? `replicate:${replicate}` : `point:${pointId}/replicate:${replicate}`;
  return deriveSeed(plan.seed, label);
}

/** The swept values of a point, as (path, value) pairs. */
export function pointValues(plan: SweepPlan, pointId: number): PointValue[] {
  const values = plan.points[pointId]!;
  return plan.paths.map((path, i) => ({ path, value: values[i]! }));
}

/**
 * What a run actually computes from: its resolved scenario without the `params` block (already folded into the
 * values) and without the agent groups of the kind it leaves out. Two runs with the same key and seed are the
 * same run.
 */
export function runInputKey(resolved: Readonly<Record<string, unknown>>, disabledKind: string | null): string {
  const { params: _params, agents, ...rest } = resolved;
  const kept = Array.isArray(agents) ? agents.filter((a) => (a as { kind?: unknown }).kind !== disabledKind) : agents;
  return JSON.stringify({ ...rest, agents: kept });
}

/**
 * Runs identical to an earlier run of the plan (same seed, same input key), as run id → the earliest such run id.
 * With crn 'across-points', a counterfactual run that leaves out exactly the kind the swept parameters act on is
 * the same at every point (letf-aum.yaml: 80 of its 200 runs), so only its first occurrence needs computing.
 * `inputKey(pointId, variant)` is called once per (point, variant).
 */
export function duplicateRuns(plan: SweepPlan, inputKey: (pointId: number, variant: number) => string): Map<number, number> {
  const keys = new Map<string, string>();
  const keyOf = (p: number, v: number): string => {
    const k = `${p}/${v}`;
    let key = keys.get(k);
    if (key === undefined) keys.set(k, (key = inputKey(p, v)));
    return key;
  };
  const first = new Map<string, number>();
  const out = new Map<number, number>();
  for (let id = 0; id < plan.runCount; id++) {
    const run = runAt(plan, id);
    const key = `${run.seed}\u0000${keyOf(run.pointId, run.variant)}`;
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, id);
    else out.set(id, earlier);
  }
  return out;
}
