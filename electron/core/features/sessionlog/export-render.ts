import Papa from 'papaparse';
import type { ExportFormat } from '../../../shared/contract/session';

/**
 * How a page of session events becomes export text. Shared by the export worker (which renders) and
 * the host (headers, tests, benchmarks), so it imports nothing of the host or Electron.
 */

/** seq, at, kind, product_id, payload: read with `.raw()` (arrays, no object per row). */
export type EventRow = [number, number, string, string | null, string];

/**
 * RFC 4180 records (CRLF line ends, fields quoted when they hold a comma, quote or line break) for one
 * page of rows. Papa Parse's unparse is used because it quotes about three times faster than
 * csv-stringify on JSON payloads, which is what dominates an export.
 */
export function csvLines(rows: unknown[][]): string {
  return Papa.unparse(rows, { newline: '\r\n', header: false }) + '\r\n';
}

/**
 * One page of rows in an export format. JSON pages hold no leading comma: whoever joins pages writes
 * the separator, since only it knows whether an earlier page had rows.
 */
export function renderRows(format: ExportFormat, sessionId: string, rows: EventRow[]): string {
  switch (format) {
    case 'csv':
      return csvLines(rows.map(([seq, at, kind, productId, payload]) => [sessionId, seq, at, new Date(at).toISOString(), kind, productId ?? '', payload]));
    case 'json':
      // The stored payload is already JSON text: embed it as is instead of parsing and re-serializing.
      return rows
        .map(([seq, at, kind, productId, payload]) => `{"seq":${seq},"at":${at},"kind":${JSON.stringify(kind)},"productId":${JSON.stringify(productId)},"payload":${payload}}`)
        .join(',');
    case 'archive':
      return rows.map(([seq, at, kind, productId, payload]) => `[${seq},${at},${JSON.stringify(kind)},${JSON.stringify(productId)},${payload}]\n`).join('');
  }
}
