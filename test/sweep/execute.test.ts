// Materializing a plan: every point validated before anything runs (at most 20 distinct problems), swept paths
// that change nothing refused, and a plan hash that is stable and covers the base scenario's content.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSweep, parseSweep, SweepError } from '../../src/scenario/sweep-load.js';
import { materialize } from '../../src/sweep/execute.js';
import { makeTempDir, removeTempDir } from '../cli/run-cli.js';

const BASELINE = fileURLToPath(new URL('../../scenarios/baseline.yaml', import.meta.url));
const tmp = makeTempDir();
afterAll(() => removeTempDir(tmp));

function sweepIn(dir: string, body: string): string {
  const file = join(dir, 'sweep.yaml');
  writeFileSync(file, `name: t\nbase: base.yaml\n${body}`);
  return file;
}

function problems(text: string): string[] {
  try {
    materialize(parseSweep(`name: t\nbase: ${BASELINE}\n${text}`, join(tmp, 'x.yaml')));
  } catch (e) {
    if (e instanceof SweepError) return e.diagnostics.map((d) => `${d.line}:${d.col}: ${d.message}`);
    throw e;
  }
  throw new Error('expected a SweepError');
}

describe('materialize', () => {
  it('has a stable plan hash that changes with the base scenario but not with the sweep file alone', () => {
    copyFileSync(BASELINE, join(tmp, 'base.yaml'));
    const file = sweepIn(tmp, 'set:\n  calendar.days: 1\n  calendar.stressDay: 0\nvary:\n  agents.belief-trader.count: [2, 3]\n');
    const a = materialize(loadSweep(file));
    const b = materialize(loadSweep(file));
    expect(a.planSha256).toBe(b.planSha256);
    // baseline.yaml: a noise-trader group per instrument (0–2), then the belief traders (3–5): all three are set
    expect(a.scenarios.map((s) => s.agents.filter((g) => g.kind === 'belief-trader').map((g) => g.count))).toEqual([[2, 2, 2], [3, 3, 3]]);
    writeFileSync(file, `# a comment\n${readFileSync(file, 'utf8')}`);
    const commented = loadSweep(file);
    expect(materialize(commented).planSha256).toBe(a.planSha256);
    writeFileSync(join(tmp, 'base.yaml'), readFileSync(BASELINE, 'utf8').replace('baseLevel: 2600', 'baseLevel: 2700'));
    expect(materialize(loadSweep(file)).planSha256).not.toBe(a.planSha256);
  });

  it('refuses a swept path that changes nothing', () => {
    expect(problems('vary:\n  params.unused: [1, 2]\n')).toEqual([
      '4:3: params.unused: the values 1 and 2 give the same scenario, so this parameter changes nothing (no expression in the scenario uses it)',
    ]);
  });

  it('reports at most 20 distinct problems over all points', () => {
    const text = 'sample:\n  method: random\n  n: 40\n  ranges:\n    agents.noise-trader.ratePerMin: { min: -2, max: -1 }\n';
    const ps = problems(text);
    expect(ps.length).toBe(20);
    for (const p of ps) expect(p).toMatch(/^7:5: sample agents\.noise-trader\.ratePerMin = -[12](\.\d+)?: agents\[[0-2]\]\.params\.ratePerMin: Too small: expected number to be >0$/);
  });
});
