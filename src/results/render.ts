// Rendering of figures, separate from building them: Vega-Lite spec → Vega → SVG (vega's headless 'none'
// renderer; 1 SVG px = 1 PDF pt), SVG → PNG with resvg at 2× zoom, SVG → vector PDF with pdfkit + svg-to-pdfkit.
// Fonts are never looked up on the system: both rasteriser and PDF writer load the DejaVu Sans TTFs shipped in
// assets/fonts (text silently disappears from resvg output without a font), and the PDF embeds subsets of them.
// Same spec → same bytes: no clock, the PDF's creation date is an argument. vega, vega-lite, resvg and pdfkit
// load lazily on first use. A figure renders in the 'screen' or 'paper' style (figures/style.ts); paper figures are
// fitted to a one- or two-column width here, by rendering (see paperSvg).
import { createWriteStream, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { FONT } from './figures/common.js';
import type { Figure, VlSpec } from './figures/common.js';
import { PAPER_MAX_HEIGHT_PT, paperWidth, scaleViews, styledSpec } from './figures/style.js';
import type { FigureStyle } from './figures/style.js';

/** Output formats of a figure. */
export type FigureFormat = 'svg' | 'png' | 'pdf';
export const FIGURE_FORMATS: readonly FigureFormat[] = ['svg', 'png', 'pdf'];

/** PNG pixels per SVG pixel. */
export const PNG_ZOOM = 2;

const ROOT = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? '../../' : '../../../', import.meta.url));
/** The regular and bold font files, shipped with the package. */
export const FONT_FILES = { regular: join(ROOT, 'assets/fonts/DejaVuSans.ttf'), bold: join(ROOT, 'assets/fonts/DejaVuSans-Bold.ttf') };

function fontFiles(): string[] {
  const files = [FONT_FILES.regular, FONT_FILES.bold];
  const missing = files.filter((f) => !existsSync(f));
  if (missing.length > 0) throw new Error(`figure fonts missing: ${missing.join(', ')} (they ship in assets/fonts)`);
  return files;
}

interface Libs {
  readonly vega: typeof import('vega');
  readonly vl: typeof import('vega-lite');
  readonly resvg: typeof import('@resvg/resvg-js');
  readonly PDFDocument: typeof import('pdfkit');
  readonly svgToPdf: typeof import('svg-to-pdfkit').default;
}

let libs: Promise<Libs> | undefined;
function loadLibs(): Promise<Libs> {
  libs ??= Promise.all([import('vega'), import('vega-lite'), import('@resvg/resvg-js'), import('pdfkit'), import('svg-to-pdfkit')]).then(
    ([vega, vl, resvg, pdfkit, s2p]) => ({ vega, vl, resvg, PDFDocument: pdfkit.default, svgToPdf: s2p.default }),
  );
  return libs;
}

/** Warnings vega-lite or vega raised while compiling or rendering (the report shows them; tests expect none). */
export interface RenderLog {
  readonly warnings: string[];
}

/** A vega-lite logger that keeps warnings instead of printing them. */
function collectingLogger(log: RenderLog): import('vega').LoggerInterface {
  let lvl = 2;
  const logger = {
    level(l?: number) {
      if (l === undefined) return lvl;
      lvl = l;
      return logger;
    },
    error(...a: readonly unknown[]) {
      throw new Error(a.map(String).join(' '));
    },
    warn(...a: readonly unknown[]) {
      log.warnings.push(a.map(String).join(' '));
      return logger;
    },
    info: () => logger,
    debug: () => logger,
  };
  return logger as unknown as import('vega').LoggerInterface;
}

/** Compile a Vega-Lite spec to a Vega spec (warnings go to `log`). */
export async function compileSpec(spec: VlSpec, log: RenderLog = { warnings: [] }): Promise<object> {
  const { vl } = await loadLibs();
  return vl.compile(spec as unknown as import('vega-lite').TopLevelSpec, { logger: collectingLogger(log) }).spec;
}

/** The SVG text of a Vega-Lite spec. */
export async function specToSvg(spec: VlSpec, log: RenderLog = { warnings: [] }): Promise<string> {
  const { vega } = await loadLibs();
  const compiled = await compileSpec(spec, log);
  const logger = collectingLogger(log);
  const view = new vega.View(vega.parse(compiled as import('vega').Spec), { renderer: 'none', logger, logLevel: vega.Warn });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Rasterise an SVG with the shipped fonts only: RGBA pixels and their size. */
export async function rasterize(svg: string, zoom = PNG_ZOOM): Promise<{ width: number; height: number; pixels: Buffer; png: Buffer }> {
  const { resvg } = await loadLibs();
  const r = new resvg.Resvg(svg, {
    fitTo: { mode: 'zoom', value: zoom },
    font: { loadSystemFonts: false, fontFiles: fontFiles(), defaultFontFamily: FONT, sansSerifFamily: FONT },
  }).render();
  return { width: r.width, height: r.height, pixels: r.pixels, png: r.asPng() };
}

/** The SVG's width and height attributes (points in the PDF). */
export function svgSize(svg: string): { width: number; height: number } {
  const m = /<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svg);
  if (!m) throw new Error('SVG has no width/height attributes');
  return { width: Number(m[1]), height: Number(m[2]) };
}

