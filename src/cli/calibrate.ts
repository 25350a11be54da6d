// `cascade calibrate <calibration.yaml>`: fit a scenario's free parameters to target moments by the method of
// simulated moments (a Sobol' design, then CMA-ES; src/calibrate/), every run logged durably so --resume continues
// after a crash or kill -9 with the same result. Bad input: one line per problem, exit 2, nothing run. Exit 130
// when interrupted. --shard i/N runs a share of the design (merge the shards, then --resume finishes the search).
// Also `cascade calibration-schema`.
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { UserError } from './user-error.js';
import { positiveInt } from './option-parsers.js';

interface CalibrateCliOptions {
  workers?: number;
  out?: string;
  resume?: boolean;
  force?: boolean;
  shard?: string;
  quiet?: boolean;
  worker?: string;
}


const HELP = `
Each evaluation runs the scenario at one parameter point with the same seeds (common random numbers) and
compares the seed means of the moments with their targets (MSM loss). The search: a space-filling design, then
CMA-ES generations, each proposed whole and evaluated on the pool, so 1 or N workers give the same trace. Then a
local identification check at the best point. Outputs in --out (default results/calibrations/<name>): trace,
fit and identification tables (.parquet, .csv), best.json, <base>.<name>.fitted.yaml (also written beside the
base scenario when --out is not given), manifest.json and runs.jsonl (the durable log). Report: cascade report DIR.

Exit codes: 0 done; 2 bad input; 130 interrupted (continue with --resume).

Examples:
  cascade calibrate scenarios/calibrations/baseline-3p.yaml --workers 2
  cascade calibrate scenarios/calibrations/baseline-3p.yaml --resume            after a crash or Ctrl-C
  cascade calibrate cal.yaml --shard 3/16 --out out/shards/3                    a share of the design on a cluster,
  cascade merge out/shards/* --out out/merged                                   then
  cascade calibrate cal.yaml --resume --out out/merged                          the search on one machine
`;

export function registerCalibrate(program: Command): void {
  program
    .command('calibrate')
    .description('Fit free scenario parameters to target moments (method of simulated moments, CMA-ES)')
    .argument('<calibration.yaml>', 'calibration file')
    .option('--workers <n>', `worker threads (default: available cores, here ${availableParallelism()})`, positiveInt)
    .option('--out <dir>', 'output directory (default: results/calibrations/<name>, or .../shards/<i> for a shard)')
    .option('--resume', 'continue the calibration in --out (or start it if there is none)')
    .option('--force', 'delete an earlier calibration in --out and start over')
    .option('--shard <i/N>', 'run only this share of the design runs (run_id % N == i); i may be auto')
    .option('--quiet', 'no progress lines')
    .addOption(new Option('--worker <module>', 'internal: worker module (tests)').hideHelp())
    .addHelpText('after', HELP)
    .action(async (file: string, o: CalibrateCliOptions) => calibrateCommand(file, o));
  program
    .command('calibration-schema')
    .description('Print the JSON Schema of calibration files (draft-07) on standard output')
    .action(async () => {
      const { calibrationJsonSchema } = await import('../scenario/calibration-json-schema.js');
      process.stdout.write(`${JSON.stringify(calibrationJsonSchema(), null, 2)}\n`);
    });
}

