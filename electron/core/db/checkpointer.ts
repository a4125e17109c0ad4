import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';

/**
 * Why this exists: with SQLite's automatic checkpoint (every 1000 WAL pages) the checkpoint runs inside
 * whichever commit crosses the threshold, on the main thread: a 1 ms commit then takes 15-20 ms and the
 * host's event loop stalls. Here the main connection never checkpoints (wal_autocheckpoint = 0) and a
 * worker thread with its own connection to the same file does it instead:
 * - every `intervalMs`, if other connections committed (data_version changed): a PASSIVE checkpoint, which
 *   never blocks the writer;
 * - if the WAL still holds more than `maxWalBytes` (a long burst outruns PASSIVE): a RESTART checkpoint, so
 *   the next commit starts the WAL from the beginning again. The file is not trimmed then
 *   (journal_size_limit stays off): truncating a few hundred MB took the committing thread 40 ms and
 *   more, so the file shrinks in the TRUNCATE below, on this thread. A RESTART holds the writer back
 *   while it copies the last frames and syncs (tens of ms; the session log's background commits step
 *   aside meanwhile instead of waiting), which is why it is kept for the bound (128 MB: about 3 s of
 *   writing as fast as possible) and not done every tick;
 * - after `idleTruncateMs` (30 s) without commits: one try at a TRUNCATE checkpoint, so the -wal file of
 *   an idle app shrinks to nothing. Not sooner: once checkpointed, the WAL is written again from its
 *   start, over blocks the file already has, whereas a WAL grown again from nothing makes the
 *   filesystem allocate and journal new blocks under the writer's commits. In bench:log, truncating
 *   after 1 s idle gave a paced loop-delay p99 of 4-13 ms, keeping the file 3.7-4.8 ms. The cost is
 *   disk space: up to the bound above while the app is busy, none after a clean close.
 * Stopping is synchronous (db.close() is): the worker does a last PASSIVE checkpoint, closes its
 * connection and signals through shared memory; the main connection, now the last one, then folds in
 * the rest and removes the -wal file as SQLite does on every clean close.
 * If the worker cannot start or fails, the main connection goes back to automatic checkpoints.
 */
export interface CheckpointerOptions {
  nativeBinding?: string;
  intervalMs?: number;
  maxWalBytes?: number;
  /** After this long without commits, the -wal file is truncated to nothing (default 30 s). */
  idleTruncateMs?: number;
  /** Called once if the worker fails; the database then checkpoints automatically on the main thread. */
  onFailure?: (error: Error) => void;
}

export interface Checkpointer {
  /** True while the worker does the checkpoints (false after a failure or stop). */
  readonly running: boolean;
  /** Final checkpoint and close of the worker's connection; waits for it (bounded). Idempotent. */
  stop(): void;
}

const defaultAutocheckpointPages = 1000;
// State shared with the worker: 0 running, 1 closed cleanly, 2 failed.
const running = 0;
const stopWaitMs = 5000;

