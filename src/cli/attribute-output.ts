// The end of an attribution (a whole one, or shards merged): its tables and manifest written (tables first, the
// manifest last, each atomically), and the lines printed on stderr — the efficiency check and each metric's
// attribution in one line. Shared by `cascade attribute` and `cascade merge`.
import type { AttributionPlan } from '../sweep/attribution-plan.js';
import type { RunRecord } from '../sweep/store.js';
import type { MetricGames } from '../results/attribution-tables.js';

/** Write the tables and the manifest (given `efficiency` is added); returns the games for printing. */
export async function writeAttribution(outDir: string, plan: AttributionPlan, records: readonly RunRecord[], metrics: readonly string[], manifest: Record<string, unknown>): Promise<MetricGames[]> {
  const { attributionTables } = await import('../results/attribution-tables.js');
  const { writeSweepOutputs } = await import('../results/sweep-output.js');
  const { tables, games } = attributionTables(plan, records, metrics);
  const efficiency = {
    maxAbsError: games.reduce((m, g) => Math.max(m, g.efficiencyError), 0),
    seedsPerMetric: Object.fromEntries(games.map((g) => [g.metric, g.seeds.length])),
  };
  await writeSweepOutputs(outDir, tables, { ...manifest, efficiency });
  return games;
}

/** The efficiency line: Σφ against v(N) − v(∅), per seed, the largest difference. */
export function efficiencyLine(games: readonly MetricGames[]): string {
  const pairs = games.reduce((n, g) => n + g.seeds.length, 0);
  const err = games.reduce((m, g) => Math.max(m, g.efficiencyError), 0);
  return `efficiency check: per seed, the Shapley values sum to v(all agents) - v(none of the listed kinds); largest |difference| over ${pairs} (seed, metric) games: ${err.toExponential(1)}`;
}

/** One line per metric: baseline, each kind's mean Shapley value [95% interval], total. */
export async function attributionLines(plan: AttributionPlan, games: readonly MetricGames[], currency: string): Promise<string[]> {
  const { attributionTable, BASELINE_ROW, TOTAL_ROW } = await import('../results/attribution-tables.js');
  const { metricDef, formatMetric } = await import('../results/metric-names.js');
  const { formatSig } = await import('../results/format.js');
  const t = attributionTable(plan, games);
  const col = (name: string): ArrayLike<unknown> => t.columns.find((c) => c.name === name)!.values;
  const [metric, row, phi, lo, hi] = ['metric', 'kind', 'shapley', 'ci_low', 'ci_high'].map(col) as [string[], string[], Float64Array, Float64Array, Float64Array];
  return games.map((g) => {
    const kind = metricDef(g.metric).kind;
    // a count's Shapley value need not be whole: 4 significant digits, not rounded to an integer
    const fmt = (x: number): string => (kind === 'count' ? formatSig(x, 4) : formatMetric(kind, x, currency));
    const parts: string[] = [];
    for (let r = 0; r < t.rowCount; r++) {
      if (metric[r] !== g.metric) continue;
      if (row[r] === BASELINE_ROW) parts.push(`baseline ${fmt(phi[r]!)}`);
      else if (row[r] === TOTAL_ROW) parts.push(`total ${fmt(phi[r]!)}`);
      else if (plan.kinds.includes(row[r]!)) parts.push(`${row[r]} ${fmt(phi[r]!)}${Number.isFinite(lo[r]!) ? ` [${fmt(lo[r]!)}, ${fmt(hi[r]!)}]` : ''}`);
    }
    return `  ${g.metric} (${g.seeds.length} seeds): ${parts.join('; ')}`;
  });
}
