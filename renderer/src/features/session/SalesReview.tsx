import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { pickLocalized } from '../../../../electron/shared/languages';
import { useStudio } from '../../store';
import type { SalesGroup, VersionGroup } from '../../../../electron/shared/contract/audience';
import type { Session } from '../../../../electron/shared/contract/session';
import type { SalesReview as SalesReviewData } from '../../store/sales';
import { Amounts } from '../sales/Amounts';
import { downloadText } from '../catalog/download';
import { salesCsvFileName, salesGroupCsv, salesGroups, type SalesGroupId } from './sales-csv';
import { formatDuration } from './format';

const groupData: Record<SalesGroupId, (r: SalesReviewData) => (SalesGroup | VersionGroup)[]> = {
  product: (r) => r.byProduct,
  segment: (r) => r.bySegment,
  cue: (r) => r.byCue,
  version: (r) => r.byVersion,
  host: (r) => r.byHost,
};

/**
 * What sold and why: questions asked and answered, then revenue and units per product, segment, cue,
 * A/B script version (with its time on air and deals started, so versions compare by outcome) or host
 * (one table at a time, its name in the address so a link opens it), each exportable as CSV.
 */
export function SalesReview({ review, session, group, onGroup }: { review: SalesReviewData; session: Session; group: SalesGroupId; onGroup(group: SalesGroupId): void }) {
  const { t, i18n } = useTranslation('sessions');
  const lang = i18n.language;
  const number = (n: number) => new Intl.NumberFormat(lang).format(n);
  const names = useStudio((s) => s.salesProducts);
  const nameSalesProducts = useStudio((s) => s.nameSalesProducts);
  useEffect(() => void nameSalesProducts(review.byProduct.map((p) => p.key)).catch(() => {}), [review, nameSalesProducts]);
  // Products read in the UI language, from the catalog (the host's label is one language's); other groups as the host names them.
  const labelOf = (row: SalesGroup | VersionGroup) => {
    const name = group === 'product' ? names[row.key]?.name : undefined;
    if (name) return pickLocalized(name, lang).text;
    // The host's key for order lines nothing was attributed to (no cue reached yet, no segment...).
    if (row.key === 'none' && !row.label) return t(`sales.unattributed.${group}`);
    if ('version' in row && row.key !== 'none') return t('sales.versionLabel', { title: row.title || row.scriptId, name: row.version });
    return row.label || row.key;
  };
  const rows = groupData[group](review).map((row) => ({ ...row, label: labelOf(row) }));
  const { asked, answered } = review.questions;
  const peak = review.viewers.reduce((best, p) => Math.max(best, p.viewers), 0);
  const comments = review.chatPerMinute.reduce((sum, m) => sum + m.messages, 0);

  const exportCsv = () => downloadText(salesCsvFileName(session, group), salesGroupCsv(rows), 'text/csv');

  return (
    <div className="sales-review" data-testid="sales-review">
      <dl className="facts">
        <div>
          <dt>{t('sales.questionsAsked')}</dt>
          <dd className="mono" data-testid="questions-asked">
            {number(asked)}
          </dd>
        </div>
        <div>
          <dt>{t('sales.questionsAnswered')}</dt>
          <dd className="mono" data-testid="questions-answered">
            {number(answered)}
            {asked > 0 && <span className="muted small"> ({Math.round((answered / asked) * 100)}%)</span>}
          </dd>
        </div>
        <div>
          <dt>{t('sales.peakViewers')}</dt>
          <dd className="mono">{review.viewers.length > 0 ? number(peak) : '—'}</dd>
        </div>
        <div>
          <dt>{t('sales.comments')}</dt>
          <dd className="mono">{number(comments)}</dd>
        </div>
      </dl>
      <div className="sales-toolbar">
        <div className="sales-tabs" role="tablist" aria-label={t('sales.groupsLabel')}>
          {salesGroups.map((g) => (
            <button
              key={g}
              type="button"
              role="tab"
              id={`sales-tab-${g}`}
              aria-selected={g === group}
              aria-controls="sales-table-panel"
              className={g === group ? 'tab active' : 'tab'}
              onClick={() => onGroup(g)}
              data-testid={`sales-tab-${g}`}
            >
              {t(`sales.by.${g}`)}
              <span className="tab-count">{groupData[g](review).length}</span>
            </button>
          ))}
        </div>
        <button type="button" onClick={exportCsv} disabled={rows.length === 0} data-testid="sales-export-csv">
          {t('sales.exportCsv')}
        </button>
      </div>
      <div id="sales-table-panel" role="tabpanel" aria-labelledby={`sales-tab-${group}`}>
        {rows.length === 0 ? (
          <p className="muted" data-testid="sales-table-empty">
            {t(`sales.none.${group}`)}
          </p>
        ) : (
          <table className="table" data-testid="sales-table" data-group={group}>
            <thead>
              <tr>
                <th>{t(`sales.column.${group}`)}</th>
                {group === 'version' && (
                  <>
                    <th className="num">{t('sales.onAir')}</th>
                    <th className="num">{t('sales.dealsStarted')}</th>
                  </>
                )}
                <th className="num">{t('sales.orders')}</th>
                <th className="num">{t('sales.units')}</th>
                <th className="num">{t('sales.revenue')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.key} data-testid="sales-row" data-key={row.key}>
                  <td className="sales-row-label" title={row.key}>
                    {row.label}
                  </td>
                  {'version' in row && group === 'version' && (
                    <>
                      <td className="num mono" data-testid="version-on-air">
                        {row.key === 'none' ? '—' : formatDuration(row.onAirMs)}
                      </td>
                      <td className="num mono" data-testid="version-deals">
                        {row.key === 'none' ? '—' : number(row.dealsStarted)}
                      </td>
                    </>
                  )}
                  <td className="num mono">{number(row.orders)}</td>
                  <td className="num mono">{number(row.units)}</td>
                  <td className="num mono">
                    <Amounts amounts={row.revenue} locale={lang} testId="sales-row-revenue" />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}
