// `cascade compare A B…`: two or more run directories side by side (overlaid stress-day paths, net buying by agent
// kind, every summary metric with differences from the first run). Heavy modules load inside the action. A
// directory that is not a run, runs that cannot be compared, or a bad flag: one line, exit 2.
import type { Command } from 'commander';
import { parseFormats } from './report.js';
import { UserError } from './user-error.js';

interface CompareCliOptions {
  out?: string;
  points?: string;
  metrics?: string;
  counterfactual?: string;
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

With --points, DIR is one sweep directory and its points are compared (the first is the reference):
  tables/compare-points.{tex,md}, compare-points.csv, figures/compare-points.*: mean per point and each point's
  difference from the first with a 95% interval, paired by replicate when the sweep uses crn: across-points

Examples:
  cascade compare results/sweeps/letf-aum --points 2,0,4 --metrics index_return,return.SKH
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
    .option('--points <ids>', 'compare these points of ONE sweep directory, e.g. 0,4 (the first is the reference)')
    .option('--metrics <list>', 'with --points: metrics to compare (default: every summary metric)')
    .option('--counterfactual <kind>', 'with --points: runs without this kind (default: none = all agents)')
    .option('--formats <list>', 'figure formats: any of svg,png,pdf', 'svg,png,pdf')
    .option('--style <style>', 'figure style for every format: paper | screen (default: paper for PDF, screen for SVG/PNG)')
    .option('--quiet', 'print only the output directory')
    .addHelpText('after', HELP)
    .action(async (dirs: string[], o: CompareCliOptions) => {
      const formats = parseFormats(o.formats);
      if (o.style !== undefined && o.style !== 'paper' && o.style !== 'screen') throw new UserError(`--style must be paper or screen, got "${o.style}"`);
      const { basename, dirname, join } = await import('node:path');
      const name = (d: string): string => basename(d.replace(/\/+$/, ''));
      if (o.points !== undefined) return comparePointsCli(dirs, o, formats, join(dirs[0]!, `compare-points-${o.points.replace(/,/g, '-')}`));
      if (dirs.length < 2) throw new UserError('compare needs at least two run directories');
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

/** `cascade compare SWEEP --points a,b…`. */
async function comparePointsCli(dirs: readonly string[], o: CompareCliOptions, formats: ('svg' | 'png' | 'pdf')[], defaultOut: string): Promise<void> {
  if (dirs.length !== 1) throw new UserError('--points compares the points of one sweep directory; give exactly one');
  const points = o.points!.split(',').map((s) => s.trim());
  if (points.some((p) => !/^\d+$/.test(p))) throw new UserError(`--points must be a comma list of point ids, got "${o.points}"`);
  const out = o.out ?? defaultOut;
  const { writePointComparison } = await import('../results/compare-points.js');
  const { ReportInputError } = await import('../results/run-data.js');
  const metrics = o.metrics?.split(',').map((s) => s.trim()).filter((s) => s !== '');
  try {
    const r = await writePointComparison(dirs[0]!, points.map(Number), {
      out, formats, ...(o.style ? { style: o.style as 'paper' | 'screen' } : {}), ...(metrics ? { metrics } : {}), ...(o.counterfactual ? { counterfactual: o.counterfactual } : {}),
    });
    if (!o.quiet) process.stderr.write(`compared ${points.length} sweep points: ${r.figures.length} figure files, ${r.tables.length} tables, ${r.csv}\n`);
  } catch (e) {
    if (e instanceof ReportInputError) throw new UserError(e.message);
    throw e;
  }
  process.stdout.write(`${out}\n`);
}
