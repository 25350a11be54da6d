// Sandboxed arithmetic expressions over a scenario's `params` (TOOLCHAIN §4): mathjs/number, loaded lazily on the
// first evaluation (a synchronous require, ~0.5 s, so commands that never evaluate never pay it). The parse tree
// is checked against an allow-list before anything runs: numbers, params, a few constants, arithmetic/comparison/
// logic operators, `a ? b : c` and the functions in ALLOWED_FUNCTIONS. Assignments, function definitions, blocks,
// matrices, property access and the dangerous mathjs functions are refused; the result must be a finite number.
import { createRequire } from 'node:module';
import type { MathNode, MathJsInstance } from 'mathjs';
import { didYouMean } from './suggest.js';

/** A user's expression that cannot be evaluated; `message` says why and names the expression. */
export class ExpressionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExpressionError';
  }
}

/** Functions an expression may call (all take and return plain numbers in mathjs/number). */
export const ALLOWED_FUNCTIONS: readonly string[] = Object.freeze([
  'abs', 'ceil', 'floor', 'round', 'fix', 'sign', 'sqrt', 'cbrt', 'exp', 'expm1', 'log', 'log10', 'log2',
  'log1p', 'pow', 'min', 'max', 'mod', 'hypot', 'gcd', 'lcm', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan',
  'atan2', 'sinh', 'cosh', 'tanh',
]);

/** Named constants an expression may use besides the params. */
export const CONSTANTS: readonly string[] = Object.freeze(['pi', 'e', 'tau']);

/** mathjs functions that are switched off in the instance as well as refused by the tree check. */
const DISABLED = ['import', 'createUnit', 'reviver', 'evaluate', 'parse', 'simplify', 'derivative', 'resolve', 'compile'];

const OPERATORS = new Set([
  'add', 'subtract', 'multiply', 'divide', 'pow', 'mod', 'unaryMinus', 'unaryPlus', 'smaller', 'larger',
  'smallerEq', 'largerEq', 'equal', 'unequal', 'and', 'or', 'xor', 'not',
]);

/** Longest expression accepted (characters) and deepest nesting of brackets: longer or deeper ones are refused
 * before parsing (mathjs parses and compiles recursively; a 2,000-term expression overflowed the stack). */
export const MAX_EXPRESSION_CHARS = 500;
export const MAX_EXPRESSION_DEPTH = 32;

/** An expression as quoted in messages: at most 60 characters. */
function q(src: string): string {
  return src.length > 60 ? `${src.slice(0, 60)}...` : src;
}

/** Results within this relative distance of an integer are snapped to it (`70000 * 1.1` → 77000, not
 * 77000.00000000001): float noise from a few operations is ~1e-15 relative, far below this. */
const SNAP_RELATIVE = 1e-12;

let parseFn: ((src: string) => MathNode) | undefined;

/** The private parser of a sandboxed mathjs/number instance, created on first use. */
function sandboxParse(): (src: string) => MathNode {
  if (parseFn !== undefined) return parseFn;
  const require = createRequire(import.meta.url);
  const mathjs = require('mathjs/number') as typeof import('mathjs');
  const math: MathJsInstance = mathjs.create(mathjs.all!);
  const parse = math.parse; // keep a private reference before `parse` is disabled below
  const off = (name: string) => () => {
    throw new ExpressionError(`function ${name} is disabled in scenario expressions`);
  };
  math.import(Object.fromEntries(DISABLED.map((n) => [n, off(n)])), { override: true });
  parseFn = (src) => parse(src);
  return parseFn;
}

/** Refuse any node outside the allow-list; symbols must be params or constants. */
function checkTree(root: MathNode, src: string, params: readonly string[]): void {
  root.traverse((node, _path, parent) => {
    switch (node.type) {
      case 'ConstantNode':
        if (typeof (node as MathNode & { value: unknown }).value === 'string') {
          throw new ExpressionError(`expression "${q(src)}" contains quoted text; only numbers and params are allowed`);
        }
        return;
      case 'ParenthesisNode':
      case 'ConditionalNode':
        return;
      case 'OperatorNode': {
        const op = node as MathNode & { fn: string; op: string };
        if (!OPERATORS.has(op.fn)) throw new ExpressionError(`operator "${op.op}" is not allowed in expression "${q(src)}"`);
        return;
      }
      case 'FunctionNode':
        return checkFunction(node as MathNode & { fn: MathNode }, src);
      case 'SymbolNode': {
        if (parent?.type === 'FunctionNode' && (parent as MathNode & { fn: MathNode }).fn === node) return;
        return checkSymbol((node as MathNode & { name: string }).name, src, params);
      }
      case 'AssignmentNode':
      case 'FunctionAssignmentNode':
        throw new ExpressionError(`assignments are not allowed in expression "${q(src)}"`);
      case 'BlockNode':
        throw new ExpressionError(`expression "${q(src)}" must be a single expression (no ';' or newlines)`);
      default:
        throw new ExpressionError(`expression "${q(src)}" uses ${describeNode(node.type)}, which is not allowed`);
    }
  });
}

