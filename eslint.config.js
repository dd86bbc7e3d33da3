// Lint: a focused set of rules that catch real defects in this code base (a promise nobody waits for,
// a promise where a callback's return is ignored, a switch that forgets a case), not style, which
// prettier owns. The TypeScript rules are type-aware: they read the types tsc computes, through the
// same tsconfig.json the typecheck uses, so src/, test/ and bench/ are linted as tsc sees them.

import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';

// Core rules that are bugs whatever the style (the recommended set minus what tsc already checks and
// minus taste, such as no-empty or no-control-regex, which the protocol encoders use on purpose, or
// no-promise-executor-return, which here only objects to executors like `(r) => ws.on('close', r)`).
const bugRules = {
  'no-async-promise-executor': 'error',
  'no-compare-neg-zero': 'error',
  'no-cond-assign': 'error',
  'no-constant-binary-expression': 'error',
  'no-constant-condition': ['error', { checkLoops: false }],
  'no-debugger': 'error',
  'no-dupe-else-if': 'error',
  'no-duplicate-case': 'error',
  'no-empty-pattern': 'error',
  'no-loss-of-precision': 'error',
  'no-self-assign': 'error',
  'no-self-compare': 'error',
  'no-sparse-arrays': 'error',
  'no-unreachable-loop': 'error',
  'no-unsafe-finally': 'error',
  'no-unsafe-optional-chaining': 'error',
  'no-useless-catch': 'error',
  'use-isnan': 'error',
  'valid-typeof': 'error',
};

// The type-aware rules: promises, type imports (type-only imports vanish from the emitted JS, so a
// module imported only for its types is not loaded, and the layering test sees what is real),
// assertions tsc no longer needs, and switches over a union that miss a member.
const typedRules = {
  '@typescript-eslint/await-thenable': 'error',
  '@typescript-eslint/consistent-type-imports': [
    'error',
    { prefer: 'type-imports', fixStyle: 'inline-type-imports' },
  ],
  '@typescript-eslint/no-floating-promises': 'error',
  '@typescript-eslint/no-for-in-array': 'error',
  '@typescript-eslint/no-misused-promises': 'error',
  '@typescript-eslint/no-unnecessary-type-assertion': 'error',
  '@typescript-eslint/only-throw-error': 'error',
  // Passing on a caught reason (typed unknown) as it is stays allowed: wrapping it would hide the
  // hardware error classes callers test for; what is flagged is rejecting with a new non-Error.
  '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
  '@typescript-eslint/return-await': ['error', 'in-try-catch'],
  '@typescript-eslint/switch-exhaustiveness-check': [
    'error',
    { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false },
  ],
};

// What the operator console's page (plain browser JS, no bundler) uses from the browser.
const browserGlobals = Object.fromEntries(
  [
    'HTMLInputElement',
    'WebSocket',
    'clearTimeout',
    'console',
    'document',
    'fetch',
    'location',
    'performance',
    'requestAnimationFrame',
    'setInterval',
    'setTimeout',
  ].map((name) => [name, 'readonly']),
);

// What plain Node scripts and worker entries use from Node.
const nodeGlobals = Object.fromEntries(
  ['Buffer', 'URL', 'clearTimeout', 'console', 'process', 'setImmediate', 'setTimeout'].map((name) => [
    name,
    'readonly',
  ]),
);

export default tseslint.config(
  {
    ignores: ['dist/', 'node_modules/', 'coverage/', 'bench/out/'],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: {
        // The config files (vitest.config.ts) sit outside tsconfig.json's include; the default
        // project gives them types without adding them to the typecheck.
        projectService: { allowDefaultProject: ['*.ts'] },
        tsconfigRootDir: dirname(fileURLToPath(import.meta.url)),
      },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: { ...bugRules, ...typedRules },
  },
  {
    // Plain JavaScript: no types to read, so the core rules plus the ones tsc gives TypeScript.
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { sourceType: 'module', globals: nodeGlobals },
    rules: { ...bugRules, 'no-undef': 'error', 'no-unused-vars': 'error' },
  },
  {
    files: ['src/operator/console/**/*.js'],
    languageOptions: { globals: browserGlobals },
  },
);
