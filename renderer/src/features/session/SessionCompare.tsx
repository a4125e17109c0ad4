import Papa from 'papaparse';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodInput, MethodOutput } from '../../../../electron/shared/contract';
import type { CompareBy } from '../../../../electron/shared/contract/session';
import { formatMinorPlain } from '../../../../electron/shared/money';
import { useStudio } from '../../store';
import { useShowFailure } from '../../store/run-action';
import { downloadText } from '../catalog/download';
import { formatDuration } from './format';

const groupings: CompareBy[] = ['host', 'market', 'studio', 'product', 'version'];
/** Text a sheet would run as a formula (=, +, -, @) is quoted harmless, as in the sales CSV. */
const formulaLike = /^(?!-\d+(\.\d+)?$)[=+\-@\t\r]/;

type Filter = Omit<MethodInput<'session.compare'>, 'by'>;

/** The comparison as CSV (RFC 4180, CRLF): one revenue column per currency, plain decimals a sheet can sum. */
export function compareCsv(result: MethodOutput<'session.compare'>): string {
  const currencies = [...new Set(result.rows.flatMap((r) => r.revenue.map((m) => m.currency)))].sort();
  const header = [result.by, 'label', 'sessions', 'on_air_seconds', 'deals', 'orders', 'units', ...currencies.map((c) => `revenue_${c}`), 'viewers_peak'];
  const rows = result.rows.map((r) => [
    r.key,
    r.label,
    r.sessions,
    Math.round(r.onAirMs / 1000),
    r.deals,
    r.orders,
    r.units,
    ...currencies.map((c) => {
      const money = r.revenue.find((m) => m.currency === c);
      return money ? formatMinorPlain(money.amountMinor, money.currency) : '';
    }),
    r.viewersPeak ?? '',
  ]);
  return Papa.unparse([header, ...rows], { newline: '\r\n', escapeFormulae: formulaLike }) + '\r\n';
}

/** Sessions side by side per host, market, studio or product, with the list's filters; exportable to CSV. */
export function SessionCompare({ filter, version }: { filter: Filter; version: number }) {
  const { t, i18n } = useTranslation('sessions');
  const compareSessions = useStudio((s) => s.compareSessions);
  const fail = useShowFailure();
  const [by, setBy] = useState<CompareBy>('host');
  const [result, setResult] = useState<MethodOutput<'session.compare'> | null>(null);
  const key = JSON.stringify(filter);

  useEffect(() => {
    let cancelled = false;
    compareSessions({ ...(JSON.parse(key) as Filter), by })
      .then((r) => !cancelled && setResult(r))
      .catch(fail);
    return () => {
      cancelled = true;
    };
  }, [by, key, version, compareSessions, fail]);

  const day = new Date().toISOString().slice(0, 10);
  return (
    <section className="panel session-compare" data-testid="session-compare">
      <div className="panel-head">
        <h2>{t('compare.title')}</h2>
        <span className="muted">{result ? t('list.count', { count: result.sessions }) : ''}</span>
      </div>
      <div className="session-filters">
        <label>
          {t('compare.by')}
          <select value={by} onChange={(e) => setBy(e.target.value as CompareBy)} data-testid="compare-by">
            {groupings.map((g) => (
              <option key={g} value={g}>
                {t(`compare.group.${g}`)}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          disabled={!result || result.rows.length === 0}
          onClick={() => result && downloadText(`sessions-by-${result.by}-${day}.csv`, compareCsv(result), 'text/csv')}
          data-testid="compare-export"
        >
          {t('compare.exportCsv')}
        </button>
      </div>
      {result && result.rows.length === 0 ? (
        <p className="muted empty">{t('compare.empty')}</p>
      ) : (
        <table className="table" data-testid="compare-table">
          <thead>
            <tr>
              <th>{t(`compare.group.${by}`)}</th>
              <th className="num">{t('compare.sessions')}</th>
              <th className="num">{t('compare.onAir')}</th>
              <th className="num">{t('compare.deals')}</th>
              <th className="num">{t('compare.orders')}</th>
              <th className="num">{t('compare.units')}</th>
              <th className="num">{t('compare.revenue')}</th>
              <th className="num">{t('compare.viewersPeak')}</th>
            </tr>
          </thead>
          <tbody>
            {result?.rows.map((r) => (
              <tr key={r.key} data-testid="compare-row" data-key={r.key}>
                <td>{r.label}</td>
                <td className="num mono">{r.sessions}</td>
                <td className="num mono">{formatDuration(r.onAirMs)}</td>
                <td className="num mono">{r.deals}</td>
                <td className="num mono">{r.orders}</td>
                <td className="num mono">{r.units.toLocaleString(i18n.language)}</td>
                <td className="num mono">{r.revenue.map((m) => `${formatMinorPlain(m.amountMinor, m.currency)} ${m.currency}`).join(' · ') || '—'}</td>
                <td className="num mono">{r.viewersPeak === null ? '—' : r.viewersPeak.toLocaleString(i18n.language)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
