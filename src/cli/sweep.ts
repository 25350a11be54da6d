// `cascade sweep <sweep.yaml>`: validate the sweep and every point's scenario (exit 2 on any problem, nothing run),
// then run the plan (or one shard of it) on a worker pool, logging each finished run durably, and write the
// tables and manifest. Exit 0 when every run is ok, 3 when some failed (they are rows with their error), 130
// when interrupted (Ctrl-C or SIGTERM; finished runs are kept, --resume continues). Also `cascade sweep-schema`.
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import { UserError } from './user-error.js';
import { positiveInt } from './option-parsers.js';

interface SweepCliOptions {
  workers?: number;
  out?: string;
  resume?: boolean;
  force?: boolean;
  retryFailed?: boolean;
  shard?: string;
  dryRun?: boolean;
  quiet?: boolean;
  allowLarge?: boolean;
  replicates?: number;
  worker?: string;
  dedup?: boolean;
}


const HELP = `
Runs points x replicates x (1 + counterfactuals) runs; each run's seed depends only on the sweep seed, its point
and replicate, so 1 worker, N workers or N shards give the same tables. A run identical to an earlier one (same
seed and input: with crn across-points, a counterfactual without the kind the swept parameters act on) is run once
and its row copied (computed_by names the run that ran; --no-dedup runs it again). Outputs in --out (default
results/sweeps/<name>): manifest.json, runs.jsonl (the durable log), runs / points / effects as .parquet and .csv.

Exit codes: 0 all runs ok; 3 finished, some runs failed (see the runs table's status and error); 2 bad input;
130 interrupted (finished runs are kept: continue with --resume).

Examples:
  cascade sweep scenarios/sweeps/letf-aum.yaml --dry-run          validate and print the plan
  cascade sweep scenarios/sweeps/letf-aum.yaml --workers 8
  cascade sweep scenarios/sweeps/letf-aum.yaml --resume           continue after a crash or Ctrl-C
  cascade sweep sweep.yaml --shard 3/16 --out out/shards/3        one of 16 shards (or --shard auto/16 under
                                                                  Slurm arrays / Kubernetes Indexed Jobs)
  cascade merge out/shards/* --out out/merged
`;

export function registerSweep(program: Command): void {
  program
    .command('sweep')
    .description('Run a Monte Carlo sweep (points x replicates x counterfactuals) on a worker pool')
    .argument('<sweep.yaml>', 'sweep file')
    .option('--workers <n>', `worker threads (default: available cores, here ${availableParallelism()})`, positiveInt)
    .option('--out <dir>', 'output directory (default: results/sweeps/<name>, or .../shards/<i> for a shard)')
    .option('--resume', 'continue the sweep in --out (or start it if there is none)')
    .option('--retry-failed', 'with --resume: run the failed runs again')
    .option('--force', 'delete an earlier sweep in --out and start over')
    .option('--shard <i/N>', 'run only the runs with run_id % N == i (and copy them to identical later runs); i may be auto (SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX)')
    .option('--replicates <n>', "replicates per point instead of the sweep file's (e.g. a quick look with 3 seeds)", positiveInt)
    .option('--dry-run', 'validate the sweep and every point, print the plan, run nothing')
    .option('--allow-large', 'run points whose resource estimate passes the limit (see README, "Limits")')
    .option('--no-dedup', 'run every run, even one identical to an earlier run (same seed and input), instead of copying its result')
    .option('--quiet', 'no progress display')
    .addOption(new Option('--worker <module>', 'internal: worker module (tests)').hideHelp())
    .addHelpText('after', HELP)
    .action(async (file: string, o: SweepCliOptions) => sweepCommand(file, o));
  program
    .command('sweep-schema')
    .description('Print the JSON Schema of sweep files (draft-07) on standard output')
    .addHelpText('after', '\nExample:\n  cascade sweep-schema > scenarios/sweep.schema.json\n')
    .action(async () => {
      const { sweepJsonSchema } = await import('../scenario/sweep-json-schema.js');
      process.stdout.write(`${JSON.stringify(sweepJsonSchema(), null, 2)}\n`);
    });
}

async function sweepCommand(file: string, o: SweepCliOptions): Promise<void> {
  if (o.resume && o.force) throw new UserError('--resume and --force exclude each other');
  if (o.retryFailed && !o.resume) throw new UserError('--retry-failed needs --resume');
  const { parseShard, ShardError, WHOLE_SWEEP, formatShard } = await import('../sweep/shard.js');
  let shard = WHOLE_SWEEP;
  try {
    if (o.shard !== undefined) shard = parseShard(o.shard, process.env);
  } catch (e) {
    if (e instanceof ShardError) throw new UserError(e.message);
    throw e;
  }
  const { loadSweep, SweepError } = await import('../scenario/sweep-load.js');
  const { materialize } = await import('../sweep/execute.js');
  const { formatDiagnostic } = await import('../scenario/locate.js');
  let loaded, mat;
  try {
    loaded = loadSweep(file);
    if (o.replicates !== undefined) loaded = { ...loaded, spec: { ...loaded.spec, replicates: o.replicates } };
    mat = materialize(loaded, { dedup: o.dedup !== false });
  } catch (e) {
    if (e instanceof SweepError) throw new UserError(e.diagnostics.map(formatDiagnostic).join('\n'));
    throw e;
  }
  if (o.allowLarge !== true) {
    const { estimateResources, resourceProblem } = await import('../scenario/resources.js');
    mat.scenarios.forEach((sc, p) => {
      const why = resourceProblem(estimateResources(sc, []));
      if (why !== undefined) throw new UserError(`${file}: point ${p}: ${why}`);
    });
  }
  const name = loaded.spec.name;
  if (o.dryRun) {
    const p = mat.plan;
    const { shardRunIds } = await import('../sweep/shard.js');
    const { sourceRun } = await import('../sweep/plan.js');
    const copied = mat.copies.size * p.replicates;
    const source = (id: number): number => sourceRun(p, mat.copies, id);
    const shardRuns = shardRunIds(p.runCount, shard, source);
    const shardComputed = shardRuns.filter((id) => source(id) === id).length;
    process.stdout.write(
      `${file}: ok — ${p.points.length} points x ${p.replicates} replicates x ${p.variants} variant${p.variants === 1 ? '' : 's'} = ${p.runCount} runs` +
        `${copied > 0 ? ` (${copied} identical to an earlier run: ${p.runCount - copied} to compute)` : ''}` +
        `${shard.count > 1 ? `; shard ${formatShard(shard)} has ${shardRuns.length}${copied > 0 ? ` (${shardComputed} to compute)` : ''}` : ''}\n`,
    );
    return;
  }
  const defaultOut = join('results', 'sweeps', name, ...(shard.count > 1 ? ['shards', String(shard.index)] : []));
  const outDir = o.out ?? defaultOut;
  const { runSession } = await import('./sweep-session.js');
  await runSession({
    file, loaded, mat, shard, outDir,
    workers: o.workers ?? availableParallelism(),
    mode: o.resume ? 'resume' : o.force ? 'force' : 'new',
    retryFailed: o.retryFailed === true,
    quiet: o.quiet === true,
    ...(o.worker !== undefined ? { workerFile: o.worker } : {}),
  });
}
