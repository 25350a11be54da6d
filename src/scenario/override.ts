// `--set path=value` overrides, applied to the merged scenario tree before validation. A path is dot-separated
// keys and list indices (`market.instruments.0.initialPrice`), or `agents.<kind>.<name>` for every group of that
// kind (count, endowment, params and kind address the group itself; any other name goes into its params).
// The value is read as a YAML scalar or flow value (`7`, `0.3`, `krx`, `"basePrice * 2"`, `[trades, bars]`);
// null removes the key, as in `extends`. A path that cannot be followed is a one-line error naming the flag.
import { parseDocument } from 'yaml';
import { clip, FORBIDDEN_KEYS, type Diagnostic, type Loc, type SrcMap, type SrcNode } from './locate.js';
import { didYouMean } from './suggest.js';

/** Keys of an agent group itself (any other name after `agents.<kind>.` is a param). */
const GROUP_KEYS = new Set(['kind', 'count', 'params', 'endowment']);

class OverrideError extends Error {}

/**
 * Apply `--set` overrides to `root` in order (later ones win).
 * @returns one diagnostic per override that could not be applied (the others are applied)
 */
export function applyOverrides(root: SrcMap, sets: readonly string[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const set of sets) {
    const eq = set.indexOf('=');
    const pathText = eq < 0 ? set : set.slice(0, eq);
    const loc: Loc = { file: `--set ${clip(pathText)}`, line: 0, col: 0 };
    try {
      if (eq < 0) throw new OverrideError('expected path=value (e.g. --set seed=7)');
      const segments = pathText.split('.');
      if (segments.some((s) => s.trim() === '')) throw new OverrideError('empty path segment');
      const bad = segments.find((s) => FORBIDDEN_KEYS.has(s));
      if (bad !== undefined) throw new OverrideError(`the key "${bad}" is not allowed in a path`);
      applyOne(root, segments, parseValue(set.slice(eq + 1), loc), loc);
    } catch (e) {
      if (!(e instanceof OverrideError)) throw e;
      out.push({ ...loc, message: e.message });
    }
  }
  return out;
}

/** A YAML scalar or flow value as a tree whose every node is located at the flag. */
function parseValue(text: string, loc: Loc): SrcNode {
  const doc = parseDocument(text, { prettyErrors: false });
  if (doc.errors.length > 0) throw new OverrideError(`bad value "${clip(text)}": ${clip(doc.errors[0]!.message.replace(/\s+/g, ' '))}`);
  return fromPlain(doc.toJS({ maxAliasCount: 0 }) as unknown, loc);
}

function fromPlain(v: unknown, loc: Loc): SrcNode {
  if (Array.isArray(v)) return { kind: 'seq', loc, items: v.map((x) => fromPlain(x, loc)) };
  if (v !== null && typeof v === 'object') {
    const bad = Object.keys(v).find((k) => FORBIDDEN_KEYS.has(k));
    if (bad !== undefined) throw new OverrideError(`the key "${bad}" is not allowed in a value`);
    const entries = new Map(Object.entries(v).map(([k, x]) => [k, { keyLoc: loc, node: fromPlain(x, loc) }]));
    return { kind: 'map', loc, entries };
  }
  return { kind: 'scalar', loc, value: v };
}

function applyOne(root: SrcMap, segs: readonly string[], value: SrcNode, loc: Loc): void {
  const agents = root.entries.get('agents')?.node;
  if (segs[0] === 'agents' && segs.length >= 3 && !isIndex(segs[1]!) && agents?.kind === 'seq') {
    const kind = segs[1]!;
    const groups = agents.items.filter((g): g is SrcMap => g.kind === 'map' && kindOf(g) === kind);
    if (groups.length === 0) {
      const kinds = agents.items.flatMap((g) => (g.kind === 'map' && kindOf(g) !== undefined ? [kindOf(g)!] : []));
      throw new OverrideError(`no agent group of kind "${kind}"${didYouMean(kind, kinds)}`);
    }
    const rest = segs.slice(2);
    const inGroup = GROUP_KEYS.has(rest[0]!) ? rest : ['params', ...rest];
    for (const g of groups) setAt(g, inGroup, value, loc);
    return;
  }
  setAt(root, segs, value, loc);
}

function kindOf(group: SrcMap): string | undefined {
  const k = group.entries.get('kind')?.node;
  return k?.kind === 'scalar' && typeof k.value === 'string' ? k.value : undefined;
}

function isIndex(seg: string): boolean {
  return /^\d+$/.test(seg);
}

/** Set `value` at `segs` below `node`, creating missing maps on the way. */
function setAt(node: SrcNode, segs: readonly string[], value: SrcNode, loc: Loc): void {
  let cur = node;
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i]!;
    const last = i === segs.length - 1;
    const where = segs.slice(0, i).join('.') || 'the scenario';
    if (cur.kind === 'map') {
      if (last) {
        if (value.kind === 'scalar' && value.value === null) cur.entries.delete(seg);
        else cur.entries.set(seg, { keyLoc: loc, node: value });
        return;
      }
      let e = cur.entries.get(seg);
      if (e === undefined || (e.node.kind === 'scalar' && e.node.value === null)) {
        e = { keyLoc: loc, node: { kind: 'map', loc, entries: new Map() } };
        cur.entries.set(seg, e);
      }
      cur = e.node;
    } else if (cur.kind === 'seq') {
      if (!isIndex(seg)) throw new OverrideError(`${where} is a list: expected an index, got "${seg}"`);
      const idx = Number(seg);
      if (idx >= cur.items.length) throw new OverrideError(`index ${idx} is out of range (${where} has ${cur.items.length} items)`);
      if (last) {
        cur.items[idx] = value;
        return;
      }
      cur = cur.items[idx]!;
    } else {
      throw new OverrideError(`${where} is a single value, not a map or list`);
    }
  }
}
