import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';
import path from 'node:path';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

const featuresDir = path.resolve(import.meta.dirname, 'electron/core/features');
/** The feature folder a file lies in (electron/core/features/<name>/...), or null. */
const featureOf = (file) => {
  const relative = path.relative(featuresDir, file);
  const parts = relative.split(path.sep);
  return relative.startsWith('..') || parts.length < 2 ? null : parts[0];
};

/**
 * A file under electron/core/features/A/ never imports from electron/core/features/B/: what features
 * share is a gateway (features/gateways.ts, wired in features/index.ts) or a type in electron/shared.
 */
const noCrossFeatureImports = {
  meta: { type: 'problem', messages: { cross: 'features/{{from}} must not import from features/{{to}}: take what it needs as a gateway (features/gateways.ts, wired in features/index.ts) or put shared types in electron/shared.' } },
  create(context) {
    const from = featureOf(context.filename);
    if (!from) return {};
    const check = (node) => {
      const source = node.source?.value;
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const to = featureOf(path.resolve(path.dirname(context.filename), source));
      if (to && to !== from) context.report({ node: node.source, messageId: 'cross', data: { from, to } });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
  },
};

/**
 * A feature reads and writes only its own tables: SQL in a feature folder that names a table another
 * feature owns (after FROM, JOIN, INTO, UPDATE or TABLE) is refused; ask that feature through its gateway.
 * `owners` maps each table to its feature; a table not listed is not checked (products: read by many
 * features for names and SKUs, a gateway for it is still to come). `readers` lists the known exceptions
 * per feature, each with its reason.
 */
const noForeignTables = {
  meta: {
    type: 'problem',
    schema: [{ type: 'object', properties: { owners: { type: 'object' }, readers: { type: 'object' } }, additionalProperties: false }],
    messages: {
      foreign: 'features/{{from}} must not use the table {{table}} (features/{{owner}} owns it): ask features/{{owner}} through its gateway (features/gateways.ts).',
    },
  },
  create(context) {
    const from = featureOf(context.filename);
    if (!from) return {};
    const { owners = {}, readers = {} } = context.options[0] ?? {};
    const allowed = new Set(readers[from]?.tables ?? []);
    const sqlTable = /\b(?:FROM|JOIN|INTO|UPDATE|TABLE(?: IF (?:NOT )?EXISTS)?)\s+([a-z_][a-z0-9_]*)\b/g;
    const check = (node, text) => {
      for (const [, table] of text.matchAll(sqlTable)) {
        const owner = owners[table];
        if (owner && owner !== from && !allowed.has(table)) context.report({ node, messageId: 'foreign', data: { from, table, owner } });
      }
    };
    return {
      Literal: (node) => typeof node.value === 'string' && check(node, node.value),
      TemplateLiteral: (node) => check(node, node.quasis.map((q) => q.value.cooked ?? q.value.raw).join(' ')),
    };
  },
};

const sessionLogTables = ['sessions', 'session_events', 'session_kind_counts', 'session_health', 'session_spans', 'session_points', 'session_product_sales'];
const prompterTables = ['prompter_scripts', 'prompter_variants', 'prompter_versions', 'prompter_version_texts'];
const tableOwners = {
  ...Object.fromEntries(sessionLogTables.map((t) => [t, 'session'])),
  ...Object.fromEntries(prompterTables.map((t) => [t, 'prompter'])),
  chat_messages: 'audience',
  orders: 'audience',
  deals: 'cards',
  card_pins: 'cards',
  rundown_items: 'cards',
  price_history: 'catalog',
  product_prices: 'catalog',
  platform_connections: 'platform',
  platform_links: 'platform',
  deal_platforms: 'platform',
  audience_cursors: 'platform',
  webhook_deliveries: 'platform',
  fleet_cursors: 'fleet',
  settings: 'settings',
};
const tableReaders = {
  // The fleet sync copies the session log and the scripts to the central store as they are stored.
  fleet: { tables: [...sessionLogTables, ...prompterTables] },
  // The A/B version pick (prompter/version-pick.ts) still reads which version ran in which session itself.
  prompter: { tables: ['sessions', 'session_events'] },
};

const rendererDir = path.resolve(import.meta.dirname, 'renderer/src');
const transportDir = path.join(rendererDir, 'transport');
const storeDir = path.join(rendererDir, 'store');
const isInside = (dir, file) => {
  const relative = path.relative(dir, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
};

/**
 * Only the store (renderer/src/store) talks to the host: components and pages call its named actions
 * (run with useRunAction, store/run-action.ts), so each call to the host has one place, and its
 * error one way to the screen. Importing the transport (hostClient, its clients, its types) anywhere
 * else in renderer/src is refused.
 */
const noTransportOutsideStore = {
  meta: {
    type: 'problem',
    messages: {
      transport:
        'Only renderer/src/store talks to the host: call a named store action (run it with useRunAction from store/run-action.ts) instead of importing the transport here.',
    },
  },
  create(context) {
    const file = context.filename;
    if (!isInside(rendererDir, file) || isInside(storeDir, file) || isInside(transportDir, file)) return {};
    const check = (node) => {
      const source = node.source?.value;
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      if (isInside(transportDir, path.resolve(path.dirname(file), source))) context.report({ node: node.source, messageId: 'transport' });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
  },
};

/** The project's own lint rules. */
const broadcart = {
  rules: { 'no-cross-feature-imports': noCrossFeatureImports, 'no-foreign-tables': noForeignTables, 'no-transport-outside-store': noTransportOutsideStore },
};

/**
 * The layers, enforced here rather than by habit:
 * - electron/shared: pure TypeScript; imports nothing outside itself except zod.
 * - electron/core: the host; never imports electron. A feature folder never imports another one, nor
 *   names another feature's tables in its SQL.
 * - renderer: the UI; never imports node built-ins, better-sqlite3, electron, or the host's core/main;
 *   only its store imports the transport.
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
    files: ['electron/core/features/**/*.ts'],
    plugins: { broadcart },
    rules: {
      'broadcart/no-cross-feature-imports': 'error',
      'broadcart/no-foreign-tables': ['error', { owners: tableOwners, readers: tableReaders }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { broadcart },
    rules: {
      'broadcart/no-transport-outside-store': 'error',
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
