// A scenario document as a tree that remembers where each key and value was written (file, line, col), so a
// value merged in from a parent file or set with --set is reported where it came from. `locate` maps a zod issue
// path onto that tree: at the value for wrong values, at the key for unknown keys, and at the nearest existing
// parent key for a missing one. Positions are 1-based; line 0 means "not in a file" (a --set flag).
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node as YamlNode } from 'yaml';

/** Where something was written. `line` 0: not in a file (`file` then names the origin, e.g. `--set seed`). */
export interface Loc {
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

/** One problem with a scenario, reported as `file:line:col: message`. */
export interface Diagnostic extends Loc {
  readonly message: string;
}

export type SrcNode = SrcMap | SrcSeq | SrcScalar;
export interface SrcEntry {
  keyLoc: Loc;
  node: SrcNode;
}
export interface SrcMap {
  kind: 'map';
  loc: Loc;
  entries: Map<string, SrcEntry>;
}
export interface SrcSeq {
  kind: 'seq';
  loc: Loc;
  items: SrcNode[];
}
export interface SrcScalar {
  kind: 'scalar';
  loc: Loc;
  value: unknown;
}

/** Longest message of one diagnostic line; longer ones (a long list of names, say) are cut with "...". */
export const MAX_MESSAGE_CHARS = 300;

/** `text` cut to `max` characters with "..." (for quoting user input in messages). */
export function clip(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max)}...` : text;
}

/** `file:line:col: message`, or `origin: message` for a diagnostic not in a file; one line, the message clipped. */
export function formatDiagnostic(d: Diagnostic): string {
  const message = clip(d.message.replace(/\s*\n\s*/g, ' '), MAX_MESSAGE_CHARS);
  return d.line > 0 ? `${clip(d.file, 200)}:${d.line}:${d.col}: ${message}` : `${clip(d.file, 120)}: ${message}`;
}

/** Problems with an input file, each located; the message is every diagnostic, one per line. */
export class DiagnosticsError extends Error {
  readonly diagnostics: readonly Diagnostic[];
  constructor(diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.diagnostics = diagnostics;
  }
}

/** Keys refused anywhere in a scenario (and in --set paths): they would reach an object's prototype. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Aliases expanded per document at most; guards against "billion laughs" alias bombs. */
const MAX_ALIAS_EXPANSIONS = 1_000;

/** Convert a parsed YAML document (without errors) into a located tree; keys must be plain scalars. */
export function yamlToTree(doc: Document, file: string, lc: LineCounter): { node: SrcNode; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const loc = (offset: number): Loc => ({ file, ...lc.linePos(offset) });
  let expansions = 0;
  const convert = (n: YamlNode | null | undefined, fallback: Loc): SrcNode => {
    if (isAlias(n)) {
      if (++expansions > MAX_ALIAS_EXPANSIONS) {
        if (expansions === MAX_ALIAS_EXPANSIONS + 1) diagnostics.push({ ...fallback, message: `more than ${MAX_ALIAS_EXPANSIONS} alias expansions` });
        return { kind: 'scalar', loc: fallback, value: null };
      }
      const target = n.resolve(doc);
      const aliasLoc = n.range ? loc(n.range[0]) : fallback;
      if (target === undefined) {
        diagnostics.push({ ...aliasLoc, message: `unknown alias *${n.source} (no anchor &${n.source} before it)` });
        return { kind: 'scalar', loc: aliasLoc, value: null };
      }
      return convert(target, aliasLoc);
    }
    const at = n?.range ? loc(n.range[0]) : fallback;
    if (isMap(n)) {
      const entries = new Map<string, SrcEntry>();
      for (const pair of n.items) {
        const keyRange = (pair.key as YamlNode | null)?.range;
        const keyLoc = keyRange ? loc(keyRange[0]) : at;
        if (!isScalar(pair.key) || pair.key.value === null || typeof pair.key.value === 'object') {
          diagnostics.push({ ...keyLoc, message: 'a key must be a plain word or number' });
          continue;
        }
        const key = String(pair.key.value);
        if (FORBIDDEN_KEYS.has(key)) {
          diagnostics.push({ ...keyLoc, message: `the key "${key}" is not allowed (it could change an object's prototype)` });
          continue;
        }
        if (entries.has(key)) {
          // A Map lookup per key: linear in the keys (yaml's uniqueKeys check compares every pair).
          diagnostics.push({ ...keyLoc, message: `duplicate key "${clip(key)}" (keys must be unique)` });
          continue;
        }
        entries.set(key, { keyLoc, node: convert(pair.value as YamlNode | null, keyLoc) });
      }
      return { kind: 'map', loc: at, entries };
    }
    if (isSeq(n)) return { kind: 'seq', loc: at, items: n.items.map((it) => convert(it as YamlNode | null, at)) };
    return { kind: 'scalar', loc: at, value: isScalar(n) ? n.value : null };
  };
  return { node: convert(doc.contents, { file, line: 1, col: 1 }), diagnostics };
}

/** The plain JSON-like value of a tree (maps become objects with keys in written order). */
export function toPlain(node: SrcNode): unknown {
  switch (node.kind) {
    case 'scalar':
      return node.value;
    case 'seq':
      return node.items.map(toPlain);
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const [k, e] of node.entries) out[k] = toPlain(e.node);
      return out;
    }
  }
}

/** Where a path leads in a tree: the node (if it exists) and the key it hangs from (if a map key). */
interface Walk {
  node: SrcNode | undefined;
  keyLoc: Loc | undefined;
  /** The deepest existing node and its key, when the path leaves the tree. */
  parent: SrcNode;
  parentKeyLoc: Loc | undefined;
}

function walk(root: SrcNode, path: readonly PropertyKey[]): Walk {
  let node: SrcNode = root;
  let keyLoc: Loc | undefined;
  for (const seg of path) {
    let next: SrcNode | undefined;
    let nextKey: Loc | undefined;
    if (node.kind === 'map') {
      const e = node.entries.get(String(seg));
      next = e?.node;
      nextKey = e?.keyLoc;
    } else if (node.kind === 'seq' && typeof seg === 'number') {
      next = node.items[seg];
    }
    if (next === undefined) return { node: undefined, keyLoc: undefined, parent: node, parentKeyLoc: keyLoc };
    node = next;
    keyLoc = nextKey;
  }
  return { node, keyLoc, parent: node, parentKeyLoc: keyLoc };
}

/**
 * The position to report an issue at `path`. `target` 'value': a scalar's own position, or a collection's key
 * (block maps and lists start on the next line, so the key reads better); 'key': the key itself. A missing
 * path reports at its deepest existing ancestor's key (or at the ancestor, for a list item or the root).
 */
export function locate(root: SrcNode, path: readonly PropertyKey[], target: 'value' | 'key'): Loc {
  const w = walk(root, path);
  if (w.node === undefined) return w.parentKeyLoc ?? w.parent.loc;
  if (target === 'key' || w.node.kind !== 'scalar') return w.keyLoc ?? w.node.loc;
  return w.node.loc;
}

/** A path as people write it: `market.instruments[0].symbol`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : `${out ? '.' : ''}${String(seg)}`;
  return out;
}
