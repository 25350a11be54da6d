// `cascade attribute <scenario.yaml> --kinds a,b,…`: exact Shapley attribution of summary metrics to agent kinds.
// For seeds 1..N it runs every subset of the listed kinds (the others of the list disabled, as `--disable` does;
// 2^k runs a seed, common random numbers), on the sweep machinery: worker pool, durable log, --resume, --shard and
// `cascade merge`. Everything is checked before anything is written (exit 2, one line): the kinds (known, present in
// the scenario, no repeats, at most 10), the metrics (summary keys of this scenario), the scenario and its --set.
// Exit 0 done, 3 some runs failed (those seeds are left out of the statistics), 130 interrupted.
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import type { Scenario } from '../scenario/schema.js';
import { UserError } from './user-error.js';
import { positiveInt } from './option-parsers.js';

export interface AttributeCliOptions {
  kinds?: string;
  metrics?: string;
  seeds: number;
  set: string[];
  workers?: number;
  out?: string;
  resume?: boolean;
  force?: boolean;
  retryFailed?: boolean;
  shard?: string;
  dryRun?: boolean;
  quiet?: boolean;
  allowLarge?: boolean;
  worker?: string;
}

const repeat = (v: string, acc: string[]): string[] => [...acc, v];

/** Seeds when --seeds is not given. */
export const DEFAULT_SEEDS = 30;

const HELP = `
For each seed k = 1..N and each subset S of the listed kinds, runs the scenario exactly as
  cascade run <scenario> --seed k --disable <each listed kind not in S>
(2^k runs a seed, all on seed k), then per seed the exact Shapley value of each kind and the Shapley interaction
index of each pair, for each metric; their mean and 95% t interval over seeds. The Shapley values of a seed sum to
v(all agents) - v(none of the listed kinds) of that seed (the efficiency check printed at the end).

Outputs in --out (default results/attribution/<scenario name>): manifest.json, runs.jsonl (the durable log), and as
.parquet and .csv: runs, attribution (metric, kind, shapley, ci_low, ci_high, share_of_total, n_seeds; rows
baseline, each kind, total, all-agents), interactions, attribution_seeds. Figures and tables: cascade report DIR.

Default metrics: the stress-day return, realised volatility and max drawdown of each stock, the index return, and
the D+2 forced margin sales when the scenario has margin accounts.

Exit codes: 0 all runs ok; 3 finished, some runs failed; 2 bad input; 130 interrupted (continue with --resume).

Examples:
  cascade attribute scenarios/korea-2026.yaml --kinds leveraged-etf,option-dealer,margin-accounts,foreign-seller --seeds 20
  cascade attribute scenarios/korea-2026.yaml --kinds leveraged-etf,option-dealer --seeds 5 --metrics return.SKH,index_return
  cascade attribute s.yaml --kinds a,b,c --shard 3/16 --out out/shards/3     one of 16 shards, then
  cascade merge out/shards/* --out out/merged
`;

export function registerAttribute(program: Command): void {
  program
    .command('attribute')
    .description('Exact Shapley attribution of summary metrics to agent kinds (all 2^k subsets, common seeds)')
    .argument('<scenario.yaml>', 'scenario file')
    .option('--kinds <list>', 'agent kinds to attribute, comma-separated (1 to 10; each must be in the scenario)')
    .option('--metrics <list>', 'summary metrics to attribute, comma-separated (default: see below)')
    .option('--seeds <n>', 'seeds 1..n', positiveInt, DEFAULT_SEEDS)
    .option('--set <path=value>', 'override a scenario value for every run; repeatable', repeat, [])
    .option('--workers <n>', `worker threads (default: available cores, here ${availableParallelism()})`, positiveInt)
    .option('--out <dir>', 'output directory (default: results/attribution/<scenario name>, or .../shards/<i> for a shard)')
    .option('--resume', 'continue the attribution in --out (or start it if there is none)')
    .option('--retry-failed', 'with --resume: run the failed runs again')
    .option('--force', 'delete an earlier attribution in --out and start over')
    .option('--shard <i/N>', 'run only the runs with run_id % N == i; i may be auto (SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX)')
    .option('--dry-run', 'check everything, print the plan, run nothing')
    .option('--allow-large', 'run a scenario whose resource estimate passes the limit (see README, "Limits")')
    .option('--quiet', 'no progress display')
    .addOption(new Option('--worker <module>', 'internal: worker module (tests)').hideHelp())
    .addHelpText('after', HELP)
    .action(async (file: string, o: AttributeCliOptions) => attributeCommand(file, o));
}

/** The --kinds list, checked for form, repeats and count (presence is checked against the scenario later). */
export function parseKinds(text: string | undefined, maxKinds: number): string[] {
  if (text === undefined) throw new UserError('--kinds is required: the agent kinds to attribute, e.g. --kinds leveraged-etf,option-dealer');
  const kinds = text.split(',').map((s) => s.trim());
  if (kinds.some((k) => k === '')) throw new UserError(`--kinds must be a comma list of agent kinds, got "${text}"`);
  const dup = kinds.find((k, i) => kinds.indexOf(k) !== i);
  if (dup !== undefined) throw new UserError(`--kinds: "${dup}" is listed twice`);
  if (kinds.length > maxKinds) {
    throw new UserError(`--kinds: ${kinds.length} kinds would take 2^${kinds.length} = ${2 ** kinds.length} runs per seed; at most ${maxKinds} kinds (${2 ** maxKinds} runs per seed) are allowed`);
  }
  return kinds;
}

