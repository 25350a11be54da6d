// Load a scenario file: read and parse the YAML (the only place that reads scenario files), merge its `extends`
// chain, apply `--set` overrides, evaluate expression strings in numeric fields, and validate against the schema.
// Every problem becomes a diagnostic `file:line:col: message` at the value (or key) that caused it; all of a
// file's diagnostics are collected and thrown together as one ScenarioError. The result is frozen plain data.
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { LineCounter, parseDocument, type YAMLError } from 'yaml';
import { resolveExtends, type ReadResult } from './extends.js';
import { clip, DiagnosticsError, formatDiagnostic, toPlain, yamlToTree, type Diagnostic } from './locate.js';
import { applyOverrides } from './override.js';
import { scenarioSchema, type Scenario } from './schema.js';
import { validateWithExpressions } from './diagnose.js';

export { formatDiagnostic, type Diagnostic } from './locate.js';

/** A scenario that could not be loaded; `diagnostics` holds every problem found, in file and line order. */
export class ScenarioError extends DiagnosticsError {
  override readonly name: string = 'ScenarioError';
}

export interface LoadOptions {
  /** `path=value` overrides, applied in order after `extends` and before validation. */
  readonly set?: readonly string[];
}

/** A validated scenario and where it came from. */
export interface LoadedScenario {
  /** The validated scenario, every default filled in, deeply frozen. */
  readonly scenario: Scenario;
  /** The path as given. */
  readonly file: string;
  /** SHA-256 (hex) of the file's own text (not of its `extends` parents; `resolved` covers the content). */
  readonly sha256: string;
  /** The validated scenario as a plain JSON object (a copy), for run manifests. */
  readonly resolved: Record<string, unknown>;
}

/** Read, merge, override, evaluate and validate the scenario at `path`. @throws ScenarioError */
export function loadScenario(path: string, opts: LoadOptions = {}): LoadedScenario {
  const own = readText(path);
  if (typeof own !== 'string') throw new ScenarioError(own.diagnostics);
  return parseScenario(own, path, opts);
}

/**
 * As loadScenario, for text already in memory; `file` names it in diagnostics and anchors relative `extends`.
 * @throws ScenarioError
 */
export function parseScenario(text: string, file: string, opts: LoadOptions = {}): LoadedScenario {
  const merged = resolveExtends(file, (f) => (f === file ? parseTree(text, f) : readTree(f)));
  if (!merged.ok) throw new ScenarioError(sortDiagnostics(merged.diagnostics, file));
  const overrideProblems = applyOverrides(merged.root, opts.set ?? []);
  if (overrideProblems.length > 0) throw new ScenarioError(overrideProblems);
  const result = validateWithExpressions(scenarioSchema, toPlain(merged.root), merged.root);
  if (!result.ok) throw new ScenarioError(sortDiagnostics(result.diagnostics, file));
  const resolved = JSON.parse(JSON.stringify(result.data)) as Record<string, unknown>;
  return {
    scenario: deepFreeze(result.data),
    file,
    sha256: createHash('sha256').update(text).digest('hex'),
    resolved,
  };
}

/** Largest scenario file (and each `extends` parent) read, in bytes; a larger one is refused before reading. */
export const MAX_SCENARIO_BYTES = 1 << 20;

/**
 * A scenario file's text. Only regular files within MAX_SCENARIO_BYTES are read: a FIFO (which would block), a
 * device such as /dev/zero (which never ends) or a huge file is refused from its stat, before any read.
 */
export function readText(file: string, what = 'scenario'): string | { diagnostics: Diagnostic[]; missing: boolean } {
  const refuse = (why: string, missing = false) => ({ diagnostics: [{ file, line: 0, col: 0, message: `cannot read the ${what} file (${why})` }], missing });
  let fd: number | undefined;
  try {
    const st = statSync(file);
    if (st.isDirectory()) return refuse('it is a directory');
    if (!st.isFile()) return refuse('not a regular file');
    if (st.size > MAX_SCENARIO_BYTES) return refuse(`${st.size} bytes; the limit is ${MAX_SCENARIO_BYTES} bytes`);
    fd = openSync(file, 'r');
    if (!fstatSync(fd).isFile()) return refuse('not a regular file');
    const buf = Buffer.alloc(MAX_SCENARIO_BYTES + 1);
    let n = 0;
    for (let r = 1; r > 0 && n < buf.length; n += r) r = readSync(fd, buf, n, buf.length - n, null);
    if (n > MAX_SCENARIO_BYTES) return refuse(`more than ${MAX_SCENARIO_BYTES} bytes`);
    return buf.toString('utf8', 0, n);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return refuse(code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (code ?? String(e)), code === 'ENOENT');
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function readTree(file: string): ReadResult {
  const text = readText(file);
  if (typeof text !== 'string') return { ok: false, ...text };
  return parseTree(text, file);
}

/** Parse one file's YAML into a located tree; syntax errors are reported at their position. */
function parseTree(text: string, file: string): ReadResult {
  const lc = new LineCounter();
  // Duplicate keys are found by yamlToTree in linear time (yaml's own uniqueKeys check is quadratic in the keys).
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: false, prettyErrors: false });
  if (doc.errors.length > 0) {
    const diagnostics = doc.errors.map((e) => ({ file, ...lc.linePos(e.pos[0]), message: yamlMessage(e) }));
    return { ok: false, diagnostics };
  }
  const { node, diagnostics } = yamlToTree(doc, file, lc);
  if (diagnostics.length > 0) return { ok: false, diagnostics };
  if (node.kind === 'map') return { ok: true, root: node };
  const empty = node.kind === 'scalar' && node.value === null;
  const message = empty
    ? 'the scenario file is empty (a scenario needs at least name, market and agents)'
    : 'a scenario file must be a map of keys (name:, market:, agents:, ...)';
  return { ok: false, diagnostics: [{ ...node.loc, message }] };
}

/** yaml's message without any position suffix (the diagnostic carries the position), reworded where it helps. */
export function yamlMessage(e: YAMLError, what = 'scenario'): string {
  if (e.code === 'MULTIPLE_DOCS') return `a ${what} file holds one YAML document (remove the \`---\` separator)`;
  return `YAML syntax error: ${clip(e.message.replace(/ at line \d+[\s\S]*/, '').replace(/\s+/g, ' ').trim())}`;
}

/** The named file first, then other files in order of first appearance; by line and column within a file. */
function sortDiagnostics(ds: readonly Diagnostic[], file: string): Diagnostic[] {
  const order = new Map<string, number>([[file, 0]]);
  for (const d of ds) if (!order.has(d.file)) order.set(d.file, order.size);
  const seen = new Set<string>();
  return [...ds]
    .sort((a, b) => order.get(a.file)! - order.get(b.file)! || a.line - b.line || a.col - b.col)
    .filter((d) => {
      const k = formatDiagnostic(d);
      return seen.has(k) ? false : (seen.add(k), true);
    });
}

function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}
