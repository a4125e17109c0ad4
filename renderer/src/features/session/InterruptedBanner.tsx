import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStudio } from '../../store';
import { formatClock, formatDateTime } from './format';
import { useShowFailure } from '../../store/run-action';

/**
 * Under the top bar on every page, while no session is live: the session a crash (or a killed host)
 * interrupted, with Resume and End, and what was settled because of it. Without it, the top bar would
 * offer "Start session" as if nothing had happened. The store looks for it (session-review-slice.ts).
 */
export function InterruptedBanner() {
  const { t, i18n } = useTranslation('sessions');
  const live = useStudio((s) => s.liveSession);
  const found = useStudio((s) => s.interrupted);
  const linkState = useStudio((s) => s.link.state);
  const resumeSession = useStudio((s) => s.resumeSession);
  const endInterruptedSession = useStudio((s) => s.endInterruptedSession);
  const fail = useShowFailure();
  const [busy, setBusy] = useState(false);

  if (!found || live || linkState !== 'online') return null;
  const { session } = found;
  const act = (action: (id: string) => Promise<void>) => {
    setBusy(true);
    action(session.id)
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
        <button type="button" className="primary" disabled={busy} onClick={() => act(resumeSession)} data-testid="banner-resume">
          {t('banner.resume')}
        </button>
        <button type="button" disabled={busy} onClick={() => act(endInterruptedSession)} data-testid="banner-end">
          {t('banner.end')}
        </button>
        <a href={`#/sessions/${session.id}`} className="interrupted-open">
          {t('banner.review')}
        </a>
      </div>
    </div>
  );
}
