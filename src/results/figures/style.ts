// Figure styles. 'screen': the figure as built (title and subtitle, 10–14 px text, widths for a browser). 'paper':
// what goes into a journal as it is — no title or subtitle (they go to captions.tex / captions.md), 8 pt text
// (7.5 pt tick labels), legends under the plot, and the whole figure fitted to one column (3.3 in = 237.6 pt) or
// two columns (6.9 in = 496.8 pt) of a two-column journal page. render.ts fits the width by rendering: it scales
// every view's width and height by one factor, measures the SVG, and solves for the factor that gives the target
// width (the axes and legends do not scale with it, so the width is an affine function of the factor).
import type { Figure, VlSpec } from './common.js';
import { FONT } from './common.js';

export type FigureStyle = 'paper' | 'screen';
export const FIGURE_STYLES: readonly FigureStyle[] = ['paper', 'screen'];

/** Points per inch. */
export const PT_PER_IN = 72;
/** Paper widths: one column and two columns (the whole text block of a two-column journal page). */
export const PAPER_WIDTH_PT = { 1: 3.3 * PT_PER_IN, 2: 6.9 * PT_PER_IN } as const;
/** Paper figures are never taller than this (a page's text block, with room for the caption). */
export const PAPER_MAX_HEIGHT_PT = 8 * PT_PER_IN;
/** The smallest text a paper figure may hold. */
export const PAPER_MIN_FONT_PT = 7;

/** The paper house config: 8 pt text, legends at the bottom, thin strokes, no outer padding to waste. */
export const PAPER_CONFIG = {
  font: FONT,
  background: 'white',
  padding: 2,
  title: { fontSize: 8, subtitleFontSize: 8, anchor: 'start', fontWeight: 'bold', offset: 2 },
  axis: { labelFontSize: 7.5, titleFontSize: 8, titleFontWeight: 'normal', titlePadding: 3, labelPadding: 2, tickSize: 3, gridOpacity: 0.6, labelOverlap: true },
  legend: {
    orient: 'bottom', direction: 'vertical', labelFontSize: 7.5, titleFontSize: 8, titleFontWeight: 'normal', labelLimit: 150,
    symbolSize: 40, rowPadding: 1, padding: 2, offset: 6,
  },
  header: { labelFontSize: 8, titleFontSize: 8, labelPadding: 2 },
  text: { fontSize: 7.5 },
  line: { strokeWidth: 1 },
  rule: { strokeWidth: 0.8 },
  view: { stroke: '#ccc' },
  concat: { spacing: 10 },
  facet: { spacing: 10 },
} as const;

/** A deep copy of `spec` with every view's numeric width and height multiplied (by sx and sy). */
export function scaleViews(spec: VlSpec, sx: number, sy: number): VlSpec {
  const walk = (v: unknown, key: string): unknown => {
    if (Array.isArray(v)) return v.map((x) => walk(x, ''));
    if (v === null || typeof v !== 'object' || key === 'mark' || key === 'config' || key === 'encoding' || key === 'data') return v;
    const o = v as Record<string, unknown>;
    return Object.fromEntries(
      Object.entries(o).map(([k, x]) => {
        if (k === 'width' && typeof x === 'number') return [k, Math.max(20, Math.round(x * sx))];
        if (k === 'height' && typeof x === 'number') return [k, Math.max(20, Math.round(x * sy))];
        return [k, walk(x, k)];
      }),
    );
  };
  return walk(spec, '') as VlSpec;
}

/** Drop titles: the top-level title always; panel titles stay as small bold panel labels (8 pt, from the config). */
function withoutTitle(spec: VlSpec): VlSpec {
  const { title: _title, config: _config, ...rest } = spec;
  const strip = (v: unknown, key: string): unknown => {
    if (Array.isArray(v)) return v.map((x) => strip(x, ''));
    if (v === null || typeof v !== 'object' || key === 'data' || key === 'encoding') return v;
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>).map(([k, x]) => {
        // a panel title object with its own font size: let the paper config size it
        if (k === 'title' && x !== null && typeof x === 'object' && !Array.isArray(x) && 'text' in x) return [k, (x as { text: unknown }).text];
        return [k, strip(x, k)];
      }),
    );
  };
  return strip(rest, '') as VlSpec;
}

/** The spec a figure is drawn from in a style (before any width fitting, which render.ts does). */
export function styledSpec(fig: Figure, style: FigureStyle): VlSpec {
  if (style === 'screen') return fig.spec;
  return { ...withoutTitle(fig.spec), config: PAPER_CONFIG };
}

/** The target width of a figure in paper style (points). */
export function paperWidth(fig: Figure): number {
  return PAPER_WIDTH_PT[fig.columns ?? 2];
}
