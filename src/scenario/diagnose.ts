// Validation with expressions, and zod issues turned into located, readable diagnostics. A numeric field may hold
// a string: validate once, evaluate every string zod rejected as "expected number" as an expression over
// `params`, substitute, and validate again (a few rounds at most). Messages name the path, point unknown keys
// at the key with a did-you-mean, and say which expression produced a value that is then out of range.
import type { z } from 'zod';
import { evaluateExpression, ExpressionError } from './expressions.js';
import { formatPath, locate, type Diagnostic, type SrcNode } from './locate.js';
import { didYouMean, keysAt } from './suggest.js';

type Issue = z.core.$ZodIssue;
type Path = readonly PropertyKey[];

/** What issueDiagnostics needs to place and word an issue. */
export interface IssueContext {
  readonly schema: z.ZodType;
  /** The value that was validated (after expression substitution). */
  readonly value: unknown;
  readonly root: SrcNode;
  /** Paths (JSON of the path) whose value came from an expression: its text and result. */
  readonly evaluated: ReadonlyMap<string, { src: string; result: number }>;
}

export type Validation<T> = { ok: true; data: T } | { ok: false; diagnostics: Diagnostic[] };

/** Rounds of evaluate-and-revalidate; one is normally enough (later rounds only reach values behind unions). */
const MAX_ROUNDS = 3;

const keyOf = (path: Path): string => JSON.stringify(path);

/** Validate `value`, evaluating expression strings in numeric fields; diagnostics are located in `root`. */
export function validateWithExpressions<S extends z.ZodType>(schema: S, value: unknown, root: SrcNode): Validation<z.output<S>> {
  const scope = paramsScope(value);
  const evaluated = new Map<string, { src: string; result: number }>();
  const failed = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  let current = value;
  for (let round = 0; ; round++) {
    const r = schema.safeParse(current);
    const fresh = r.success ? [] : candidates(r.error.issues, current).filter((c) => !failed.has(c.key) && !evaluated.has(c.key));
    if (fresh.length === 0 || round === MAX_ROUNDS) {
      if (r.success && diagnostics.length === 0) return { ok: true, data: r.data };
      const ctx: IssueContext = { schema, value: current, root, evaluated };
      const issues = r.success ? [] : r.error.issues.filter((i) => !failed.has(keyOf(i.path)));
      return { ok: false, diagnostics: [...diagnostics, ...issues.flatMap((i) => issueDiagnostics(i, ctx))] };
    }
    if (current === value) current = structuredClone(value);
    for (const c of fresh) {
      try {
        const result = evaluateExpression(c.src, scope);
        setIn(current, c.path, result);
        evaluated.set(c.key, { src: c.src, result });
      } catch (e) {
        if (!(e instanceof ExpressionError)) throw e;
        failed.add(c.key);
        diagnostics.push({ ...locate(root, c.path, 'value'), message: `${formatPath(c.path)}: ${e.message}` });
      }
    }
  }
}

/** The numeric params, the names expressions may use. */
function paramsScope(value: unknown): Record<string, number> {
  const p = getIn(value, ['params']);
  if (p === null || typeof p !== 'object') return {};
  return Object.fromEntries(Object.entries(p).filter(([, v]) => typeof v === 'number' && Number.isFinite(v)));
}

interface Candidate {
  path: Path;
  key: string;
  src: string;
}

/** Strings where zod wanted a number (looking inside union branches too); never in `params` itself. */
function candidates(issues: readonly Issue[], value: unknown, prefix: Path = []): Candidate[] {
  return issues.flatMap((issue): Candidate[] => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union') return issue.errors.flatMap((branch) => candidates(branch, value, path));
    if (issue.code !== 'invalid_type' || (issue.expected !== 'number' && issue.expected !== 'int')) return [];
    const v = getIn(value, path);
    return typeof v === 'string' && path[0] !== 'params' ? [{ path, key: keyOf(path), src: v }] : [];
  });
}

/** One issue as diagnostics (several for unrecognized_keys: one per key). */
export function issueDiagnostics(issue: Issue, ctx: IssueContext): Diagnostic[] {
  const { root, value } = ctx;
  const path = issue.path;
  const at = (p: Path, target: 'value' | 'key', message: string): Diagnostic => ({ ...locate(root, p, target), message });
  const prefix = (p: Path): string => (p.length > 0 ? `${formatPath(p)}: ` : '');
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = keysAt(ctx.schema, path, value);
      return issue.keys.map((k) => at([...path, k], 'key', `${prefix([...path, k])}unknown key "${k}"${didYouMean(k, known)}`));
    }
    case 'invalid_key':
      return [at(path, 'key', `${prefix(path)}bad key "${String(path.at(-1))}": ${issue.issues[0]?.message ?? issue.message}`)];
    case 'custom': {
      const target = (issue.params as { at?: string } | undefined)?.at === 'key' ? 'key' : 'value';
      return [at(path, target, `${prefix(path)}${issue.message}${fromExpression(ctx, path)}`)];
    }
    default: {
      // A missing key is named in the message, so the prefix is its parent's path.
      const missing = path.length > 0 && getIn(value, path) === undefined;
      return [at(path, 'value', `${prefix(missing ? path.slice(0, -1) : path)}${messageOf(issue, ctx)}${fromExpression(ctx, path)}`)];
    }
  }
}

/** The text of an issue, reworded where zod's default is unhelpful. */
function messageOf(issue: Issue, ctx: IssueContext): string {
  const path = issue.path;
  const v = getIn(ctx.value, path);
  if (v === undefined && path.length > 0) {
    const options = issue.code === 'invalid_union' ? unionOptions(issue) : [];
    const oneOf = options.length > 0 ? ` (one of: ${options.join(', ')})` : '';
    return `missing required key "${String(path.at(-1))}"${oneOf}`;
  }
  if (issue.code === 'invalid_union' && (issue as { note?: string }).note === 'No matching discriminator') {
    const options = unionOptions(issue);
    const what = path[0] === 'agents' ? 'agent kind' : String(path.at(-1));
    return `unknown ${what} "${String(v)}"${didYouMean(String(v), options)}; valid kinds: ${options.join(', ')}`;
  }
  if (issue.code === 'invalid_value' && typeof v === 'string') {
    return `${issue.message}${didYouMean(v, issue.values.map(String))}`;
  }
  if (issue.code === 'invalid_type' && path[0] === 'params' && typeof v === 'string') {
    return 'a param must be a plain number (expressions may use params, but params cannot be expressions)';
  }
  return issue.message;
}

function unionOptions(issue: Issue): string[] {
  const options = (issue as { options?: unknown[] }).options;
  return Array.isArray(options) ? options.map(String) : [];
}

/** ` (from expression "src" = value)` when the value at `path` was computed. */
function fromExpression(ctx: IssueContext, path: Path): string {
  const e = ctx.evaluated.get(keyOf(path));
  return e === undefined ? '' : ` (from expression "${e.src}" = ${e.result})`;
}

function getIn(value: unknown, path: Path): unknown {
  let v = value;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[seg];
  }
  return v;
}

function setIn(value: unknown, path: Path, x: unknown): void {
  const parent = getIn(value, path.slice(0, -1)) as Record<PropertyKey, unknown>;
  parent[path.at(-1)!] = x;
}
