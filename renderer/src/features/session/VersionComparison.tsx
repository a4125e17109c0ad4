import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { VersionAcross } from '../../../../electron/shared/contract/audience';
import { useStudio } from '../../store';
import { errorText } from '../../store/run-action';
import { downloadText } from '../catalog/download';
import { Amounts } from '../sales/Amounts';
import { formatDuration } from './format';
import { salesGroupCsv } from './sales-csv';

/**
 * A script's A/B versions compared over every session that ran them (sales.versions): sessions, time on
 * air, deals started, orders, units and revenue per currency, exportable as CSV like the review's tables.
 */
export function VersionComparison({ scriptId, title }: { scriptId: string; title: string }) {
  const { t, i18n } = useTranslation('sessions');
  const lang = i18n.language;
  const number = (n: number) => new Intl.NumberFormat(lang).format(n);
  const compare = useStudio((s) => s.compareScriptVersions);
  const [rows, setRows] = useState<VersionAcross[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    setError(null);
    compare(scriptId).then(
      (r) => setRows(r.versions),
      (e: unknown) => setError(errorText(e)),
    );
  }, [compare, scriptId]);
  useEffect(load, [load]);

  const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'script';
  const exportCsv = () => rows && downloadText(`script-${slug}-${scriptId.slice(0, 8)}-versions.csv`, salesGroupCsv(rows.map((r) => ({ ...r, label: label(r) }))), 'text/csv');
  const label = (r: VersionAcross) => t('sales.versionLabel', { title: r.title || title, name: r.version });

  return (
    <section className="version-comparison" data-testid="version-comparison" aria-label={t('versionsAcross.title')}>
      <div className="sales-toolbar">
        <h3>{t('versionsAcross.title')}</h3>
        <button type="button" onClick={load} data-testid="version-comparison-refresh">
          {t('versionsAcross.refresh')}
        </button>
        <button type="button" onClick={exportCsv} disabled={!rows || rows.length === 0} data-testid="version-comparison-csv">
          {t('sales.exportCsv')}
        </button>
      </div>
      {error && (
        <p className="version-problem" role="alert">
          {error}
        </p>
      )}
      {rows && rows.length === 0 && <p className="muted">{t('versionsAcross.empty')}</p>}
      {rows && rows.length > 0 && (
        <table className="table" data-testid="version-comparison-table">
          <thead>
            <tr>
              <th>{t('sales.column.version')}</th>
              <th className="num">{t('versionsAcross.sessions')}</th>
              <th className="num">{t('sales.onAir')}</th>
              <th className="num">{t('sales.dealsStarted')}</th>
              <th className="num">{t('sales.orders')}</th>
              <th className="num">{t('sales.units')}</th>
              <th className="num">{t('sales.revenue')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key} data-testid="version-comparison-row" data-version={r.version}>
                <td>{label(r)}</td>
                <td className="num mono">{number(r.sessions)}</td>
                <td className="num mono">{formatDuration(r.onAirMs)}</td>
                <td className="num mono">{number(r.dealsStarted)}</td>
                <td className="num mono">{number(r.orders)}</td>
                <td className="num mono">{number(r.units)}</td>
                <td className="num mono">
                  <Amounts amounts={r.revenue} locale={lang} testId="version-comparison-revenue" />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
