// `cascade run <scenario.yaml>`: load and validate the scenario, run it, and write the run directory (manifest,
// summary, tables) atomically. Bad input stops before anything is written (exit 2); an existing output directory
// is refused unless --force, and --force replaces only a run directory cascade wrote (never `.`, a parent of it,
// a results root or a file). A scenario whose estimated size passes the documented limit is refused unless
// --allow-large. Progress (simulated day and time, events/s) is a live line on a terminal, one line every 5 s
// otherwise.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { US_PER_DAY, US_PER_HOUR, US_PER_MIN } from '../core/time.js';
import { MANIFEST_FILE } from '../io/durable.js';
import { canonicalSha256, provenance, shellQuote } from './provenance.js';
import { UserError } from './user-error.js';

interface RunCliOptions {
  seed?: string;
  out?: string;
  set: string[];
  format: string;
  quiet?: boolean;
  force?: boolean;
  disable: string[];
  reportCurrency?: string;
  allowLarge?: boolean;
}

const repeat = (v: string, acc: string[]): string[] => [...acc, v];

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('Run a scenario and write its run directory (manifest, summary, tables)')
    .argument('<scenario.yaml>', 'scenario file')
    .option('--seed <n>', 'run seed (default: the scenario\'s seed)')
    .option('--out <dir>', 'output directory (default: results/<scenario>/<timestamp>-seed<N>)')
    .option('--set <path=value>', 'override a scenario value, e.g. market.latency.orderUs=200; repeatable', repeat, [])
    .option('--format <fmt>', 'tables as parquet | csv | both', 'parquet')
    .option('--disable <kind>', 'leave out every agent of this kind (counterfactual runs); repeatable', repeat, [])
    .option('--report-currency <CODE=RATE>', 'value metrics in another currency, e.g. USD=1380 (scenario units per USD)')
    .option('--quiet', 'no progress line')
    .option('--force', 'replace an existing run directory (only one cascade wrote)')
    .option('--allow-large', 'run even if the resource estimate passes the limit (see README, "Limits")')
    .addHelpText('after', '\nExamples:\n  cascade run scenarios/baseline.yaml\n  cascade run scenarios/shock.yaml --seed 7 --format both --out results/shock-7\n')
    .action(async (file: string, o: RunCliOptions) => {
      if (!['parquet', 'csv', 'both'].includes(o.format)) throw new UserError(`--format must be parquet, csv or both, got "${o.format}"`);
      const seedArg = o.seed === undefined ? undefined : parseSeed(o.seed);
      const { loadOrExit } = await import('./load-scenario.js');
      const loaded = await loadOrExit(file, [...o.set, ...reportCurrencySets(o.reportCurrency)]);
      const seed = seedArg ?? loaded.scenario.seed;
      const { checkResources } = await import('./resources.js');
      checkResources(file, loaded.scenario, o.disable, o.allowLarge === true);
      const startedAt = new Date();
      const { checkOutDir, defaultRunDir, variantTag, writeRunDir } = await import('../results/run-dir.js');
      const outDir = o.out ?? defaultRunDir('results', loaded.scenario.name, startedAt, seed, variantTag(o.set, o.disable));
      outputChecked(() => checkOutDir(outDir, o.force === true));
      const { runScenario } = await import('../sim/run.js');
      const progress = o.quiet ? undefined : progressLine(loaded.scenario.calendar.days, process.stderr.isTTY === true);
      const t0 = performance.now();
      let result;
      try {
        result = runScenario({ scenario: loaded.scenario, seed, disable: o.disable }, progress?.update);
      } catch (e) {
        if (e instanceof Error && e.message.startsWith('--disable')) throw new UserError(e.message);
        throw e;
      } finally {
        progress?.done();
      }
      const wallSeconds = (performance.now() - t0) / 1000;
      const prov = provenance();
      const scenarioResolvedSha256 = canonicalSha256(loaded.resolved);
      const market = loaded.scenario.market;
      const reportCurrency = market.reportCurrency?.code ?? market.currency;
      const manifest = {
        tool: prov.tool, version: prov.version, gitCommit: prov.gitCommit, gitDirty: prov.gitDirty,
        lockfileSha256: prov.lockfileSha256, packages: prov.packages, scenarioPath: resolve(file),
        scenarioSha256: loaded.sha256, scenarioResolvedSha256, scenario: loaded.resolved, seed, disable: o.disable, overrides: o.set,
        currency: market.currency, reportCurrency: market.reportCurrency ?? null,
        reproduce: reproduceCommand(file, seed, o, outDir),
        node: process.version, startedAt: startedAt.toISOString(), wallSeconds: round(wallSeconds, 3),
        stats: result.stats, eventsPerSecond: Math.round(result.stats.events / wallSeconds),
      };
      const { parquetMetadata, summaryTable } = await import('../results/data-contract.js');
      const symbols = loaded.scenario.market.instruments.map((i) => i.symbol);
      const tableProv = { version: prov.version, scenarioSha256: scenarioResolvedSha256, seed, currency: market.currency, reportCurrency };
      const path = await outputChecked(() => writeRunDir(
        outDir,
        {
          files: [{ name: MANIFEST_FILE, json: manifest }, { name: 'summary.json', json: result.summary }],
          tables: [...result.tables, summaryTable(result.summary, symbols, reportCurrency)],
        },
        { format: o.format as 'parquet' | 'csv' | 'both', force: o.force === true, parquetMetadata: (t) => parquetMetadata(t, tableProv) },
      ));
      if (!o.quiet) {
        process.stderr.write(
          `${loaded.scenario.name} seed ${seed}: ${result.stats.events} events, ${result.stats.trades} trades in ` +
            `${wallSeconds.toFixed(2)} s (${Math.round(result.stats.events / wallSeconds)} events/s)\n`,
        );
      }
      process.stdout.write(`${path}\n`);
    });
}

