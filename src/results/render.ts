// Rendering of figures, separate from building them: Vega-Lite spec → Vega → SVG (vega's headless 'none'
// renderer; 1 SVG px = 1 PDF pt), SVG → PNG with resvg at 2× zoom, SVG → vector PDF with pdfkit + svg-to-pdfkit.
// Fonts are never looked up on the system: both rasteriser and PDF writer load the DejaVu Sans TTFs shipped in
// assets/fonts (text silently disappears from resvg output without a font), and the PDF embeds subsets of them.
// Same spec → same bytes: no clock, the PDF's creation date is an argument. vega, vega-lite, resvg and pdfkit
// load lazily on first use.
import { createWriteStream, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { FONT } from './figures/common.js';
import type { Figure, VlSpec } from './figures/common.js';

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

/** Render one figure into `dir` as `<name>.<fmt>` for each format, plus its spec as `<name>.vl.json`; returns the paths. */
export async function renderFigure(fig: Figure, dir: string, formats: readonly FigureFormat[], log: RenderLog, createdAt?: Date): Promise<string[]> {
  const paths = [join(dir, `${fig.name}.vl.json`)];
  writeFileSync(paths[0]!, `${JSON.stringify(fig.spec)}\n`);
  const svg = await specToSvg(fig.spec, log);
  for (const fmt of formats) {
    const path = join(dir, `${fig.name}.${fmt}`);
    if (fmt === 'svg') writeFileSync(path, svg);
    else if (fmt === 'png') writeFileSync(path, (await rasterize(svg)).png);
    else await svgToPdf(svg, path, createdAt);
    paths.push(path);
  }
  return paths;
}
