// `cascade validate` and `cascade schema` through the built CLI: ok lines on stdout, diagnostics on stderr, exit
// codes, --set, help with an example. (The catalog test covers each malformed file.)
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const rel = (name: string): string => relative(ROOT, fileURLToPath(new URL(name, import.meta.url)));
const MINIMAL = rel('./good/minimal.yaml');
const FULL = rel('./good/full.yaml');
const BAD = rel('./bad/huge-count.yaml');

describe('cascade validate', () => {
  it('prints `file: ok` for each good file and exits 0', () => {
    const r = runCli(['validate', MINIMAL, FULL], ROOT);
    expect(r).toEqual({ code: 0, stdout: `${MINIMAL}: ok\n${FULL}: ok\n`, stderr: '' });
  });

  it('exits 2 if any file is bad, still reporting the good ones', () => {
    const r = runCli(['validate', MINIMAL, BAD], ROOT);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe(`${MINIMAL}: ok\n`);
    expect(r.stderr).toBe(`${BAD}:7:12: agents[0].count: Too big: expected number to be <=100000\n`);
  });

  it('applies --set to every file', () => {
    const r = runCli(['validate', MINIMAL, '--set', 'seed=-1', '--set', 'agents.noise-trader.count=3'], ROOT);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('--set seed: seed: Too small: expected number to be >=0\n');
    const fix = runCli(['validate', BAD, '--set', 'agents.0.count=100'], ROOT);
    expect(fix).toEqual({ code: 0, stdout: `${BAD}: ok\n`, stderr: '' });
  });

  it('a bad --set path is one line', () => {
    const r = runCli(['validate', MINIMAL, '--set', 'agents.foo.x=1'], ROOT);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('--set agents.foo.x: no agent group of kind "foo"\n');
  });

  it('a missing file is one line, exit 2', () => {
    const r = runCli(['validate', 'nope.yaml'], ROOT);
    expect(r).toEqual({ code: 2, stdout: '', stderr: 'nope.yaml: cannot read the scenario file (no such file)\n' });
  });

  it('without files it is a usage error', () => {
    const r = runCli(['validate'], ROOT);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error: missing required argument 'files'");
  });

  it('--help explains --set and shows an example', () => {
    const r = runCli(['validate', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: cascade validate \[options\] <files\.\.\.>/);
    expect(r.stdout).toContain('--set <path=value>');
    expect(r.stdout).toContain('Examples:\n  cascade validate scenarios/baseline.yaml');
  });

  it('the top-level help lists validate and schema', () => {
    const r = runCli(['--help']);
    expect(r.stdout).toMatch(/^\s+validate \[options\] <files\.\.\.>/m);
    expect(r.stdout).toMatch(/^\s+schema\b/m);
  });
});

describe('cascade schema', () => {
  it('prints pretty JSON with a trailing newline', () => {
    const r = runCli(['schema']);
    expect(r.code).toBe(0);
    expect(r.stdout.endsWith('}\n')).toBe(true);
    expect(JSON.parse(r.stdout)).toHaveProperty('$schema', 'http://json-schema.org/draft-07/schema#');
    expect(r.stdout.split('\n')[1]).toBe('  "$schema": "http://json-schema.org/draft-07/schema#",');
  });

  it('--help shows how to use it from an editor', () => {
    const r = runCli(['schema', '--help']);
    expect(r.stdout).toContain('cascade schema > scenarios/scenario.schema.json');
  });
});
