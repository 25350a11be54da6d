// Print the stylized facts of one or more run directories as a compact table (uses the built dist/), or with
// --json one JSON object {dir: facts} for scripts/calibration/calm-facts.py.
// Usage: node scripts/calibration/facts.mjs [--json] results/run-a [results/run-b ...]
import { loadRun } from '../../dist/src/results/run-data.js';
import { stylizedFacts } from '../../dist/src/results/stylized-facts.js';

const args = process.argv.slice(2);
const json = args[0] === '--json';
const out = {};
for (const dir of json ? args.slice(1) : args) {
  const rep = stylizedFacts(await loadRun(dir));
  if (json) {
    out[dir] = rep;
    continue;
  }
  console.log(`${dir}: ${rep.days.length} calm days`);
  for (const f of rep.facts) {
    const cells = f.results.map((r) => `${r.instrument}=${r.display}${r.pass === true ? '✓' : r.pass === false ? '✗' : ''}`);
    console.log(`  ${f.id.padEnd(4)} ${f.name.slice(0, 28).padEnd(28)} ${cells.join('  ')}`);
  }
}
if (json) process.stdout.write(`${JSON.stringify(out)}\n`);