/** Run `f`, turning the run directory's refusals (exists, unsafe to replace, unwritable) into user errors. */
function outputChecked<T>(f: () => T): T {
  const asUser = (e: unknown): never => {
    const name = (e as Error | undefined)?.name;
    if (name === 'OutputExistsError' || name === 'UnsafeOutputError') throw new UserError((e as Error).message);
    throw e;
  };
  try {
    const r = f();
    return r instanceof Promise ? (r.catch(asUser) as T) : r;
  } catch (e) {
    return asUser(e);
  }
}

/** `--report-currency USD=1380` as the two scenario overrides it stands for. */
function reportCurrencySets(v: string | undefined): string[] {
  if (v === undefined) return [];
  const m = /^([A-Z]{3})=(\d+(?:\.\d+)?)$/.exec(v);
  if (!m || !(Number(m[2]) > 0)) throw new UserError(`--report-currency must look like USD=1380 (a 3-letter code and a positive rate), got "${v}"`);
  return [`market.reportCurrency.code=${m[1]}`, `market.reportCurrency.fxRate=${m[2]}`];
}

function parseSeed(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(n)) throw new UserError(`--seed must be a non-negative integer, got "${v}"`);
  return n;
}

/**
 * The one-line command that makes the same tables again (into `<outDir>-reproduced`): the scenario path as given to
 * this run resolved to an absolute path, the seed, the overrides, disabled kinds, report currency and table format.
 * Byte-identical output also needs the same commit and lockfile, which the manifest records beside it.
 */
function reproduceCommand(file: string, seed: number, o: RunCliOptions, outDir: string): string {
  const args = ['cascade', 'run', resolve(file), '--seed', String(seed)];
  for (const s of o.set) args.push('--set', s);
  for (const k of o.disable) args.push('--disable', k);
  if (o.reportCurrency !== undefined) args.push('--report-currency', o.reportCurrency);
  args.push('--format', o.format, '--out', `${resolve(outDir)}-reproduced`, '--quiet');
  return args.map(shellQuote).join(' ');
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Wall-clock milliseconds between progress lines when stderr is not a terminal (logs, CI). */
const LOG_INTERVAL_MS = 5000;

/**
 * Progress on stderr: simulated day and time, events and events/s. On a terminal one line redrawn in place; in a
 * log a new line at most every LOG_INTERVAL_MS, so a long job is never silent.
 */
function progressLine(days: number, tty: boolean): { update: (t: number, events: number) => void; done: () => void } {
  const t0 = performance.now();
  let lastLog = t0;
  return {
    update: (t: number, events: number) => {
      const now = performance.now();
      if (!tty && now - lastLog < LOG_INTERVAL_MS) return;
      lastLog = now;
      const day = Math.floor(t / US_PER_DAY);
      const tod = t - day * US_PER_DAY;
      const hh = String(Math.floor(tod / US_PER_HOUR)).padStart(2, '0');
      const mm = String(Math.floor((tod % US_PER_HOUR) / US_PER_MIN)).padStart(2, '0');
      const rate = events / Math.max(1e-9, (now - t0) / 1000);
      const text = `day ${Math.min(day + 1, days)}/${days} ${hh}:${mm}  ${events} events  ${Math.round(rate)} events/s`;
      process.stderr.write(tty ? `\r  ${text}   ` : `  ${text}\n`);
    },
    done: () => {
      if (tty) process.stderr.write('\r\x1b[K');
    },
  };
}
