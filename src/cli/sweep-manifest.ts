// The parts of a sweep's manifest.json that describe the tool (with its provenance: commit, dirty flag, lockfile
// hash, key package versions), the sweep (with its resolved base scenario and that scenario's canonical hash) and
// its plan (shared by `sweep` and `merge`), and the one-line summary both print at the end.
import { resolve } from 'node:path';
import type { LoadedSweep } from '../scenario/sweep-load.js';
import type { MaterializedPlan } from '../sweep/execute.js';
import { copiesToJson, type RunCopies, type SweepPlan } from '../sweep/plan.js';
import type { RunRecord } from '../sweep/store.js';
import { canonicalSha256, provenance, shellQuote } from './provenance.js';

/** Tool, version, git commit, dirty flag, lockfile hash, key package versions and Node version. */
export function toolInfo(): Record<string, unknown> {
  const p = provenance();
  return {
    tool: p.tool, kind: 'sweep', version: p.version, gitCommit: p.gitCommit, gitDirty: p.gitDirty,
    lockfileSha256: p.lockfileSha256, packages: p.packages, node: p.node,
  };
}

/** The plan's size and shape, and how many of its runs are copies of an identical earlier run (not run). */
export function planInfo(plan: SweepPlan, copies: RunCopies): Record<string, unknown> {
  return {
    points: plan.points.length,
    replicates: plan.replicates,
    counterfactuals: plan.counterfactuals,
    variants: plan.variants,
    runs: plan.runCount,
    copiedRuns: copies.size * plan.replicates,
    paths: plan.paths,
    crn: plan.crn,
  };
}

/**
 * What the manifest says about the sweep file: path, text, hash, the validated spec, the resolved base scenario (the
 * base with the sweep's fixed `set`, before any swept value) and its canonical hash, the plan, the runs copied from
 * identical ones ([point, variant, source point]), and the command that runs the sweep again.
 */
export function sweepInfo(loaded: LoadedSweep, mat: MaterializedPlan): Record<string, unknown> {
  let base: Record<string, unknown> | null;
  try {
    base = loaded.scenarioFor([]).resolved;
  } catch {
    base = null; // the base alone need not be valid (a swept value may be what makes it so)
  }
  return {
    sweepPath: resolve(loaded.file),
    sweepSha256: loaded.sha256,
    sweepFile: loaded.text,
    sweep: loaded.spec,
    baseScenarioPath: loaded.baseFile === null ? null : resolve(loaded.baseFile),
    baseScenarioResolvedSha256: base === null ? null : canonicalSha256(base),
    baseScenario: base,
    planSha256: mat.planSha256,
    plan: planInfo(mat.plan, mat.copies),
    runCopies: copiesToJson(mat.plan, mat.copies),
    reproduce: ['cascade', 'sweep', resolve(loaded.file)].map(shellQuote).join(' '),
  };
}

/** Counts of ok and failed runs. */
export function counts(records: readonly RunRecord[]): { ok: number; failed: number } {
  const failed = records.filter((r) => r.status === 'failed').length;
  return { ok: records.length - failed, failed };
}

/** `name: N runs, K ok, F failed (first failure: run 3, seed 123: Error: ...)[; C copied from identical runs]`. */
export function summaryLine(name: string, records: readonly RunRecord[]): string {
  const c = counts(records);
  const first = records.find((r) => r.status === 'failed');
  const why = first === undefined ? '' : ` (first failure: run ${first.run_id}, seed ${first.seed}: ${first.error})`;
  const copied = records.filter((r) => r.computed_by !== undefined).length;
  return `${name}: ${records.length} runs, ${c.ok} ok, ${c.failed} failed${why}${copied > 0 ? `; ${copied} copied from identical runs` : ''}`;
}
