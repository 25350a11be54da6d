// The report of a calibration directory (cascade calibrate): overview (calibration, base scenario, weighting, seeds,
// budget), the moment-fit table (target, fitted, seed sd, standardized deviation), the parameter table (fitted,
// its linearised 95% half-width, range, truth and error for a synthetic-target run), the trace figure, and the identification table (each
// parameter's sensitivity; rank and condition number in its note). Reads only the directory's files.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ColumnTable } from '../core/table.js';
import { MANIFEST_FILE } from '../io/durable.js';
import { numCol, strCol } from './columns.js';
import { calibrationTrace } from './figures/calibration-trace.js';
import type { FigureOutcome } from './figures/common.js';
import { formatSig } from './format.js';
import type { HtmlReportInput } from './report-html.js';
import { checkTable, type ReportTable } from './report-table.js';
import { readCsvChecked, readJson, rewriteHint } from './run-data.js';
import type { Json } from './run-data.js';

/** Whether `dir` holds a finished calibration (manifest kind 'calibration' and a trace table). */
export function isCalibrationDir(dir: string): boolean {
  if (!existsSync(join(dir, 'trace.csv')) || !existsSync(join(dir, MANIFEST_FILE))) return false;
  try {
    return (JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')) as Json)['kind'] === 'calibration';
  } catch {
    return false;
  }
}

export interface CalibrationParts {
  readonly figures: readonly FigureOutcome[];
  readonly tables: readonly ReportTable[];
  readonly html: HtmlReportInput;
  readonly facts: null;
  readonly createdAt: Date;
}

const TEXT = new Set(['phase', 'moment', 'stat', 'parameter']);
const table = (dir: string, name: string, hint: string): ColumnTable | undefined =>
  existsSync(join(dir, `${name}.csv`)) ? readCsvChecked(join(dir, `${name}.csv`), hint, TEXT) : undefined;
const rec = (x: unknown): Record<string, number> => (x !== null && typeof x === 'object' ? (x as Record<string, number>) : {});

function fitTable(fit: ColumnTable): ReportTable {
  const [target, fitted, sd, z] = ['target', 'fitted', 'sd', 'z'].map((c) => numCol(fit, c)) as Float64Array[];
  const stat = strCol(fit, 'stat');
  return checkTable({
    name: 'moment-fit',
    caption: 'Target moments and their fitted values (mean over the seeds at the best parameters)',
    columns: [{ label: 'moment', align: 'l' }, { label: 'statistic', align: 'l' }, { label: 'target', align: 'r' }, { label: 'fitted', align: 'r' }, { label: 'sd over seeds', align: 'r' }, { label: 'z', align: 'r' }],
    rows: strCol(fit, 'moment').map((m, i) => [m, stat[i]!, formatSig(target![i]!, 4), formatSig(fitted![i]!, 4), formatSig(sd![i]!, 3), formatSig(z![i]!, 3)]),
    note: 'z: (fitted − target) / tolerance (or × √weight); the loss is the weighted sum of squares.',
  });
}

function paramTable(best: Json, spec: Json): ReportTable {
  const fitted = rec(best['parameters']);
  const se = best['standardErrors'] === undefined ? undefined : rec(best['standardErrors']);
  const truth = best['truth'] === undefined ? undefined : rec(best['truth']);
  const err = rec(best['errorShareOfRange']);
  const ranges = (spec['parameters'] ?? {}) as Record<string, { min: number; max: number; scale: string }>;
  const cols = [{ label: 'parameter', align: 'l' as const }, { label: 'fitted', align: 'r' as const }, ...(se ? [{ label: '± 95%', align: 'r' as const }] : []), { label: 'range', align: 'r' as const }, ...(truth ? [{ label: 'truth', align: 'r' as const }, { label: 'error / range', align: 'r' as const }] : [])];
  return checkTable({
    name: 'fitted-parameters',
    caption: `Fitted parameters (MSM loss ${formatSig(Number(best['loss']), 4)})`,
    columns: cols,
    ...(se ? { note: '± 95%: 1.96 linearised standard errors from the identification Jacobian, the tolerances and the seed noise at the fit (src/calibrate/intervals.ts); local, bounds ignored.' } : {}),
    rows: Object.keys(fitted).map((p) => {
      const r = ranges[p];
      return [p, formatSig(fitted[p]!, 5), ...(se ? [formatSig(1.96 * (se[p] ?? NaN), 3)] : []), r ? `${r.min} – ${r.max}${r.scale === 'log' ? ' (log)' : ''}` : '', ...(truth ? [formatSig(truth[p]!, 5), `${formatSig(100 * err[p]!, 2)}%`] : [])];
    }),
  });
}

function identificationTable(best: Json): ReportTable {
  const id = (best['identification'] ?? {}) as Json;
  const sens = rec(id['sensitivity']);
  return checkTable({
    name: 'identification',
    caption: 'Local identification at the best point: each parameter’s moment sensitivity',
    columns: [{ label: 'parameter', align: 'l' }, { label: 'sensitivity', align: 'r' }],
    rows: Object.entries(sens).map(([p, s]) => [p, formatSig(s, 3)]),
    note: `Sensitivity: norm of the weighted moment Jacobian column (loss standard deviations per full range). Rank ${String(id['rank'])} of ${String(id['parameters'])}, condition number ${formatSig(Number(id['conditionNumber']), 3)}.`,
  });
}

/** Figures, tables and HTML sections of a calibration directory. */
export function calibrationParts(dir: string): CalibrationParts {
  const manifest = readJson(join(dir, MANIFEST_FILE), rewriteHint(dir, {}));
  const hint = rewriteHint(dir, manifest);
  const best = (manifest['best'] ?? readJson(join(dir, 'best.json'), hint)) as Json;
  const spec = (manifest['calibration'] ?? {}) as Json;
  const params = Object.keys(rec(best['parameters']));
  const figures = [calibrationTrace(table(dir, 'trace', hint), params, rec(best['parameters']), best['truth'] === undefined ? undefined : rec(best['truth']))];
  const fit = table(dir, 'fit', hint);
  const headline = [...(fit ? [fitTable(fit)] : []), paramTable(best, spec)];
  const ident = identificationTable(best);
  const kv = (label: string, value: unknown): { label: string; value: string } => ({ label, value: typeof value === 'string' ? value : JSON.stringify(value) });
  const created = new Date(typeof manifest['startedAt'] === 'string' ? manifest['startedAt'] : 0);
  return {
    figures,
    tables: [...headline, ident],
    facts: null,
    createdAt: Number.isNaN(created.getTime()) ? new Date(0) : created,
    html: {
      title: `Calibration ${String(spec['name'] ?? '')}`,
      subtitle: String(spec['description'] ?? ''),
      overview: [
        kv('base scenario', manifest['baseScenarioPath']), kv('weighting', spec['weighting']), kv('seeds per evaluation', spec['seeds']),
        kv('budget', spec['budget']), kv('evaluations', best['evaluations']), kv('CMA-ES generations × population', `${String(best['generations'])} × ${String(best['populationSize'])}`),
      ],
      overviewTables: [],
      headline,
      figures,
      tables: [ident],
      facts: null,
      manifest: [kv('calibration file', manifest['calibrationPath']), kv('version', manifest['version']), kv('git commit', manifest['gitCommit']), kv('wall seconds', manifest['wallSeconds'])],
      manifestJson: manifest,
    },
  };
}
