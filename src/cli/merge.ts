// `cascade merge <dir>... --out DIR`: combine the shard directories of one sweep into the directory a one-machine
// sweep would have written (same tables, byte for byte but for wall_s; a runs.jsonl in run_id order; the manifest
// with the sweep's provenance, resolved base scenario and reproduce command). Refuses duplicates, different sweeps
// and missing or incomplete shards, listing what to resubmit (exit 2). Exit 3 when the merged sweep holds failed
// runs, as `cascade sweep` does. Attribution shards (cascade attribute --shard) merge into an attribution directory;
// calibration shards into one `cascade calibrate --resume` finishes.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { UserError } from './user-error.js';

interface MergeCliOptions {
  out: string;
  force?: boolean;
  quiet?: boolean;
}

export function registerMerge(program: Command): void {
  program
    .command('merge')
    .description('Combine the shard directories of a sweep into one sweep directory')
    .argument('<dirs...>', 'shard directories (cascade sweep --shard i/N --out <dir>)')
    .requiredOption('--out <dir>', 'output directory')
    .option('--force', 'replace an existing sweep directory at --out')
    .option('--quiet', 'no summary line')
    .addHelpText('after', '\nExample:\n  cascade merge results/sweeps/letf-aum/shards/* --out results/sweeps/letf-aum/merged\n')
    .action(async (dirs: string[], o: MergeCliOptions) => mergeCommand(dirs, o));
}

async function mergeCommand(dirs: string[], o: MergeCliOptions): Promise<void> {
  const { isCalibrationDir } = await import('../calibrate/merge.js');
  if (dirs.length > 0 && isCalibrationDir(dirs[0]!)) return mergeCalibration(dirs, o);
  if (dirs.length > 0 && manifestKind(dirs[0]!) === 'attribution') return mergeAttribution(dirs, o);
  const { mergeShards, MergeError } = await import('../sweep/merge.js');
  const { RUNS_LOG, formatRecordLine } = await import('../sweep/store.js');
  const { MANIFEST_FILE, writeFileAtomic } = await import('../io/durable.js');
  let merged;
  try {
    merged = mergeShards(dirs);
  } catch (e) {
    if (e instanceof MergeError) throw new UserError(e.message);
    throw e;
  }
  prepareOut(o.out, o.force === true, MANIFEST_FILE);
  writeFileAtomic(join(o.out, RUNS_LOG), merged.records.map(formatRecordLine).join(''));
  const { counts, summaryLine, planInfo } = await import('./sweep-manifest.js');
  const { EXIT_RUNS_FAILED } = await import('./sweep-session.js');
  const { sweepTables } = await import('../results/sweep-tables.js');
  const { writeSweepOutputs } = await import('../results/sweep-output.js');
  const { copiesToJson } = await import('../sweep/plan.js');
  const m = merged.manifest;
  const manifest = {
    ...pick(m, ['tool', 'kind']),
    ...provenanceOf(merged.shards.map((s) => s.manifest)),
    ...pick(m, ['sweepPath', 'sweepSha256', 'sweepFile', 'sweep', 'baseScenarioPath', 'baseScenarioResolvedSha256', 'baseScenario', 'planSha256']),
    plan: planInfo(merged.plan, merged.copies),
    runCopies: copiesToJson(merged.plan, merged.copies),
    ...pick(m, ['reproduce']),
    shard: { index: 0, count: 1 },
    status: 'complete',
    counts: counts(merged.records),
    mergedFrom: merged.shards.map((s) => ({
      dir: resolve(s.dir), shard: s.shard, ...pick(s.manifest, [...PROVENANCE_KEYS, 'wallSeconds']),
    })),
  };
  const builds = new Set(merged.shards.map((s) => `${String(s.manifest['version'])}@${String(s.manifest['gitCommit'])} lockfile ${String(s.manifest['lockfileSha256']).slice(0, 12)}`));
  if (builds.size > 1) process.stderr.write(`warning: the shards were run by different builds: ${[...builds].join(', ')}\n`);
  const { sensitivityTables } = await import('../results/sensitivity.js');
  await writeSweepOutputs(o.out, [...sweepTables(merged.plan, merged.records), ...sensitivityTables(merged.plan, merged.records)], manifest);
  if (!o.quiet) process.stderr.write(`${summaryLine(merged.spec.name, merged.records)}; merged ${merged.shards.length} shards\n`);
  process.stdout.write(`${resolve(o.out)}\n`);
  if (counts(merged.records).failed > 0) process.exitCode = EXIT_RUNS_FAILED;
}

/** The `kind` in a directory's manifest, or undefined. */
function manifestKind(dir: string): unknown {
  try {
    return (JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>)['kind'];
  } catch {
    return undefined;
  }
}

