// `cascade compare A B…`: two or more run directories side by side (overlaid stress-day paths, net buying by agent
// kind, every summary metric with differences from the first run). Heavy modules load inside the action. A
// directory that is not a run, runs that cannot be compared, or a bad flag: one line, exit 2.
import type { Command } from 'commander';
import { parseFormats } from './report.js';
import { UserError } from './user-error.js';

interface CompareCliOptions {
  out?: string;
  labels?: string;
  formats: string;
  style?: string;
  quiet?: boolean;
}

const HELP = `
Writes into OUT (default: compare-<A>-vs-<B> beside A):
  figures/compare-prices.*      each instrument's stress-day path, one line per run
  figures/compare-flows.*       net buying by agent kind on the stress day, one bar per run
  figures/captions.{tex,md}     titles and captions
  tables/compare-summary.{tex,md}  every summary metric per run and its difference from the first run
  compare-summary.csv           the same numbers unformatted (metric, instrument, unit, value_<run>, diff_<run>)

Examples:
  cascade run scenarios/korea-2026.yaml --out results/full
  cascade run scenarios/korea-2026.yaml --disable leveraged-etf --out results/no-letf
  cascade compare results/full results/no-letf --labels "all agents,no LETF"
`;

export function registerCompare(program: Command): void {
  program
    .command('compare')
    .description('Compare two or more run directories: overlaid paths, flows by kind, summary differences')
    .argument('<dirs...>', 'run directories (the first is the reference)')
    .option('--out <dir>', 'output directory')
    .option('--labels <list>', 'comma list of run labels (default: directory names)')
    .option('--formats <list>', 'figure formats: any of svg,png,pdf', 'svg,png,pdf')
    .option('--style <style>', 'figure style for every format: paper | screen (default: paper for PDF, screen for SVG/PNG)')
    .option('--quiet', 'print only the output directory')
    .addHelpText('after', HELP)
    .action(async (dirs: string[], o: CompareCliOptions) => {
      const formats = parseFormats(o.formats);
      if (o.style !== undefined && o.style !== 'paper' && o.style !== 'screen') throw new UserError(`--style must be paper or screen, got "${o.style}"`);
      if (dirs.length < 2) throw new UserError('compare needs at least two run directories');
      const { basename, dirname, join } = await import('node:path');
      const name = (d: string): string => basename(d.replace(/\/+$/, ''));
      const out = o.out ?? join(dirname(dirs[0]!.replace(/\/+$/, '')), `compare-${dirs.map(name).join('-vs-')}`);
      const labels = o.labels?.split(',').map((s) => s.trim());
      const { writeComparison } = await import('../results/compare.js');
      const { ReportInputError } = await import('../results/run-data.js');
      let r;
      try {
        r = await writeComparison(dirs, { out, formats, ...(o.style ? { style: o.style as 'paper' | 'screen' } : {}), ...(labels ? { labels } : {}) });
      } catch (e) {
        if (e instanceof ReportInputError) throw new UserError(e.message);
        throw e;
      }
      if (!o.quiet) process.stderr.write(`compared ${dirs.length} runs: ${r.figures.length} figure files, ${r.tables.length} tables, ${r.csv}\n`);
      process.stdout.write(`${out}\n`);
    });
}
