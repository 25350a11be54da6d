// Load a calibration file: parse the YAML, validate it (diagnostics `file:line:col: message`, as for scenarios and
// sweeps), resolve the base scenario, and build the scenario at any parameter values: the base file with `set`,
// then the values, as `--set` overrides, validated. A problem caused by a parameter's value is reported at that
// parameter's key in the calibration file, naming the value.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { calibrationSchema, type CalibrationSpec } from './calibration-schema.js';
import { validateWithExpressions } from './diagnose.js';
import { loadScenario, ScenarioError } from './load.js';
import { formatDiagnostic, locate, toPlain, yamlToTree, type Diagnostic, type Loc, type SrcMap } from './locate.js';
import type { Scenario } from './schema.js';

/** A calibration file (or one of its scenarios) that could not be loaded. */
export class CalibrationError extends Error {
  readonly diagnostics: readonly Diagnostic[];
  constructor(diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.name = 'CalibrationError';
    this.diagnostics = diagnostics;
  }
}

/** A validated calibration file. */
export interface LoadedCalibration {
  readonly spec: CalibrationSpec;
  readonly file: string;
  readonly text: string;
  readonly sha256: string;
  /** The base scenario file as resolved from the calibration file's directory. */
  readonly baseFile: string;
  /** The scenario (and its resolved JSON) at these parameter values (in `spec.parameters` order). @throws CalibrationError */
  scenarioAt(values: readonly number[]): { scenario: Scenario; resolved: Record<string, unknown> };
  /** Where a key is written in the file, e.g. ['moments', 'spread', 'stat']. */
  where(path: readonly (string | number)[], target?: 'key' | 'value'): Loc;
}

/** Read and validate the calibration file at `path`. @throws CalibrationError */
export function loadCalibration(path: string): LoadedCalibration {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (code ?? String(e));
    throw new CalibrationError([{ file: path, line: 0, col: 0, message: `cannot read the calibration file (${why})` }]);
  }
  return parseCalibration(text, path);
}

/** As loadCalibration, for text in memory. @throws CalibrationError */
export function parseCalibration(text: string, file: string): LoadedCalibration {
  const tree = parseTree(text, file);
  const r = validateWithExpressions(calibrationSchema, toPlain(tree), tree);
  if (!r.ok) throw new CalibrationError([...r.diagnostics].sort((a, b) => a.line - b.line || a.col - b.col));
  const spec = r.data;
  const baseFile = isAbsolute(spec.base) ? spec.base : join(dirname(file), spec.base);
  if (!existsSync(baseFile) || !statSync(baseFile).isFile()) {
    throw new CalibrationError([{ ...locate(tree, ['base'], 'value'), message: `base: scenario file "${spec.base}" not found (looked for ${baseFile})` }]);
  }
  const paths = Object.keys(spec.parameters);
  const fixed = Object.entries(spec.set).map(([p, v]) => `${p}=${JSON.stringify(v)}`);
  return {
    spec, file, text, baseFile,
    sha256: createHash('sha256').update(text).digest('hex'),
    scenarioAt(values) {
      const sets = [...fixed, ...paths.map((p, i) => `${p}=${JSON.stringify(values[i])}`)];
      try {
        const s = loadScenario(baseFile, { set: sets });
        return { scenario: s.scenario, resolved: s.resolved };
      } catch (e) {
        if (!(e instanceof ScenarioError)) throw e;
        throw new CalibrationError(e.diagnostics.map((d) => relocate(d, paths, values, tree)));
      }
    },
    where: (path, target = 'key') => locate(tree, path, target),
  };
}

function parseTree(text: string, file: string): SrcMap {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new CalibrationError(doc.errors.map((e) => ({ file, ...lc.linePos(e.pos[0]), message: `YAML syntax error: ${e.message.replace(/ at line \d+[\s\S]*/, '').replace(/\s+/g, ' ').trim()}` })));
  }
  const { node, diagnostics } = yamlToTree(doc, file, lc);
  if (diagnostics.length > 0) throw new CalibrationError(diagnostics);
  if (node.kind !== 'map') throw new CalibrationError([{ ...node.loc, message: 'a calibration file must be a map of keys (name:, base:, parameters:, moments:, budget:, ...)' }]);
  return node;
}

/** A diagnostic at a `--set <path>` origin, moved to that path's key under parameters or set. */
function relocate(d: Diagnostic, paths: readonly string[], values: readonly number[], tree: SrcMap): Diagnostic {
  if (d.line !== 0 || !d.file.startsWith('--set ')) return d;
  const path = d.file.slice('--set '.length);
  const i = paths.indexOf(path);
  if (i < 0) return { ...locate(tree, ['set', path], 'key'), message: `set ${path}: ${d.message}` };
  return { ...locate(tree, ['parameters', path], 'key'), message: `parameters ${path} = ${values[i]}: ${d.message}` };
}
