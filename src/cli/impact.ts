// `cascade impact <scenario> --instrument SYM`: the square-root-law experiment (docs/model.md §5). For each seed a
// run without a metaorder, then one run per fraction Q/V with a TWAP metaorder of Q = fraction × that seed's day
// volume; impacts are paired differences of log prices (common random numbers), fitted as I = Y·σ_D·(Q/V)^δ.
// Writes impact-runs.csv (one row per metaorder), impact-levels.csv (per fraction), impact.json (design and fit)
// and impact.svg/.pdf into --out, and prints the levels and the fit.
import { mkdirSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { IMPACT_DEFAULTS as D } from '../sweep/impact.js';
import { UserError } from './user-error.js';

interface ImpactCliOptions {
  instrument: string;
  seeds: string;
  fractions: string;
  day: string;
  start: string;
  side: string;
  participation: string;
  minMinutes: string;
  maxMinutes: string;
  workers: string;
  fitMax: string;
  out?: string;
  set: string[];
  force?: boolean;
  quiet?: boolean;
}

const repeat = (v: string, acc: string[]): string[] => [...acc, v];

export function registerImpact(program: Command): void {
  program
    .command('impact')
    .description('Synthetic metaorders against paired runs without them: the square-root impact law I = Y·σ_D·(Q/V)^δ')
    .argument('<scenario.yaml>', 'scenario file (its calm market: shocks on the experiment day distort the result)')
    .requiredOption('--instrument <SYM>', 'the instrument the metaorders trade')
    .option('--seeds <n>', 'seeds 1..n', '6')
    .option('--fractions <list>', 'metaorder sizes as fractions Q/V of the day\'s volume', D.fractions.join(','))
    .option('--day <d>', '0-based trading day of the metaorders (earlier days warm the market up and give σ_D)', String(D.day))
    .option('--start <HH:MM>', 'start time of every metaorder', D.startTime)
    .option('--side <side>', 'buy | sell', D.side)
    .option('--participation <p>', 'duration = (Q/V)/p of the session, within [min, max] minutes', String(D.participation))
    .option('--min-minutes <m>', 'shortest metaorder (minutes)', String(D.minMinutes))
    .option('--max-minutes <m>', 'longest metaorder (minutes)', String(D.maxMinutes))
    .option('--fit-max <f>', 'largest Q/V entering the fit (the square-root law is documented up to ~10%)', String(D.fitMax))
    .option('--workers <n>', 'worker threads', '2')
    .option('--set <path=value>', 'override a scenario value; repeatable', repeat, [])
    .option('--out <dir>', 'output directory (default: results/<scenario>/impact-<SYM>)')
    .option('--force', 'replace an existing output directory')
    .option('--quiet', 'print only the output path')
    .addHelpText('after', '\nExample:\n  cascade impact scenarios/baseline.yaml --instrument SKH --seeds 6 --out results/impact-skh\n')
    .action(async (file: string, o: ImpactCliOptions) => runImpact(file, o));
}

function positiveInt(name: string, v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(n) || n < 1) throw new UserError(`${name} must be a positive integer, got "${v}"`);
  return n;
}

function positive(name: string, v: string, max = Infinity): number {
  const n = Number(v);
  if (!(Number.isFinite(n) && n > 0 && n <= max)) throw new UserError(`${name} must be a number in (0, ${max}], got "${v}"`);
  return n;
}

async function runImpact(file: string, o: ImpactCliOptions): Promise<void> {
  const seeds = positiveInt('--seeds', o.seeds);
  const fractions = o.fractions.split(',').map((f) => positive('--fractions', f.trim(), 1));
  if (new Set(fractions).size !== fractions.length) throw new UserError('--fractions must not repeat a value');
  const day = Number(o.day);
  if (!/^\d+$/.test(o.day)) throw new UserError(`--day must be a non-negative integer, got "${o.day}"`);
  if (o.side !== 'buy' && o.side !== 'sell') throw new UserError(`--side must be buy or sell, got "${o.side}"`);
  if (!/^\d{2}:\d{2}$/.test(o.start)) throw new UserError(`--start must look like 09:30, got "${o.start}"`);
  const workers = positiveInt('--workers', o.workers);
  const { loadOrExit } = await import('./load-scenario.js');
  const loaded = await loadOrExit(file, o.set);
  const sc = loaded.scenario;
  if (!sc.market.instruments.some((i) => i.symbol === o.instrument)) {
    throw new UserError(`--instrument ${o.instrument}: the scenario has no such instrument (it has ${sc.market.instruments.map((i) => i.symbol).join(', ')})`);
  }
  if (day >= sc.calendar.days) throw new UserError(`--day ${day} is past the scenario's last day (${sc.calendar.days - 1}); pass a smaller --day or more calendar.days`);
  const out = o.out ?? join('results', sc.name, `impact-${o.instrument}`);
  if (existsSync(out) && o.force !== true) throw new UserError(`${out} already exists; pass --force to overwrite it`);
  const { parseClock } = await import('../core/time.js');
  const open = parseClock(sc.calendar.session.open);
  const close = parseClock(sc.calendar.session.closingAuctionStart);
  const startTod = parseClock(o.start);
  if (startTod < open || startTod >= close) throw new UserError(`--start ${o.start} is outside continuous trading (${sc.calendar.session.open}–${sc.calendar.session.closingAuctionStart})`);

  const imp = await import('../sweep/impact.js');
  const design = {
    instrument: o.instrument, side: o.side as 'buy' | 'sell', day, startTime: o.start, fractions,
    seeds: Array.from({ length: seeds }, (_, k) => k + 1),
    participation: positive('--participation', o.participation, 1),
    minMinutes: positive('--min-minutes', o.minMinutes, 390), maxMinutes: positive('--max-minutes', o.maxMinutes, 390),
  };
  const base = imp.impactBase(sc, day);
  const { openTod, sessionMinutes } = imp.sessionClock(sc);
  const { makePool } = await import('../sweep/pool.js');
  const { fileURLToPath } = await import('node:url');
  const ext = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  const pool = makePool(fileURLToPath(new URL(`../../workers/impact-run.${ext}`, import.meta.url)), workers);
  pool.on('error', (e: Error) => process.stderr.write(`cascade impact: worker error: ${e.message}\n`));
  const total = seeds * (1 + fractions.length);
  let done = 0;
  const tick = () => {
    done++;
    if (!o.quiet) process.stderr.write(`\r  impact: ${done}/${total} runs   `);
  };
  type Probe = import('../sweep/impact.js').ImpactProbe;
  const run = async (spec: unknown): Promise<Probe> => {
    const p = (await pool.run({ spec, symbol: o.instrument, day })) as Probe;
    tick();
    return p;
  };
  let rows: import('../sweep/impact.js').ImpactRow[];
  let baselines: Probe[];
  try {
    baselines = await Promise.all(design.seeds.map((seed) => run({ scenario: base, seed })));
    const jobs = design.seeds.map((seed, k) => imp.metaorderJobs(base, seed, baselines[k]!.volume, design, sessionMinutes));
    const probes = await Promise.all(jobs.map((js) => Promise.all(js.map((j) => run(j.spec)))));
    rows = jobs.flatMap((js, k) => imp.seedRows(js, probes[k]!, baselines[k]!, design, openTod));
  } finally {
    await pool.destroy();
    if (!o.quiet) process.stderr.write('\r\x1b[K');
  }
  const sigma = imp.dailyVolatility(baselines);
  const { fitImpact } = await import('../results/impact-fit.js');
  const fit = fitImpact(rows, sigma, positive('--fit-max', o.fitMax, 1));
  await writeOutputs(out, o.force === true, { file, seedsN: seeds, design, rows, fit });
  if (!o.quiet) printFit(o.instrument, fit);
  process.stdout.write(`${out}\n`);
}

