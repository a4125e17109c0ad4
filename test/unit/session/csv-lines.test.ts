import { describe, expect, it } from 'vitest';
import { csvLines } from '../../../electron/core/features/session/export-render';

/**
 * RFC 4180 read strictly, written here rather than taken from the library that writes the export, so the
 * check stays independent: fields split on commas, records on CRLF, a quoted field may hold both and
 * doubles its quotes; a quote anywhere else is an error.
 */
function readRfc4180(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;
  while (i < text.length) {
    let field = '';
    if (text[i] === '"') {
      for (i++; ; i++) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"' && text[i + 1] === '"') {
          field += '"';
          i++;
        } else if (text[i] === '"') break;
        else field += text[i];
      }
      i++;
    } else {
      while (i < text.length && text[i] !== ',' && !text.startsWith('\r\n', i)) {
        if (text[i] === '"' || text[i] === '\r' || text[i] === '\n') throw new Error(`stray ${JSON.stringify(text[i])} at ${i}`);
        field += text[i++];
      }
    }
    record.push(field);
    if (text[i] === ',') i++;
    else if (text.startsWith('\r\n', i)) {
      records.push(record);
      record = [];
      i += 2;
    }
    else if (i < text.length) throw new Error(`expected a comma or CRLF at ${i}`);
  }
  if (record.length > 0) records.push(record);
  return records;
}

describe('CSV records of the session export', () => {
  it('are RFC 4180: CRLF line ends, quoted fields round-trip through an independent parser', () => {
    const rows = [
      ['s1', 1, 1764100000000, '2025-11-25T20:00:00.000Z', 'session.mark', '', JSON.stringify({ text: 'he said "buy", now\r\nline 2' })],
      ['s1', 2, 1764100000001, '2025-11-25T20:00:00.001Z', 'product.pinned', 'p-1', '{"productId":"p-1","market":"US"}'],
      ['s1', 3, 1764100000002, '2025-11-25T20:00:00.002Z', 'error', '', ' leading space, trailing '],
    ];
    const text = csvLines(rows);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n')[1]).toMatch(/^s1,2,/);
    const back = readRfc4180(text);
    expect(back).toEqual(rows.map((r) => r.map(String)));
  });
});
