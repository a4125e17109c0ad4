import { useTranslation } from 'react-i18next';
import { platformNames } from '../../../../electron/shared/platform-names';
import { translateHostText } from '../../i18n/translate-error';
import { useStudio } from '../../store';
import '../settings/platforms.css';

/**
 * Beside OBS on the Live page: each platform connection's state at a glance (a dot, its name, and what
 * is wrong when something is), with a link to Settings to fix it. Nothing when there is no connection.
 */
export function PlatformStates() {
  const { t } = useTranslation('platforms');
  const connections = useStudio((s) => s.connections);
  if (!connections || connections.length === 0) return null;
  return (
    <section className="panel live-platforms" data-testid="live-platforms">
      <div className="live-connection-head">
        <h2>{t('live.title')}</h2>
        <a href="#/settings" className="small">
          {t('live.manage')}
        </a>
      </div>
      <ul className="live-platform-list">
        {connections.map((c) => (
          <li key={c.id} className={`live-platform platform-state-${c.state}`} data-testid="live-platform" data-connection={c.id} data-state={c.state}>
            <span className={`platform-state platform-state-${c.state}`}>
              <span className="dot" aria-hidden />
              <span className="live-platform-label">{c.label}</span>
            </span>
            <span className="muted small">{platformNames[c.platform]}</span>
            <span className="live-platform-state small">{t(`state.${c.state}`)}</span>
            {c.state !== 'connected' && c.state !== 'off' ? (
              <p className="live-platform-message small" data-testid="live-platform-message">
                {translateHostText(c.stateCode ?? undefined, c.stateParams, c.message)}
              </p>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