async function calibrateCommand(file: string, o: CalibrateCliOptions): Promise<void> {
  if (o.resume && o.force) throw new UserError('--resume and --force exclude each other');
  const { parseShard, ShardError, WHOLE_SWEEP, formatShard } = await import('../sweep/shard.js');
  let shard = WHOLE_SWEEP;
  try {
    if (o.shard !== undefined) shard = parseShard(o.shard, process.env);
  } catch (e) {
    if (e instanceof ShardError) throw new UserError(e.message);
    throw e;
  }
  const { loadCalibration, CalibrationError } = await import('../scenario/calibration-load.js');
  const { formatDiagnostic } = await import('../scenario/locate.js');
  const engine = await import('../calibrate/engine.js');
  const { Interrupted } = await import('../calibrate/evaluator.js');
  const { StoreError } = await import('../sweep/store.js');
  const { toolInfo } = await import('./sweep-manifest.js');
  const asUserError = (e: unknown): unknown =>
    e instanceof CalibrationError ? new UserError(e.diagnostics.map(formatDiagnostic).join('\n')) : e instanceof StoreError ? new UserError(e.message) : e;
  let loaded;
  let extra;
  try {
    loaded = loadCalibration(file);
    extra = engine.extraRuns(loaded, engine.momentRefs(loaded));
  } catch (e) {
    throw asUserError(e);
  }
  const name = loaded.spec.name;
  if (extra.runs > 0 && !o.quiet) {
    // Say the cost up front: a pooled experiment (impact) multiplies the work of every evaluation.
    process.stderr.write(`${name}: each seed of each evaluation runs the scenario (${extra.scenarioDays} days) plus ${extra.runs} experiment runs (${extra.days} simulated days)\n`);
  }
  const outDir = o.out ?? join('results', 'calibrations', name, ...(shard.count > 1 ? ['shards', String(shard.index)] : []));
  const workers = o.workers ?? availableParallelism();
  const startedAt = new Date();
  const t0 = performance.now();
  const manifest = {
    ...toolInfo(), kind: 'calibration', calibrationPath: resolve(file), calibrationFile: loaded.text, calibration: loaded.spec,
    baseScenarioPath: resolve(loaded.baseFile), shard, workers, startedAt: startedAt.toISOString(),
  };
  const label = shard.count > 1 ? `${name} ${formatShard(shard)}` : name;
  const ac = new AbortController();
  const onSignal = (sig: NodeJS.Signals): void => {
    if (ac.signal.aborted) process.exit(130);
    process.stderr.write(`\n${sig}: stopping; finished runs are kept (again to quit at once)\n`);
    ac.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let result;
  try {
    result = await engine.calibrate(loaded, {
      outDir, mode: o.resume ? 'resume' : o.force ? 'force' : 'new', shard, workers,
      manifest: { ...manifest, status: 'running' }, signal: ac.signal,
      ...(o.worker !== undefined ? { workerFile: resolve(o.worker) } : {}),
      onStep: (line) => (o.quiet ? undefined : process.stderr.write(`${label}: ${line} (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`)),
    });
  } catch (e) {
    if (e instanceof Interrupted) {
      process.stderr.write(`${label}: interrupted; finished runs are kept in ${outDir}; continue with: cascade calibrate ${file} --resume --out ${outDir}\n`);
      process.exitCode = 130;
      return;
    }
    throw asUserError(e);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  const identity = { sweepSha256: loaded.sha256, planSha256: engine.calibrationPlanHash(loaded) };
  const wallSeconds = Math.round(performance.now() - t0) / 1000;
  const done = { ...manifest, ...identity, finishedAt: new Date().toISOString(), wallSeconds };
  const { writeFileAtomic, MANIFEST_FILE } = await import('../io/durable.js');
  if (result === undefined) {
    writeFileAtomic(join(outDir, MANIFEST_FILE), `${JSON.stringify({ ...done, status: 'shard-complete', note: 'a share of the design: merge all shards with `cascade merge`, then `cascade calibrate --resume --out <merged>`' }, null, 2)}\n`);
    process.stderr.write(`${label}: shard done in ${wallSeconds.toFixed(1)} s\n`);
    process.stdout.write(`${resolve(outDir)}\n`);
    return;
  }
  const { writeCalibrationOutputs, fittedName } = await import('../calibrate/outputs.js');
  const beside = o.out === undefined ? join(dirname(loaded.baseFile), fittedName(loaded)) : undefined;
  const status = { status: 'complete', resumedRuns: result.resumedRuns, ranRuns: result.ranRuns };
  const files = await writeCalibrationOutputs(outDir, loaded, result, { ...done, ...status }, beside);
  if (!o.quiet) process.stderr.write(summary(result, files, wallSeconds, workers));
  process.stdout.write(`${resolve(outDir)}\n`);
}

function summary(r: import('../calibrate/engine.js').CalibrationResult, files: readonly string[], wallSeconds: number, workers: number): string {
  const lines = [`best of ${r.evaluations.length} evaluations (eval ${r.best.id}), loss ${r.best.loss.toPrecision(4)}:`];
  r.paths.forEach((p, i) => lines.push(`  ${p} = ${formatValue(r.best.values[i]!)} (± ${formatValue(1.96 * r.standardErrors[i]!)}, 95%, linearised)`));
  lines.push('moment: fitted vs target');
  r.moments.forEach((m, j) => lines.push(`  ${m.name}: ${formatValue(r.best.mean[j]!)} vs ${formatValue(r.targets[j]!)}`));
  const id = r.identification;
  lines.push(`identification: rank ${id.rank} of ${r.paths.length}, condition number ${id.conditionNumber.toPrecision(3)}`);
  lines.push(`fitted scenario: ${files.join(', ')}`);
  lines.push(`${r.ranRuns} runs in ${wallSeconds.toFixed(1)} s (${workers} worker${workers === 1 ? '' : 's'}; ${r.resumedRuns} from the log)`);
  return `${lines.join('\n')}\n`;
}

function formatValue(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toPrecision(5);
}