type Fit = import('../results/impact-fit.js').ImpactFit;

function printFit(sym: string, fit: Fit): void {
  const f = (x: number, d = 3) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
  const lines = [`impact of ${sym} metaorders (σ_D = ${f(fit.sigmaDaily * 100, 2)}%; impacts in σ_D, mean over seeds)`];
  lines.push('  Q/V      T(min)  peak    end      ±95%    +30min   +120min');
  for (const l of fit.levels) {
    lines.push(`  ${l.fraction.toString().padEnd(8)} ${f(l.durationMin, 0).padStart(6)}  ${f(l.peak).padStart(6)}  ${f(l.completion).padStart(6)}  ${f(l.completionHalfWidth).padStart(6)}  ${f(l.after30).padStart(7)}  ${f(l.after120).padStart(7)}`);
  }
  lines.push(`  fit I/σ_D = Y·(Q/V)^δ over ${fit.fitted} levels (Q/V ≤ ${fit.fitMax}): δ = ${f(fit.delta)} ± ${f(fit.deltaSe)}, Y = ${f(fit.y)}; ` +
    `persistence (Q/V ≥ 1%): ${f(fit.persistence30, 2)} after 30 min, ${f(fit.persistence120, 2)} after 120 min`);
  process.stderr.write(`${lines.join('\n')}\n`);
}

interface ImpactOutputs {
  readonly file: string;
  readonly seedsN: number;
  readonly design: object;
  readonly rows: readonly import('../sweep/impact.js').ImpactRow[];
  readonly fit: Fit;
}

/** Write everything into a temporary sibling and rename it into place (nothing half-written is left). */
async function writeOutputs(out: string, force: boolean, x: ImpactOutputs): Promise<void> {
  const tmp = `${out}.tmp-impact`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const cols = ['fraction', 'seed', 'qty', 'day_volume', 'duration_min', 'peak', 'completion', 'after30', 'after120'] as const;
  const csv = [cols.join(','), ...x.rows.map((r) => [r.fraction, r.seed, r.qty, r.dayVolume, r.durationMin, r.peak, r.completion, r.after30, r.after120].join(','))];
  writeFileSync(join(tmp, 'impact-runs.csv'), `${csv.join('\n')}\n`);
  const lcols = ['fraction', 'n', 'duration_min', 'peak_sd', 'completion_sd', 'completion_hw95_sd', 'after30_sd', 'after120_sd'];
  const lev = [lcols.join(','), ...x.fit.levels.map((l) => [l.fraction, l.n, l.durationMin, l.peak, l.completion, l.completionHalfWidth, l.after30, l.after120].join(','))];
  writeFileSync(join(tmp, 'impact-levels.csv'), `${lev.join('\n')}\n`);
  const json = { scenario: x.file, seeds: x.seedsN, design: x.design, fit: { ...x.fit, levels: undefined } };
  writeFileSync(join(tmp, 'impact.json'), `${JSON.stringify(json, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`);
  const { impactFigure } = await import('../results/figures/impact.js');
  const { renderFigure } = await import('../results/render.js');
  await renderFigure(impactFigure(x.fit), tmp, ['svg', 'pdf'], { warnings: [] });
  if (existsSync(out)) {
    if (!force) throw new UserError(`${out} already exists; pass --force to overwrite it`);
    rmSync(out, { recursive: true, force: true });
  }
  mkdirSync(join(out, '..'), { recursive: true });
  renameSync(tmp, out);
}
