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
    build: {
      outDir: 'out/renderer',
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'renderer/index.html'),
          prompter: resolve(__dirname, 'renderer/prompter.html'),
          overlay: resolve(__dirname, 'renderer/overlay.html'),
        },
      },
    },
  },
});
