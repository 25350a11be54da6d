// Figure: the option dealers' gamma by day — the `dealer_gamma.<SYM>` metric the option-dealer agent publishes at
// each day's end (the change in its hedge, in money, for a 1% move of the underlying: Γ·S²·1%), per underlying in
// its own colour, in the reporting currency. Negative: the dealer is short gamma and its hedging sells into falls.
// Skipped when no dealer published it.
import { numCol, strCol } from '../columns.js';
import { moneyScale } from '../format.js';
import type { RunData } from '../run-data.js';
import { instrumentColorScale, maxAbs, roundSig, topLevel } from './common.js';
import type { FigureOutcome } from './common.js';

export const DEALER_GAMMA = 'dealer-gamma';
const PREFIX = 'dealer_gamma.';

export function dealerGamma(run: RunData): FigureOutcome {
  const title = 'Option-dealer gamma by day';
  const metrics = run.tables.get('metrics');
  if (metrics === undefined) return { name: DEALER_GAMMA, title, skipped: 'the run has no metrics table' };
  const day = numCol(metrics, 'day');
  const name = strCol(metrics, 'name');
  const value = numCol(metrics, 'value');
  const raw: { instrument: string; day: number; gamma: number }[] = [];
  for (let r = 0; r < metrics.rowCount; r++) {
    if (name[r]!.startsWith(PREFIX) && Number.isFinite(value[r]!)) raw.push({ instrument: name[r]!.slice(PREFIX.length), day: day[r]!, gamma: value[r]! / run.info.fxRate });
  }
  if (raw.length === 0) return { name: DEALER_GAMMA, title, skipped: 'no dealer_gamma.<SYM> metric in the metrics table (no option dealers)' };
  const { div, word } = moneyScale(maxAbs(raw.map((x) => x.gamma)));
  const unit = `${word ? `${word} ` : ''}${run.info.reportCurrency}`;
  const values = raw.map((x) => ({ ...x, gamma: roundSig(x.gamma / div, 5) }));
  const scale = instrumentColorScale(run, values.map((v) => v.instrument));
  const spec = topLevel(title, `Γ·S²·1% at each day's end, ${unit} per 1% move; negative = short gamma`, {
    width: 300,
    height: 180,
    layer: [
      { data: { values: [{ y: 0 }] }, mark: { type: 'rule', color: '#cccccc' }, encoding: { y: { field: 'y', type: 'quantitative' } } },
      {
        data: { values },
        mark: { type: 'line', point: true },
        encoding: {
          x: { field: 'day', type: 'quantitative', title: 'day', axis: { tickMinStep: 1, format: 'd' } },
          y: { field: 'gamma', type: 'quantitative', title: `dealer gamma (${unit} per 1%)` },
          color: { field: 'instrument', type: 'nominal', title: 'underlying', scale },
          tooltip: [{ field: 'instrument' }, { field: 'day' }, { field: 'gamma', title: unit }],
        },
      },
    ],
  });
  return { name: DEALER_GAMMA, title, caption: `Option dealers' dollar gamma per underlying at each day's end (hedge change for a 1% move), ${unit}.`, spec, columns: 1 };
}
