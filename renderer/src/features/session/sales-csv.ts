import Papa from 'papaparse';
import type { SalesGroup, VersionGroup } from '../../../../electron/shared/contract/audience';
import { plainAmount } from '../../../../electron/shared/money';

/** Text a sheet would run as a formula, but not a negative amount (a refund): "-12.50" stays a number. */
const formulaLike = /^(?!-\d+(\.\d+)?$)[=+\-@\t\r]/;

/** The review's sales tables, as the Sessions page names them in its address (#/sessions/<id>/sales/<group>). */
export const salesGroups = ['product', 'segment', 'cue', 'version', 'host'] as const;
export type SalesGroupId = (typeof salesGroups)[number];

/**
 * One review table as CSV, like the session export writes it (Papa Parse, RFC 4180 with CRLF): key,
 * label, orders, units, then one revenue column per currency (plain decimals, so a sheet can sum them;
 * empty where the group sold nothing in that currency). Labels a sheet would run as formulas (=, +, -, @)
 * are quoted harmless.
 */
export function salesGroupCsv(groups: (SalesGroup | VersionGroup)[]): string {
  const currencies = [...new Set(groups.flatMap((g) => g.revenue.map((r) => r.currency)))].sort();
  // The A/B versions table also says which script and version, how long it was on air and the deals started.
  const versions = groups.length > 0 && groups.every((g) => 'version' in g);
  const versionHeader = versions ? ['script_id', 'script', 'version', 'on_air_seconds', 'deals_started'] : [];
  const header = ['key', 'label', ...versionHeader, 'orders', 'units', ...currencies.map((c) => `revenue_${c}`)];
  const rows = groups.map((g) => [
    g.key,
    g.label,
    ...('version' in g && versions ? [g.scriptId, g.title, g.version, Math.round(g.onAirMs / 1000), g.dealsStarted] : []),
    g.orders,
    g.units,
    ...currencies.map((c) => {
      const money = g.revenue.find((r) => r.currency === c);
      return money ? plainAmount(money) : '';
    }),
  ]);
  return Papa.unparse([header, ...rows], { newline: '\r\n', escapeFormulae: formulaLike }) + '\r\n';
}

/** session-2026-12-02-tea-launch-1a2b3c4d-sales-by-cue.csv: the session export's name, with the table's. */
export function salesCsvFileName(session: { id: string; title: string; startedAt: number }, group: SalesGroupId): string {
  const day = new Date(session.startedAt).toISOString().slice(0, 10);
  const slug = session.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'session';
  return `session-${day}-${slug}-${session.id.slice(0, 8)}-sales-by-${group}.csv`;
}
