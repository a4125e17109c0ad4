import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExportFormat } from '../../../../electron/shared/contract/session';
import { useStudio } from '../../store';
import { ConfirmDialog } from './ConfirmDialog';
import { EventsTable } from './EventsTable';
import { formatDateTime, formatDuration } from './format';
import { HealthChart } from './HealthChart';
import { NotesPanel } from './NotesPanel';
import { ProductTable } from './ProductTable';
import { SalesReview } from './SalesReview';
import type { SalesGroupId } from './sales-csv';
import { StatusBadge } from './StatusBadge';
import { Timeline } from './Timeline';
import { errorText, useRunAction, useShowFailure } from '../../store/run-action';
import type { SessionReview } from '../../store/session-review-slice';
import type { SalesReview as SalesReviewData } from '../../store/sales';

/** Which part of a session's review is open: its own address, so a reload or a link opens the same. */
export interface ReviewView {
  tab: 'overview' | 'sales';
  group: SalesGroupId;
}

/** Where the browser can download an export: the host's route, with this page's token. */
function downloadUrl(path: string): string | null {
  const token = new URLSearchParams(window.location.search).get('token');
  if (!token || !window.location.protocol.startsWith('http')) return null;
  return `${window.location.origin}${path}?token=${encodeURIComponent(token)}`;
}