/** Write the SVG as a one-page vector PDF of the same size, fonts embedded (subsets). */
export async function svgToPdf(svg: string, path: string, createdAt = new Date(0)): Promise<void> {
  const { PDFDocument, svgToPdf: draw } = await loadLibs();
  const { width, height } = svgSize(svg);
  const doc = new PDFDocument({ size: [width, height], margin: 0, info: { CreationDate: createdAt, Producer: 'cascade report', Creator: 'cascade report' } });
  const [regular, bold] = fontFiles();
  doc.registerFont(FONT, regular!);
  doc.registerFont(`${FONT}-Bold`, bold!);
  const out = createWriteStream(path);
  doc.pipe(out);
  draw(doc, svg, 0, 0, { width, height, assumePt: true, fontCallback: (_family, isBold) => (isBold ? `${FONT}-Bold` : FONT) });
  doc.end();
  await finished(out);
}

/**
 * The SVG of a figure in paper style, fitted to its column width: every view is scaled by one factor (axes, labels
 * and legends keep their size), and the factor is found by the secant method on the rendered width (nearly affine
 * in the factor) until the width is within 3% under the target. Too tall a result then has its heights shrunk the
 * same way. Only the final render's warnings reach `log`.
 */
export async function paperSvg(fig: Figure, log: RenderLog): Promise<string> {
  const base = styledSpec(fig, 'paper');
  const target = paperWidth(fig);
  const trial = { warnings: [] as string[] };
  const at = async (sx: number, sy: number): Promise<{ svg: string; width: number; height: number }> => {
    const svg = await specToSvg(scaleViews(base, sx, sy), trial);
    return { svg, ...svgSize(svg) };
  };
  const sx = await solve(target - 1, 0.97 * target, async (x) => (await at(x, x)).width);
  let sy = sx;
  if ((await at(sx, sy)).height > PAPER_MAX_HEIGHT_PT) sy = await solve(PAPER_MAX_HEIGHT_PT - 1, 0.9 * PAPER_MAX_HEIGHT_PT, async (y) => (await at(sx, y)).height, sx);
  return specToSvg(scaleViews(base, sx, sy), log);
}

/**
 * A factor x with low ≤ f(x) ≤ aim + 1 for an increasing f, by the secant method from x = start and 2·start, then
 * halving while still above (f can have a floor: a legend wider than the plots). Gives up after 12 evaluations.
 */
async function solve(aim: number, low: number, f: (x: number) => Promise<number>, start = 1): Promise<number> {
  let [x0, y0] = [start, await f(start)];
  let [x1, y1] = [2 * start, await f(2 * start)];
  for (let i = 0; i < 8; i++) {
    if (y1 <= aim + 1 && y1 >= low) return x1;
    if (y1 === y0) break;
    const x2 = Math.min(8, Math.max(0.02, x1 + ((aim - y1) * (x1 - x0)) / (y1 - y0)));
    [x0, y0] = [x1, y1];
    [x1, y1] = [x2, await f(x2)];
  }
  let x = y1 <= aim + 1 ? x1 : Math.min(x0, x1);
  for (let i = 0; i < 4 && (await f(x)) > aim + 1; i++) x *= 0.7;
  return x;
}

/** Options of {@link renderFigure}. */
export interface RenderOptions {
  readonly formats: readonly FigureFormat[];
  /** One style for every format; by default PDF is 'paper' and SVG/PNG are 'screen'. */
  readonly style?: FigureStyle;
  readonly createdAt?: Date;
}

function isFormatList(o: RenderOptions | readonly FigureFormat[]): o is readonly FigureFormat[] {
  return Array.isArray(o);
}

/** The style a format is rendered in. */
export function styleOf(fmt: FigureFormat, style: FigureStyle | undefined): FigureStyle {
  return style ?? (fmt === 'pdf' ? 'paper' : 'screen');
}

/**
 * Render one figure into `dir` as `<name>.<fmt>` for each format, plus its (screen) spec as `<name>.vl.json`; returns
 * the paths.
 */
export async function renderFigure(fig: Figure, dir: string, options: RenderOptions | readonly FigureFormat[], log: RenderLog, createdAt?: Date): Promise<string[]> {
  // A bare format list is the older call (formats, log, createdAt): default styles.
  const opts: RenderOptions = isFormatList(options) ? { formats: options, ...(createdAt ? { createdAt } : {}) } : options;
  const paths = [join(dir, `${fig.name}.vl.json`)];
  writeFileSync(paths[0]!, `${JSON.stringify(fig.spec)}\n`);
  const svgs = new Map<FigureStyle, string>();
  const svgIn = async (style: FigureStyle): Promise<string> => {
    let svg = svgs.get(style);
    if (svg === undefined) svgs.set(style, (svg = style === 'paper' ? await paperSvg(fig, log) : await specToSvg(styledSpec(fig, style), log)));
    return svg;
  };
  for (const fmt of opts.formats) {
    const path = join(dir, `${fig.name}.${fmt}`);
    const svg = await svgIn(styleOf(fmt, opts.style));
    if (fmt === 'svg') writeFileSync(path, svg);
    else if (fmt === 'png') writeFileSync(path, (await rasterize(svg)).png);
    else await svgToPdf(svg, path, opts.createdAt);
    paths.push(path);
  }
  return paths;
}
