import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ObsSnapshot } from '../../../electron/shared/contract/obs';
import { useStudio } from '../store';

/** How long "reconnected after …" stays on screen after OBS comes back. */
const reconnectedNoticeMs = 30_000;

type Shown = 'connected' | 'reconnected' | 'lost' | 'off' | 'connecting' | 'unreachable' | 'rejected' | 'needs-password';

function shownState(obs: ObsSnapshot, now: number): Shown {
  const c = obs.connection;
  switch (c.state) {
    case 'connected':
      return c.lastOutageMs !== null && now - c.since < reconnectedNoticeMs ? 'reconnected' : 'connected';
    case 'disconnected':
      return c.lostAt !== null ? 'lost' : 'off';
    case 'auth-failed':
      return obs.password.rejected ? 'rejected' : 'needs-password';
    default:
      return c.state;
  }
}

/** The OBS status of this window (the store loads it whenever the host link comes up), and a clock while one is shown. */
function useObsShown() {
  const obs = useStudio((s) => s.obs);
  const [now, setNow] = useState(() => Date.now());
  const c = obs?.connection;
  // Tick only while a clock is on screen: an outage counting up, or the reconnect notice waiting to go.
  const ticking = !!c && (c.lostAt !== null || (c.state === 'connected' && c.lastOutageMs !== null));
  useEffect(() => {
    setNow(Date.now());
    if (!ticking) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [ticking, c?.since]);
  return { obs, shown: obs ? shownState(obs, now) : null, now };
}

/** Milliseconds as "25 s" or "1:05" (minutes:seconds). */
function useDuration() {
  const { t } = useTranslation();
  return (ms: number) => {
    const total = Math.max(0, Math.round(ms / 1000));
    if (total < 60) return t('obs.seconds', { count: total });
    const h = Math.floor(total / 3600);
    const m = Math.floor((total % 3600) / 60);
    const s = String(total % 60).padStart(2, '0');
    return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
  };
}

/** OBS's state in the top bar, on every page, short enough for 1280 px; a click opens the Live page. */
export function ObsBadge() {
  const { t } = useTranslation();
  const { obs, shown } = useObsShown();
  if (!obs || !shown) return null;
  const badge = shown === 'reconnected' ? 'connected' : shown;
  return (
    <a
      href="#/live"
      className={`badge obs-badge obs-badge-${badge}`}
      data-testid="obs-badge"
      data-state={obs.connection.state}
      data-shown={shown}
      title={t(`obs.badgeLabel.${badge}`)}
      // The accessible name starts with the visible words (WCAG 2.5.3), then says them in full.
      aria-label={`${t(`obs.badge.${badge}`)}: ${t(`obs.badgeLabel.${badge}`)}`}
    >
      <span className="dot" aria-hidden />
      {t(`obs.badge.${badge}`)}
    </a>
  );
}

/**
 * A strip under the top bar on every page while OBS is lost or refused, with how long it has been gone,
 * and for a while after it is back, how long the outage lasted.
 */
export function ObsAlert() {
  const { t } = useTranslation();
  const { obs, shown, now } = useObsShown();
  const duration = useDuration();
  if (!obs || !shown || shown === 'connected' || shown === 'off' || shown === 'connecting') return null;
  const c = obs.connection;
  const text =
    shown === 'lost'
      ? t('obs.alert.lost', { duration: duration(now - c.lostAt!) })
      : shown === 'reconnected'
        ? t('obs.alert.reconnected', { duration: duration(c.lastOutageMs!) })
        : t(`obs.alert.${shown}`);
  const good = shown === 'reconnected';
  return (
    <div className={`obs-alert ${good ? 'obs-alert-good' : 'obs-alert-bad'}`} role={good ? 'status' : 'alert'} data-testid="obs-alert" data-shown={shown}>
      <span className="dot" aria-hidden />
      <span data-testid="obs-alert-text">{text}</span>
      {!good && (
        <a href="#/live" className="obs-alert-link">
          {t('obs.alert.open')}
        </a>
      )}
    </div>
  );
}
