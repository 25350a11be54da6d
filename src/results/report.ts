// `cascade report` for one directory: a run directory (figures of the stress day and the stylized facts) or a sweep
// directory (metrics across the sweep, counterfactual effects, stress-return distributions). Writes DIR/figures/
// (each figure as .vl.json plus the asked formats, and captions.tex / captions.md), DIR/tables/ (.tex and .md), DIR/report.html and, for a run,
// DIR/facts.json. figures/ and tables/ are rebuilt from scratch each time, so no stale file survives. Every input is
// read first (a damaged file is a ReportInputError naming it), so a bad directory leaves an earlier report untouched.
// A figure whose data is absent is skipped with a note (listed in the result and in the HTML), never an error.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isSkipped } from './figures/common.js';
import type { Figure, FigureOutcome } from './figures/common.js';
import { auctions } from './figures/auctions.js';
import { auctionIndicative } from './figures/auction-indicative.js';
import { bookDepth } from './figures/book-depth.js';
import { counterfactualEffects } from './figures/counterfactual-effects.js';
import { dailyFlows } from './figures/daily-flows.js';
import { dealerGamma } from './figures/dealer-gamma.js';
import { effectVsParam } from './figures/effect-vs-param.js';
import { etfPremium } from './figures/etf-premium.js';
import { orderFlowImbalance } from './figures/order-flow-imbalance.js';
import { etfNav } from './figures/etf-nav.js';
import { intradayProfile } from './figures/intraday-profile.js';
import { marginWave } from './figures/margin-wave.js';
import { metricVsParam } from './figures/metric-vs-param.js';
import { returnAcf } from './figures/return-acf.js';
import { stressDayFlows } from './figures/stress-day-flows.js';
import { stressDayPrices } from './figures/stress-day-prices.js';
import { stressReturnDistribution } from './figures/stress-return-distribution.js';
import { tableToLatex } from './latex.js';
import { tableToMarkdown } from './markdown.js';
import { captionsMarkdown, captionsTex } from './captions.js';
import { renderFigure } from './render.js';
import type { FigureFormat } from './render.js';
import type { FigureStyle } from './figures/style.js';
import { buildHtml } from './report-html.js';
import { effectsTable, factsTable, runInstrumentTable, runMarketTable, sweepPointsTable } from './report-tables.js';
import type { ReportTable } from './report-table.js';
import { detectDirKind, loadRun, loadSweep } from './run-data.js';
import type { RunData, SweepData } from './run-data.js';
import { stylizedFacts } from './stylized-facts.js';
import { headlineMetrics, sweepView } from './sweep-stats.js';
import type { SweepView } from './sweep-stats.js';
import { runOverview, sweepOverview } from './report-overview.js';
import { calibrationParts, isCalibrationDir } from './report-calibration.js';
import { attributionParts, isAttributionDir } from './report-attribution.js';
import { sobolIndicesFigure } from './figures/sobol-indices.js';

export interface ReportOptions {
  readonly formats: readonly FigureFormat[];
  /** One figure style for every format (default: PDF in paper style, SVG and PNG in screen style). */
  readonly style?: FigureStyle;
  /** Sweep metrics to plot and tabulate (default: up to 4 headline metrics). */
  readonly metrics?: readonly string[];
}

export interface ReportResult {
  readonly kind: 'run' | 'sweep' | 'calibration' | 'attribution';
  readonly html: string;
  readonly facts: string | null;
  readonly figures: readonly { readonly name: string; readonly files: readonly string[] }[];
  readonly skipped: readonly { readonly name: string; readonly reason: string }[];
  readonly tables: readonly string[];
  /** Warnings from compiling or rendering the figures (none expected). */
  readonly warnings: readonly string[];
}

/** The figures of a run, in report order. */
export const RUN_FIGURES = [
  stressDayPrices, stressDayFlows, orderFlowImbalance, auctions, auctionIndicative, etfNav, etfPremium, bookDepth, marginWave, dealerGamma, dailyFlows, returnAcf, intradayProfile,
] as const;

/** The figures of a sweep, in report order (each given the sweep view and the metrics to show). */
export const SWEEP_FIGURES: readonly ((view: SweepView, metrics: readonly string[]) => FigureOutcome)[] = [
  metricVsParam,
  counterfactualEffects,
  effectVsParam,
  (view) => stressReturnDistribution(view),
];

