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

  it('the A/B versions table also says the script, the version, its time on air in seconds and the deals started', () => {
    const version = (v: string, onAirMs: number) => ({ ...group(`s1/${v}`, `Jasmine tea · ${v}`, [{ currency: 'EUR', amountMinor: 2490, minorDigits: 2 }]), scriptId: 's1', title: 'Jasmine tea', version: v, onAirMs, dealsStarted: 1 });
    const rows = Papa.parse<string[]>(salesGroupCsv([version('A', 61_400), version('B', 120_000)]).trim(), { newline: '\r\n' }).data;
    expect(rows).toEqual([
      ['key', 'label', 'script_id', 'script', 'version', 'on_air_seconds', 'deals_started', 'orders', 'units', 'revenue_EUR'],
      ['s1/A', 'Jasmine tea · A', 's1', 'Jasmine tea', 'A', '61', '1', '2', '3', '24.90'],
      ['s1/B', 'Jasmine tea · B', 's1', 'Jasmine tea', 'B', '120', '1', '2', '3', '24.90'],
    ]);
  });

  it('is named after the session, like the session export, and the table', () => {
    expect(salesCsvFileName({ id: '1a2b3c4d-0000-4000-8000-000000000000', title: 'Tea launch, US evening', startedAt: Date.UTC(2026, 11, 2, 20) }, 'cue')).toBe(
      'session-2026-12-02-tea-launch-us-evening-1a2b3c4d-sales-by-cue.csv',
    );
  });
});
