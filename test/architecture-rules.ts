// The import rules of DESIGN.md as a function over source texts, so the architecture test can run them on src/ and
// on fixtures that must fail. Sources are parsed with the TypeScript compiler (not regular expressions), so every
// way of reaching a module is seen: static imports and re-exports (runtime or `import type`), side-effect imports
// (`import './x.js'`), dynamic `import()` (a non-literal specifier, such as a template with substitutions, cannot
// be checked and is refused), `require()` and `createRequire`.
import { dirname, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/** One way a file reaches a module. `spec` is '' for a dynamic import whose specifier is not a literal. */
export interface ImportUse {
  readonly file: string;
  readonly spec: string;
  readonly kind: 'static' | 'type' | 'side-effect' | 'dynamic' | 'dynamic-nonliteral' | 'require' | 'create-require';
  readonly line: number;
}

/** layer -> layers it may import (itself always allowed); a `/` entry names one file. `cli` may import anything. */
export const ALLOWED: Record<string, readonly string[] | '*'> = {
  core: [],
  finance: [],
  io: [],
  market: ['core'],
  agents: ['core', 'finance', 'market/protocol'],
  scenario: ['core', 'agents/registry'],
  sim: ['core', 'market', 'agents', 'scenario'],
  sweep: ['sim', 'scenario', 'core', 'io'],
  results: ['sweep', 'core', 'io'],
  calibrate: ['core', 'scenario', 'sim', 'sweep', 'results', 'io'],
  replay: ['core', 'market'],
  bench: ['core', 'market'],
  cli: '*',
  workers: ['sim', 'calibrate'],
};

/** Edges DESIGN allows for types only (`import type`): a runtime import across them is a violation. */
export const TYPES_ONLY: Record<string, readonly string[]> = {
  sim: ['scenario'],
  results: ['sweep'],
};

/** npm packages each layer may import. Heavy ones are loaded lazily in cli/results only. */
export const PACKAGES: Record<string, readonly string[] | '*'> = {
  core: ['seedrandom'],
  finance: [],
  io: [],
  market: [],
  agents: ['zod'],
  scenario: ['yaml', 'zod', 'mathjs'],
  sim: [],
  sweep: ['piscina'],
  results: '*',
  calibrate: ['piscina'],
  replay: [],
  bench: [],
  cli: ['commander', 'cli-progress'],
  workers: [],
};

/** Files that may use createRequire, and why (its require() calls are still checked like imports). */
export const CREATE_REQUIRE_ALLOWED: Readonly<Record<string, string>> = {
  'src/scenario/expressions.ts': 'loads mathjs/number synchronously on first use, so commands without expressions never pay for it',
  'src/results/report-html.ts': 'require.resolve only: finds the browser builds of vega packages to inline in the report',
};

/** node: built-ins that reach outside the process; only orchestration layers may use them. */
const OUTSIDE_WORLD = ['fs', 'child_process', 'worker_threads', 'net', 'http', 'https'];
const ENGINE_LAYERS = ['core', 'finance', 'market', 'agents', 'sim'];

/** Every import-like use in `text` (the file at `file`). */
export function scanSource(file: string, text: string): ImportUse[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const out: ImportUse[] = [];
  const add = (spec: string, kind: ImportUse['kind'], node: ts.Node): void => {
    out.push({ file, spec, kind, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1 });
  };
  const literal = (n: ts.Node | undefined): string | undefined =>
    n !== undefined && (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) ? n.text : undefined;
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const spec = literal(node.moduleSpecifier)!;
      const c = node.importClause;
      if (c === undefined) add(spec, 'side-effect', node);
      else {
        const named = c.namedBindings !== undefined && ts.isNamedImports(c.namedBindings) ? c.namedBindings.elements : undefined;
        const typeOnly = c.isTypeOnly || (c.name === undefined && named !== undefined && named.length > 0 && named.every((e) => e.isTypeOnly));
        add(spec, typeOnly ? 'type' : 'static', node);
      }
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier !== undefined) {
      const named = node.exportClause !== undefined && ts.isNamedExports(node.exportClause) ? node.exportClause.elements : undefined;
      const typeOnly = node.isTypeOnly || (named !== undefined && named.length > 0 && named.every((e) => e.isTypeOnly));
      add(literal(node.moduleSpecifier)!, typeOnly ? 'type' : 'static', node);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(literal(node.moduleReference.expression) ?? '', 'require', node);
    } else if (ts.isCallExpression(node)) {
      if (node.expression.kind === ts.SyntaxKind.ImportKeyword) {
        const spec = literal(node.arguments[0]);
        add(spec ?? '', spec === undefined ? 'dynamic-nonliteral' : 'dynamic', node);
      } else if (ts.isIdentifier(node.expression) && node.expression.text === 'require') {
        add(literal(node.arguments[0]) ?? '', 'require', node);
      }
    } else if (ts.isIdentifier(node) && node.text === 'createRequire' && !ts.isImportSpecifier(node.parent)) {
      add('node:module', 'create-require', node);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** Layer of a file: the first directory under src/, or 'workers'. */
export function layerOf(root: string, abs: string): string {
  const rel = relative(root, abs).split(sep);
  return rel[0] === 'src' ? rel[1]! : rel[0]!;
}

function targetName(root: string, abs: string): string {
  return relative(resolve(root, 'src'), abs).replace(/\.(js|ts)$/, '').split(sep).join('/');
}

function matches(rule: string, layer: string, name: string): boolean {
  return rule === layer || name === rule || name.startsWith(`${rule}/`);
}

/** Whether `from` may import the module at `targetAbs` at all, and whether only its types. */
export function edge(root: string, from: string, targetAbs: string): 'runtime' | 'types' | 'forbidden' {
  const to = layerOf(root, targetAbs);
  if (to === from) return 'runtime';
  const rules = ALLOWED[from];
  const name = targetName(root, targetAbs);
  if (rules === undefined || (rules !== '*' && !rules.some((r) => matches(r, to, name)))) return 'forbidden';
  return (TYPES_ONLY[from] ?? []).some((r) => matches(r, to, name)) ? 'types' : 'runtime';
}

const packageName = (spec: string): string => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);

/** Every rule broken by the given files (paths absolute, under `root`), one readable line each. */
export function violations(root: string, files: ReadonlyArray<{ file: string; text: string }>): string[] {
  const bad: string[] = [];
  for (const { file, text } of files) {
    const rel = relative(root, file).split(sep).join('/');
    const from = layerOf(root, file);
    for (const u of scanSource(file, text)) {
      const where = `${rel}:${u.line}`;
      if (u.kind === 'side-effect') {
        bad.push(`${where}: side-effect import '${u.spec}' (import names, so the dependency is visible and tree-shakable)`);
        continue;
      }
      if (u.kind === 'dynamic-nonliteral') {
        bad.push(`${where}: dynamic import with a computed specifier (cannot be checked; use a string literal)`);
        continue;
      }
      if (u.kind === 'create-require') {
        if (CREATE_REQUIRE_ALLOWED[rel] === undefined) bad.push(`${where}: createRequire (CommonJS loading bypasses the import rules)`);
        continue;
      }
      const runtime = u.kind !== 'type';
      if (u.spec.startsWith('.')) {
        const target = resolve(dirname(file), u.spec);
        if (!target.startsWith(resolve(root, 'src') + sep)) {
          if (from !== 'workers' && from !== 'cli') bad.push(`${where}: imports ${u.spec} outside src/`);
          continue;
        }
        const e = edge(root, from, target);
        if (e === 'forbidden') bad.push(`${where}: ${from} may not import ${u.spec}`);
        else if (e === 'types' && runtime) {
          bad.push(`${where}: ${from} may import only types from ${u.spec} (use \`import type\`)`);
        }
      } else if (u.spec.startsWith('node:')) {
        const mod = u.spec.slice(5).split('/')[0]!;
        if (ENGINE_LAYERS.includes(from) && OUTSIDE_WORLD.includes(mod) && runtime) bad.push(`${where}: the engine layer ${from} imports ${u.spec}`);
      } else if (u.spec !== '' && runtime) {
        const pkgs = PACKAGES[from];
        if (pkgs !== '*' && !(pkgs ?? []).includes(packageName(u.spec))) bad.push(`${where}: ${from} may not import the package ${u.spec}`);
      }
    }
  }
  return bad;
}
