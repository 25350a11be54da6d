// The HTML report: one self-contained file — vega, vega-lite and vega-embed's browser builds inlined, every
// figure's Vega-Lite spec with its data inlined as JSON, tables as HTML, styles inline — so it opens from disk
// with no network. Sections: overview (scenario or sweep), headline metrics, figures (interactive, SVG renderer),
// tables, stylized facts, manifest. When every chart has rendered, the page sets data-charts-rendered on <body>;
// a chart that fails sets data-chart-errors and logs to the console (what the tests look for).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { isSkipped } from './figures/common.js';
import type { FigureOutcome } from './figures/common.js';
import { cellOf } from './report-table.js';
import type { ReportTable } from './report-table.js';

/** One labelled value of the overview or manifest section. */
export interface KeyValue {
  readonly label: string;
  readonly value: string;
}

export interface HtmlReportInput {
  readonly title: string;
  readonly subtitle: string;
  readonly overview: readonly KeyValue[];
  readonly overviewTables: readonly ReportTable[];
  readonly headline: readonly ReportTable[];
  readonly figures: readonly FigureOutcome[];
  readonly tables: readonly ReportTable[];
  readonly facts: ReportTable | null;
  readonly manifest: readonly KeyValue[];
  readonly manifestJson: unknown;
}

/** Escape text for HTML content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

/** JSON that is safe inside a <script> element (no "</script", no "<!--"). */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replaceAll('<', '\\u003c').replaceAll('\u2028', '\\u2028').replaceAll('\u2029', '\\u2029');
}

const require = createRequire(import.meta.url);

/** The minified browser build of a package, from the folder of its resolved entry point. */
function browserBuild(pkg: string, file: string): string {
  const js = readFileSync(join(dirname(require.resolve(pkg)), file), 'utf8');
  if (/<\/script|<!--/i.test(js)) throw new Error(`${pkg}/${file} contains "</script" or "<!--"; cannot inline it safely`);
  return js;
}

/** vega, vega-lite and vega-embed, in load order. */
function libraries(): string {
  return [browserBuild('vega', 'vega.min.js'), browserBuild('vega-lite', 'vega-lite.min.js'), browserBuild('vega-embed', 'vega-embed.min.js')]
    .map((js) => `<script>${js}</script>`)
    .join('\n');
}

export function tableHtml(t: ReportTable): string {
  const head = t.columns.map((c) => `<th class="${c.align}">${escapeHtml(c.label)}</th>`).join('');
  const body = t.rows
    .map((r) => `<tr>${r.map((c, i) => {
      const cell = cellOf(c);
      const mark = cell.status === 'pass' ? ' ✓' : cell.status === 'fail' ? ' ✗' : '';
      const cls = [t.columns[i]?.align ?? 'l', cell.status ?? ''].join(' ').trim();
      return `<td class="${cls}">${escapeHtml(cell.text)}${mark}</td>`;
    }).join('')}</tr>`)
    .join('\n');
  const note = t.note ? `<p class="note">${escapeHtml(t.note)}</p>` : '';
  return `<figure class="table" id="table-${t.name}"><figcaption>${escapeHtml(t.caption)}</figcaption>\n<table><thead><tr>${head}</tr></thead>\n<tbody>${body}</tbody></table>${note}</figure>`;
}

function keyValues(kv: readonly KeyValue[]): string {
  return `<dl>${kv.map((x) => `<dt>${escapeHtml(x.label)}</dt><dd>${escapeHtml(x.value)}</dd>`).join('')}</dl>`;
}

function figureHtml(f: FigureOutcome): string {
  if (isSkipped(f)) return `<figure class="skipped" id="fig-${f.name}"><figcaption>${escapeHtml(f.title)}</figcaption><p class="note">Not drawn: ${escapeHtml(f.skipped)}.</p></figure>`;
  return `<figure class="chart"><div class="vega" id="fig-${f.name}"></div><figcaption>${escapeHtml(f.caption)} <span class="files">figures/${f.name}.{svg,png,pdf}</span></figcaption></figure>`;
}

const STYLE = `body{font-family:'DejaVu Sans',Verdana,sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;color:#222;line-height:1.4}
h1{margin-bottom:0}.subtitle{color:#555;margin-top:.2em}nav a{margin-right:1em}section{margin-top:2.5em}
table{border-collapse:collapse;margin:.5em 0;font-size:.9em}th,td{padding:.25em .7em}thead th{border-top:2px solid #222;border-bottom:1px solid #222}
tbody tr:last-child td{border-bottom:2px solid #222}.r{text-align:right}.l{text-align:left}td.pass{color:#1a7f37}td.fail{color:#c62828}td.na{color:#888}
figure{margin:1.5em 0}figcaption{font-size:.9em;color:#444}.files{color:#888;font-family:monospace}.note{color:#666;font-size:.85em}
dl{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}dt{font-weight:bold}dd{margin:0;font-family:monospace;word-break:break-all}
details pre{background:#f6f6f6;padding:1em;overflow:auto;font-size:.8em}`;

const BOOT = `(function(){
var specs=JSON.parse(document.getElementById('report-specs').textContent),done=0,errors=[];
function finish(){document.body.setAttribute('data-charts-rendered',String(done));document.body.setAttribute('data-chart-errors',String(errors.length));}
Promise.all(specs.map(function(s){return vegaEmbed('#fig-'+s.name,s.spec,{renderer:'svg',actions:{export:true,source:true,compiled:true,editor:false}})
.then(function(){done++;},function(e){errors.push(s.name);console.error('figure '+s.name+' failed: '+e);});})).then(finish);
})();`;

/** The whole report as one HTML string. */
export function buildHtml(r: HtmlReportInput): string {
  const specs = r.figures.filter((f) => !isSkipped(f)).map((f) => ({ name: f.name, spec: (f as { spec: unknown }).spec }));
  const section = (id: string, title: string, body: string): string => `<section id="${id}"><h2>${escapeHtml(title)}</h2>\n${body}\n</section>`;
  const sections = [
    section('overview', 'Overview', keyValues(r.overview) + r.overviewTables.map(tableHtml).join('\n')),
    section('headline', 'Headline metrics', r.headline.map(tableHtml).join('\n')),
    section('figures', 'Figures', r.figures.map(figureHtml).join('\n')),
    ...(r.tables.length > 0 ? [section('tables', 'Tables', r.tables.map(tableHtml).join('\n'))] : []),
    ...(r.facts ? [section('facts', 'Stylized facts', tableHtml(r.facts))] : []),
    section('manifest', 'Manifest (to reproduce)', `${keyValues(r.manifest)}<details><summary>manifest.json</summary><pre>${escapeHtml(JSON.stringify(r.manifestJson, null, 2))}</pre></details>`),
  ];
  const nav = ['overview', 'headline', 'figures', ...(r.tables.length > 0 ? ['tables'] : []), ...(r.facts ? ['facts'] : []), 'manifest']
    .map((id) => `<a href="#${id}">${id}</a>`).join('');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(r.title)}</title><style>${STYLE}</style>
${libraries()}
</head><body>
<h1>${escapeHtml(r.title)}</h1><p class="subtitle">${escapeHtml(r.subtitle)}</p><nav>${nav}</nav>
${sections.join('\n')}
<script type="application/json" id="report-specs">${scriptJson(specs)}</script>
<script>${BOOT}</script>
</body></html>
`;
}
