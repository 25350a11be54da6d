// The `impact` and `daily` moment sources on real runs of a short-session copy of the baseline market: impact δ, Y
// and persistence pooled over a calibration's seeds are exactly what `cascade impact` prints for the same scenario,
// seeds and Q/V grid (through the run records' JSON, as the calibration's store carries them); daily:vol of a run is
// the σ_D the impact experiment measures on it; options and weighting are checked at load time; the cost is counted.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { extraRuns, momentRefs } from '../../src/calibrate/engine.js';
import { measureMoments, momentRun, seedMoments, type MomentRef } from '../../src/calibrate/moments.js';
import { CalibrationError, parseCalibration } from '../../src/scenario/calibration-load.js';
import { loadScenario } from '../../src/scenario/load.js';
import { formatDiagnostic } from '../../src/scenario/locate.js';
import { runScenario } from '../../src/sim/run.js';
import { makeTempDir, removeTempDir, runCli } from '../cli/run-cli.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const BASE = join(FIXTURES, 'baseline.yaml');
// Two short days (08:50-10:30): day 0 warms up, the metaorders trade on day 1.
const SETS = [
  'calendar.days=2', 'calendar.stressDay=1', 'calendar.session.preOpen=08:50', 'calendar.session.closingAuctionStart=10:20',
  'calendar.session.close=10:30', 'params.noiseTraders=120',
];
const OPTIONS = { fractions: [0.02, 0.05, 0.1], day: 1, start: '09:10', maxMinutes: 60 };
const tmp = makeTempDir();
afterAll(() => removeTempDir(tmp));

const ref = (name: string, stat: string): MomentRef => ({ name, source: 'impact', stat, instrument: 'SKH', options: OPTIONS });

/** What the calibration worker returns for one seed, after the store's JSON round trip. */
function record(seed: number, moments: readonly MomentRef[]): Record<string, number | null> {
  const { scenario } = loadScenario(BASE, { set: SETS });
  const spec = { scenario, seed };
  const r = runScenario(spec);
  return JSON.parse(JSON.stringify(measureMoments(momentRun(r.summary, r.tables, spec), moments))) as Record<string, number | null>;
}

describe('impact moments', () => {
  it('pool the seeds into exactly the δ, Y and persistence `cascade impact` computes for the same scenario, seeds and Q/V grid', () => {
    const out = join(tmp, 'impact');
    const cli = runCli(['impact', BASE, '--instrument', 'SKH', '--seeds', '2', '--fractions', '0.02,0.05,0.1', '--day', '1', '--start', '09:10',
      '--max-minutes', '60', ...SETS.flatMap((s) => ['--set', s]), '--workers', '2', '--quiet', '--out', out]);
    expect(cli.code, cli.stderr).toBe(0);
    const fit = (JSON.parse(readFileSync(join(out, 'impact.json'), 'utf8')) as { fit: Record<string, number> }).fit;
    const moments = [ref('d', 'delta'), ref('y', 'Y'), ref('p120', 'persistence120'), ref('p30', 'persistence30'), ref('s', 'sigma_daily')];
    const records = [record(1, moments), record(2, moments)];
    const rows = seedMoments(moments, records);
    expect(Number.isFinite(fit['delta'])).toBe(true);
    expect(rows[0]).toEqual([fit['delta'], fit['y'], fit['persistence120'], fit['persistence30'], fit['sigmaDaily']]);
    expect(rows[1]).toEqual(rows[0]);
    // A failed seed is NaN in its own row; the others pool what is left.
    const oneFailed = seedMoments(moments, [records[0], undefined]);
    expect(oneFailed[1]).toEqual([NaN, NaN, NaN, NaN, NaN]);
    expect(oneFailed[0]![4]).toBe(Math.sqrt(records[0]!['s#4']!)); // σ_D of seed 1 alone: its day-1 Σr² (day 0 is the warm-up)
  }, 300_000);

  it('daily:vol of a run is the σ_D the impact experiment measures on that run', () => {
    const moments: MomentRef[] = [{ name: 'v', source: 'daily', stat: 'vol', instrument: 'SKH' }, ref('s', 'sigma_daily')];
    const rec = record(3, moments);
    expect(rec['v']).toBeGreaterThan(0);
    expect(seedMoments(moments, [rec])[0]).toEqual([rec['v'], rec['v']]);
  }, 120_000);
});

