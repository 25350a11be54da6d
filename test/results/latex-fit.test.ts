// The report's LaTeX tables compiled with pdflatex in a 6.5 in text block (what a paper gives a table): they compile
// with booktabs, siunitx and tabularx, and no table overflows by more than 1 pt (no "Overfull \hbox" over 1 pt in
// the log). Covers the run tables (instruments, market, stylized facts), the sweep tables (points, effects), the
// attribution, interaction and policy tables, and a wide table of long text. Skipped, with the reason, without pdflatex or siunitx (.ci/run installs
// texlive-latex-recommended and texlive-science).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { latexTestDocument, tableToLatex } from '../../src/results/latex.js';
import { checkTable } from '../../src/results/report-table.js';
import { effectsTable, factsTable, runInstrumentTable, runMarketTable, sweepPointsTable } from '../../src/results/report-tables.js';
import { stylizedFacts } from '../../src/results/stylized-facts.js';
import { headlineMetrics, sweepView } from '../../src/results/sweep-stats.js';
import { syntheticRun, syntheticSweep } from './fixtures.js';
import { attributionGames, attributionTable, interactionsTable } from '../../src/results/attribution-tables.js';
import { attributionReportTable, interactionsReportTable } from '../../src/results/report-attribution.js';
import { policyTable } from '../../src/results/policy-report.js';
import { buildAttributionPlan } from '../../src/sweep/attribution-plan.js';
import type { RunRecord } from '../../src/sweep/store.js';

/** The attribution and interaction tables of 4 kinds over 3 seeds of made-up runs (two metrics, one in money). */
function attributionTables(): ReturnType<typeof checkTable>[] {
  const kinds = ['leveraged-etf', 'option-dealer', 'margin-accounts', 'foreign-seller'];
  const plan = buildAttributionPlan(kinds, 3);
  const records: RunRecord[] = [];
  for (let id = 0; id < plan.runCount; id++) {
    const subset = id % 16;
    const seed = Math.floor(id / 16) + 1;
    const summary = { 'return.SKH': -0.12 - 0.004 * subset - 0.001 * seed, 'margin_forced_sale_value.d2': subset & 4 ? 3.2e8 + 1e6 * seed * (subset & 1) : 0 };
    records.push({ run_id: id, point_id: subset, replicate: seed - 1, counterfactual: '', seed, status: 'ok', error: '', wall_s: 1, summary });
  }
  const games = attributionGames(plan, records, ['return.SKH', 'margin_forced_sale_value.d2']);
  const metrics = ['return.SKH', 'margin_forced_sale_value.d2'];
  return [attributionReportTable(attributionTable(plan, games), metrics, kinds, 'USD'), interactionsReportTable(interactionsTable(plan, games), metrics, 'USD')];
}

/** The policy table with every shipped lever's label and a long setting. */
function policyEffectsTable(): ReturnType<typeof checkTable> {
  const d = (metric: string): { metric: string; point: number; paired: boolean; n: number; mean: number; lo: number; hi: number } => ({ metric, point: 1, paired: true, n: 20, mean: -0.0123, lo: -0.0234, hi: -0.0012 });
  const metrics = ['index_return', 'index_return_d2', 'index_peak_to_trough'];
  const rows = [['circuit-breaker levels (%)', '[6,12,18]', '[8,15,20]'], ['LETF rebalance schedule', 'prehedge', 'twap'], ['margin maintenance ratio', '1.7', '1.4']]
    .map(([lever, setting, calibrated]) => ({ sweep: 's', lever: lever!, setting: setting!, calibrated: calibrated!, point: 1, diffs: metrics.map(d) }));
  return policyTable({ rows, metrics, calibrated: new Map(metrics.map((m) => [m, -0.1])), seeds: 20 });
}

const kpse = spawnSync('kpsewhich', ['siunitx.sty', 'tabularx.sty'], { encoding: 'utf8' });
const READY = spawnSync('pdflatex', ['--version']).error === undefined && kpse.status === 0 && kpse.stdout.trim().split('\n').length === 2;
const dir = mkdtempSync(join(tmpdir(), 'cascade-latex-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Overfull boxes in a LaTeX log, in points. */
function overfullPt(log: string): number[] {
  return [...log.matchAll(/Overfull \\hbox \(([\d.]+)pt too wide\)/g)].map((m) => Number(m[1]));
}

describe('LaTeX tables in a 6.5 in text block', () => {
  it.skipIf(!READY)('compile with no table more than 1 pt too wide (needs pdflatex, siunitx, tabularx)', () => {
    const run = syntheticRun();
    const view = sweepView(syntheticSweep());
    const metrics = headlineMetrics(view);
    const long = 'an estimator described in a sentence long enough to need wrapping in any table';
    const tables = [
      runInstrumentTable(run), runMarketTable(run), factsTable(stylizedFacts(run)),
      sweepPointsTable(view, metrics, 'USD'), effectsTable(view, metrics, 'USD'), ...attributionTables(), policyEffectsTable(),
      checkTable({
        name: 'wide-text', caption: 'Long text columns',
        columns: ['ID', 'Fact', 'Estimator', 'Target', 'SEC', 'SKH', 'REST', 'KOSPI'].map((label, i) => ({ label, align: i < 4 ? 'l' as const : 'r' as const })),
        rows: [['S1', long, long, long, '0.489 / 0.736 / 0.0134 (fail)', '1.40 / 2.13 / 0.433 (fail)', '−0.268 / 0.394 (fail)', 'n/a']],
      }),
    ];
    const files = tables.map((t) => {
      const f = join(dir, `${t.name}.tex`);
      writeFileSync(f, tableToLatex(t));
      return f;
    });
    writeFileSync(join(dir, 'doc.tex'), latexTestDocument(files));
    const r = spawnSync('pdflatex', ['-interaction=nonstopmode', '-halt-on-error', 'doc.tex'], { cwd: dir, encoding: 'utf8' });
    expect(r.status, r.stdout.slice(-2000)).toBe(0);
    const log = readFileSync(join(dir, 'doc.log'), 'latin1');
    expect(log).not.toMatch(/Undefined control sequence|Missing character|siunitx error/i);
    expect(overfullPt(log).filter((pt) => pt > 1)).toEqual([]);
    expect(log).toMatch(/Output written on doc\.pdf \(\d+ pages?/);
  }, 60_000);
});
