import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Connection } from '../../../../electron/shared/contract/platform';
import { useStudio } from '../../store';
import { useShowFailure } from '../../store/run-action';

/**
 * Walks a connection through its platform's sign-in: TikTok Shop takes the authorization code from the
 * seller's authorization page; YouTube opens Google's page in the browser (it comes back to the studio by
 * itself); Twitch shows a device code to enter at twitch.tv/activate while the host waits. Shopify has no
 * sign-in: its token goes in the form.
 */
export function PlatformSignIn({ connection: c }: { connection: Connection }) {
  const { t, i18n } = useTranslation('platforms');
  const authorize = useStudio((s) => s.authorizePlatform);
  const step = useStudio((s) => s.signInSteps[c.id]);
  const fail = useShowFailure();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [copied, setCopied] = useState(false);
  const hasClient = c.credentialsSet.includes(c.platform === 'tiktok-shop' ? 'appSecret' : 'clientId');
  if (c.platform === 'shopify' || !hasClient) return null;

  const start = (authCode?: string) => {
    setBusy(true);
    authorize(c.id, authCode)
      .then(() => setCode(''))
      .catch(fail)
      .finally(() => setBusy(false));
  };

  if (c.platform === 'tiktok-shop') {
    return (
      <form
        className="platform-signin"
        data-testid="platform-signin"
        onSubmit={(e) => {
          e.preventDefault();
          if (code.trim()) start(code.trim());
        }}
      >
        <p className="small">{t('signIn.tiktokHow')}</p>
        <label className="form-row">
          <span>{t('field.authCode')}</span>
          <input dir="ltr" value={code} autoComplete="off" spellCheck={false} onChange={(e) => setCode(e.target.value)} data-testid="platform-auth-code" />
        </label>
        <div className="platform-actions">
          <button type="submit" className="primary" disabled={busy || code.trim() === ''} data-testid="platform-auth-submit">
            {busy ? t('signIn.working') : t('signIn.submitCode')}
          </button>
        </div>
      </form>
    );
  }

  const live = step && step.kind !== 'done' && step.kind !== 'enterCode' && 'expiresAt' in step && step.expiresAt > Date.now() ? step : null;
  return (
    <div className="platform-signin" data-testid="platform-signin">
      {live?.kind === 'browser' ? (
        <>
          <p className="small">{t('signIn.browserHow')}</p>
          <div className="platform-actions">
            <a className="button-link primary" href={live.url} target="_blank" rel="noopener noreferrer" data-testid="platform-open-signin">
              {t('signIn.openPage')}
            </a>
            <button type="button" onClick={() => start()} disabled={busy}>
              {t('signIn.again')}
            </button>
          </div>
        </>
      ) : live?.kind === 'deviceCode' ? (
        <>
          <p className="small">
            {t('signIn.deviceHow')}{' '}
            <a href={live.verificationUri} target="_blank" rel="noopener noreferrer">
              {new URL(live.verificationUri).host + new URL(live.verificationUri).pathname}
            </a>
          </p>
          <div className="device-code-row">
            <output className="device-code mono" data-testid="platform-device-code" aria-label={t('signIn.codeLabel')}>
              {live.userCode}
            </output>
            <button
              type="button"
              onClick={() =>
                void navigator.clipboard?.writeText(live.userCode).then(
                  () => setCopied(true),
                  () => setCopied(false),
                )
              }
              data-testid="platform-copy-code"
            >
              {copied ? t('signIn.copied') : t('signIn.copy')}
            </button>
          </div>
          <p className="muted small">{t('signIn.deviceWaiting', { time: new Date(live.expiresAt).toLocaleTimeString(i18n.language) })}</p>
        </>
      ) : (
        <div className="platform-actions">
          <button type="button" className="primary" onClick={() => start()} disabled={busy} data-testid="platform-signin-start">
            {busy ? t('signIn.working') : t(`signIn.start.${c.platform}`)}
          </button>
        </div>
      )}
    </div>
  );
}
