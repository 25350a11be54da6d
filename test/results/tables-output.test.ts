// Number formatting and the three renderings of a report table: booktabs LaTeX (pure ASCII, specials escaped,
// Unicode as LaTeX commands), Markdown (aligned pipe table, ✓/✗ marks) and HTML (escaped, status classes).
import { describe, expect, it } from 'vitest';
import { formatCount, formatMoney, formatMultiple, formatParam, formatPct, formatSig, moneyScale } from '../../src/results/format.js';
import { latexEscape, tableToLatex } from '../../src/results/latex.js';
import { tableToMarkdown } from '../../src/results/markdown.js';
import { formatMetric, metricDef, splitInstrumentMetric } from '../../src/results/metric-names.js';
import { escapeHtml, scriptJson, tableHtml } from '../../src/results/report-html.js';
import { checkTable, statusCell } from '../../src/results/report-table.js';
import type { ReportTable } from '../../src/results/report-table.js';

describe('number formats', () => {
  it('significant digits, Unicode minus, thousands separators, missing values', () => {
    expect(formatSig(3.14159, 3)).toBe('3.14');
    expect(formatSig(-0.000123456, 3)).toBe('−0.000123');
    expect(formatSig(1234567, 3)).toBe('1,234,567');
    expect(formatSig(3.1, 3)).toBe('3.10');
    expect(formatSig(1e-7, 2)).toBe('1.0e-7');
    expect(formatSig(NaN)).toBe('–');
    expect(formatSig(null)).toBe('–');
    expect(formatSig(Infinity)).toBe('–');
  });

  it('percentages, counts, multiples, money, parameters', () => {
    expect(formatPct(-0.08647)).toBe('−8.65%');
    expect(formatPct(0.5, 1)).toBe('50.0%');
    expect(formatCount(98484)).toBe('98,484');
    expect(formatCount(-1234.6)).toBe('−1,235');
    expect(formatMultiple(4.2)).toBe('4.20×');
    expect(formatMoney(3662912000, 'KRW')).toBe('3.66 bn KRW');
    expect(formatMoney(-741e6, 'USD')).toBe('−741 mn USD');
    expect(formatMoney(512, 'KRW')).toBe('512 KRW');
    expect(moneyScale(2e12)).toEqual({ div: 1e12, word: 'tn' });
    expect(formatParam(10)).toBe('10');
    expect(formatParam(1e10)).toBe('10,000,000,000');
    expect(formatParam(0.25)).toBe('0.250');
    expect(formatParam('long')).toBe('long');
  });

  it('metric names: per-instrument keys split at the first dot; known kinds format their way; unknown keys stay', () => {
    expect(splitInstrumentMetric('return.SEC')).toEqual({ prefix: 'return', symbol: 'SEC' });
    expect(splitInstrumentMetric('margin_forced_sale_value.d2')).toBeNull();
    expect(metricDef('max_drawdown.SK.H')).toEqual({ label: 'Max intraday drawdown, SK.H', kind: 'pct' });
    expect(metricDef('whatever')).toEqual({ label: 'whatever', kind: 'number' });
    expect(formatMetric('money', 6.69e6, 'USD')).toBe('6.69 mn USD');
    expect(formatMetric('number', 0.123456, 'USD')).toBe('0.1235');
  });
});

const TABLE: ReportTable = checkTable({
  name: 'demo',
  caption: 'Facts & figures: 50% of α_1 ≥ 2 — done',
  columns: [{ label: 'Name', align: 'l' }, { label: 'κ (1 min) | x', align: 'r' }],
  rows: [['a_b <c>', statusCell('−1.5', true)], ['#{x}~^\\', statusCell('n/a', null)], ['ρ_|r|(τ)', statusCell('3', false)]],
  note: 'S2: needs ≥ 20 days',
});

