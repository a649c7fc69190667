import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'data/**', 'storage/forms/*.pdf'] },
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
    files: ['**/*.tsx', 'call-client/src/**/*.ts', 'citizen-web/src/**/*.ts', 'desk-web/src/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    // The config module, tests, benchmarks and scripts may read the environment.
    files: ['signaling/src/config.ts', '**/test/**', '**/*.test.ts', 'e2e/**', 'bench/**', 'scripts/**', '**/vite.config.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
