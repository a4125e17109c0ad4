import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';
import { HostError } from '../../../shared/contract';
import { systemErrorParams } from '../../../shared/contract/error-terms';
import type { ExportFormat, Session } from '../../../shared/contract/session';
import { startWorker } from '../../workers/start-worker';
import { csvColumns, csvLines } from './export-render';
import type { ExportBufferReturn, ExportChunkReply, ExportChunkRequest, ExportWorkerData } from './export-worker';


/** The first line of a session archive. A file without it is not ours. */
export const archiveFormat = 'broadcart-session-archive';
export const archiveVersion = 1;
/** Seq values per chunk a worker reads and renders (about 10,000 rows, 20-60 ms of work). */
const chunkSeqs = 10_000;
/** Chunks handed to each worker ahead of the one being written: keeps both busy, bounds memory (a few MB each). */
const chunksInFlightPerWorker = 3;
/**
 * A worker's young generation: rendering a chunk allocates tens of MB of short-lived strings. With
 * V8's default, collections come several times a chunk and copy or promote what is still in use, and a
 * chunk took about 30% longer.
 */
const youngGenerationMb = 64;

export interface ExportProgress {
  exportId: string;
  sessionId: string;
  format: ExportFormat;
  written: number;
  total: number;
  done: boolean;
}

export interface ExportResult {
  exportId: string;
  path: string;
  fileName: string;
  rows: number;
  bytes: number;
}

const extensions: Record<ExportFormat, string> = { csv: 'csv', json: 'json', archive: 'bcsession' };


export function exportFileName(session: Session, format: ExportFormat): string {
  const day = new Date(session.startedAt).toISOString().slice(0, 10);
  const slug = session.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'session';
  return `session-${day}-${slug}-${session.id.slice(0, 8)}.${extensions[format]}`;
}

export interface RenderedChunk {
  /** UTF-8 text of the chunk. */
  bytes: Buffer;
  rows: number;
  /** Hands the buffer back to its worker once written (it must not be used after). */
  recycle(): void;
}
interface PoolWorker {
  worker: Worker;
  pending: Map<number, { resolve(chunk: RenderedChunk): void; reject(error: Error): void }>;
}

/**
 * Worker threads that read and render export chunks (export-worker.ts), each with its own read-only
 * connection. A chunk comes back as a transferred UTF-8 buffer, handed back to its worker once written.
 * Started on the first export and kept; idle workers are unref()-ed so they never keep the process
 * alive. Any failure discards every worker, so the next export starts from fresh ones.
 */
