// The plan of a Shapley attribution (`cascade attribute`): k agent kinds, seeds 1..N, and for every seed all 2^k
// subsets of the kinds, each run with the kinds outside its subset disabled (common random numbers: every subset of
// a seed shares that seed). Runs are numbered run_id = (seed − 1)·2^k + subset, subset a bitmask over the kinds in
// the order given (bit i set = kind i present; 0 = none of them, 2^k − 1 = all agents), so a seed's runs are
// consecutive and the whole plan is arithmetic on run ids. Seed k is the seed of `cascade run … --seed k`, so any
// run can be reproduced by hand. In the durable log a run's point_id is its subset, its replicate is seed − 1 and
// its counterfactual the disabled kinds joined by '+' ('none' when nothing is disabled).
import { createHash } from 'node:crypto';
import { FULL_RUN } from '../core/full-run.js';

/** At most this many kinds: 2^10 = 1024 runs per seed. */
export const MAX_ATTRIBUTION_KINDS = 10;

export interface AttributionPlan {
  /** The kinds attributed, in the order given (bit i of a subset). */
  readonly kinds: readonly string[];
  /** Seeds 1..N. */
  readonly seeds: number;
  /** 2^k. */
  readonly subsets: number;
  readonly runCount: number;
}

export interface AttributionRun {
  readonly runId: number;
  /** The run seed, 1..N. */
  readonly seed: number;
  /** Bitmask of the kinds present. */
  readonly subset: number;
  /** The kinds left out, in plan order. */
  readonly disabled: readonly string[];
  /** `none`, or the disabled kinds joined by '+'. */
  readonly counterfactual: string;
}

/** The plan for these kinds and seeds 1..seeds. @throws RangeError for more than MAX_ATTRIBUTION_KINDS kinds */
export function buildAttributionPlan(kinds: readonly string[], seeds: number): AttributionPlan {
  if (kinds.length < 1 || kinds.length > MAX_ATTRIBUTION_KINDS) throw new RangeError(`an attribution needs 1..${MAX_ATTRIBUTION_KINDS} kinds, got ${kinds.length}`);
  if (!Number.isSafeInteger(seeds) || seeds < 1) throw new RangeError(`seeds must be a positive integer, got ${seeds}`);
  const subsets = 2 ** kinds.length;
  return { kinds: [...kinds], seeds, subsets, runCount: subsets * seeds };
}

/** The run with this id. @throws RangeError outside the plan */
export function attributionRunAt(plan: AttributionPlan, runId: number): AttributionRun {
  if (!Number.isSafeInteger(runId) || runId < 0 || runId >= plan.runCount) {
    throw new RangeError(`run_id ${runId} is outside the plan (0..${plan.runCount - 1})`);
  }
  const subset = runId % plan.subsets;
  const disabled = disabledKinds(plan, subset);
  return { runId, seed: (runId - subset) / plan.subsets + 1, subset, disabled, counterfactual: subsetLabel(disabled) };
}

/** The kinds outside `subset`, in plan order. */
export function disabledKinds(plan: Pick<AttributionPlan, 'kinds'>, subset: number): string[] {
  return plan.kinds.filter((_, i) => (subset & (1 << i)) === 0);
}

/** 'none' or the disabled kinds joined by '+'. */
export function subsetLabel(disabled: readonly string[]): string {
  return disabled.length === 0 ? FULL_RUN : disabled.join('+');
}

/** The run id of (seed, subset). */
export function attributionRunId(plan: AttributionPlan, seed: number, subset: number): number {
  return (seed - 1) * plan.subsets + subset;
}

/**
 * SHA-256 of what the runs compute from: the resolved scenario (with any --set overrides folded in), the kinds in
 * order and the seed count. A resume or merge with a different value is another attribution.
 */
export function attributionPlanHash(resolved: unknown, plan: AttributionPlan): string {
  return createHash('sha256').update(JSON.stringify({ format: 1, kind: 'attribution', kinds: plan.kinds, seeds: plan.seeds, scenario: resolved })).digest('hex');
}
