import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodInput } from '../../../../electron/shared/contract';
import type { Session, SessionStatus } from '../../../../electron/shared/contract/session';
import type { PlatformId } from '../../../../electron/shared/contract/platform';
import { marketCodes } from '../../../../electron/shared/markets';
import { platformNames, platformOrder } from '../../../../electron/shared/platform-names';
import { useStudio } from '../../store';
import { formatDateTime, formatDuration } from './format';
import { ArchiveImport } from './ArchiveImport';
import { SessionCompare } from './SessionCompare';
import { StatusBadge } from './StatusBadge';
import { useRunAction, useShowFailure } from '../../store/run-action';

const pageSize = 25;

/** Date input (yyyy-mm-dd) to the start or end of that day in local time. */
function dayBound(value: string, end: boolean): number | undefined {
  if (!value) return undefined;
  const d = new Date(`${value}T00:00:00`);
  if (Number.isNaN(d.getTime())) return undefined;
  return end ? d.getTime() + 24 * 3600 * 1000 - 1 : d.getTime();
}

export function SessionList({ onOpen }: { onOpen(id: string): void }) {
  const { t, i18n } = useTranslation('sessions');
  const version = useStudio((s) => s.sessionListVersion);
  // The review switched between this PC's log and the central store (Settings): list again.
  const reviewKey = useStudio((s) => (s.fleet ? `${s.fleet.review.enabled} ${s.fleet.review.url ?? ''}` : ''));
  const reviewFixed = useStudio((s) => s.fleet?.review.fixed ?? false);
  const reviewUrl = useStudio((s) => s.fleet?.review.url ?? '');
  const configureReview = useStudio((s) => s.configureReview);
  const listSessions = useStudio((s) => s.listSessions);
  const resumeSession = useStudio((s) => s.resumeSession);
  const endInterruptedSession = useStudio((s) => s.endInterruptedSession);
  const fail = useShowFailure();
  const run = useRunAction();
  const [filters, setFilters] = useState({ from: '', to: '', market: '', host: '', status: '', studio: '', product: '', platform: '' });
  const [page, setPage] = useState(0);
  const [result, setResult] = useState<{ sessions: Session[]; total: number; source: 'local' | 'central'; studios: { id: string; name: string }[] } | null>(
    null,
  );
  // The list's filters, as the comparison takes them too (it has no status or page).
  const filter: Omit<MethodInput<'session.compare'>, 'by'> = {};
  const from = dayBound(filters.from, false);
  const to = dayBound(filters.to, true);
  if (from !== undefined) filter.from = from;
  if (to !== undefined) filter.to = to;
  if (filters.market) filter.market = filters.market;
  if (filters.host.trim()) filter.host = filters.host.trim();
  if (filters.studio) filter.studio = filters.studio;
  if (filters.product.trim()) filter.product = filters.product.trim();
  if (filters.platform) filter.platform = filters.platform as PlatformId;
  const filterKey = JSON.stringify(filter);

  useEffect(() => {
    const input: MethodInput<'session.list'> = { ...(JSON.parse(filterKey) as object), offset: page * pageSize, limit: pageSize };
    if (filters.status) input.status = filters.status as SessionStatus;
    let cancelled = false;
    listSessions(input)
      .then((r) => !cancelled && setResult(r))
      .catch(fail);
    return () => {
      cancelled = true;
    };
  }, [filterKey, filters.status, page, version, reviewKey, listSessions, fail]);
  const central = result?.source === 'central';

  const setFilter = (key: keyof typeof filters) => (e: { target: { value: string } }) => {
    setPage(0);
    setFilters({ ...filters, [key]: e.target.value });
  };
  const pages = result ? Math.max(1, Math.ceil(result.total / pageSize)) : 1;

  return (
    <section className="panel sessions-list" data-testid="sessions-list">
      <div className="panel-head">
        <h1>{central ? t('list.centralTitle') : t('title')}</h1>
        <span className="muted">{result ? t('list.count', { count: result.total }) : ''}</span>
      </div>
      {central && (
        <p className="central-source" data-testid="central-source">
          <span>{t('list.centralFrom', { url: reviewUrl })}</span>
          {!reviewFixed && (
            <button type="button" data-testid="review-local" onClick={() => run(() => configureReview({ url: reviewUrl, enabled: false }))}>
              {t('list.showLocal')}
            </button>
          )}
        </p>
      )}
      <div className="session-filters" role="search">
        <label>
          {t('list.from')}
          <input type="date" value={filters.from} onChange={setFilter('from')} data-testid="filter-from" />
        </label>
        <label>
          {t('list.to')}
          <input type="date" value={filters.to} onChange={setFilter('to')} data-testid="filter-to" />
        </label>
        <label>
          {t('list.market')}
          <select value={filters.market} onChange={setFilter('market')} data-testid="filter-market">
            <option value="">{t('list.any')}</option>
            {marketCodes.map((code) => (
              <option key={code} value={code}>
                {code}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('list.host')}
          <input value={filters.host} onChange={setFilter('host')} placeholder={t('list.hostPlaceholder')} data-testid="filter-host" />
        </label>
        {central && (
          <label>
            {t('list.studio')}
            <select value={filters.studio} onChange={setFilter('studio')} data-testid="filter-studio">
              <option value="">{t('list.any')}</option>
              {result.studios.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name || s.id}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          {t('list.product')}
          <input value={filters.product} onChange={setFilter('product')} placeholder={t('list.productPlaceholder')} data-testid="filter-product" />
        </label>
        <label>
          {t('list.platform')}
          <select value={filters.platform} onChange={setFilter('platform')} data-testid="filter-platform">
            <option value="">{t('list.any')}</option>
            {platformOrder.map((p) => (
              <option key={p} value={p}>
                {platformNames[p]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('list.status')}
          <select value={filters.status} onChange={setFilter('status')} data-testid="filter-status">
            <option value="">{t('list.any')}</option>
            {(['live', 'ended', 'interrupted'] as const).map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {result && result.sessions.length === 0 ? (
        <p className="muted empty">{t('list.empty')}</p>
      ) : (
        <table className="table" data-testid="session-table">
          <thead>
            <tr>
              <th>{t('list.session')}</th>
              <th>{t('list.status')}</th>
              {central && <th>{t('list.studio')}</th>}
              <th>{t('list.market')}</th>
              <th>{t('list.hosts')}</th>
              <th>{t('list.started')}</th>
              <th>{t('list.duration')}</th>
              <th className="num">{t('list.events')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {result?.sessions.map((s) => (
              <tr key={s.id} data-testid="session-row" data-status={s.status}>
                <td>
                  <button type="button" className="linkish" onClick={() => onOpen(s.id)}>
                    {s.title}
                  </button>
                </td>
                <td>
                  <StatusBadge status={s.status} />
                </td>
                {central && <td data-testid="session-studio">{s.studio?.name ?? ''}</td>}
                <td>{s.market}</td>
                <td>{s.hosts.join(', ')}</td>
                <td>{formatDateTime(s.startedAt, i18n.language)}</td>
                <td className="mono">{formatDuration((s.endedAt ?? s.lastEventAt ?? Date.now()) - s.startedAt)}</td>
                <td className="num mono">{s.eventCount.toLocaleString(i18n.language)}</td>
                <td className="row-actions">
                  {s.status === 'interrupted' && (
                    <>
                      <button type="button" onClick={() => run(() => resumeSession(s.id))}>
                        {t('actions.resume')}
                      </button>
                      <button type="button" onClick={() => run(() => endInterruptedSession(s.id))}>
                        {t('actions.endInterrupted')}
                      </button>
                    </>
                  )}
                  <button type="button" onClick={() => onOpen(s.id)}>
                    {t('actions.open')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="pager">
        <button type="button" disabled={page === 0} onClick={() => setPage(page - 1)}>
          {t('list.previous')}
        </button>
        <span className="muted">{t('list.page', { page: page + 1, pages })}</span>
        <button type="button" disabled={page + 1 >= pages} onClick={() => setPage(page + 1)}>
          {t('list.next')}
        </button>
      </div>
      <SessionCompare filter={filter} version={version} />
      {!central && <ArchiveImport onOpen={onOpen} />}
    </section>
  );
}
