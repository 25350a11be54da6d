// The catalog of malformed scenario files in test/scenario/bad/: for each, where the error must be reported
// (file relative to bad/, line, col) and a phrase its message must contain. Shared by the `validate` catalog test
// and the `run` command's tests (which must refuse the same files with the same line).
import { fileURLToPath } from 'node:url';

/** Absolute path of test/scenario/bad/ (with a trailing slash). */
export const BAD_DIR = fileURLToPath(new URL('./bad/', import.meta.url));

export interface BadCase {
  /** The file to load, relative to bad/. */
  readonly file: string;
  /** The file the diagnostic is in, relative to bad/, when not `file` itself (an error inside a parent). */
  readonly in?: string;
  readonly line: number;
  readonly col: number;
  /** Text the diagnostic's message must contain. */
  readonly phrase: string;
}

export const BAD_CASES: readonly BadCase[] = [
  // YAML itself
  { file: 'syntax-error.yaml', line: 4, col: 1, phrase: 'YAML syntax error: Flow sequence in block collection' },
  { file: 'duplicate-key.yaml', line: 3, col: 1, phrase: 'duplicate key "seed"' },
  { file: 'multiple-documents.yaml', line: 8, col: 1, phrase: 'holds one YAML document' },
  { file: 'empty-file.yaml', line: 1, col: 1, phrase: 'the scenario file is empty' },
  { file: 'top-level-list.yaml', line: 1, col: 1, phrase: 'must be a map of keys' },
  // keys and types
  { file: 'unknown-top-key.yaml', line: 2, col: 1, phrase: 'unknown key "seeed" (did you mean "seed"?)' },
  { file: 'unknown-nested-key.yaml', line: 4, col: 5, phrase: 'market.latency.orderUS: unknown key "orderUS" (did you mean "orderUs"?)' },
  { file: 'missing-name.yaml', line: 1, col: 1, phrase: 'missing required key "name"' },
  { file: 'bad-name.yaml', line: 1, col: 7, phrase: 'name: a name is 1-64 characters' },
  { file: 'wrong-type.yaml', line: 2, col: 1, phrase: 'seed: Invalid input: expected number, received array' },
  { file: 'non-finite.yaml', line: 2, col: 7, phrase: 'expected number, received Infinity' },
  // agents
  { file: 'negative-count.yaml', line: 7, col: 12, phrase: 'agents[0].count: Too small: expected number to be >=1' },
  { file: 'huge-count.yaml', line: 7, col: 12, phrase: 'agents[0].count: Too big: expected number to be <=100000' },
  { file: 'unknown-agent-kind.yaml', line: 6, col: 11, phrase: 'unknown agent kind "noise-traders" (did you mean "noise-trader"?); valid kinds: noise-trader' },
  { file: 'missing-agent-kind.yaml', line: 6, col: 5, phrase: 'agents[0]: missing required key "kind" (one of: noise-trader' },
  { file: 'empty-agents.yaml', line: 5, col: 1, phrase: 'agents: Too small: expected array to have >=1 items' },
  { file: 'agent-param-probability.yaml', line: 9, col: 16, phrase: 'agents[0].params.pMarket: Too big: expected number to be <=1' },
  { file: 'agent-param-unknown.yaml', line: 8, col: 15, phrase: 'unknown key "pMarkt" (did you mean "pMarket"?)' },
  { file: 'agent-instrument-unknown.yaml', line: 8, col: 34, phrase: 'agents[0].params.instruments[1]: no instrument "XYZ"' },
  { file: 'endowment-unknown-symbol.yaml', line: 10, col: 30, phrase: 'agents[0].endowment.positions.BBB: no instrument "BBB"' },
  { file: 'endowment-with-unknown-kind.yaml', line: 10, col: 24, phrase: 'agents[0].endowment.positionsWith.leveraged-etf: the scenario has no agents of kind "leveraged-etf" (it has noise-trader)' },
  // expressions
  { file: 'expr-syntax.yaml', line: 8, col: 12, phrase: 'bad expression "nNoise *": Unexpected end of expression' },
  { file: 'expr-import.yaml', line: 8, col: 12, phrase: 'function import() is not allowed' },
  { file: 'expr-assignment.yaml', line: 8, col: 12, phrase: 'assignments are not allowed in expression "nNoise = 5"' },
  { file: 'expr-unknown-symbol.yaml', line: 8, col: 12, phrase: 'unknown name "nNoize" in expression "nNoize / 2" (did you mean "nNoise"?); known params: nNoise' },
  { file: 'expr-infinity.yaml', line: 6, col: 21, phrase: 'expression "basePrice / 0" gives Infinity, not a finite number' },
  { file: 'expr-not-integer.yaml', line: 8, col: 12, phrase: 'expected int, received number (from expression "nNoise / 3" = 33.33' },
  { file: 'param-is-expression.yaml', line: 4, col: 6, phrase: 'params.b: a param must be a plain number' },
  // calendar
  { file: 'stress-day.yaml', line: 4, col: 14, phrase: 'calendar.stressDay: must be less than days (3), got 3' },
  { file: 'bad-clock.yaml', line: 4, col: 11, phrase: 'calendar.session.open: bad clock time "9h00"' },
  { file: 'session-order.yaml', line: 3, col: 51, phrase: 'close (15:10) must be after closingAuctionStart (15:20)' },
  // market
  { file: 'off-tick.yaml', line: 4, col: 36, phrase: '71050 is not a valid price on the krx-stock tick grid (tick 100 at this price); nearest valid prices: 71000 and 71100' },
  { file: 'tick-table-typo.yaml', line: 7, col: 18, phrase: 'tickTable: Invalid option: expected one of "krx-stock"|"krx-etf"|"uniform" (did you mean "krx-stock"?)' },
  { file: 'duplicate-symbol.yaml', line: 5, col: 17, phrase: 'market.instruments[1].symbol: duplicate symbol "AAA" (also instruments[0])' },
  { file: 'leverage-zero.yaml', line: 4, col: 81, phrase: 'leverage must not be 0' },
  { file: 'shares-too-many.yaml', line: 4, col: 62, phrase: 'sharesOutstanding: Too big' },
  { file: 'index-constituent-unknown.yaml', line: 7, col: 25, phrase: 'market.index.constituents[1]: no instrument "ZZZ"' },
  // fundamentals
  { file: 'process-unknown-symbol.yaml', line: 4, col: 5, phrase: 'fundamentals.processes.AAB: no instrument "AAB" (did you mean "AAA"?)' },
  { file: 'shock-unknown-symbol.yaml', line: 4, col: 44, phrase: 'shocks[0].instrument: no instrument "AAB" (did you mean "AAA"?)' },
  { file: 'shock-at-night.yaml', line: 4, col: 23, phrase: 'shocks[0].time: 20:00 is outside the session (08:30 to before 15:30)' },
  { file: 'shock-past-last-day.yaml', line: 5, col: 14, phrase: 'shocks[0].day: day 5 is past the last day (5 days: 0..4)' },
  { file: 'shock-both-targets.yaml', line: 4, col: 56, phrase: 'a shock needs exactly one of `instrument: <symbol>` or `index: true`' },
  { file: 'shock-index-without-index.yaml', line: 4, col: 39, phrase: 'an index shock needs `market.index` to be defined' },
  { file: 'shock-size.yaml', line: 4, col: 55, phrase: 'shocks[0].size: Too small: expected number to be >-0.99' },
  // outputs
  { file: 'output-table-typo.yaml', line: 3, col: 20, phrase: 'outputs.tables[1]: Invalid option' },
  // extends
  { file: 'self-extends.yaml', line: 1, col: 10, phrase: 'circular extends: self-extends.yaml -> self-extends.yaml' },
  { file: 'circular-extends.yaml', in: 'parents/circular-b.yaml', line: 2, col: 10, phrase: 'circular extends: circular-extends.yaml -> circular-b.yaml -> circular-extends.yaml' },
  { file: 'missing-extends.yaml', line: 1, col: 10, phrase: 'extends file "parents/nope.yaml" not found' },
  { file: 'extends-not-a-path.yaml', line: 1, col: 10, phrase: '`extends` must be the path of a scenario file' },
  { file: 'error-in-parent.yaml', in: 'parents/bad-price.yaml', line: 6, col: 21, phrase: '2001 is not a valid price on the krx-stock tick grid (tick 5 at this price); nearest valid prices: 2000 and 2005' },
  { file: 'child-overrides-parent-badly.yaml', line: 4, col: 10, phrase: 'market.rules: Invalid option: expected one of "krx"|"none"' },
];