function checkFunction(node: MathNode & { fn: MathNode }, src: string): void {
  const name = node.fn.type === 'SymbolNode' ? (node.fn as MathNode & { name: string }).name : undefined;
  if (name === undefined) throw new ExpressionError(`expression "${q(src)}" calls something that is not a function name`);
  if (DISABLED.includes(name)) throw new ExpressionError(`function ${name}() is not allowed in scenario expressions`);
  if (!ALLOWED_FUNCTIONS.includes(name)) {
    throw new ExpressionError(
      `unknown function ${name}() in expression "${q(src)}"${didYouMean(name, ALLOWED_FUNCTIONS)}; allowed: ${ALLOWED_FUNCTIONS.join(', ')}`,
    );
  }
}

function checkSymbol(name: string, src: string, params: readonly string[]): void {
  if (params.includes(name) || CONSTANTS.includes(name)) return;
  const known = params.length ? `known params: ${params.join(', ')}` : 'no params are defined (add them under `params:`)';
  throw new ExpressionError(`unknown name "${name}" in expression "${q(src)}"${didYouMean(name, params)}; ${known}`);
}

function describeNode(type: string): string {
  const names: Record<string, string> = {
    AccessorNode: 'a property or index access',
    ArrayNode: 'a matrix or list',
    ObjectNode: 'an object',
    IndexNode: 'an index',
    RangeNode: 'a range',
    RelationalNode: 'a chained comparison',
  };
  return names[type] ?? `a ${type}`;
}

/** A checked, compiled expression: call it with the params to get a finite number. */
export type CompiledExpression = (scope: Readonly<Record<string, number>>) => number;

/**
 * Parse and check `src` against the names in `params` (the names only; values come at evaluation).
 * @throws ExpressionError for a syntax error or anything outside the allow-list
 */
export function compileExpression(src: string, params: readonly string[]): CompiledExpression {
  checkSize(src);
  let root: MathNode;
  try {
    root = sandboxParse()(src);
  } catch (e) {
    throw new ExpressionError(`bad expression "${q(src)}": ${oneLine(e)}`);
  }
  let code: ReturnType<MathNode['compile']>;
  try {
    checkTree(root, src, params);
    code = root.compile();
  } catch (e) {
    if (e instanceof RangeError) throw new ExpressionError(`expression "${q(src)}" is nested too deeply`);
    throw e;
  }
  return (scope) => {
    let v: unknown;
    try {
      v = code.evaluate(new Map(Object.entries(scope))); // a copy: the caller's params are never mutated
    } catch (e) {
      if (e instanceof ExpressionError) throw e;
      throw new ExpressionError(`expression "${q(src)}" failed: ${oneLine(e)}`);
    }
    if (typeof v !== 'number') throw new ExpressionError(`expression "${q(src)}" gives ${typeof v} ${String(v)}, not a number`);
    if (!Number.isFinite(v)) throw new ExpressionError(`expression "${q(src)}" gives ${v}, not a finite number`);
    return snap(v);
  };
}

/** Evaluate `src` with `params` as the only names (besides pi, e, tau). @throws ExpressionError */
export function evaluateExpression(src: string, params: Readonly<Record<string, number>>): number {
  return compileExpression(src, Object.keys(params))(params);
}

/** Refuse an expression longer than MAX_EXPRESSION_CHARS or nested deeper than MAX_EXPRESSION_DEPTH. */
function checkSize(src: string): void {
  if (src.length > MAX_EXPRESSION_CHARS) {
    throw new ExpressionError(`expression "${q(src)}" is ${src.length} characters long; the limit is ${MAX_EXPRESSION_CHARS}`);
  }
  let depth = 0;
  let deepest = 0;
  for (const ch of src) {
    if (ch === '(' || ch === '[' || ch === '{') deepest = Math.max(deepest, ++depth);
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
  }
  if (deepest > MAX_EXPRESSION_DEPTH) {
    throw new ExpressionError(`expression "${q(src)}" nests brackets ${deepest} deep; the limit is ${MAX_EXPRESSION_DEPTH}`);
  }
}

/** A diagnostic is one line: mathjs messages may hold newlines. */
function oneLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ').trim();
}

function snap(v: number): number {
  const r = Math.round(v);
  return r !== v && Math.abs(v - r) <= SNAP_RELATIVE * Math.abs(v) ? r : v;
}
