import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvLines } from '../../../electron/core/features/session/export-render';

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
    const back = parse(text, { relax_quotes: false }) as string[][];
    expect(back).toEqual(rows.map((r) => r.map(String)));
  });
});
