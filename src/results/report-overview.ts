// The descriptive parts of the HTML report: the overview (scenario: calendar, instruments, agent groups; or the
// sweep: its parameters and plan) and the manifest facts a reader needs to reproduce the result (tool version,
// git commit, seed, scenario path and sha256, overrides, disabled kinds, Node version, start time).
import { formatCount, formatParam } from './format.js';
import type { KeyValue } from './report-html.js';
import { checkTable } from './report-table.js';
import type { ReportTable } from './report-table.js';
import type { Json, RunData, SweepData } from './run-data.js';
import type { SweepView } from './sweep-stats.js';

interface Overview {
  readonly title: string;
  readonly subtitle: string;
  readonly overview: KeyValue[];
  readonly overviewTables: ReportTable[];
  readonly manifest: KeyValue[];
}

const obj = (x: unknown): Json => (x !== null && typeof x === 'object' && !Array.isArray(x) ? (x as Json) : {});
const arr = (x: unknown): Json[] => (Array.isArray(x) ? x.map(obj) : []);
const text = (x: unknown): string => (x === undefined || x === null ? '–' : typeof x === 'string' ? x : JSON.stringify(x));

/** The manifest entries that identify a result, in a fixed order, skipping those absent. */
function manifestFacts(m: Json, keys: readonly (readonly [string, string])[]): KeyValue[] {
  return keys.filter(([k]) => k in m).map(([k, label]) => ({ label, value: text(m[k]) }));
}

const RUN_KEYS = [
  ['tool', 'tool'], ['version', 'version'], ['gitCommit', 'git commit'], ['gitDirty', 'uncommitted changes'], ['lockfileSha256', 'lockfile sha256'],
  ['seed', 'seed'], ['scenarioPath', 'scenario file'], ['scenarioSha256', 'scenario sha256'], ['scenarioResolvedSha256', 'resolved scenario sha256'],
  ['overrides', 'overrides (--set)'], ['disable', 'disabled kinds'], ['node', 'Node.js'],
  ['startedAt', 'started at'], ['wallSeconds', 'wall seconds'], ['reproduce', 'reproduce'],
] as const;

const SWEEP_KEYS = [
  ['tool', 'tool'], ['version', 'version'], ['gitCommit', 'git commit'], ['gitDirty', 'uncommitted changes'], ['lockfileSha256', 'lockfile sha256'],
  ['sweepPath', 'sweep file'], ['sweepSha256', 'sweep sha256'], ['baseScenarioResolvedSha256', 'resolved base scenario sha256'],
  ['planSha256', 'plan sha256'], ['seed', 'sweep seed'], ['node', 'Node.js'], ['startedAt', 'started at'], ['reproduce', 'reproduce'],
] as const;

function instrumentsTable(sc: Json): ReportTable {
  const rows = arr(obj(sc['market'])['instruments']).map((i) => [text(i['symbol']), text(i['name'] ?? ''), formatCount(i['initialPrice'] as number), formatParam(i['leverage'] as number)]);
  return checkTable({
    name: 'scenario-instruments',
    caption: 'Instruments',
    columns: [{ label: 'Symbol', align: 'l' }, { label: 'Name', align: 'l' }, { label: 'Initial price', align: 'r' }, { label: 'Leverage', align: 'r' }],
    rows,
  });
}

function agentsTable(sc: Json): ReportTable {
  const rows = arr(sc['agents']).map((a) => [text(a['kind']), formatCount(a['count'] as number)]);
  return checkTable({ name: 'scenario-agents', caption: 'Agent groups', columns: [{ label: 'Kind', align: 'l' }, { label: 'Count', align: 'r' }], rows });
}

/** Overview and manifest facts of a run. */
export function runOverview(run: RunData): Overview {
  const sc = obj(run.manifest['scenario']);
  const i = run.info;
  return {
    title: `cascade report: ${i.name}`,
    subtitle: `${i.description || 'run'} — run directory ${run.dir}`,
    overview: [
      { label: 'scenario', value: i.name },
      { label: 'days', value: String(i.days) },
      { label: 'stress day', value: `day ${i.stressDay} (0-based, as in the tables)` },
      { label: 'seed', value: text(run.manifest['seed']) },
      { label: 'currency', value: i.reportCurrency === i.currency ? i.currency : `${i.currency} (values in ${i.reportCurrency})` },
      { label: 'index', value: i.indexName ?? 'none' },
    ],
    overviewTables: [instrumentsTable(sc), agentsTable(sc)].filter((t) => t.rows.length > 0),
    manifest: manifestFacts(run.manifest, RUN_KEYS),
  };
}

/** Overview and manifest facts of a sweep. */
export function sweepOverview(sweep: SweepData, view: SweepView): Overview {
  const m = sweep.manifest;
  const spec = obj(m['sweep'] ?? m['spec']);
  const name = text(spec['name'] ?? m['name'] ?? 'sweep');
  const ok = view.runs.columns.find((c) => c.name === 'status');
  const nOk = ok && ok.type === 'string' ? ok.values.filter((s) => s === 'ok').length : 0;
  return {
    title: `cascade report: sweep ${name}`,
    subtitle: `${text(spec['description'] ?? '') === '–' ? '' : text(spec['description'])} — sweep directory ${sweep.dir}`,
    overview: [
      { label: 'sweep', value: name },
      { label: 'parameters', value: view.params.length > 0 ? view.params.join(', ') : 'none' },
      { label: 'points', value: String(view.pointIds.length) },
      { label: 'counterfactuals', value: view.counterfactuals.join(', ') },
      { label: 'runs', value: `${view.runs.rowCount} (${nOk} ok, ${view.runs.rowCount - nOk} failed)` },
    ],
    overviewTables: [],
    manifest: manifestFacts(m, SWEEP_KEYS),
  };
}
