// `cascade policy-report <sweep dirs…>`: the policy-lever sweeps (scenarios/sweeps/policy-*.yaml) side by side —
// each lever setting's effect on the index's stress-day return, D+2 return and peak-to-trough drawdown against the
// scenario as calibrated (point 0 of its sweep), paired by seed, with 95% intervals: one summary figure, one
// booktabs table, a CSV of every metric, and (--doc) the table spliced into docs/policy.md. Bad input: exit 2.
import type { Command } from 'commander';
import { parseFormats } from './report.js';
import { UserError } from './user-error.js';

interface PolicyReportCliOptions {
  out: string;
  doc?: string;
  provenance?: string;
  formats: string;
  style?: string;
  quiet?: boolean;
}

const HELP = `
Each directory is a finished sweep of one lever whose point 0 is the scenario as calibrated (crn: across-points).
Writes into --out: figures/policy-effects.{svg,png,pdf} (+ captions), tables/policy-effects.{tex,md},
policy-effects.csv (every metric); with --doc, the table (and the figure's PNG) replace the section between
<!-- policy-effects:start --> and <!-- policy-effects:end --> of that Markdown file.

Example (what scripts/policy/run.sh does after running the sweeps):
  cascade policy-report results/sweeps/policy-* --out docs/policy --doc docs/policy.md
`;

export function registerPolicyReport(program: Command): void {
  program
    .command('policy-report')
    .description('Policy-lever sweeps against the calibrated scenario: summary figure, LaTeX table, docs/policy.md')
    .argument('<dirs...>', 'sweep directories of scenarios/sweeps/policy-*.yaml')
    .requiredOption('--out <dir>', 'output directory for figures/, tables/ and policy-effects.csv')
    .option('--doc <file>', 'a Markdown file whose policy-effects section is replaced by the table')
    .option('--provenance <text>', 'a line put above the table in --doc (how the numbers were made)')
    .option('--formats <list>', 'figure formats: any of svg,png,pdf', 'svg,png,pdf')
    .option('--style <style>', 'figure style for every format: paper | screen (default: paper for PDF, screen for SVG/PNG)')
    .option('--quiet', 'print only the output directory')
    .addHelpText('after', HELP)
    .action(async (dirs: string[], o: PolicyReportCliOptions) => {
      const formats = parseFormats(o.formats);
      if (o.style !== undefined && o.style !== 'paper' && o.style !== 'screen') throw new UserError(`--style must be paper or screen, got "${o.style}"`);
      const { writePolicyReport } = await import('../results/policy-report.js');
      const { ReportInputError } = await import('../results/run-data.js');
      let r;
      try {
        r = await writePolicyReport(dirs, {
          out: o.out, formats, ...(o.style ? { style: o.style as 'paper' | 'screen' } : {}), ...(o.doc ? { doc: o.doc } : {}), ...(o.provenance ? { provenance: o.provenance } : {}),
        });
      } catch (e) {
        if (e instanceof ReportInputError) throw new UserError(e.message);
        throw e;
      }
      if (!o.quiet) process.stderr.write(`policy report: ${r.effects.rows.length} lever settings from ${dirs.length} sweeps (${r.effects.seeds} seeds), ${r.files.length} files\n`);
      process.stdout.write(`${o.out}\n`);
    });
}
