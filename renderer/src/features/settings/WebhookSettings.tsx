import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStudio } from '../../store';
import { useShowFailure } from '../../store/run-action';

/**
 * Where pins and deals are pushed (a shop backend, Zapier, Shopify Flow). The signing secret is
 * write-only: the host keeps it and only says whether one is set.
 */
export function WebhookSettings() {
  const { t } = useTranslation('settings');
  const settings = useStudio((s) => s.settings);
  const update = useStudio((s) => s.updateSettings);
  const fail = useShowFailure();
  const loadOutputs = useStudio((s) => s.loadOutputs);
  const setWebhookSecret = useStudio((s) => s.setWebhookSecret);
  // Whether the host keeps a secret (null until the host has said).
  const secretSet = useStudio((s) => s.outputs?.webhookSecretSet ?? null);
  const [url, setUrl] = useState('');
  const [secret, setSecret] = useState('');
  const [saved, setSaved] = useState<string | null>(null);

  useEffect(() => {
    setUrl(settings?.cards.webhookUrl ?? '');
  }, [settings?.cards.webhookUrl]);
  useEffect(() => {
    void loadOutputs().catch(() => {});
  }, [loadOutputs]);

  const saveUrl = () =>
    update({ cards: { webhookUrl: url.trim() === '' ? null : url.trim() } })
      .then(() => setSaved(t('webhookUrlSaved')))
      .catch(fail);
  const saveSecret = () =>
    setWebhookSecret(secret.trim())
      .then(() => {
        setSecret('');
        setSaved(t('webhookSecretSaved'));
      })
      .catch(fail);

  return (
    <section className="panel" data-testid="webhook-settings">
      <h2>{t('webhook')}</h2>
      <p className="muted">{t('webhookHelp')}</p>
      <label className="form-row">
        <span>{t('webhookUrl')}</span>
        <input type="url" value={url} placeholder="https://shop.example.com/hooks/broadcart" onChange={(e) => setUrl(e.target.value)} />
      </label>
      <div className="form-row">
        <span />
        <button type="button" className="primary" onClick={saveUrl}>
          {t('save')}
        </button>
      </div>
      <label className="form-row">
        <span>
          {t('webhookSecret')}{' '}
          <span className="muted">({secretSet === null ? '…' : secretSet ? t('secretIsSet') : t('secretNotSet')})</span>
        </span>
        <input
          type="password"
          dir="ltr"
          autoComplete="off"
          value={secret}
          placeholder="whsec_…"
          onChange={(e) => setSecret(e.target.value)}
        />
      </label>
      <div className="form-row">
        <span />
        <button type="button" onClick={saveSecret} disabled={secret.trim() === ''}>
          {t('setSecret')}
        </button>
      </div>
      <label className="form-row">
        <span>{t('obsNative')}</span>
        <input
          type="checkbox"
          checked={settings?.cards.obsNativeEnabled ?? false}
          onChange={(e) => update({ cards: { obsNativeEnabled: e.target.checked } }).catch(fail)}
        />
      </label>
      {saved ? (
        <p className="muted" role="status">
          {saved}
        </p>
      ) : null}
    </section>
  );
}
