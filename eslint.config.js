import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';

export default defineConfig(
  // Relative to this folder, so `data/` does not also skip client/data/.
  { ignores: ['dist/', 'data/', 'node_modules/', 'coverage/', 'bench/results/', 'test/artifacts/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      // Input validation and the test runner match control characters on purpose.
      'no-control-regex': 'off',
    },
  },
  {
    // Only the type-aware rules that catch real bugs in async server code: an un-awaited promise
    // that rejects kills the process. The full recommendedTypeChecked set mostly flags JSON `any`,
    // and async callbacks passed as arguments (Express 5 routes, io.use) are handled by their callee.
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: path.dirname(fileURLToPath(import.meta.url)) },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { arguments: false, attributes: false } },
      ],
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  // Tests read loosely typed JSON bodies; production code keeps `any` out.
  { files: ['test/**/*.ts', 'bench/**/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
);
