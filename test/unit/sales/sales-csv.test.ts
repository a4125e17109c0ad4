import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { salesCsvFileName, salesGroupCsv } from '../../../renderer/src/features/session/sales-csv';

const group = (key: string, label: string, revenue: { currency: string; amountMinor: number; minorDigits: number }[]) => ({ key, label, orders: 2, units: 3, revenue });

describe('a review table as CSV', () => {
  it('has one revenue column per currency, in plain decimals with each currency\'s digits, CRLF line ends', () => {
    const csv = salesGroupCsv([
      group('p1', 'Jasmine tea, 100 g', [{ currency: 'USD', amountMinor: 4998, minorDigits: 2 }]),
      group('p2', 'Celadon mug', [
        { currency: 'JPY', amountMinor: 3200, minorDigits: 0 },
        { currency: 'EUR', amountMinor: -1250, minorDigits: 2 },
      ]),
    ]);
    expect(csv.endsWith('\r\n')).toBe(true);
    const rows = Papa.parse<string[]>(csv.trim(), { newline: '\r\n' }).data;
    expect(rows).toEqual([
      ['key', 'label', 'orders', 'units', 'revenue_EUR', 'revenue_JPY', 'revenue_USD'],
      ['p1', 'Jasmine tea, 100 g', '2', '3', '', '', '49.98'],
      // A refund larger than the sales stays a number a sheet can sum.
      ['p2', 'Celadon mug', '2', '3', '-12.50', '3200', ''],
    ]);
  });

  it('defuses labels a spreadsheet would run as formulas', () => {
    const rows = Papa.parse<string[]>(salesGroupCsv([group('c1', '=HYPERLINK("http://x")', []), group('c2', '@SUM(A1)', [])]).trim()).data;
    expect(rows[1]![1]).toBe('\'=HYPERLINK("http://x")');
    expect(rows[2]![1]).toBe("'@SUM(A1)");
  });

  it('is named after the session, like the session export, and the table', () => {
    expect(salesCsvFileName({ id: '1a2b3c4d-0000-4000-8000-000000000000', title: 'Tea launch, US evening', startedAt: Date.UTC(2026, 11, 2, 20) }, 'cue')).toBe(
      'session-2026-12-02-tea-launch-us-evening-1a2b3c4d-sales-by-cue.csv',
    );
  });
});
