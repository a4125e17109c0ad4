import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { translateHostText } from '../../i18n/translate-error';
import { useStudio } from '../../store';
import { useShowFailure } from '../../store/run-action';

/** Where OBS is, its password, and how the link stands, with the host's message when it is not up. */
export function ConnectionPanel() {
  const { t } = useTranslation('live');
  const obs = useStudio((s) => s.obs);
  const savedUrl = useStudio((s) => s.settings?.obs.url);
  const connect = useStudio((s) => s.obsConnect);
  const disconnect = useStudio((s) => s.obsDisconnect);
  const fail = useShowFailure();
  const [url, setUrl] = useState('');
  const [password, setPassword] = useState('');
  const [remember, setRemember] = useState(true);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (savedUrl && !url) setUrl(savedUrl);
  }, [savedUrl, url]);

  const state = obs?.connection.state ?? 'disconnected';
  // The host keeps (re)connecting while autoConnect is on, until a wrong password stops it.
  const autoConnect = useStudio((s) => s.settings?.obs.autoConnect ?? false);
  const active = autoConnect && state !== 'auth-failed';
  // OBS refused the last password: the host dropped it, so there is nothing "saved" to keep.
  const rejected = state === 'auth-failed' && !!obs?.password.rejected;
  // What the state means in the user's language; the host's own words (address, error) follow as detail.
  const lost = state === 'disconnected' && obs?.connection.lostAt != null;
  const summary = rejected
    ? t('connection.rejected')
    : lost
      ? t('connection.lost')
      : state === 'unreachable'
        ? t('connection.unreachable')
        : state === 'auth-failed'
          ? t('connection.authRequired')
          : state === 'connecting'
            ? t('connection.connecting', { url: obs?.connection.url ?? '' })
            : t('connection.notConnected');
  // The host's words (in the UI language) add something (an address, a close code) only where something went wrong.
  const showDetail = rejected || lost || state === 'unreachable' || state === 'auth-failed';

  const onConnect = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      await connect({ url: url.trim() || undefined, ...(password ? { password, remember } : {}) });
      setPassword('');
    } catch (error) {
      fail(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel live-connection" data-testid="obs-connection" data-state={state}>
      <div className="live-connection-head">
        <h2>{t('connection.title')}</h2>
        <span className={`obs-state obs-state-${state}`} data-testid="obs-state">
          <span className="dot" aria-hidden /> {t(`connection.state.${state}`)}
        </span>
      </div>
      {obs && state !== 'connected' && (
        <p className={`obs-message ${state === 'auth-failed' || state === 'unreachable' || lost ? 'bad' : ''}`} data-testid="obs-message" role="status">
          {summary}
        </p>
      )}
      {obs && state !== 'connected' && showDetail && (
        <p className="muted small obs-detail" data-testid="obs-detail">
          {translateHostText(obs.connection.messageKey, obs.connection.messageParams, obs.connection.message)}
        </p>
      )}
      {state === 'connected' && obs && (
        <p className="muted" data-testid="obs-version">
          {t('connection.connectedTo', { version: obs.obsVersion ?? '?', url: obs.connection.url })}
        </p>
      )}
      <form className="live-connection-form" onSubmit={onConnect}>
        <label>
          <span>{t('connection.url')}</span>
          <input data-testid="obs-url" dir="ltr" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="ws://127.0.0.1:4455" spellCheck={false} />
        </label>
        <label>
          <span>{t('connection.password')}</span>
          <input
            data-testid="obs-password"
            type="password"
            value={password}
            autoComplete="off"
            onChange={(e) => setPassword(e.target.value)}
            placeholder={
              rejected ? t('connection.passwordRejected') : obs?.password.set ? t('connection.passwordKept') : t('connection.passwordNone')
            }
            aria-invalid={rejected || undefined}
          />
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.target.checked)} />
          <span>{t('connection.remember')}</span>
        </label>
        <div className="live-connection-buttons">
          <button type="submit" className="primary" disabled={busy} data-testid="obs-connect">
            {active ? t('connection.reconnect') : t('connection.connect')}
          </button>
          {active && (
            <button type="button" onClick={() => void disconnect().catch(fail)} data-testid="obs-disconnect">
              {t('connection.disconnect')}
            </button>
          )}
        </div>
      </form>
      {obs?.password.set && (
        <p className="muted small" data-testid="obs-password-protection">
          {t(`connection.protection.${obs.password.protection}`)}
        </p>
      )}
      {obs?.password.keychainFallback && (
        <p className="small live-keychain-warn" role="status" data-testid="obs-keychain-fallback">
          {t(`connection.keychainFallback.${obs.password.keychainFallback}`)}
        </p>
      )}
    </section>
  );
}
