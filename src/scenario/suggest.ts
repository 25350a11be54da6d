// "Did you mean" suggestions for misspelt keys, kinds, symbols and options. A candidate qualifies when its
// Levenshtein distance to the typed word (case-insensitive) is at most 2, or when one is a prefix of the other
// (3+ characters); the closest wins, ties go to the earlier candidate, so the result is deterministic.
// `keysAt` finds the keys a zod schema accepts at a path, the candidates for an unknown key.

/** Edit distance (insert, delete, substitute; each costs 1). O(|a|·|b|) time, O(|b|) memory. */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const sub = prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      cur.push(Math.min(sub, prev[j]! + 1, cur[j - 1]! + 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

const MAX_DISTANCE = 2;
const MIN_PREFIX = 3;

/** The closest candidate to `word`, or undefined when none is close enough (or `word` is itself a candidate). */
export function suggest(word: string, candidates: Iterable<string>): string | undefined {
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    if (c === word) return undefined;
    const lc = c.toLowerCase();
    const d = levenshtein(w, lc);
    const prefix = w.length >= MIN_PREFIX && (lc.startsWith(w) || w.startsWith(lc));
    // A prefix match ranks just behind an edit of distance 2, so a real typo fix wins over a truncation.
    const score = d <= MAX_DISTANCE ? d : prefix ? MAX_DISTANCE + 0.5 : Infinity;
    if (score < bestScore) {
      best = c;
      bestScore = score;
    }
  }
  return best;
}

/** ` (did you mean "x"?)` when a close candidate exists, else ''. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const s = suggest(word, candidates);
  return s === undefined ? '' : ` (did you mean "${s}"?)`;
}

/** The parts of a zod schema definition that `keysAt` follows (zod 4's `_zod.def`). */
interface Def {
  type: string;
  shape?: Record<string, Schema>;
  element?: Schema;
  valueType?: Schema;
  innerType?: Schema;
  in?: Schema;
  getter?: () => Schema;
  options?: readonly Schema[];
  discriminator?: string;
  items?: readonly Schema[];
}
interface Schema {
  _zod: { def: Def };
}

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);

/** Strip wrappers; pick the union option matching `value` (by discriminator, else the first object option). */
function unwrap(s: Schema, value: unknown): Schema[] {
  const d = s._zod.def;
  if (WRAPPERS.has(d.type)) return unwrap(d.innerType!, value);
  if (d.type === 'pipe') return unwrap(d.in!, value);
  if (d.type === 'lazy') return unwrap(d.getter!(), value);
  if (d.type !== 'union') return [s];
  const opts = d.options ?? [];
  if (d.discriminator !== undefined && value !== null && typeof value === 'object') {
    const tag = (value as Record<string, unknown>)[d.discriminator];
    const match = opts.filter((o) => unwrap(o, value).some((u) => literalOf(u, d.discriminator!) === tag));
    if (match.length > 0) return match.flatMap((o) => unwrap(o, value));
  }
  return opts.flatMap((o) => unwrap(o, value));
}

function literalOf(s: Schema, key: string): unknown {
  const field = s._zod.def.shape?.[key] as (Schema & { _zod: { def: { values?: unknown[] } } }) | undefined;
  return field?._zod.def.values?.[0];
}

/** The child schemas of `s` at one path segment. */
function child(s: Schema, seg: PropertyKey): Schema | undefined {
  const d = s._zod.def;
  if (d.type === 'object') return d.shape?.[String(seg)];
  if (d.type === 'array') return d.element;
  if (d.type === 'record') return d.valueType;
  if (d.type === 'tuple' && typeof seg === 'number') return d.items?.[seg];
  return undefined;
}

/**
 * The keys an object schema accepts at `path` (following `value` to pick union options), or [] if the path does
 * not lead to an object. Used to suggest a key for an unknown one.
 */
export function keysAt(schema: unknown, path: readonly PropertyKey[], value: unknown): string[] {
  let level: Schema[] = unwrap(schema as Schema, value);
  let v = value;
  for (const seg of path) {
    v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[seg] : undefined;
    level = level.flatMap((s) => {
      const c = child(s, seg);
      return c === undefined ? [] : unwrap(c, v);
    });
  }
  const keys = level.flatMap((s) => Object.keys(s._zod.def.type === 'object' ? (s._zod.def.shape ?? {}) : {}));
  return [...new Set(keys)];
}