describe('LaTeX', () => {
  it('escapes specials, sets one-letter subscripts and superscripts, and maps the report’s Unicode to commands', () => {
    expect(latexEscape('50% & $5 #1 metric_name {x} ~ ^ \\')).toBe('50\\% \\& \\$5 \\#1 metric\\_name \\{x\\} \\textasciitilde{} \\textasciicircum{} \\textbackslash{}');
    expect(latexEscape('α̂ ≥ −2 × 3 – 4')).toBe('\\ensuremath{\\alpha} \\ensuremath{\\geq} \\ensuremath{-}2 \\ensuremath{\\times} 3 -- 4');
    expect(latexEscape('|r| < 1 日')).toBe('\\ensuremath{|}r\\ensuremath{|} \\ensuremath{<} 1 ?');
    expect(latexEscape('ρ_|r|(1), α_1, A·τ^−β, § 8.2')).toBe(
      '\\ensuremath{\\rho}\\textsubscript{\\ensuremath{|}r\\ensuremath{|}}(1), \\ensuremath{\\alpha}\\textsubscript{1}, ' +
        'A\\ensuremath{\\cdot}\\ensuremath{\\tau}\\textsuperscript{\\ensuremath{-}\\ensuremath{\\beta}}, \\S{} 8.2',
    );
  });

  it('a booktabs table float: caption, label, siunitx S columns for numbers, text columns, rules, pure ASCII', () => {
    const tex = tableToLatex(TABLE);
    expect(tex.split('\n').slice(1, 11)).toEqual([
      '\\begin{table}[htbp]',
      '\\centering',
      '\\small',
      '\\setlength{\\tabcolsep}{4pt}',
      '\\caption{Facts \\& figures: 50\\% of \\ensuremath{\\alpha}\\textsubscript{1} \\ensuremath{\\geq} 2 --- done}',
      '\\label{tab:demo}',
      '\\begin{tabular}{lr}',
      '\\toprule',
      'Name & \\ensuremath{\\kappa} (1 min) \\ensuremath{|} x \\\\',
      '\\midrule',
    ]);
    expect(tex).toContain('a\\textsubscript{b} \\ensuremath{<}c\\ensuremath{>} & \\ensuremath{-}1.5 (pass) \\\\');
    expect(tex).toContain('\\bottomrule\n\\end{tabular}');
    expect([...tex].every((ch) => ch.charCodeAt(0) < 128)).toBe(true);
    const numeric = tableToLatex(checkTable({
      name: 'n', caption: 'c', columns: [{ label: 'Metric', align: 'l' }, { label: 'Stress-day return (%)', align: 'r' }],
      rows: [['a', '−9.73'], ['b', '12.5'], ['c', '–'], ['d', '1,234']],
    }));
    expect(numeric).toContain('\\begin{tabular}{lS[table-format=-4.2]}');
    expect(numeric).toContain('Metric & {\\begin{tabular}[b]{@{}c@{}}Stress-day \\\\ return (\\%)\\end{tabular}} \\\\');
    expect(numeric).toContain('a & -9.73 \\\\\nb & 12.5 \\\\\nc & {--} \\\\\nd & 1234 \\\\');
  });

  it('a table wider than 6.5 in becomes a tabularx at \\linewidth whose long text columns wrap', () => {
    const long = 'a long explanation of an estimator that needs several lines';
    const tex = tableToLatex(checkTable({
      name: 'w', caption: 'c', columns: [{ label: 'ID', align: 'l' }, { label: 'Estimator', align: 'l' }, { label: 'Target', align: 'l' }, { label: 'A', align: 'r' }],
      rows: [['S1', long, long, '0.1 (pass)']],
    }));
    expect(tex).toContain('\\begin{tabularx}{\\linewidth}{l>{\\raggedright\\arraybackslash}X>{\\raggedright\\arraybackslash}Xr}');
    expect(tex).toContain('\\end{tabularx}');
  });
});

describe('Markdown and HTML', () => {
  it('Markdown: bold caption, alignment row, escaped pipes, ✓/✗ marks, italic note', () => {
    expect(tableToMarkdown(TABLE).split('\n')).toEqual([
      '**Facts & figures: 50% of α_1 ≥ 2 — done**',
      '',
      '| Name | κ (1 min) \\| x |',
      '| :--- | ---: |',
      '| a_b <c> | −1.5 ✓ |',
      '| #{x}~^\\\\ | n/a |',
      '| ρ_\\|r\\|(τ) | 3 ✗ |',
      '',
      '*S2: needs ≥ 20 days*',
      '',
    ]);
  });

  it('HTML: escaped text, status classes, JSON safe inside <script>', () => {
    const html = tableHtml(TABLE);
    expect(html).toContain('<td class="l">a_b &lt;c&gt;</td><td class="r pass">−1.5 ✓</td>');
    expect(html).toContain('<td class="r fail">3 ✗</td>');
    expect(escapeHtml('"<&>"')).toBe('&quot;&lt;&amp;&gt;&quot;');
    expect(scriptJson({ a: '</script><!--' })).toBe('{"a":"\\u003c/script>\\u003c!--"}');
  });

  it('checkTable rejects a row of the wrong width', () => {
    expect(() => checkTable({ name: 't', caption: '', columns: [{ label: 'a', align: 'l' }], rows: [['1', '2']] })).toThrow('table t: row 0 has 2 cells, expected 1');
  });
});