interface Parts {
  readonly figures: readonly FigureOutcome[];
  readonly tables: readonly ReportTable[];
  readonly html: Parameters<typeof buildHtml>[0];
  readonly facts: unknown;
  readonly createdAt: Date;
}

function runParts(run: RunData): Parts {
  const facts = stylizedFacts(run);
  const figures = RUN_FIGURES.map((f) => f(run));
  const headline = [runInstrumentTable(run), runMarketTable(run)];
  const factTable = factsTable(facts);
  const ov = runOverview(run);
  return {
    figures,
    tables: [...headline, factTable],
    facts,
    createdAt: dateOf(run.manifest['startedAt']),
    html: { ...ov, headline, figures, tables: [], facts: factTable, manifestJson: run.manifest },
  };
}

function sweepParts(sweep: SweepData, asked: readonly string[] | undefined): Parts {
  const view = sweepView(sweep);
  const metrics = headlineMetrics(view, 4, asked);
  const figures = SWEEP_FIGURES.map((f) => f(view, metrics));
  if (sweep.tables.has('sensitivity')) figures.push(sobolIndicesFigure(sweep.tables.get('sensitivity'), asked));
  const currency = typeof sweep.manifest['reportCurrency'] === 'string' ? sweep.manifest['reportCurrency'] : 'KRW';
  const points = sweepPointsTable(view, metrics, currency);
  const effects = view.counterfactuals.length > 1 ? [effectsTable(view, metrics, currency)] : [];
  const ov = sweepOverview(sweep, view);
  return {
    figures,
    tables: [points, ...effects],
    facts: null,
    createdAt: dateOf(sweep.manifest['startedAt']),
    html: { ...ov, headline: [points], figures, tables: effects, facts: null, manifestJson: sweep.manifest },
  };
}

function dateOf(x: unknown): Date {
  const d = typeof x === 'string' ? new Date(x) : new Date(0);
  return Number.isNaN(d.getTime()) ? new Date(0) : d;
}

/** A fresh empty directory (anything there before is removed). */
function freshDir(path: string): string {
  rmSync(path, { recursive: true, force: true });
  mkdirSync(path, { recursive: true });
  return path;
}

/** Build the whole report for `dir` (a run or a sweep directory). @throws ReportInputError for a bad directory */
export async function writeReport(dir: string, opts: ReportOptions): Promise<ReportResult> {
  const kind = isCalibrationDir(dir) ? 'calibration' : isAttributionDir(dir) ? 'attribution' : detectDirKind(dir);
  const parts =
    kind === 'calibration' ? calibrationParts(dir)
      : kind === 'attribution' ? attributionParts(dir, opts.metrics)
        : kind === 'run' ? runParts(await loadRun(dir)) : sweepParts(await loadSweep(dir), opts.metrics);
  const figDir = freshDir(join(dir, 'figures'));
  const tabDir = freshDir(join(dir, 'tables'));
  const log = { warnings: [] as string[] };
  const figures: { name: string; files: string[] }[] = [];
  const drawn = parts.figures.filter((f): f is Figure => !isSkipped(f));
  for (const f of drawn) {
    figures.push({ name: f.name, files: await renderFigure(f, figDir, { formats: opts.formats, createdAt: parts.createdAt, ...(opts.style ? { style: opts.style } : {}) }, log) });
  }
  writeFileSync(join(figDir, 'captions.tex'), captionsTex(drawn, 'figures'));
  writeFileSync(join(figDir, 'captions.md'), captionsMarkdown(drawn));
  const tables = parts.tables.flatMap((t) => {
    const tex = join(tabDir, `${t.name}.tex`);
    const md = join(tabDir, `${t.name}.md`);
    writeFileSync(tex, tableToLatex(t));
    writeFileSync(md, tableToMarkdown(t));
    return [tex, md];
  });
  const factsPath = parts.facts === null ? null : join(dir, 'facts.json');
  if (factsPath !== null) writeFileSync(factsPath, `${JSON.stringify(parts.facts, null, 2)}\n`);
  const html = join(dir, 'report.html');
  writeFileSync(html, buildHtml(parts.html));
  const skipped = parts.figures.filter(isSkipped).map((f) => ({ name: f.name, reason: f.skipped }));
  return { kind, html, facts: factsPath, figures, skipped, tables, warnings: log.warnings };
}