/** Attribution shards (cascade attribute --shard) into the directory one machine would have written. */
async function mergeAttribution(dirs: string[], o: MergeCliOptions): Promise<void> {
  const { mergeShardDirs, MergeError, shardsRoot } = await import('../sweep/merge.js');
  const { buildAttributionPlan, attributionRunAt } = await import('../sweep/attribution-plan.js');
  const { RUNS_LOG, formatRecordLine } = await import('../sweep/store.js');
  const { MANIFEST_FILE, writeFileAtomic } = await import('../io/durable.js');
  let plan: import('../sweep/attribution-plan.js').AttributionPlan | undefined;
  let merged;
  try {
    merged = mergeShardDirs(
      dirs,
      (m) => {
        const p = (plan = buildAttributionPlan(m['kinds'] as string[], m['seeds'] as number));
        return { runCount: p.runCount, seedOf: (id) => attributionRunAt(p, id).seed };
      },
      (shards, indices, n) => {
        const m = shards[0]!.manifest;
        const args = `${String(m['scenarioPath'])} --kinds ${(m['kinds'] as string[]).join(',')} --seeds ${String(m['seeds'])}`;
        return [`resubmit shards ${indices.join(', ')} of ${n}:`, `  cascade attribute ${args} --shard ${indices[0]}/${n} --resume --out ${shardsRoot(shards[0]!.dir)}/shards/${indices[0]} (and so on)`].join('\n');
      },
    );
  } catch (e) {
    if (e instanceof MergeError) throw new UserError(e.message);
    throw e;
  }
  prepareOut(o.out, o.force === true, MANIFEST_FILE);
  writeFileAtomic(join(o.out, RUNS_LOG), merged.records.map(formatRecordLine).join(''));
  const { counts, summaryLine } = await import('./sweep-manifest.js');
  const { EXIT_RUNS_FAILED } = await import('./sweep-session.js');
  const { writeAttribution, efficiencyLine, attributionLines } = await import('./attribute-output.js');
  const m = merged.manifest;
  const manifest = {
    ...m, shard: { index: 0, count: 1 }, status: 'complete', counts: counts(merged.records),
    mergedFrom: merged.shards.map((s) => ({ dir: resolve(s.dir), shard: s.shard, version: s.manifest['version'], gitCommit: s.manifest['gitCommit'], wallSeconds: s.manifest['wallSeconds'] })),
  };
  for (const k of ['workers', 'startedAt', 'finishedAt', 'wallSeconds', 'resumedRuns', 'note', 'efficiency']) delete (manifest as Record<string, unknown>)[k];
  const games = await writeAttribution(o.out, plan!, merged.records, m['metrics'] as string[], manifest);
  if (!o.quiet) {
    process.stderr.write(`${summaryLine(`${String((m['scenario'] as { name?: unknown } | undefined)?.name)} attribution`, merged.records)}; merged ${merged.shards.length} shards\n`);
    process.stderr.write(`${efficiencyLine(games)}\n${(await attributionLines(plan!, games, String(m['reportCurrency']))).join('\n')}\n`);
  }
  process.stdout.write(`${resolve(o.out)}\n`);
  if (counts(merged.records).failed > 0) process.exitCode = EXIT_RUNS_FAILED;
}

/** Calibration shards (their design runs) into one directory that `cascade calibrate --resume` finishes. */
async function mergeCalibration(dirs: string[], o: MergeCliOptions): Promise<void> {
  const { mergeCalibrationShards } = await import('../calibrate/merge.js');
  const { RUNS_LOG, StoreError, formatRecordLine } = await import('../sweep/store.js');
  const { MANIFEST_FILE, writeFileAtomic } = await import('../io/durable.js');
  let merged;
  try {
    merged = mergeCalibrationShards(dirs);
  } catch (e) {
    if (e instanceof StoreError) throw new UserError(e.message);
    throw e;
  }
  prepareOut(o.out, o.force === true, MANIFEST_FILE);
  writeFileAtomic(join(o.out, RUNS_LOG), merged.records.map(formatRecordLine).join(''));
  writeFileAtomic(join(o.out, MANIFEST_FILE), `${JSON.stringify(merged.manifest, null, 2)}\n`);
  const file = String(merged.manifest['calibrationPath'] ?? '<calibration.yaml>');
  if (!o.quiet) process.stderr.write(`merged ${merged.shards} shards (${merged.records.length} runs); finish with: cascade calibrate ${file} --resume --out ${o.out}\n`);
  process.stdout.write(`${resolve(o.out)}\n`);
}

/** An empty output directory: created, or an earlier sweep directory removed first with --force. */
function prepareOut(out: string, force: boolean, manifestFile: string): void {
  if (existsSync(out) && readdirSync(out).length > 0) {
    if (!force) throw new UserError(`${out} already exists; pass --force to replace it`);
    if (!existsSync(join(out, manifestFile))) throw new UserError(`${out} is not empty and holds no sweep; refusing to delete it`);
    rmSync(out, { recursive: true, force: true });
  }
  mkdirSync(out, { recursive: true });
}

/** The provenance keys of a sweep manifest (sweep-manifest.ts toolInfo). */
const PROVENANCE_KEYS = ['version', 'gitCommit', 'gitDirty', 'lockfileSha256', 'packages', 'node'] as const;

/**
 * The merged sweep's provenance: a key's value when every shard has the same, else null (each shard's is in
 * mergedFrom); gitDirty is true when any shard's tree was dirty, false when none was.
 */
function provenanceOf(manifests: readonly Record<string, unknown>[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of PROVENANCE_KEYS) {
    const values = new Set(manifests.map((x) => JSON.stringify(x[k] ?? null)));
    out[k] = values.size === 1 ? (manifests[0]![k] ?? null) : null;
  }
  const dirty = manifests.map((x) => x['gitDirty']);
  out['gitDirty'] = dirty.includes(true) ? true : dirty.every((d) => d === false) ? false : null;
  return out;
}

function pick(o: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => k in o).map((k) => [k, o[k]]));
}
