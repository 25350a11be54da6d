// Print the stylized facts of one or more run directories as a compact table (uses the built dist/).
// Usage: node scripts/calibration/facts.mjs results/run-a [results/run-b ...]
import { loadRun } from '../../dist/src/results/run-data.js';
import { stylizedFacts } from '../../dist/src/results/stylized-facts.js';

for (const dir of process.argv.slice(2)) {
  const run = await loadRun(dir);
  const rep = stylizedFacts(run);
  console.log(`${dir}: ${rep.days.length} calm days`);
  for (const f of rep.facts) {
    const cells = f.results.map((r) => `${r.instrument}=${r.display}${r.pass === true ? '✓' : r.pass === false ? '✗' : ''}`);
    console.log(`  ${f.id.padEnd(4)} ${f.name.slice(0, 28).padEnd(28)} ${cells.join('  ')}`);
  }
}
