// Rendering: PNGs carry their text (resvg gets the shipped fonts; without any font the same SVG comes out blank,
// which is the failure this guards against), PDFs are vector with DejaVu Sans embedded and byte-identical for the
// same input, and a figure spec compiles without vega-lite warnings.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { afterAll, describe, expect, it } from 'vitest';
import { FONT_FILES, rasterize, specToSvg, svgSize, svgToPdf } from '../../src/results/render.js';
import { stressDayPrices } from '../../src/results/figures/stress-day-prices.js';
import type { Figure } from '../../src/results/figures/common.js';
import { syntheticRun } from './fixtures.js';

const TEXT_ONLY = '<svg xmlns="http://www.w3.org/2000/svg" width="240" height="60"><rect width="240" height="60" fill="white"/><text x="10" y="40" font-family="DejaVu Sans" font-size="28">σ −8.65% κ</text></svg>';
const tmp = mkdtempSync(join(tmpdir(), 'cascade-render-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Pixels whose RGB is clearly not white. */
function inked(pixels: Buffer): number {
  let n = 0;
  for (let p = 0; p < pixels.length; p += 4) if (pixels[p]! + pixels[p + 1]! + pixels[p + 2]! < 600) n++;
  return n;
}

const hasPdffonts = spawnSync('pdffonts', ['-v']).error === undefined;

describe('PNG', () => {
  it('a text-only SVG rasterises to visible glyphs with the shipped fonts', async () => {
    const r = await rasterize(TEXT_ONLY);
    expect([r.width, r.height]).toEqual([480, 120]);
    expect(inked(r.pixels)).toBeGreaterThan(1500);
    expect(r.png.subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('the same SVG with no font loaded comes out blank (why fonts are loaded explicitly)', () => {
    const blank = new Resvg(TEXT_ONLY, { font: { loadSystemFonts: false, fontFiles: [] } }).render();
    expect(inked(blank.pixels)).toBe(0);
  });

  it('an unknown font family falls back to DejaVu Sans instead of vanishing', async () => {
    const r = await rasterize(TEXT_ONLY.replace('DejaVu Sans', 'No Such Font'));
    expect(inked(r.pixels)).toBeGreaterThan(1500);
  });

  it('a real figure: its text adds thousands of inked pixels over the same SVG without <text>', async () => {
    const log = { warnings: [] as string[] };
    const svg = await specToSvg((stressDayPrices(syntheticRun()) as Figure).spec, log);
    expect(log.warnings).toEqual([]);
    expect(svg).toContain('font-family="DejaVu Sans"');
    const withText = inked((await rasterize(svg, 1)).pixels);
    const without = inked((await rasterize(svg.replace(/<text[^>]*>[^<]*<\/text>/g, ''), 1)).pixels);
    expect(withText - without).toBeGreaterThan(3000);
  });
});

describe('PDF', () => {
  it('is a one-page vector PDF of the SVG’s size, identical bytes for the same input', async () => {
    const a = join(tmp, 'a.pdf');
    const b = join(tmp, 'b.pdf');
    await svgToPdf(TEXT_ONLY, a);
    await svgToPdf(TEXT_ONLY, b);
    const bytes = readFileSync(a);
    expect(bytes.equals(readFileSync(b))).toBe(true);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = bytes.toString('latin1');
    expect(text).toContain('/MediaBox [0 0 240 60]');
    expect(text).not.toContain('/Subtype /Image');
    expect(svgSize(TEXT_ONLY)).toEqual({ width: 240, height: 60 });
  });

  it.skipIf(!hasPdffonts)('embeds DejaVu Sans (pdffonts: emb yes) — skipped without poppler-utils', async () => {
    const p = join(tmp, 'fonts.pdf');
    await svgToPdf(TEXT_ONLY, p);
    const out = spawnSync('pdffonts', [p], { encoding: 'utf8' }).stdout;
    const rows = out.split('\n').slice(2).filter((l) => l.trim() !== '');
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row).toMatch(/DejaVuSans/);
      expect(row.trim().split(/\s+/).at(-5)).toBe('yes');
    }
  });

  it('the font files ship with the package', () => {
    expect(readFileSync(FONT_FILES.regular).length).toBeGreaterThan(500_000);
    expect(readFileSync(FONT_FILES.bold).length).toBeGreaterThan(500_000);
  });
});
