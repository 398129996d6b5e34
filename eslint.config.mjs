// ESLint for the extension, server, CLI, scripts and tests: `npm run lint` (part of `npm test`).
// Syntax-only rules (no type information), so linting the whole repository stays fast.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig([
  globalIgnores([
    '**/out/',
    'examples/',
    // Sample programs the end-to-end tests open in an editor; some are deliberately wrong.
    'test/e2e/fixtures/',
    'test/e2e/artifacts/',
    '.e2e-cache/',
    '.vscode-test/',
  ]),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    // A disable comment that no longer suppresses anything fails the lint instead of lingering.
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Leaving a key out by rest destructuring (`const { data: _dropped, ...rest } = x`) uses the rest.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
    },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: globals.node },
  },
]);