export class ExportPool {
  readonly size: number;
  private workers: PoolWorker[] = [];
  private turn = 0;
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly data: ExportWorkerData,
    size = Math.max(1, Math.min(2, os.availableParallelism())),
  ) {
    this.size = size;
  }

  /** Reads and renders (or counts) the rows with fromSeq < seq <= toSeq, in a worker (round-robin). */
  render(request: Omit<ExportChunkRequest, 'id'>): Promise<RenderedChunk> {
    if (this.closed) return Promise.reject(new HostError('session.export_cancelled'));
    if (this.workers.length === 0) this.workers = Array.from({ length: this.size }, () => this.start());
    const target = this.workers[this.turn++ % this.workers.length]!;
    const id = this.nextId++;
    return new Promise<RenderedChunk>((resolve, reject) => {
      // Referenced only while it has work: an export in progress keeps the process alive, an idle pool does not.
      if (target.pending.size === 0) target.worker.ref();
      target.pending.set(id, { resolve, reject });
      target.worker.postMessage({ ...request, id } satisfies ExportChunkRequest);
    });
  }

  /** Stops the workers (their connections close with them); exports still running fail. */
  async close(): Promise<void> {
    this.closed = true;
    await this.discard(new HostError('session.export_stopped'));
  }

  private start(): PoolWorker {
    const entry: PoolWorker = { worker: startWorker('export-worker', { workerData: this.data, resourceLimits: { maxYoungGenerationSizeMb: youngGenerationMb } }), pending: new Map() };
    const { worker, pending } = entry;
    worker.unref();
    worker.on('message', (reply: ExportChunkReply) => {
      const waiting = pending.get(reply.id);
      if (!waiting) return;
      pending.delete(reply.id);
      if (pending.size === 0) worker.unref();
      if ('error' in reply) {
        void this.discard(exportFailed(reply.error), waiting);
      } else {
        const { buffer } = reply;
        const recycle = () => {
          if (this.workers.includes(entry) && buffer.byteLength > 0) worker.postMessage({ recycle: buffer } satisfies ExportBufferReturn, [buffer]);
        };
        waiting.resolve({ bytes: Buffer.from(buffer, 0, reply.size), rows: reply.rows, recycle });
      }
    });
    worker.on('error', (error) => void this.discard(exportFailed(`its worker thread failed: ${error.message}`)));
    worker.on('exit', (code) => {
      if (this.workers.includes(entry)) void this.discard(exportFailed(`its worker thread stopped unexpectedly (exit code ${code})`));
    });
    return entry;
  }

  /** Fails every pending chunk (the one that failed first, if given) and terminates the workers. */
  private async discard(error: Error, first?: { reject(error: Error): void }): Promise<void> {
    first?.reject(error);
    const workers = this.workers;
    this.workers = [];
    for (const { pending } of workers) {
      for (const waiting of pending.values()) waiting.reject(error);
      pending.clear();
    }
    await Promise.all(workers.map(({ worker }) => worker.terminate().catch(() => undefined)));
  }
}

/**
 * Where an export reads a session's rows: this PC's log (worker threads on the SQLite file) or, on a
 * manager's host, the fleet's central store. `render` answers one seq range (or its count).
 */
export interface ExportReader {
  /** Chunks rendered at once (the writer keeps 3 per unit in flight). */
  readonly size: number;
  /** The highest seq written so far: the export holds exactly the rows up to it. */
  lastSeq(sessionId: string): number | Promise<number>;
  render(request: Omit<ExportChunkRequest, 'id'>): Promise<RenderedChunk>;
}

/** The local reader: an index seek for the last seq on the host's connection, chunks in the pool's workers. */
export function localExportReader(db: Database, pool: ExportPool): ExportReader {
  const last = db.prepare('SELECT coalesce(max(seq), 0) AS s FROM session_events WHERE session_id = ?');
  return {
    size: pool.size,
    // Every row up to it is committed (seq grows with each commit), so the count and the chunks read
    // later see exactly these rows.
    lastSeq: (sessionId) => (last.get(sessionId) as { s: number }).s,
    render: (request) => pool.render(request),
  };
}

function exportFailed(reason: string): HostError {
  return new HostError('session.export_failed', { reason });
}

/**
 * Streams a session to a file: the reader (worker threads on this PC's log, or the central store) reads
 * and renders chunks of 10,000 seq values in parallel, and this thread only writes them in order, so a million-event session exports without holding it in
 * memory or stalling the host's event loop. The rows exported are those written when the export
 * started (`upToSeq`).
 */
