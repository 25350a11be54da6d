// Load a sweep file: parse the YAML, validate it against the sweep schema (diagnostics `file:line:col: message`, as
// for scenarios), and build the scenario of any point: the base file (or the inline scenario) with the fixed `set`
// overrides and the point's values, applied as `--set` overrides (the point's values first, so a fixed override can
// pin one group of a kind the sweep varies) and validated. A problem caused by a swept
// value is reported at that parameter's key in the sweep file, naming the value; one in the base file stays there.
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { validateWithExpressions } from './diagnose.js';
import { EXTENDS_KEY } from './extends.js';
import { loadScenario, readText, ScenarioError, yamlMessage } from './load.js';
import { DiagnosticsError, locate, toPlain, yamlToTree, type Diagnostic, type Loc, type SrcMap } from './locate.js';
import { applyOverrides } from './override.js';
import { scenarioSchema, type Scenario } from './schema.js';
import { sweepSchema, type SweepSpec, type SweepValue } from './sweep-schema.js';

/** A sweep file (or one of its points) that could not be loaded; `diagnostics` holds every problem found. */
export class SweepError extends DiagnosticsError {
  override readonly name: string = 'SweepError';
}

/** One swept parameter's value at a point. */
export interface PointValue {
  readonly path: string;
  readonly value: SweepValue;
}

/** The scenario of one point, validated, and as plain JSON (for hashing the plan). */
export interface PointScenario {
  readonly scenario: Scenario;
  readonly resolved: Record<string, unknown>;
}

/** A validated sweep file. */
export interface LoadedSweep {
  readonly spec: SweepSpec;
  /** The path as given. */
  readonly file: string;
  readonly text: string;
  /** SHA-256 (hex) of the file's text. */
  readonly sha256: string;
  /** The base scenario file as resolved from the sweep file's directory; null for an inline scenario. */
  readonly baseFile: string | null;
  /** The scenario of the point with these values. @throws SweepError */
  scenarioFor(values: readonly PointValue[]): PointScenario;
  /** Where a swept or set path's key is written in the sweep file (for diagnostics about it). */
  where(path: string): Loc;
}

/** Read and validate the sweep file at `path`. @throws SweepError */
export function loadSweep(path: string): LoadedSweep {
  const text = readText(path, 'sweep');
  if (typeof text !== 'string') throw new SweepError(text.diagnostics);
  return parseSweep(text, path);
}

/** As loadSweep, for text in memory; `file` names it in diagnostics and anchors a relative `base`. @throws SweepError */
export function parseSweep(text: string, file: string): LoadedSweep {
  const tree = parseTree(text, file);
  const r = validateWithExpressions(sweepSchema, toPlain(tree), tree);
  if (!r.ok) throw new SweepError(sortByPosition(r.diagnostics));
  const spec = r.data;
  const baseFile = spec.base === undefined ? null : resolveBase(spec.base, file, tree);
  const inline = spec.base === undefined ? inlineScenario(tree) : null;
  const fixed = Object.entries(spec.set).map(([p, v]) => `${p}=${JSON.stringify(v)}`);
  return {
    spec,
    file,
    text,
    sha256: createHash('sha256').update(text).digest('hex'),
    baseFile,
    scenarioFor(values) {
      // The point's values first, then the fixed `set`: a set path can pin one group of a kind whose parameter the
      // sweep varies for every group (policy-letf-schedule.yaml keeps the inverse fund market-on-close).
      const sets = [...values.map((v) => `${v.path}=${JSON.stringify(v.value)}`), ...fixed];
      try {
        const s = inline === null ? fromFile(baseFile!, sets) : fromTree(inline, sets);
        checkCounterfactuals(spec, s.scenario, tree);
        return s;
      } catch (e) {
        if (!(e instanceof SweepError || e instanceof ScenarioError)) throw e;
        throw new SweepError(e.diagnostics.map((d) => relocate(d, values, tree)));
      }
    },
    where: (path) => keyLoc(tree, path),
  };
}

