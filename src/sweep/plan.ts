// The plan of a sweep: points (the grid crossed with the sampled points) × replicates × variants (the full run
// plus one per counterfactual), numbered run_id = ((point × replicates) + replicate) × variants + variant, so a
// run's id, point, replicate and counterfactual are arithmetic on each other and nothing is stored per run.
// A run's seed is a pure function of (sweep seed, point, replicate) — with crn 'across-points', of (sweep seed,
// replicate) only — and every variant of a (point, replicate) shares it (common random numbers). Nothing here
// depends on workers, shards or completion order. findCopies finds the runs that repeat an earlier one exactly
// (same seed and input), which with crn 'across-points' are counterfactuals whose left-out kind is all the swept
// parameters act on; a sweep runs those once and copies the result (sourceRun).
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
 * values) and without the agent groups of the kind it leaves out, plus that kind's name (so two variants never
 * compare equal: a kind the point does not have makes its run fail, not equal the full run). Two runs with the same
 * key and seed are the same run.
 */
export function runInputKey(resolved: Readonly<Record<string, unknown>>, disabledKind: string | null): string {
  const { params: _params, agents, ...rest } = resolved;
  const kept = Array.isArray(agents) ? agents.filter((a) => (a as { kind?: unknown }).kind !== disabledKind) : agents;
  return JSON.stringify({ ...rest, agents: kept, disabled: disabledKind });
}

/** Copied slots (slot = point × variants + variant) → the earlier point whose runs of that variant they repeat. */
export type RunCopies = ReadonlyMap<number, number>;

/**
 * Identical runs, found per slot (a point and a variant): slot → the earliest point whose runs of that variant are
 * the same runs, replicate by replicate. That needs the same input key and the same seeds, so only with crn
 * 'across-points' (seeds depend on the replicate alone); with 'within-point' no run repeats another. With
 * across-points, a counterfactual that leaves out exactly the kind the swept parameters act on is the same at every
 * point (letf-aum.yaml: 80 of its 200 runs). `inputKey(point, variant)` is called once per slot.
 */
export function findCopies(plan: SweepPlan, inputKey: (pointId: number, variant: number) => string): Map<number, number> {
  const copies = new Map<number, number>();
  if (plan.crn !== 'across-points') return copies;
  const first = new Map<string, number>();
  for (let p = 0; p < plan.points.length; p++) {
    for (let v = 0; v < plan.variants; v++) {
      const key = `${v}\u0000${inputKey(p, v)}`;
      const earlier = first.get(key);
      if (earlier === undefined) first.set(key, p);
      else copies.set(p * plan.variants + v, earlier);
    }
  }
  return copies;
}

/** The run whose simulation gives run `runId`'s result: itself, or the earlier identical run it copies. */
export function sourceRun(plan: SweepPlan, copies: RunCopies, runId: number): number {
  if (copies.size === 0) return runId;
  const variant = runId % plan.variants;
  const pr = (runId - variant) / plan.variants;
  const replicate = pr % plan.replicates;
  const pointId = (pr - replicate) / plan.replicates;
  const from = copies.get(pointId * plan.variants + variant);
  return from === undefined ? runId : (from * plan.replicates + replicate) * plan.variants + variant;
}

/** Run id → the earlier identical run it copies, for every copied run of the plan (ascending run id). */
export function duplicateRuns(plan: SweepPlan, inputKey: (pointId: number, variant: number) => string): Map<number, number> {
  const copies = findCopies(plan, inputKey);
  const out = new Map<number, number>();
  for (let id = 0; id < plan.runCount && copies.size > 0; id++) {
    const from = sourceRun(plan, copies, id);
    if (from !== id) out.set(id, from);
  }
  return out;
}

/** The copies as the manifest keeps them: [point, variant, source point] per copied slot, ascending. */
export function copiesToJson(plan: SweepPlan, copies: RunCopies): number[][] {
  return [...copies.entries()].sort((a, b) => a[0] - b[0]).map(([slot, from]) => [Math.floor(slot / plan.variants), slot % plan.variants, from]);
}

/** Read a manifest's `runCopies` (absent: none). @throws Error naming what is wrong */
export function copiesFromJson(plan: SweepPlan, json: unknown): Map<number, number> {
  const copies = new Map<number, number>();
  if (json === undefined || json === null) return copies;
  if (!Array.isArray(json)) throw new Error('runCopies is not a list');
  for (const e of json) {
    const ok = Array.isArray(e) && e.length === 3 && e.every((x) => Number.isSafeInteger(x) && x >= 0);
    const [p, v, from] = ok ? (e as [number, number, number]) : [0, 0, 0];
    if (!ok || p >= plan.points.length || v >= plan.variants || from >= p) throw new Error(`runCopies entry ${JSON.stringify(e)} is not [point, variant, earlier point] of this plan`);
    copies.set(p * plan.variants + v, from);
  }
  return copies;
}
