// README examples work as written: every file a `cascade` example names exists in the repository (or is the output
// of an example before it), and the cheap examples run and exit 0 (validate, sweep --dry-run, replay).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The `cascade ...` lines of the README's sh blocks, comments removed. */
const commands = [...README.matchAll(/```sh\n([\s\S]*?)```/g)]
  .flatMap((m) => m[1]!.split('\n'))
  .map((l) => l.replace(/\s+#.*$/, '').trim())
  .filter((l) => l.startsWith('cascade '))
  .map((l) => l.split(/\s+/).slice(1));

/** `scenarios/*.yaml` expanded against the repository. */
function expand(arg: string): string[] {
  if (!arg.includes('*')) return [arg];
  const dir = dirname(arg);
  const re = new RegExp(`^${arg.slice(dir.length + 1).replace('.', '\\.').replace('*', '.*')}$`);
  return readdirSync(join(ROOT, dir)).filter((n) => re.test(n)).map((n) => `${dir}/${n}`);
}

describe('README examples', () => {
  it('has examples of every command', () => {
    const used = new Set(commands.map((c) => c[0]));
    for (const c of ['run', 'validate', 'schema', 'sweep', 'report', 'replay', 'attribute', 'policy-report']) expect(used.has(c), c).toBe(true);
  });

  it('every input file an example names exists, or an earlier example writes it', () => {
    const written = new Set<string>();
    const missing: string[] = [];
    for (const args of commands) {
      const out = args.indexOf('--out');
      for (const a of args.slice(1)) {
        if (!/^(scenarios|examples|results)\//.test(a) || a === args[out + 1]) continue;
        const ok = a.startsWith('results/') ? written.has(a) : expand(a).every((f) => existsSync(join(ROOT, f)));
        if (!ok) missing.push(`cascade ${args.join(' ')}: ${a}`);
      }
      if (out > 0) written.add(args[out + 1]!);
      if (args[0] === 'sweep' && !args.includes('--dry-run')) written.add(`results/sweeps/${args[1]!.split('/').pop()!.replace('.yaml', '')}`);
      if (args[0] === 'calibrate' && out < 0) written.add(`results/calibrations/${args[1]!.split('/').pop()!.replace('.yaml', '')}`);
    }
    expect(missing).toEqual([]);
  });

  it.each([
    [['validate', ...expand('scenarios/*.yaml')]],
    [['sweep', 'scenarios/sweeps/letf-aum.yaml', '--dry-run']],
    [['replay', 'examples/orders.csv']],
    [['replay', 'examples/orders.csv', '--rules', 'krx', '--close']],
  ])('cascade %j exits 0', (args) => {
    const r = runCli(args, ROOT);
    expect(r.code, r.stderr).toBe(0);
  });

  it('the sample order file trades under both rule sets', () => {
    const plain = runCli(['replay', 'examples/orders.csv'], ROOT);
    const krx = runCli(['replay', 'examples/orders.csv', '--rules', 'krx', '--close'], ROOT);
    expect(plain.stdout.trim().split('\n').length).toBeGreaterThan(3);
    expect(krx.stdout).toBe(plain.stdout);
  });
});
