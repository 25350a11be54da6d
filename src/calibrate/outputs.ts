// What a finished calibration writes into its directory (beside manifest.json and runs.jsonl): the `trace` table
// (one row per evaluation: phase, generation, parameter values, loss, best loss so far, seed means of the moments),
// `fit` (per moment: target, fitted, seed sd, tolerance or weight, standardized deviation, share of the loss),
// `identification` (per parameter and moment: the Jacobian entry, raw and scaled, the parameter's sensitivity and
// the fit's linearised standard error),
// each as .parquet and .csv, best.json (all of it in one object), and the fitted scenario YAML.
import { writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { makeTable, type Column, type ColumnTable } from '../core/table.js';
import { writeSweepOutputs } from '../results/sweep-output.js';
import { fittedScenarioYaml } from '../scenario/calibration-fitted.js';
import type { LoadedCalibration } from '../scenario/calibration-load.js';
import type { CalibrationResult } from './engine.js';

const f64 = (name: string, values: ArrayLike<number>): Column => ({ name, type: 'float', values: Float64Array.from(values) });

/** The trace, fit and identification tables. */
export function calibrationTables(loaded: LoadedCalibration, r: CalibrationResult): ColumnTable[] {
  const ev = r.evaluations;
  let best = Infinity;
  const running = ev.map((e) => (e.phase === 'design' || e.phase === 'search' ? (best = Math.min(best, e.loss)) : NaN));
  const trace = makeTable('trace', [
    { name: 'eval_id', type: 'int', values: Int32Array.from(ev, (e) => e.id) },
    { name: 'phase', type: 'string', values: ev.map((e) => e.phase) },
    { name: 'generation', type: 'int', values: Int32Array.from(ev, (e) => e.generation) },
    ...r.paths.map((p, i) => f64(p, ev.map((e) => e.values[i]!))),
    f64('loss', ev.map((e) => e.loss)),
    f64('best_loss', running),
    ...r.moments.map((m, j) => f64(`m.${m.name}`, ev.map((e) => e.mean[j]!))),
    { name: 'n_ok', type: 'int', values: Int32Array.from(ev, (e) => e.runs.filter((x) => x.every(Number.isFinite)).length) },
  ]);
  const specs = Object.values(loaded.spec.moments);
  const g = r.best.mean.map((m, j) => m - r.targets[j]!);
  const wg = r.weights.map((row) => row.reduce((s, w, k) => s + w * g[k]!, 0));
  const fit = makeTable('fit', [
    { name: 'moment', type: 'string', values: r.moments.map((m) => m.name) },
    { name: 'stat', type: 'string', values: specs.map((m) => m.stat) },
    f64('target', r.targets),
    f64('fitted', r.best.mean),
    f64('sd', r.best.sd),
    f64('tolerance', specs.map((m) => m.tolerance ?? NaN)),
    f64('weight', r.weights.map((row, j) => row[j]!)),
    f64('z', g.map((x, j) => x * Math.sqrt(r.weights[j]![j]!))),
    f64('loss_share', g.map((x, j) => (r.best.loss > 0 ? (x * wg[j]!) / r.best.loss : NaN))),
  ]);
  const pairs = r.paths.flatMap((p, i) => r.moments.map((m, j) => ({ p, i, m: m.name, j })));
  const id = r.identification;
  const identification = makeTable('identification', [
    { name: 'parameter', type: 'string', values: pairs.map((x) => x.p) },
    { name: 'moment', type: 'string', values: pairs.map((x) => x.m) },
    f64('derivative_per_range', pairs.map((x) => id.jacobian[x.j]![x.i]!)),
    f64('scaled', pairs.map((x) => id.scaled[x.j]![x.i]!)),
    f64('sensitivity', pairs.map((x) => id.sensitivity[x.i]!)),
    f64('standard_error', pairs.map((x) => r.standardErrors[x.i]!)),
  ]);
  return [trace, fit, identification];
}

/** Everything in one JSON object (best.json). */
export function bestJson(loaded: LoadedCalibration, r: CalibrationResult): Record<string, unknown> {
  const { spec } = loaded;
  const ranges = Object.values(spec.parameters);
  const obj = (xs: readonly number[]): Record<string, number> => Object.fromEntries(r.paths.map((p, i) => [p, xs[i]!]));
  const truth = spec.truth === undefined ? undefined : r.paths.map((p) => spec.truth![p]!);
  return {
    name: spec.name,
    loss: r.best.loss,
    evaluation: r.best.id,
    parameters: obj(r.best.values),
    standardErrors: obj(r.standardErrors),
    intervals95: Object.fromEntries(r.paths.map((p, i) => [p, [r.best.values[i]! - 1.96 * r.standardErrors[i]!, r.best.values[i]! + 1.96 * r.standardErrors[i]!]])),
    ...(truth !== undefined ? { truth: obj(truth), errorShareOfRange: obj(r.best.values.map((v, i) => Math.abs(v - truth[i]!) / (ranges[i]!.max - ranges[i]!.min))) } : {}),
    moments: r.moments.map((m, j) => ({ name: m.name, target: r.targets[j], fitted: r.best.mean[j], sd: r.best.sd[j] })),
    identification: {
      rank: r.identification.rank,
      parameters: r.paths.length,
      conditionNumber: r.identification.conditionNumber,
      singularValues: r.identification.singularValues,
      sensitivity: obj(r.identification.sensitivity),
    },
    weighting: spec.weighting,
    seeds: r.seeds,
    evaluations: r.evaluations.length,
    generations: r.generations,
    populationSize: r.populationSize,
  };
}

/** The fitted scenario's file name: <base stem>.<calibration name>.fitted.yaml. */
export function fittedName(loaded: LoadedCalibration): string {
  return `${basename(loaded.baseFile).replace(/\.ya?ml$/, '')}.${loaded.spec.name}.fitted.yaml`;
}

/** Write the tables, best.json, the fitted scenario (into `dir`, and to `beside` too when given), then the manifest. */
export async function writeCalibrationOutputs(dir: string, loaded: LoadedCalibration, r: CalibrationResult, manifest: Record<string, unknown>, beside?: string): Promise<string[]> {
  const best = bestJson(loaded, r);
  writeFileSync(join(dir, 'best.json'), `${JSON.stringify(best, null, 2)}\n`);
  const header = [
    `Fitted by \`cascade calibrate ${loaded.file}\` (calibration "${loaded.spec.name}"): MSM loss ${r.best.loss.toPrecision(4)}`,
    ...r.paths.map((p, i) => `  ${p} = ${r.best.values[i]}`),
    `The complete scenario (every default written out); base: ${loaded.baseFile}`,
  ];
  const yaml = fittedScenarioYaml(loaded.scenarioAt(r.best.values).resolved, header);
  const files = [join(dir, fittedName(loaded))];
  if (beside !== undefined) files.push(beside);
  for (const f of files) writeFileSync(f, yaml);
  await writeSweepOutputs(dir, calibrationTables(loaded, r), { ...manifest, best });
  return files;
}
