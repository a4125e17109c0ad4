import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Session } from '../../../../electron/shared/contract/session';
import { hostClient } from '../../transport';
import { useStudio } from '../../store';
import { formatClock, formatDateTime } from './format';
import { useShowFailure } from '../../store/run-action';

interface Interrupted {
  session: Session;
  /** Deals the host ended at restart because they were live at the crash (reason host_interrupted). */
  dealsEnded: number;
  /** Other sessions left interrupted (older ones), reachable from the Sessions page. */
  others: number;
}

/**
 * Under the top bar on every page, while no session is live: the session a crash (or a killed host)
 * interrupted, with Resume and End, and what was settled because of it. Without it, the top bar would
 * offer "Start session" as if nothing had happened.
 */
export function InterruptedBanner() {
  const { t, i18n } = useTranslation('sessions');
  const live = useStudio((s) => s.liveSession);
  const version = useStudio((s) => s.sessionListVersion);
  const linkState = useStudio((s) => s.link.state);
  const showError = useStudio((s) => s.showError);
  const fail = useShowFailure();
  const [found, setFound] = useState<Interrupted | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (live || linkState !== 'online') return setFound(null);
    let cancelled = false;
    const client = hostClient();
    void (async () => {
      const list = await client.call('session.list', { status: 'interrupted', limit: 1 });
      const session = list.sessions[0];
      if (!session) return !cancelled && setFound(null);
      const ended = await client.call('session.events', { id: session.id, kinds: ['deal.ended'], limit: 1000 });
      const dealsEnded = ended.events.filter((e) => (e.payload as { reason?: string }).reason === 'host_interrupted').length;
      if (!cancelled) setFound({ session, dealsEnded, others: list.total - 1 });
    })().catch(fail);
    return () => {
      cancelled = true;
    };
  }, [live, version, linkState, showError]);

  if (!found || live) return null;
  const { session } = found;
  const act = (method: 'session.resume' | 'session.end') => {
    setBusy(true);
    hostClient()
      .call(method, { id: session.id })
      .then(() => setFound(null))
      .catch(fail)
      .finally(() => setBusy(false));
  };
  const stoppedAt = session.lastEventAt ?? session.startedAt;
  return (
    <div className="interrupted-banner" role="alert" data-testid="interrupted-banner">
      <span className="interrupted-icon" aria-hidden="true">
        ⚠
      </span>
      <div className="interrupted-text">
        <strong>{t('banner.title', { title: session.title })}</strong>
        <span>
          {t('banner.detail', { started: formatDateTime(session.startedAt, i18n.language), stopped: formatClock(stoppedAt, i18n.language) })}
          {found.dealsEnded > 0 && <> {t('banner.dealsEnded', { count: found.dealsEnded })}</>}
          {found.others > 0 && <> {t('banner.others', { count: found.others })}</>}
        </span>
      </div>
      <div className="interrupted-actions">
        <button type="button" className="primary" disabled={busy} onClick={() => act('session.resume')} data-testid="banner-resume">
          {t('banner.resume')}
        </button>
        <button type="button" disabled={busy} onClick={() => act('session.end')} data-testid="banner-end">
          {t('banner.end')}
        </button>
        <a href={`#/sessions/${session.id}`} className="interrupted-open">
          {t('banner.review')}
        </a>
      </div>
    </div>
  );
}
