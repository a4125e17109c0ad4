import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import Papa from 'papaparse';
import type { ExportFormat, Session } from '../../../shared/contract/session';

/** The first line of a session archive. A file without it is not ours. */
export const archiveFormat = 'broadcart-session-archive';
export const archiveVersion = 1;
/** Rows read and rendered per step (about 10-30 ms); between steps the export yields so the host keeps answering. */
const pageRows = 10_000;
/** Rendered text is handed to the file in pieces of about this many characters (few large writes). */
const writeChars = 4 * 1024 * 1024;

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

/** seq, at, kind, product_id, payload: read with `.raw()` (arrays, no object per row). */
type EventRow = [number, number, string, string | null, string];

const extensions: Record<ExportFormat, string> = { csv: 'csv', json: 'json', archive: 'bcsession' };
export const csvColumns = ['session_id', 'seq', 'at_ms', 'at_iso', 'kind', 'product_id', 'payload'];

export function exportFileName(session: Session, format: ExportFormat): string {
  const day = new Date(session.startedAt).toISOString().slice(0, 10);
  const slug = session.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'session';
  return `session-${day}-${slug}-${session.id.slice(0, 8)}.${extensions[format]}`;
}

/**
 * Streams a session to a file page by page (10,000 rows per step, yielding in between), so a
 * million-event session exports without holding it in memory or freezing the host.
 * The rows exported are those written when the export started (`upToSeq`).
 */
export async function exportSession(
  db: Database,
  session: Session,
  format: ExportFormat,
  folder: string,
  onProgress: (progress: ExportProgress) => void,
): Promise<ExportResult> {
  fs.mkdirSync(folder, { recursive: true });
  const exportId = randomUUID();
  const fileName = exportFileName(session, format);
  const finalPath = path.join(folder, fileName);
  const tempPath = `${finalPath}.${exportId.slice(0, 8)}.part`;
  const upToSeq = (db.prepare('SELECT coalesce(max(seq), 0) AS s FROM session_events WHERE session_id = ?').get(session.id) as { s: number }).s;
  const total = (db.prepare('SELECT count(*) AS n FROM session_events WHERE session_id = ? AND seq <= ?').get(session.id, upToSeq) as { n: number }).n;
  const page = db
    .prepare('SELECT seq, at, kind, product_id, payload FROM session_events WHERE session_id = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?')
    .raw();

  const file = fs.createWriteStream(tempPath);
  const gzip = format === 'archive' ? zlib.createGzip({ level: 6 }) : null;
  const sink: NodeJS.WritableStream = gzip ?? file;
  if (gzip) gzip.pipe(file);
  const closed = once(file, 'close');
  // Rendered pages are collected and written in large pieces: one write per page would mean many small
  // stream chunks; one write per file would hold the whole export in memory.
  let buffered: string[] = [];
  let bufferedChars = 0;
  const flush = async () => {
    if (bufferedChars === 0) return;
    const text = buffered.join('');
    buffered = [];
    bufferedChars = 0;
    if (!sink.write(text)) await once(sink, 'drain');
  };
  const write = async (text: string) => {
    buffered.push(text);
    bufferedChars += text.length;
    if (bufferedChars >= writeChars) await flush();
  };

  let written = 0;
  let lastReport = 0;
  const report = (done: boolean) => onProgress({ exportId, sessionId: session.id, format, written, total, done });
  try {
    if (format === 'csv') await write(csvLines([csvColumns]));
    if (format === 'json') await write(`{"format":"broadcart-session","version":1,"session":${JSON.stringify(session)},"events":[`);
    if (format === 'archive') {
      await write(JSON.stringify({ format: archiveFormat, version: archiveVersion, exportedAt: Date.now(), session, eventCount: total }) + '\n');
    }
    for (const rows of pages(page, session.id, upToSeq)) {
      await write(renderRows(format, session.id, rows, written === 0));
      written += rows.length;
      if (Date.now() - lastReport > 100) {
        lastReport = Date.now();
        report(false);
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (format === 'json') await write(']}\n');
    if (format === 'archive') await write(JSON.stringify({ end: true, eventCount: written }) + '\n');
    await flush();
    sink.end();
    await closed;
    fs.renameSync(tempPath, finalPath);
  } catch (error) {
    file.destroy();
    fs.rmSync(tempPath, { force: true });
    throw error;
  }
  report(true);
  return { exportId, path: finalPath, fileName, rows: written, bytes: fs.statSync(finalPath).size };
}

function* pages(page: Statement, sessionId: string, upToSeq: number): Generator<EventRow[]> {
  let after = 0;
  for (;;) {
    const rows = page.all(sessionId, after, upToSeq, pageRows) as EventRow[];
    if (rows.length === 0) return;
    yield rows;
    after = rows[rows.length - 1]![0];
  }
}

/**
 * RFC 4180 records (CRLF line ends, fields quoted when they hold a comma, quote or line break) for one
 * page of rows. Papa Parse's unparse is used because it quotes about three times faster than
 * csv-stringify on JSON payloads, which is what dominates an export.
 */
export function csvLines(rows: unknown[][]): string {
  return Papa.unparse(rows, { newline: '\r\n', header: false }) + '\r\n';
}

function renderRows(format: ExportFormat, sessionId: string, rows: EventRow[], first: boolean): string {
  switch (format) {
    case 'csv':
      return csvLines(rows.map(([seq, at, kind, productId, payload]) => [sessionId, seq, at, new Date(at).toISOString(), kind, productId ?? '', payload]));
    case 'json':
      // The stored payload is already JSON text: embed it as is instead of parsing and re-serializing.
      return (
        (first ? '' : ',') +
        rows
          .map(([seq, at, kind, productId, payload]) => `{"seq":${seq},"at":${at},"kind":${JSON.stringify(kind)},"productId":${JSON.stringify(productId)},"payload":${payload}}`)
          .join(',')
      );
    case 'archive':
      return rows.map(([seq, at, kind, productId, payload]) => `[${seq},${at},${JSON.stringify(kind)},${JSON.stringify(productId)},${payload}]\n`).join('');
  }
}
