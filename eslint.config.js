import { readFileSync } from 'node:fs';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';

const root = import.meta.dirname;
const { workspaces } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
// Test code may use devDependencies (the root's: vitest, playwright, …); production code may not.
const testCode = ['**/*.test.ts', '**/test/**', '**/testing/**', '**/fixtures/**', 'e2e/**', 'bench/**', 'scripts/**', '**/vite.config.ts', '*.config.ts', '*.config.js', 'pdf/forms/generate.ts'];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'data/**', 'pdf/forms/*.pdf'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration in signaling/src/config.ts only.' }],
    },
  },
  {
    files: ['**/*.tsx', 'call-client/src/**/*.ts', 'citizen-web/src/**/*.ts', 'desk-web/src/**/*.ts', 'booking-ui/src/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    // The config module, tests, benchmarks and scripts may read the environment.
    files: ['signaling/src/config.ts', 'sfu/src/node/config.ts', '**/test/**', '**/*.test.ts', 'e2e/**', 'bench/**', 'scripts/**', '**/vite.config.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  // Package borders (issue 10): a workspace reaches another only through its package name and
  // the entries its package.json `exports` (`.`, `./testing`, …), and declares it as a dependency.
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'], conditionNames: ['import', 'default'] })] },
    rules: {
      // `../../citizen-web/src/x` from desk-web: the file belongs to another package.json.
      'import-x/no-relative-packages': 'error',
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^@videoloket/[^/]+/(src|test)(/|$)', message: "Another package's internals: import its package name or an entry of its package.json exports." }] },
      ],
      // Every bare import must be a dependency of the file's own workspace (or the root's).
      'import-x/no-extraneous-dependencies': ['error', { packageDir: [root], includeTypes: true, includeInternal: true, devDependencies: testCode }],
    },
  },
  ...workspaces.map((workspace) => ({
    files: [`${workspace}/**/*.{ts,tsx,js,mjs}`],
    rules: {
      'import-x/no-extraneous-dependencies': ['error', { packageDir: [root, `${root}/${workspace}`], includeTypes: true, devDependencies: testCode }],
    },
  })),
  {
    // Test helpers (`@videoloket/x/testing`) are for tests, benchmarks and other test helpers.
    files: ['*/src/**/*.{ts,tsx}'],
    ignores: testCode,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^@videoloket/[^/]+/(src|test)(/|$)', message: "Another package's internals: import its package name or an entry of its package.json exports." },
            { regex: '^@videoloket/[^/]+/testing$', message: 'Test helpers are for tests only.' },
          ],
        },
      ],
    },
  },
);
