// `cascade report <DIR>`: figures, LaTeX/Markdown tables, stylized facts and a self-contained HTML report for a run
// directory or a sweep directory. The results modules (vega, resvg, pdfkit, parquet-wasm) load only inside the
// action, so `cascade --help` never pays for them. A directory that is neither kind, or a bad flag, exits 2.
import type { Command } from 'commander';
import { UserError } from './user-error.js';

interface ReportCliOptions {
  formats: string;
  style?: string;
  metrics?: string;
  quiet?: boolean;
}

const HELP = `
Writes into DIR:
  figures/<name>.{svg,png,pdf}  each figure (PNG at 2x, PDF vector with DejaVu Sans embedded) and <name>.vl.json
  figures/captions.{tex,md}     each figure's title and caption (paper figures carry no title), ready to \\input
  --style paper                 3.3 in or 6.9 in wide, 8 pt text, no title (default for PDF)
  --style screen                browser widths with titles (default for SVG and PNG)
  tables/<name>.{tex,md}        booktabs LaTeX (\\usepackage{booktabs}) and Markdown
  report.html                   one self-contained file: interactive charts, tables, stylized facts, manifest
  facts.json                    (runs only) stylized facts S1-S10 with target bands and pass/fail

Examples:
  cascade report results/shock-7
  cascade report results/sweeps/letf-aum --formats svg,pdf --metrics index_return,return.SEC
`;

/** Parse --formats: a comma list of svg, png, pdf. */
export function parseFormats(v: string): ('svg' | 'png' | 'pdf')[] {
  const list = v.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const bad = list.filter((f) => f !== 'svg' && f !== 'png' && f !== 'pdf');
  if (bad.length > 0 || list.length === 0) throw new UserError(`--formats must be a comma list of svg, png, pdf; got "${v}"`);
  return [...new Set(list)] as ('svg' | 'png' | 'pdf')[];
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('Figures, tables, stylized facts and an HTML report for a run or sweep directory')
    .argument('<dir>', 'a run directory (cascade run) or a sweep directory (cascade sweep)')
    .option('--formats <list>', 'figure formats: any of svg,png,pdf', 'svg,png,pdf')
    .option('--style <style>', 'figure style for every format: paper | screen (default: paper for PDF, screen for SVG/PNG)')
    .option('--metrics <list>', 'sweeps: metrics to plot and tabulate (default: up to 4 headline metrics)')
    .option('--quiet', 'print only the report path')
    .addHelpText('after', HELP)
    .action(async (dir: string, o: ReportCliOptions) => {
      const formats = parseFormats(o.formats);
      if (o.style !== undefined && o.style !== 'paper' && o.style !== 'screen') throw new UserError(`--style must be paper or screen, got "${o.style}"`);
      const style = o.style as 'paper' | 'screen' | undefined;
      const metrics = o.metrics?.split(',').map((s) => s.trim()).filter((s) => s !== '');
      const { writeReport } = await import('../results/report.js');
      const { ReportInputError } = await import('../results/run-data.js');
      const t0 = performance.now();
      let r;
      try {
        r = await writeReport(dir, { formats, ...(style ? { style } : {}), ...(metrics ? { metrics } : {}) });
      } catch (e) {
        if (e instanceof ReportInputError || (e instanceof Error && e.message.startsWith('unknown metric'))) throw new UserError(e.message);
        throw e;
      }
      if (!o.quiet) {
        const s = ((performance.now() - t0) / 1000).toFixed(1);
        process.stderr.write(`${r.kind} report: ${r.figures.length} figures (${formats.join(', ')}), ${r.tables.length / 2} tables in ${s} s\n`);
        for (const k of r.skipped) process.stderr.write(`  skipped ${k.name}: ${k.reason}\n`);
        for (const w of r.warnings) process.stderr.write(`  warning: ${w}\n`);
      }
      process.stdout.write(`${r.html}\n`);
    });
}