export function SessionDetail({ id, view, onView, onBack }: { id: string; view: ReviewView; onView(view: ReviewView): void; onBack(): void }) {
  const { t, i18n } = useTranslation('sessions');
  const showError = useStudio((s) => s.showError);
  const fail = useShowFailure();
  const run = useRunAction();
  const loadSessionReview = useStudio((s) => s.loadSessionReview);
  const loadSalesReview = useStudio((s) => s.loadSalesReview);
  const exportSession = useStudio((s) => s.exportSession);
  const resumeSession = useStudio((s) => s.resumeSession);
  const endInterruptedSession = useStudio((s) => s.endInterruptedSession);
  const deleteSession = useStudio((s) => s.deleteSession);
  const version = useStudio((s) => s.sessionListVersion);
  const progress = useStudio((s) => s.exportProgress[id]);
  const [review, setReview] = useState<SessionReview | null>(null);
  const [sales, setSales] = useState<{ review: SalesReviewData } | { error: string } | null>(null);
  const [exported, setExported] = useState<{ format: ExportFormat; path: string; url: string | null } | null>(null);
  const [exporting, setExporting] = useState<ExportFormat | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [gone, setGone] = useState(false);

  const load = useCallback(() => {
    loadSessionReview(id)
      .then(setReview)
      .catch((e: Error & { code?: string }) => (e.code === 'not_found' ? setGone(true) : showError(errorText(e))));
  }, [id, loadSessionReview, showError]);
  useEffect(load, [load, version]);
  useEffect(() => {
    loadSalesReview(id)
      .then((r) => setSales({ review: r }))
      .catch((e: unknown) => setSales({ error: errorText(e) }));
  }, [id, loadSalesReview, version]);
  const salesReview = sales && 'review' in sales ? sales.review : null;

  const runExport = (format: ExportFormat) => {
    setExporting(format);
    setExported(null);
    exportSession(id, format)
      .then((r) => {
        const url = downloadUrl(r.downloadPath);
        setExported({ format, path: r.path, url });
        if (url) {
          const a = document.createElement('a');
          a.href = url;
          a.download = r.fileName;
          a.click();
        }
      })
      .catch(fail)
      .finally(() => setExporting(null));
  };

  if (gone) {
    return (
      <section className="panel">
        <p>{t('detail.gone')}</p>
        <button type="button" onClick={onBack}>
          {t('detail.back')}
        </button>
      </section>
    );
  }
  if (!review) return <section className="panel muted">{t('loading')}</section>;
  const { summary, timeline, health } = review;
  const s = summary.session;
  const percent = progress && progress.total > 0 ? Math.round((progress.written / progress.total) * 100) : 0;

  return (
    <div className="session-detail" data-testid="session-detail">
      <section className="panel">
        <div className="panel-head">
          <button type="button" onClick={onBack} data-testid="session-back">
            <span className="flip-rtl" aria-hidden>
              ←
            </span>{' '}
            {t('detail.back')}
          </button>
          <h1 data-testid="session-detail-title">{s.title}</h1>
          <StatusBadge status={s.status} />
        </div>
        <dl className="facts">
          <div>
            <dt>{t('list.market')}</dt>
            <dd>{s.market}</dd>
          </div>
          <div>
            <dt>{t('list.hosts')}</dt>
            <dd>{s.hosts.join(', ') || '—'}</dd>
          </div>
          <div>
            <dt>{t('list.started')}</dt>
            <dd>{formatDateTime(s.startedAt, i18n.language)}</dd>
          </div>
          <div>
            <dt>{t('list.duration')}</dt>
            <dd className="mono">{formatDuration(summary.durationMs)}</dd>
          </div>
          <div>
            <dt>{t('list.events')}</dt>
            <dd className="mono">{s.eventCount.toLocaleString(i18n.language)}</dd>
          </div>
          <div>
            <dt>{t('detail.marks')}</dt>
            <dd className="mono">{summary.marks.length}</dd>
          </div>
          <div>
            <dt>{t('detail.alarms')}</dt>
            <dd className={summary.alarms > 0 ? 'mono warn' : 'mono'}>{summary.alarms}</dd>
          </div>
          <div>
            <dt>{t('detail.errors')}</dt>
            <dd className={summary.errors > 0 ? 'mono danger-text' : 'mono'}>{summary.errors}</dd>
          </div>
          <div>
            <dt>{t('detail.obsLosses')}</dt>
            <dd className={summary.obsLosses > 0 ? 'mono warn' : 'mono'} data-testid="count-obs-losses">
              {summary.obsLosses}
            </dd>
          </div>
          <div>
            <dt>{t('detail.interruptions')}</dt>
            <dd className={summary.interruptions > 0 ? 'mono warn' : 'mono'} data-testid="count-interruptions">
              {summary.interruptions}
            </dd>
          </div>
        </dl>
        <div className="detail-actions">
          <span className="muted">{t('export.label')}</span>
          {(['csv', 'json', 'archive'] as const).map((format) => (
            <button key={format} type="button" disabled={exporting !== null} onClick={() => runExport(format)} data-testid={`export-${format}`}>
              {t(`export.${format}`)}
            </button>
          ))}
          {exporting && (
            <span className="export-progress" role="progressbar" aria-valuenow={percent} aria-valuemin={0} aria-valuemax={100}>
              <span className="bar" style={{ width: `${percent}%` }} />
              <span className="text">{t('export.progress', { percent })}</span>
            </span>
          )}
          {exported && (
            <span className="export-done" data-testid="export-done">
              {t('export.done')}{' '}
              {exported.url ? (
                <a href={exported.url} download>
                  {t('export.download')}
                </a>
              ) : (
                <span className="mono">{exported.path}</span>
              )}
            </span>
          )}
          <span className="spacer" />
          {s.status === 'interrupted' && (
            <>
              <button type="button" onClick={() => run(() => resumeSession(id))}>
                {t('actions.resume')}
              </button>
              <button type="button" onClick={() => run(() => endInterruptedSession(id))}>
                {t('actions.endInterrupted')}
              </button>
            </>
          )}
          <button type="button" className="danger" disabled={s.status === 'live'} title={s.status === 'live' ? t('delete.liveHint') : undefined} onClick={() => setConfirmDelete(true)} data-testid="session-delete">
            {t('delete.button')}
          </button>
        </div>
      </section>

      <div className="review-tabs" role="tablist" aria-label={t('detail.tabsLabel')}>
        {(['overview', 'sales'] as const).map((tab) => (
          <a
            key={tab}
            role="tab"
            href={`#/sessions/${id}${tab === 'sales' ? '/sales' : ''}`}
            aria-selected={view.tab === tab}
            className={view.tab === tab ? 'tab active' : 'tab'}
            onClick={(e) => {
              e.preventDefault();
              onView({ ...view, tab });
            }}
            data-testid={`review-tab-${tab}`}
          >
            {t(`detail.tab.${tab}`)}
          </a>
        ))}
      </div>

      {view.tab === 'sales' && (
        <section className="panel" data-testid="sales-panel-review">
          <h2>{t('detail.sales')}</h2>
          {!sales && <p className="muted">{t('loading')}</p>}
          {sales && 'error' in sales && (
            <p className="form-error" role="alert">
              {sales.error}
            </p>
          )}
          {salesReview && <SalesReview review={salesReview} session={s} group={view.group} onGroup={(group) => onView({ tab: 'sales', group })} />}
        </section>
      )}
      {view.tab === 'overview' && (
        <>
      <section className="panel">
        <h2>{t('detail.timeline')}</h2>
        <Timeline data={timeline} market={s.market} audience={salesReview} />
      </section>
      <section className="panel">
        <h2>{t('detail.health')}</h2>
        <HealthChart data={health} />
      </section>
      <div className="detail-grid">
        <section className="panel">
          <h2>{t('detail.products')}</h2>
          <ProductTable rows={summary.products} market={s.market} />
        </section>
        <section className="panel">
          <h2>{t('detail.marksNotes')}</h2>
          <NotesPanel sessionId={id} marks={summary.marks} notes={summary.notes} onAdded={load} />
        </section>
      </div>
      <section className="panel">
        <h2>{t('detail.events')}</h2>
        <EventsTable sessionId={id} market={s.market} kinds={summary.kinds} />
      </section>
        </>
      )}

      {confirmDelete && (
        <ConfirmDialog
          title={t('delete.title')}
          message={t('delete.message', { title: s.title, count: s.eventCount })}
          confirmLabel={t('delete.button')}
          onCancel={() => setConfirmDelete(false)}
          onConfirm={() => {
            setConfirmDelete(false);
            deleteSession(id).then(onBack).catch(fail);
          }}
        />
      )}
    </div>
  );
}