describe('impact moments in a calibration file', () => {
  const file = (moment: string, extra = ''): string => `
name: impact-check
base: baseline.yaml
set: { calendar.days: 3 }
parameters:
  agents.noise-trader.ratePerMin: { min: 0.2, max: 1.2 }
moments:
  ${moment}
${extra}budget: 4
search: { design: { n: 2 } }
`;
  const problems = (text: string): string[] => {
    try {
      momentRefs(parseCalibration(text, join(FIXTURES, 'impact-check.yaml')));
      return [];
    } catch (e) {
      if (!(e instanceof CalibrationError)) throw e;
      return e.diagnostics.map((d) => formatDiagnostic(d).replace(FIXTURES, ''));
    }
  };

  it('count their cost: 1 + fractions runs of day + 1 days per seed, shared by the moments of one experiment', () => {
    const text = file(`delta: { stat: "impact:delta", instrument: SKH, target: 0.5, tolerance: 0.1, options: { fractions: [0.01, 0.05, 0.1], day: 1 } }
  Y: { stat: "impact:Y", instrument: SKH, target: 0.9, tolerance: 0.6, options: { fractions: [0.01, 0.05, 0.1], day: 1 } }
  trades: { stat: "metric:trades", target: 1, tolerance: 1 }`);
    const loaded = parseCalibration(text, join(FIXTURES, 'impact-check.yaml'));
    expect(extraRuns(loaded, momentRefs(loaded))).toEqual({ runs: 4, days: 8, scenarioDays: 3 });
    const defaults = parseCalibration(file('delta: { stat: "impact:delta", target: 0.5, tolerance: 0.1 }'), join(FIXTURES, 'impact-check.yaml'));
    expect(extraRuns(defaults, momentRefs(defaults))).toEqual({ runs: 9, days: 27, scenarioDays: 3 });
  });

  it('reject bad options, a day past the run, options on a source without any, and optimal weighting, at the key', () => {
    expect(problems(file('delta: { stat: "impact:delta", target: 0.5, tolerance: 0.1, options: { fraction: [0.1] } }'))).toEqual([
      'impact-check.yaml:8:63: moments.delta.options: unknown impact option "fraction" (known: fractions, day, start, side, participation, minMinutes, maxMinutes, fitMax)',
    ]);
    expect(problems(file('delta: { stat: "impact:delta", target: 0.5, tolerance: 0.1, options: { day: 3 } }'))).toEqual([
      "impact-check.yaml:8:63: moments.delta.options: impact option day 3 is past the scenario's last day (2); set calendar.days or a smaller day",
    ]);
    expect(problems(file('delta: { stat: "impact:delta", target: 0.5, tolerance: 0.1, options: { fractions: [0.1, 0.1] } }'))).toEqual([
      'impact-check.yaml:8:63: moments.delta.options: impact option fractions must be a list of at least 2 distinct numbers in (0, 1]',
    ]);
    expect(problems(file('delta: { stat: "impact:slope", target: 0.5, tolerance: 0.1 }'))).toEqual([
      'impact-check.yaml:8:18: moments.delta.stat: unknown impact statistic "slope" (known: delta, Y, persistence120, persistence30, sigma_daily)',
    ]);
    expect(problems(file('t: { stat: "metric:trades", target: 1, tolerance: 1, options: { day: 1 } }'))).toEqual([
      'impact-check.yaml:8:56: moments.t.options: the "metric" statistics take no options',
    ]);
    expect(problems(file('delta: { stat: "impact:delta", target: 0.5, tolerance: 0.1 }', 'weighting: optimal\n'))).toEqual([
      'impact-check.yaml:8:18: moments.delta.stat: impact statistics pool the seeds (no seed-to-seed spread); use weighting: diagonal',
    ]);
  });
});
