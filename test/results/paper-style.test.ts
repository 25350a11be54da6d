// Paper-style figures, measured from what is rendered: every run and sweep figure as a PDF page no wider than its
// column (3.3 in or 6.9 in), no taller than 8 in, with no text smaller than 7 pt and without its title; the SVG's
// font sizes are the PDF's (1 SVG px = 1 PDF pt). Screen style keeps the title.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captionsTex } from '../../src/results/captions.js';
import { compareFlows, comparePrices } from '../../src/results/compare.js';
import { isSkipped } from '../../src/results/figures/common.js';
import type { Figure } from '../../src/results/figures/common.js';
import { PAPER_MAX_HEIGHT_PT, PAPER_MIN_FONT_PT, PAPER_WIDTH_PT, styledSpec } from '../../src/results/figures/style.js';
import { paperSvg, renderFigure, specToSvg, svgSize } from '../../src/results/render.js';
import { RUN_FIGURES, SWEEP_FIGURES } from '../../src/results/report.js';
import { headlineMetrics, sweepView } from '../../src/results/sweep-stats.js';
import { syntheticRun, syntheticSweep } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'cascade-paper-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = syntheticRun();
const view = sweepView(syntheticSweep());
const metrics = headlineMetrics(view);
const figures: Figure[] = [
  ...RUN_FIGURES.map((f) => f(run)),
  ...SWEEP_FIGURES.map((f) => f(view, metrics)),
  comparePrices([run, run], ['a', 'b']),
  compareFlows([run, run], ['a', 'b'])!,
].filter((f): f is Figure => !isSkipped(f));

/** Every font size an SVG's text is drawn at (vega writes font-size="Npx" on each text element). */
function fontSizes(svg: string): number[] {
  return [...svg.matchAll(/font-size="([\d.]+)px"/g)].map((m) => Number(m[1]));
}

/** The text content of an SVG's <text> elements. */
function texts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
}

/** The MediaBox of a one-page PDF written by pdfkit, in points. */
function mediaBox(pdf: Buffer): { width: number; height: number } {
  const m = /\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/.exec(pdf.toString('latin1'));
  if (!m) throw new Error('no MediaBox');
  return { width: Number(m[1]), height: Number(m[2]) };
}

describe('paper style', () => {
  it('covers every run and sweep figure', () => {
    expect(figures.map((f) => f.name).sort()).toEqual(
      [...RUN_FIGURES.map((f) => f(run).name), ...SWEEP_FIGURES.map((f) => f(view, metrics).name), 'compare-prices', 'compare-flows'].sort(),
    );
  });

  for (const fig of figures) {
    it(`${fig.name}: PDF within ${fig.columns === 1 ? 'one column (3.3 in)' : 'two columns (6.9 in)'}, text ≥ 7 pt, no title`, async () => {
      const [, pdfPath] = await renderFigure(fig, dir, { formats: ['pdf'] }, { warnings: [] });
      const page = mediaBox(readFileSync(pdfPath!));
      const limit = PAPER_WIDTH_PT[fig.columns ?? 2];
      expect(page.width).toBeLessThanOrEqual(limit);
      expect(page.width).toBeGreaterThan(limit * 0.85); // fitted to the column, not just shrunk
      expect(page.height).toBeLessThanOrEqual(PAPER_MAX_HEIGHT_PT);
      const svg = await paperSvg(fig, { warnings: [] });
      expect(svgSize(svg)).toEqual(page);
      const sizes = fontSizes(svg);
      expect(sizes.length).toBeGreaterThan(0);
      expect(Math.min(...sizes)).toBeGreaterThanOrEqual(PAPER_MIN_FONT_PT);
      expect(Math.max(...sizes)).toBeLessThanOrEqual(9);
      expect(texts(svg)).not.toContain(fig.title);
      expect(styledSpec(fig, 'paper')['title']).toBeUndefined();
    });
  }

  it('screen style keeps the title in the figure', async () => {
    const svg = await specToSvg(styledSpec(figures[0]!, 'screen'));
    expect(texts(svg)).toContain(figures[0]!.title);
  });

  it('captions.tex holds each figure\'s title and caption, escaped, in a figure environment of its width', () => {
    const tex = captionsTex(figures.slice(0, 2), 'figures');
    expect(tex).toContain(`\\includegraphics{figures/${figures[0]!.name}.pdf}`);
    expect(tex).toContain(`\\label{fig:${figures[0]!.name}}`);
    expect(tex).toContain('\\begin{figure*}[tbp]');
  });
});
