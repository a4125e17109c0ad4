import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// Three builds: main (the Electron shell plus the headless host entry), preload (one sandbox-safe
// CommonJS file) and the renderer pages. `dependencies` stay external in main: better-sqlite3 is native.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'electron/main/index.ts'),
          serve: resolve(__dirname, 'electron/core/serve.ts'),
          // Worker threads of the host (electron/core/workers/start-worker.ts finds them by these names).
          'export-worker': resolve(__dirname, 'electron/core/features/session/export-worker.ts'),
          'language-worker': resolve(__dirname, 'electron/core/features/audience/language/language-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload can require only 'electron': everything else is bundled into one file.
      externalizeDeps: false,
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(__dirname, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', inlineDynamicImports: true },
      },
    },
  },
  renderer: {
    root: 'renderer',
    // The app icon (favicon, home-screen icon) is copied next to the pages from resources/icons.
    publicDir: resolve(__dirname, 'resources/icons'),
    plugins: [react()],
    // Each page downloads only what it uses (budgets in test/e2e/page-weight.spec.ts, figures in
    // `npm run bench:ui`): the overlay is plain DOM without React or the contract's zod schemas, the
    // control room's pages are lazy chunks (renderer/src/app/pages.ts).
    build: {
      outDir: 'out/renderer',
      // electron-vite leaves the renderer unminified; these pages are also what OBS and co-hosts download.
      minify: 'esbuild',
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'renderer/index.html'),
          prompter: resolve(__dirname, 'renderer/prompter.html'),
          overlay: resolve(__dirname, 'renderer/overlay.html'),
        },
        output: {
          // Libraries in chunks named after them (stable across app changes, so a browser keeps them cached).
          manualChunks(id) {
            if (/[\\/]node_modules[\\/](react|react-dom|scheduler)[\\/]/.test(id)) return 'react';
            if (/[\\/]node_modules[\\/](i18next|react-i18next)[\\/]/.test(id)) return 'i18next';
            if (/[\\/]node_modules[\\/]zod[\\/]/.test(id)) return 'zod';
            return undefined;
          },
        },
      },
    },
  },
});