/** Each kind must be registered and have agents in the scenario. */
async function checkKinds(kinds: readonly string[], scenario: Scenario, file: string): Promise<void> {
  const { AGENT_KINDS } = await import('../agents/registry.js');
  const { didYouMean } = await import('../scenario/suggest.js');
  const known = AGENT_KINDS.map((k) => k.kind);
  const present = [...new Set(scenario.agents.map((g) => g.kind))];
  for (const k of kinds) {
    if (!known.includes(k)) throw new UserError(`--kinds: unknown agent kind "${k}"${didYouMean(k, known)} (kinds: ${known.join(', ')})`);
    if (!present.includes(k)) throw new UserError(`--kinds: ${file} has no agents of kind "${k}" (it has ${present.join(', ')})`);
  }
}

/** The default metrics: per stock return, realised vol and max drawdown; the index return; D+2 forced sales. */
export function defaultMetrics(scenario: Scenario): string[] {
  const stocks = scenario.market.instruments.filter((i) => i.tickTable !== 'krx-etf').map((i) => i.symbol);
  return [
    ...stocks.map((s) => `return.${s}`),
    ...(scenario.market.index ? ['index_return'] : []),
    ...stocks.map((s) => `realized_vol.${s}`),
    ...stocks.map((s) => `max_drawdown.${s}`),
    ...(scenario.agents.some((g) => g.kind === 'margin-accounts') ? ['margin_forced_sale_value.d2'] : []),
  ];
}

async function parseMetrics(text: string | undefined, scenario: Scenario): Promise<string[]> {
  if (text === undefined) return defaultMetrics(scenario);
  const { summaryMetricNames } = await import('../sim/run.js');
  const { didYouMean } = await import('../scenario/suggest.js');
  const names = summaryMetricNames(scenario);
  const metrics = text.split(',').map((s) => s.trim());
  if (metrics.some((m) => m === '')) throw new UserError(`--metrics must be a comma list of summary metrics, got "${text}"`);
  const dup = metrics.find((m, i) => metrics.indexOf(m) !== i);
  if (dup !== undefined) throw new UserError(`--metrics: "${dup}" is listed twice`);
  for (const m of metrics) {
    if (!names.includes(m)) throw new UserError(`--metrics: "${m}" is not a summary metric of this scenario${didYouMean(m, names)} (see summary.json of a run)`);
  }
  return metrics;
}

async function attributeCommand(file: string, o: AttributeCliOptions): Promise<void> {
  if (o.resume && o.force) throw new UserError('--resume and --force exclude each other');
  if (o.retryFailed && !o.resume) throw new UserError('--retry-failed needs --resume');
  const { parseShard, ShardError, WHOLE_SWEEP } = await import('../sweep/shard.js');
  let shard = WHOLE_SWEEP;
  try {
    if (o.shard !== undefined) shard = parseShard(o.shard, process.env);
  } catch (e) {
    if (e instanceof ShardError) throw new UserError(e.message);
    throw e;
  }
  const { MAX_ATTRIBUTION_KINDS, buildAttributionPlan, attributionPlanHash } = await import('../sweep/attribution-plan.js');
  const kinds = parseKinds(o.kinds, MAX_ATTRIBUTION_KINDS);
  const { loadOrExit } = await import('./load-scenario.js');
  const loaded = await loadOrExit(file, o.set);
  await checkKinds(kinds, loaded.scenario, file);
  const metrics = await parseMetrics(o.metrics, loaded.scenario);
  const { checkResources } = await import('./resources.js');
  checkResources(file, loaded.scenario, [], o.allowLarge === true);
  const plan = buildAttributionPlan(kinds, o.seeds);
  if (o.dryRun) {
    const shardRuns = Math.ceil((plan.runCount - shard.index) / shard.count);
    process.stdout.write(
      `${file}: ok — ${kinds.length} kinds, 2^${kinds.length} = ${plan.subsets} subsets x ${plan.seeds} seeds = ${plan.runCount} runs` +
        `${shard.count > 1 ? `; shard ${shard.index}/${shard.count} has ${shardRuns}` : ''}; metrics: ${metrics.join(', ')}\n`,
    );
    return;
  }
  const name = loaded.scenario.name;
  const outDir = o.out ?? join('results', 'attribution', name, ...(shard.count > 1 ? ['shards', String(shard.index)] : []));
  const { runAttributionSession } = await import('./attribute-session.js');
  await runAttributionSession({
    file, loaded, plan, planSha256: attributionPlanHash(loaded.resolved, plan), metrics, sets: o.set, shard, outDir,
    workers: o.workers ?? availableParallelism(),
    mode: o.resume ? 'resume' : o.force ? 'force' : 'new',
    retryFailed: o.retryFailed === true,
    quiet: o.quiet === true,
    ...(o.worker !== undefined ? { workerFile: o.worker } : {}),
  });
}
