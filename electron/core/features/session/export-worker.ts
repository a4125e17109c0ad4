import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import Database, { type Statement } from 'better-sqlite3';
import type { ExportFormat } from '../../../shared/contract/session';
import { renderRows, type EventRow } from './export-render';

/**
 * Export worker: reads one seq range of a session through its own read-only connection and renders it,
 * so a long export keeps the host's event loop free. The host orders the chunks and writes the file.
 */
export interface ExportWorkerData {
  file: string;
  nativeBinding?: string;
}
export interface ExportChunkRequest {
  id: number;
  sessionId: string;
  /** Rows with fromSeq < seq <= toSeq. */
  fromSeq: number;
  toSeq: number;
  /** 'count' only counts the rows (a full scan of a big session takes too long for the host's thread). */
  format: ExportFormat | 'count';
}
/** A buffer of an earlier reply, handed back once written, to render into again. */
export interface ExportBufferReturn {
  recycle: ArrayBuffer;
}
/**
 * The rendered text as UTF-8 in the first `size` bytes of `buffer`, which is transferred (not copied) to
 * the host, which writes it as is.
 */
export type ExportChunkReply = { id: number; buffer: ArrayBuffer; size: number; rows: number } | { id: number; error: string };

interface Queries {
  page: Statement;
  csvPage: Statement;
  count: Statement;
}

const { file, nativeBinding } = workerData as ExportWorkerData;
const utf8 = new TextEncoder();
/**
 * Buffers handed back by the host. A new buffer per chunk adds to the external memory of the host's
 * thread, which then ran a full garbage collection every few chunks.
 */
const spare: ArrayBuffer[] = [];
const maxSpare = 4;
const firstBufferBytes = 4 * 1024 * 1024;
/**
 * Rows rendered and encoded at a time: about 80 KB of text, built by Papa Parse from thousands of small
 * strings that stay in the CPU cache until encoded (1,000 rows at a time took four times as long to encode).
 */
const rowsPerSlice = 250;
let queries: Queries | null = null;

// Opened on the first request, so a database that cannot be opened fails that request with its reason.
function open(): Queries {
  if (queries) return queries;
  // Linux keeps a nice value per thread: this lowers only this worker, so while an export runs the host's
  // thread (and OBS, during a broadcast) get the CPU first. Elsewhere it would lower the whole process.
  if (process.platform === 'linux') {
    try {
      os.setPriority(0, 10);
    } catch {
      // Not allowed here: run at normal priority.
    }
  }
  let db: Database.Database;
  try {
    // WAL mode: this reader never blocks the host's writer, and sees every commit made before each read.
    db = new Database(file, { readonly: true, fileMustExist: true, nativeBinding });
  } catch (error) {
    throw new Error(`cannot open the database ${file} for reading (${(error as Error).message})`);
  }
  try {
    const range = 'FROM session_events WHERE session_id = ? AND seq > ? AND seq <= ?';
    queries = {
      page: db.prepare(`SELECT seq, at, kind, product_id, payload ${range} ORDER BY seq`).raw(),
      // The CSV has the product's SKU in a column of its own: looked up in the catalog (only rows with a product).
      csvPage: db
        .prepare(
          `SELECT e.seq, e.at, e.kind, e.product_id, e.payload, p.sku FROM session_events e LEFT JOIN products p ON p.id = e.product_id
           WHERE e.session_id = ? AND e.seq > ? AND e.seq <= ? ORDER BY e.seq`,
        )
        .raw(),
      count: db.prepare(`SELECT count(*) ${range}`).pluck(),
    };
  } catch (error) {
    db.close();
    throw error;
  }
  return queries;
}

function answer({ id, sessionId, fromSeq, toSeq, format }: ExportChunkRequest): ExportChunkReply {
  const { page, csvPage, count } = open();
  if (format === 'count') return { id, buffer: new ArrayBuffer(0), size: 0, rows: count.get(sessionId, fromSeq, toSeq) as number };
  const rows = (format === 'csv' ? csvPage : page).all(sessionId, fromSeq, toSeq) as EventRow[];
  // Rendered and encoded a slice at a time, so each slice's strings die young. Encoded here because a
  // string posted to the host would be copied twice and encoded on the host's thread.
  let bytes = new Uint8Array(spare.pop() ?? new ArrayBuffer(firstBufferBytes));
  let size = 0;
  for (let i = 0; i < rows.length; i += rowsPerSlice) {
    const text = (i > 0 && format === 'json' ? ',' : '') + renderRows(format, sessionId, rows.slice(i, i + rowsPerSlice));
    // At most 3 bytes of UTF-8 per UTF-16 unit.
    if (bytes.length - size < text.length * 3) {
      const grown = new Uint8Array(Math.max(bytes.length * 2, size + text.length * 3));
      grown.set(bytes.subarray(0, size));
      bytes = grown;
    }
    size += utf8.encodeInto(text, bytes.subarray(size)).written;
  }
  return { id, buffer: bytes.buffer, size, rows: rows.length };
}

parentPort!.on('message', (request: ExportChunkRequest | ExportBufferReturn) => {
  if ('recycle' in request) {
    if (spare.length < maxSpare) spare.push(request.recycle);
    return;
  }
  let reply: ExportChunkReply;
  try {
    reply = answer(request);
  } catch (error) {
    reply = { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(reply, 'buffer' in reply ? [reply.buffer] : []);
});
