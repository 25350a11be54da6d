// The parts of a sweep's manifest.json that describe the tool, the sweep and its plan (shared by `sweep` and
// `merge`), and the one-line summary both print at the end.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadedSweep } from '../scenario/sweep-load.js';
import type { MaterializedPlan } from '../sweep/execute.js';
import type { SweepPlan } from '../sweep/plan.js';
import type { RunRecord } from '../sweep/store.js';
import { toolVersion } from './version.js';

const PACKAGE_ROOT = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? '../../' : '../../../', import.meta.url));

/** Tool, version, git commit and Node version. */
export function toolInfo(): Record<string, unknown> {
  const r = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: PACKAGE_ROOT, encoding: 'utf8' });
  return { tool: 'cascade-sim', kind: 'sweep', version: toolVersion(), gitCommit: r.status === 0 ? r.stdout.trim() : null, node: process.version };
}

/** The plan's size and shape. */
export function planInfo(plan: SweepPlan): Record<string, unknown> {
  return {
    points: plan.points.length,
    replicates: plan.replicates,
    counterfactuals: plan.counterfactuals,
    variants: plan.variants,
    runs: plan.runCount,
    paths: plan.paths,
    crn: plan.crn,
  };
}

/** What the manifest says about the sweep file: path, text, hash, the validated spec and the plan. */
export function sweepInfo(loaded: LoadedSweep, mat: MaterializedPlan): Record<string, unknown> {
  return {
    sweepPath: resolve(loaded.file),
    sweepSha256: loaded.sha256,
    sweepFile: loaded.text,
    sweep: loaded.spec,
    baseScenarioPath: loaded.baseFile === null ? null : resolve(loaded.baseFile),
    planSha256: mat.planSha256,
    plan: planInfo(mat.plan),
  };
}

/** Counts of ok and failed runs. */
export function counts(records: readonly RunRecord[]): { ok: number; failed: number } {
  const failed = records.filter((r) => r.status === 'failed').length;
  return { ok: records.length - failed, failed };
}

/** `name: N runs, K ok, F failed (first failure: run 3, seed 123: Error: ...)`. */
export function summaryLine(name: string, records: readonly RunRecord[]): string {
  const c = counts(records);
  const first = records.find((r) => r.status === 'failed');
  const why = first === undefined ? '' : ` (first failure: run ${first.run_id}, seed ${first.seed}: ${first.error})`;
  return `${name}: ${records.length} runs, ${c.ok} ok, ${c.failed} failed${why}`;
}