// CommonJS run with `eval: true`: no separate file to bundle, works from TypeScript sources (vitest,
// tsx), from the bundled Electron main and from `node out/main/serve.js` alike.
const workerSource = `
const { workerData, parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const state = new Int32Array(workerData.state);
let db = null;
let timer = null;
function signal(code) { Atomics.store(state, 0, code); Atomics.notify(state, 0); }
function closeDb() { try { if (db && db.open) db.close(); } catch {} db = null; }
function fail(error) {
  if (timer) clearTimeout(timer);
  closeDb();
  signal(2);
  parentPort.postMessage({ type: 'failed', message: String(error && error.stack || error) });
}
try {
  // Linux keeps a nice value per thread: this lowers only this worker, so on a busy machine the main
  // thread (the one serving the UI and the writer) gets the CPU first. Elsewhere it would lower the whole
  // process, so it is left alone there.
  if (process.platform === 'linux') { try { require('node:os').setPriority(0, 10); } catch {} }
  const Database = require(workerData.modulePath);
  db = new Database(workerData.file, { fileMustExist: true, nativeBinding: workerData.nativeBinding });
  db.pragma('busy_timeout = 0');
  const walFile = workerData.file + '-wal';
  let lastVersion = db.pragma('data_version', { simple: true });
  let idleTicks = 0;
  const pageSize = db.pragma('page_size', { simple: true }) + 24;
  // Frames in the WAL after a PASSIVE checkpoint (all of them were copied unless busy).
  const passive = () => db.pragma('wal_checkpoint(PASSIVE)')[0].log;
  // RESTART needs a moment when no commit is running. SQLite's busy handler sleeps 1, 2, 5,
  // 10... ms between tries and keeps missing the short gaps of a busy writer, so instead: no busy
  // timeout, and retry at once for at most restartTryMs. Once it has the lock, the writer waits only for
  // the few frames the PASSIVE pass before left.
  const untilFree = (mode) => {
    const until = Date.now() + workerData.restartTryMs;
    do { if (db.pragma('wal_checkpoint(' + mode + ')')[0].busy === 0) return true; } while (Date.now() < until);
    return false;
  };
  const walSize = () => { try { return fs.statSync(walFile).size; } catch { return 0; } };
  const tick = () => {
    timer = null;
    try {
      const version = db.pragma('data_version', { simple: true });
      const committed = version !== lastVersion;
      lastVersion = version;
      idleTicks = committed ? 0 : idleTicks + 1;
      if (committed) {
        // PASSIVE again while it keeps finding many new frames: when it catches up, the writer's next
        // commit starts the WAL over by itself. RESTART only if a burst still outruns it.
        let frames = passive();
        for (let i = 0; i < 3 && frames * pageSize > workerData.maxWalBytes; i++) frames = passive();
        if (frames * pageSize > workerData.maxWalBytes) untilFree('RESTART');
      } else if (idleTicks * workerData.intervalMs >= workerData.idleTruncateMs && walSize() > 0) {
        // Tidying up once the writer has been idle for a while, and one try only: a TRUNCATE holds the
        // write lock while it syncs (tens of ms on a slow disk), and a writer starting again meanwhile
        // would spend them stepping aside. If a commit got in first, the next idle period tries again.
        db.pragma('wal_checkpoint(TRUNCATE)');
      }
    } catch (error) {
      // SQLITE_BUSY only means a reader or writer held on: try again next tick.
      if (!(error && error.code === 'SQLITE_BUSY')) return fail(error);
    }
    timer = setTimeout(tick, workerData.intervalMs);
  };
  timer = setTimeout(tick, workerData.intervalMs);
  parentPort.on('message', (message) => {
    if (message !== 'stop') return;
    if (timer) clearTimeout(timer);
    timer = null;
    try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {}
    closeDb();
    signal(1);
    parentPort.close();
  });
  parentPort.postMessage({ type: 'ready' });
} catch (error) {
  fail(error);
}
`;

/** Turns off automatic checkpoints on `db` and starts the worker that checkpoints `file` instead. */
export function startCheckpointer(db: Database, file: string, options: CheckpointerOptions = {}): Checkpointer {
  const state = new Int32Array(new SharedArrayBuffer(4));
  let active = true;
  let reported = false;
  const fallBack = (error: Error) => {
    if (!active) return;
    active = false;
    try {
      if (db.open) db.pragma(`wal_autocheckpoint = ${defaultAutocheckpointPages}`);
    } catch {
      // The main connection is closing or failing itself: nothing left to hand the checkpoints to.
    }
    if (!reported) {
      reported = true;
      (options.onFailure ?? ((e: Error) => console.warn(`[database] WAL checkpointer failed, checkpointing on the main thread instead: ${e.message}`)))(error);
    }
  };

  const maxWalBytes = options.maxWalBytes ?? 128 * 1024 * 1024;
  let worker: Worker;
  try {
    worker = new Worker(workerSource, {
      eval: true,
      workerData: {
        file,
        modulePath: createRequire(import.meta.url).resolve('better-sqlite3'),
        nativeBinding: options.nativeBinding,
        intervalMs: options.intervalMs ?? 250,
        maxWalBytes,
        restartTryMs: 100,
        idleTruncateMs: options.idleTruncateMs ?? 30_000,
        state: state.buffer,
      },
    });
  } catch (error) {
    active = false;
    reported = true;
    (options.onFailure ?? ((e: Error) => console.warn(`[database] WAL checkpointer not started: ${e.message}`)))(error as Error);
    return { running: false, stop() {} };
  }
  db.pragma('wal_autocheckpoint = 0');
  // The worker must never keep the process alive on its own.
  worker.unref();
  worker.on('message', (message: { type: string; message?: string }) => {
    if (message.type === 'failed') fallBack(new Error(message.message));
  });
  worker.on('error', (error) => fallBack(error));
  worker.on('exit', (code) => {
    if (active) fallBack(new Error(`the checkpoint worker exited (code ${code})`));
  });

  return {
    get running() {
      return active && Atomics.load(state, 0) === running;
    },
    stop() {
      if (!active) return;
      active = false;
      if (Atomics.load(state, 0) === running) {
        worker.postMessage('stop');
        // Bounded: if the worker does not answer, the main connection still closes (a -wal file may stay,
        // which SQLite replays on the next open).
        Atomics.wait(state, 0, running, stopWaitMs);
      }
      void worker.terminate().catch(() => undefined);
    },
  };
}
