// Lint: typescript-eslint recommended plus the determinism bans of DESIGN.md (no Math.random, no wall clock
// below cli/ and sweep/). Type-aware rules are left out to keep CI fast; `tsc` covers types.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const wallClock = [
  { object: 'Math', property: 'random', message: 'Use a seeded stream from src/core/rng.ts (determinism).' },
  { object: 'Date', property: 'now', message: 'No wall clock in the simulation; SimTime comes from the kernel.' },
  { object: 'performance', property: 'now', message: 'No wall clock in the simulation; SimTime comes from the kernel.' },
];

export default tseslint.config(
  // bench/gen.mjs is a verbatim copy of the project's shared stream generator: kept identical, not linted.
  { ignores: ['dist/', 'node_modules/', 'bench/streams/', 'bench/gen.mjs', 'results/', 'scratch/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', performance: 'readonly' } },
  },
  {
    files: ['src/core/**', 'src/finance/**', 'src/market/**', 'src/agents/**', 'src/scenario/**', 'src/sim/**'],
    rules: { 'no-restricted-properties': ['error', ...wallClock] },
  },
);
