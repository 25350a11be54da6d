// Golden tests (DESIGN "Tests"): tiny scenarios whose summary.json is checked in. A change that moves any headline
// number fails here and must be explained; regenerate with `UPDATE_GOLDEN=1 npx vitest run test/golden` and
// review the diff. The summary is compared as written to summary.json (NaN as null).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load.js';
import { runScenario } from '../../src/sim/run.js';

const UPDATE = process.env['UPDATE_GOLDEN'] === '1';
const CASES = ['tiny-krx', 'tiny-plain'];

describe('golden summaries', () => {
  it.each(CASES)('%s', (name) => {
    const yaml = new URL(`./${name}.yaml`, import.meta.url);
    const golden = new URL(`./${name}.summary.json`, import.meta.url);
    const { scenario } = loadScenario(yaml.pathname);
    const { summary } = runScenario({ scenario, seed: scenario.seed });
    const text = `${JSON.stringify(summary, null, 2)}\n`;
    if (UPDATE || !existsSync(golden)) {
      writeFileSync(golden, text);
      if (!UPDATE) throw new Error(`${name}.summary.json was missing and has been written; review it and run again`);
    }
    expect(JSON.parse(text)).toEqual(JSON.parse(readFileSync(golden, 'utf8')));
  });
});