export async function exportSession(
  reader: ExportReader,
  session: Session,
  format: ExportFormat,
  folder: string,
  onProgress: (progress: ExportProgress) => void,
): Promise<ExportResult> {
  try {
    fs.mkdirSync(folder, { recursive: true });
  } catch (error) {
    throw new HostError('session.export_folder_unusable', { folder, ...systemErrorParams(error) });
  }
  const exportId = randomUUID();
  const fileName = exportFileName(session, format);
  const finalPath = path.join(folder, fileName);
  const tempPath = `${finalPath}.${exportId.slice(0, 8)}.part`;
  // The local reader answers at once, so its first chunks are handed out before this call returns.
  const last = reader.lastSeq(session.id);
  const upToSeq = typeof last === 'number' ? last : await last;
  // Counting a big session is a scan (about 0.2 s for a million rows): done in a worker (or by the
  // central server) while the first chunks render; the count is needed only for the archive's header and the progress.
  const counted = reader.render({ sessionId: session.id, fromSeq: 0, toSeq: upToSeq, format: 'count' });
  counted.catch(() => undefined);

  const file = fs.createWriteStream(tempPath);
  const gzip = format === 'archive' ? zlib.createGzip({ level: 6 }) : null;
  const sink: NodeJS.WritableStream = gzip ?? file;
  if (gzip) gzip.pipe(file);
  const closed = once(file, 'close');
  // Awaited on success; on failure the catch below cleans up, so its rejection is not left unhandled.
  closed.catch(() => undefined);
  // A file that cannot be opened or written fails the export at the next write: a destroyed stream
  // never drains, so waiting for 'drain' alone would hang.
  let streamError: Error | null = null;
  const streamFailed = new Promise<never>((_, reject) => {
    for (const stream of gzip ? [gzip, file] : [file]) {
      stream.on('error', (error: Error) => {
        streamError ??= new HostError('session.export_write_failed', { folder, ...systemErrorParams(error) });
        reject(streamError);
      });
    }
  });
  streamFailed.catch(() => undefined);
  // Chunks arrive as a few MB of UTF-8 each: written as they are, in order.
  const write = async (text: string | Buffer, written?: () => void) => {
    if (streamError) throw streamError;
    if (!sink.write(text, (error) => !error && written?.())) await Promise.race([once(sink, 'drain'), streamFailed]);
  };

  let written = 0;
  let total = 0;
  let lastReport = 0;
  const report = (done: boolean) => onProgress({ exportId, sessionId: session.id, format, written, total, done });
  // Chunks handed out and not yet written, oldest first: bounded, so a big export holds a few MB at a time.
  const inFlight: Promise<RenderedChunk>[] = [];
  let nextFrom = 0;
  const dispatch = () => {
    while (nextFrom < upToSeq && inFlight.length < reader.size * chunksInFlightPerWorker) {
      const chunk = reader.render({ sessionId: session.id, fromSeq: nextFrom, toSeq: Math.min(nextFrom + chunkSeqs, upToSeq), format });
      // Each chunk is awaited in order below; one failing while an earlier one is awaited is not unhandled.
      chunk.catch(() => undefined);
      inFlight.push(chunk);
      nextFrom += chunkSeqs;
    }
  };
  try {
    dispatch();
    total = (await counted).rows;
    if (format === 'csv') await write(csvLines([csvColumns]));
    if (format === 'json') await write(`{"format":"broadcart-session","version":1,"session":${JSON.stringify(session)},"events":[`);
    if (format === 'archive') {
      await write(JSON.stringify({ format: archiveFormat, version: archiveVersion, exportedAt: Date.now(), session, eventCount: total }) + '\n');
    }
    while (inFlight.length > 0) {
      const { bytes, rows, recycle } = await inFlight.shift()!;
      dispatch();
      // Buffers go back to the workers while more chunks are to come; the last ones are let go, so idle
      // workers hold none.
      const reuse = () => {
        if (nextFrom < upToSeq) recycle();
      };
      // A seq range can be empty (gaps): JSON's separator goes only between chunks that hold rows.
      if (rows === 0) {
        reuse();
        continue;
      }
      if (format === 'json' && written > 0) await write(',');
      await write(bytes, reuse);
      written += rows;
      if (Date.now() - lastReport > 100) {
        lastReport = Date.now();
        report(false);
      }
    }
    if (format === 'json') await write(']}\n');
    if (format === 'archive') await write(JSON.stringify({ end: true, eventCount: written }) + '\n');
    sink.end();
    await Promise.race([closed, streamFailed]);
    fs.renameSync(tempPath, finalPath);
  } catch (error) {
    gzip?.destroy();
    file.destroy();
    await closed.catch(() => undefined);
    fs.rmSync(tempPath, { force: true });
    throw error;
  }
  report(true);
  return { exportId, path: finalPath, fileName, rows: written, bytes: fs.statSync(finalPath).size };
}
