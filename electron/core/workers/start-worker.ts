import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * The host's worker threads, each a TypeScript module under electron/core that electron.vite.config.ts
 * also builds as its own entry (out/main/<name>.js). Work that would stall the host's event loop for
 * more than a few ms (rendering session exports, detecting the language of a chat burst) runs in them.
 */
const workerSources = {
  'export-worker': '../features/session/export-worker.ts',
  'language-worker': '../features/audience/language/language-worker.ts',
} as const;

export type WorkerEntry = keyof typeof workerSources;

const here = path.dirname(fileURLToPath(import.meta.url));
const runningFromSources = import.meta.url.endsWith('.ts');

/** Where the built entry is: next to the bundle that holds this code, or one folder up (from a chunk). */
function builtEntry(entry: WorkerEntry): string {
  for (const dir of [here, path.dirname(here)]) {
    const file = path.join(dir, `${entry}.js`);
    if (fs.existsSync(file)) return file;
  }
  throw new Error(`The worker ${entry}.js is missing next to ${here}: rebuild the app (npm run build).`);
}

/**
 * Starts a worker from the built bundle (Electron, `npm run serve`) or, when the host itself runs from
 * TypeScript sources (tests, benchmarks under tsx or vitest), from its source through tsx's CommonJS hook.
 */
export function startWorker(entry: WorkerEntry, options: WorkerOptions = {}): Worker {
  if (!runningFromSources) return new Worker(builtEntry(entry), options);
  const source = path.resolve(here, workerSources[entry]);
  return new Worker(`require('tsx/cjs'); require(${JSON.stringify(source)});`, { ...options, eval: true });
}