/** The key of `path` under vary, sample.ranges or set (the first that has it), else the file's top. */
function keyLoc(tree: SrcMap, path: string): Loc {
  for (const at of [['vary', path], ['sample', 'ranges', path], ['set', path]]) {
    const section = at.slice(0, -1).reduce<SrcMap | undefined>((m, k) => {
      const n = m?.entries.get(k)?.node;
      return n?.kind === 'map' ? n : undefined;
    }, tree);
    if (section?.entries.has(path)) return locate(tree, at, 'key');
  }
  return tree.loc;
}

function parseTree(text: string, file: string): SrcMap {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: false, prettyErrors: false }); // duplicates: yamlToTree
  if (doc.errors.length > 0) {
    throw new SweepError(
      doc.errors.map((e) => ({
        file,
        ...lc.linePos(e.pos[0]),
        message: yamlMessage(e, 'sweep'),
      })),
    );
  }
  const { node, diagnostics } = yamlToTree(doc, file, lc);
  if (diagnostics.length > 0) throw new SweepError(diagnostics);
  if (node.kind !== 'map') {
    throw new SweepError([{ ...node.loc, message: 'a sweep file must be a map of keys (name:, base:, vary:, replicates:, ...)' }]);
  }
  return node;
}


function resolveBase(base: string, file: string, tree: SrcMap): string {
  const path = isAbsolute(base) ? base : join(dirname(file), base);
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new SweepError([{ ...locate(tree, ['base'], 'value'), message: `base: scenario file "${base}" not found (looked for ${path})` }]);
  }
  return path;
}

function inlineScenario(tree: SrcMap): SrcMap {
  const node = tree.entries.get('scenario')!.node as SrcMap;
  const ext = node.entries.get(EXTENDS_KEY);
  if (ext !== undefined) {
    const message = 'scenario.extends: an inline scenario cannot extend a file; use `base: <file>` with `set:` overrides';
    throw new SweepError([{ ...ext.keyLoc, message }]);
  }
  return node;
}

function fromFile(baseFile: string, sets: readonly string[]): PointScenario {
  const loaded = loadScenario(baseFile, { set: sets });
  return { scenario: loaded.scenario, resolved: loaded.resolved };
}

function fromTree(inline: SrcMap, sets: readonly string[]): PointScenario {
  const root = structuredClone(inline);
  const problems = applyOverrides(root, sets);
  if (problems.length > 0) throw new SweepError(problems);
  const r = validateWithExpressions(scenarioSchema, toPlain(root), root);
  if (!r.ok) throw new SweepError(sortByPosition(r.diagnostics));
  return { scenario: r.data, resolved: JSON.parse(JSON.stringify(r.data)) as Record<string, unknown> };
}

/** Every counterfactual kind must have agents in the scenario (else its paired runs would all fail). */
function checkCounterfactuals(spec: SweepSpec, scenario: Scenario, tree: SrcMap): void {
  const kinds = [...new Set(scenario.agents.map((g) => g.kind))];
  const bad = spec.counterfactuals.flatMap((k, i): Diagnostic[] => {
    if (kinds.includes(k)) return [];
    const message = `counterfactuals[${i}]: the scenario has no agents of kind "${k}" (it has ${kinds.join(', ')})`;
    return [{ ...locate(tree, ['counterfactuals', i], 'value'), message }];
  });
  if (bad.length > 0) throw new SweepError(bad);
}

/** A diagnostic at a `--set <path>` origin, moved to that path's key in the sweep file and naming the value. */
function relocate(d: Diagnostic, values: readonly PointValue[], tree: SrcMap): Diagnostic {
  if (d.line !== 0 || !d.file.startsWith('--set ')) return d;
  const path = d.file.slice('--set '.length);
  const v = values.find((x) => x.path === path);
  if (v === undefined) return { ...keyLoc(tree, path), message: `set ${path}: ${d.message}` };
  const inVary = (tree.entries.get('vary')?.node as SrcMap | undefined)?.entries.has(path) === true;
  return { ...keyLoc(tree, path), message: `${inVary ? 'vary' : 'sample'} ${path} = ${JSON.stringify(v.value)}: ${d.message}` };
}

function sortByPosition(ds: readonly Diagnostic[]): Diagnostic[] {
  return [...ds].sort((a, b) => (a.file === b.file ? a.line - b.line || a.col - b.col : 0));
}
