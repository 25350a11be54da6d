// `extends: parent.yaml` (a path relative to the file): the file is laid over its parent, recursively. Maps merge
// key by key; lists and scalars from the child replace the parent's whole; a `null` in the child removes the key.
// Every node keeps the file and position it was written at, so errors point into the right file. A cycle or a
// missing parent, or one that is not a regular file within the size limit, is an error at the `extends` value. Reading and parsing files is the caller's (load.ts) job.
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { clip, type Diagnostic, type Loc, type SrcMap } from './locate.js';

/** What the loader returns for one file: its tree (a map at the top) or the diagnostics that stopped it. */
export type ReadResult = { ok: true; root: SrcMap } | { ok: false; diagnostics: Diagnostic[]; missing?: boolean };

/** Reads and parses one scenario file; `file` is as the user (or an `extends`) wrote it, relative to the cwd. */
export type ReadTree = (file: string) => ReadResult;

/** The key that names a parent file. */
export const EXTENDS_KEY = 'extends';

/**
 * The tree of `file` with its `extends` chain merged in (the `extends` keys removed).
 * @returns the merged tree, or the diagnostics of the first file that failed
 */
export function resolveExtends(file: string, read: ReadTree): ReadResult {
  return resolveChain(file, read, []);
}

function resolveChain(file: string, read: ReadTree, stack: readonly string[]): ReadResult {
  const own = read(file);
  if (!own.ok) return own;
  const entry = own.root.entries.get(EXTENDS_KEY);
  if (entry === undefined) return own;
  own.root.entries.delete(EXTENDS_KEY);
  const ext = entry.node;
  if (ext.kind !== 'scalar' || typeof ext.value !== 'string' || ext.value.trim() === '') {
    return fail(ext.loc, '`extends` must be the path of a scenario file (relative to this file)');
  }
  // A relative `extends` path is relative to this file; an absolute one stays as it is.
  const parentFile = isAbsolute(ext.value) ? ext.value : join(dirname(file), ext.value);
  const chain = [...stack, resolve(file)];
  if (chain.includes(resolve(parentFile))) {
    const names = [...chain, resolve(parentFile)].map((p) => p.split(/[\\/]/).pop()).join(' -> ');
    return fail(ext.loc, `circular extends: ${names}`);
  }
  const parent = resolveChain(parentFile, read, chain);
  if (!parent.ok) {
    if (parent.missing === true) return fail(ext.loc, `extends file "${clip(ext.value)}" not found (looked for ${clip(parentFile)})`);
    const [only] = parent.diagnostics;
    // A parent that could not be read at all (a FIFO, a device, too large): report it at this `extends`.
    if (parent.diagnostics.length === 1 && only!.line === 0 && only!.file === parentFile) {
      return fail(ext.loc, `extends file "${clip(ext.value)}": ${only!.message}`);
    }
    return parent;
  }
  return { ok: true, root: mergeMaps(parent.root, own.root) };
}

function fail(loc: Loc, message: string): ReadResult {
  return { ok: false, diagnostics: [{ ...loc, message }] };
}

/**
 * `child` laid over `parent`: keys of both in the parent's order, then the child's new keys. Two maps merge
 * recursively; otherwise the child's node (list or scalar) replaces the parent's; a child `null` removes the key.
 */
export function mergeMaps(parent: SrcMap, child: SrcMap): SrcMap {
  const entries = new Map(parent.entries);
  for (const [key, c] of child.entries) {
    const p = entries.get(key);
    if (c.node.kind === 'scalar' && c.node.value === null) entries.delete(key);
    else if (p !== undefined && p.node.kind === 'map' && c.node.kind === 'map') {
      entries.set(key, { keyLoc: c.keyLoc, node: mergeMaps(p.node, c.node) });
    } else entries.set(key, c);
  }
  return { kind: 'map', loc: child.loc, entries };
}
