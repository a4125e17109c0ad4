import Papa from 'papaparse';
import type { ExportFormat } from '../../../shared/contract/session';
import { formatMinorPlain } from '../../../shared/money';

/**
 * How a page of session events becomes export text. Shared by the export worker (which renders) and
 * the host (headers, tests, benchmarks), so it imports nothing of the host or Electron.
 */

/**
 * seq, at, kind, product_id, payload and the product's SKU from the catalog (null when unknown): read
 * with `.raw()` (arrays, no object per row).
 */
export type EventRow = [number, number, string, string | null, string, (string | null)?];

/**
 * The CSV's columns: each kind's main fields get their own (scene, SKU, price, cue, lane), so a sheet
 * can filter and sum them; `payload` keeps the whole event as JSON for everything else.
 */
export const csvColumns = ['session_id', 'seq', 'at_ms', 'at_iso', 'kind', 'product_id', 'sku', 'scene', 'price', 'currency', 'cue', 'lane', 'payload'];

/** Kinds with a field of their own in the CSV: only their payloads are parsed (health samples, most rows, are not). */
const fieldKinds = new Set([
  'obs.scene.changed',
  'obs.preview.changed',
  'product.pinned',
  'deal.created',
  'deal.started',
  'deal.ended',
  'deal.soldOut',
  'deal.cancelled',
  'prompter.cue.reached',
  'prompter.cue.action',
  'prompter.lane.joined',
  'prompter.lane.left',
]);

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** sku, scene, price, currency, cue, lane of one event ('' where the kind has none). */
function csvFields(kind: string, payloadText: string, sku: string | null | undefined): string[] {
  if (!fieldKinds.has(kind)) return [sku ?? '', '', '', '', '', ''];
  let p: Record<string, unknown>;
  try {
    p = JSON.parse(payloadText) as Record<string, unknown>;
  } catch {
    return [sku ?? '', '', '', '', '', ''];
  }
  const currency = text(p.currency);
  // The deal price where the event has one, else what a finished deal took in.
  const minor = typeof p.dealPriceMinor === 'number' ? p.dealPriceMinor : typeof p.revenueMinor === 'number' ? p.revenueMinor : null;
  const price = minor !== null && currency ? formatMinorPlain(minor, currency) : '';
  const cue = p.cueType !== undefined ? `${text(p.cueType)}${text(p.argument) ? `:${text(p.argument)}` : ''}` : '';
  return [sku ?? text(p.sku), text(p.sceneName), price, currency, cue, text(p.lane) || text(p.laneId)];
}

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
      return csvLines(
        rows.map(([seq, at, kind, productId, payload, sku]) => [sessionId, seq, at, new Date(at).toISOString(), kind, productId ?? '', ...csvFields(kind, payload, sku), payload]),
      );
    case 'json':
      // The stored payload is already JSON text: embed it as is instead of parsing and re-serializing.
      return rows
        .map(([seq, at, kind, productId, payload]) => `{"seq":${seq},"at":${at},"kind":${JSON.stringify(kind)},"productId":${JSON.stringify(productId)},"payload":${payload}}`)
        .join(',');
    case 'archive':
      return rows.map(([seq, at, kind, productId, payload]) => `[${seq},${at},${JSON.stringify(kind)},${JSON.stringify(productId)},${payload}]\n`).join('');
  }
}
