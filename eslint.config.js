import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

/**
 * The layers, enforced here rather than by habit:
 * - electron/shared: pure TypeScript; imports nothing outside itself except zod.
 * - electron/core: the host; never imports electron.
 * - renderer: the UI; never imports node built-ins, better-sqlite3, electron, or the host's core/main.
 */
export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.electron-native/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['electron/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...nodeBuiltins, 'electron', 'better-sqlite3', 'ws', 'obs-websocket-js', 'react'].map((name) => ({
            name,
            message: 'electron/shared is pure: the contract and domain types only.',
          })),
          patterns: [
            { group: ['**/core/**', '**/main/**', '**/preload/**', '**/renderer/**', '../../*'], message: 'electron/shared imports nothing outside itself.' },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The host core runs without Electron: use electron/main for shell code.' }],
          patterns: [{ group: ['electron/*', '**/main/**', '**/preload/**', '**/renderer/**'], message: 'The core may use only electron/shared.' }],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins.map((name) => ({ name, message: 'The renderer is a web page: no Node built-ins.' })),
            { name: 'electron', message: 'The renderer talks to the host only through its transport.' },
            { name: 'better-sqlite3', message: 'The renderer never opens the database: call the host.' },
            { name: 'ws', message: 'Use the browser WebSocket through the transport.' },
          ],
          patterns: [
            { group: ['**/electron/core/**', '**/electron/main/**', '**/electron/preload/**'], message: 'The renderer may import only electron/shared.' },
          ],
        },
      ],
    },
  },
);
