import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnnouncementMoment, Connection, PlatformId } from '../../../../electron/shared/contract/platform';
import { platformNames, productionHosts } from '../../../../electron/shared/platform-names';
import { useStudio } from '../../store';
import { useShowFailure } from '../../store/run-action';

interface Field {
  name: string;
  /** Secrets are typed into password fields and never shown again. */
  secret: boolean;
  required: boolean;
  placeholder?: string;
  /** Shown under "Advanced": another way in (TikTok's token pair). */
  advanced?: boolean;
}

/** What each platform's sign-in asks for (contract/platform.ts credentials, write-only). */
const fields: Record<PlatformId, Field[]> = {
  'tiktok-shop': [
    { name: 'appKey', secret: false, required: true },
    { name: 'appSecret', secret: true, required: true },
    { name: 'authCode', secret: true, required: false },
    { name: 'accessToken', secret: true, required: false, advanced: true },
    { name: 'refreshToken', secret: true, required: false, advanced: true },
  ],
  shopify: [
    { name: 'shopDomain', secret: false, required: true, placeholder: 'my-shop.myshopify.com' },
    { name: 'accessToken', secret: true, required: true, placeholder: 'shpat_…' },
  ],
  youtube: [
    { name: 'clientId', secret: false, required: true, placeholder: '….apps.googleusercontent.com' },
    { name: 'clientSecret', secret: true, required: true, placeholder: 'GOCSPX-…' },
  ],
  twitch: [{ name: 'clientId', secret: false, required: true }],
};

/** The moments a chat connection announces, each switchable (contract: announcementMoment). */
const moments: readonly AnnouncementMoment[] = ['pin', 'dealStart', 'dealLastMinute', 'dealEnd'];
const chatPlatforms: readonly PlatformId[] = ['youtube', 'twitch'];

/**
 * Adds or edits one connection. Credentials are write-only: an edit shows which are set and sends new
 * ones only when the user typed them (every required one, since a sign-in is replaced as a whole).
 */
export function PlatformForm({ platform, connection, onDone }: { platform: PlatformId; connection: Connection | null; onDone(): void }) {
  const { t } = useTranslation('platforms');
  const save = useStudio((s) => s.savePlatform);
  const fail = useShowFailure();
  const defaults = productionHosts[platform];
  const [label, setLabel] = useState(connection?.label ?? platformNames[platform]);
  const [markets, setMarkets] = useState((connection?.markets ?? []).join(', '));
  const [enabled, setEnabled] = useState(connection?.enabled ?? true);
  // The host shows the bases in use; only those the user set are fields here (Shopify's default is the shop's own host).
  const customised = (value: string | undefined, fallback: string) => {
    if (!value || value === fallback) return '';
    const shopHost = new RegExp(`^${fallback.replace(/[.]/g, '\\.').replace('{shop}', '[a-z0-9-]+')}$`);
    return fallback.includes('{shop}') && shopHost.test(value) ? '' : value;
  };
  const [apiBase, setApiBase] = useState(customised(connection?.apiBase, defaults.apiBase));
  const [authBase, setAuthBase] = useState(customised(connection?.authBase, defaults.authBase));
  const [values, setValues] = useState<Record<string, string>>({});
  const [announce, setAnnounce] = useState<Record<AnnouncementMoment, boolean>>(
    () => Object.fromEntries(moments.map((m) => [m, connection?.announce[m] ?? true])) as Record<AnnouncementMoment, boolean>,
  );
  const chat = chatPlatforms.includes(platform);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = connection?.credentialsSet ?? [];
  const own = fields[platform];
  const typed = own.filter((f) => (values[f.name] ?? '').trim() !== '');

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setProblem(null);
    const missing = typed.length > 0 || !connection ? own.filter((f) => f.required && !(values[f.name] ?? '').trim()) : [];
    // A new connection may be saved without credentials (filled in later); a half-typed sign-in may not.
    if (missing.length > 0 && (typed.length > 0 || connection)) {
      setProblem(t('form.missing', { fields: missing.map((f) => t(`field.${f.name}`)).join(', ') }));
      return;
    }
    const credentials = typed.length > 0 ? Object.fromEntries(typed.map((f) => [f.name, values[f.name]!.trim()])) : undefined;
    setBusy(true);
    try {
      await save({
        ...(connection ? { id: connection.id } : {}),
        platform,
        label: label.trim(),
        markets: markets
          .split(/[\s,，、]+/)
          .map((m) => m.trim())
          .filter(Boolean),
        enabled,
        ...(apiBase.trim() ? { apiBase: apiBase.trim() } : {}),
        ...(authBase.trim() ? { authBase: authBase.trim() } : {}),
        ...(credentials ? { credentials } : {}),
        ...(chat ? { announce } : {}),
      });
      onDone();
    } catch (error) {
      fail(error);
    } finally {
      setBusy(false);
    }
  };

  const input = (f: Field) => (
    <label className="form-row" key={f.name}>
      <span>
        {t(`field.${f.name}`)}
        {set.includes(f.name) ? <span className="muted"> ({t('form.isSet')})</span> : null}
      </span>
      <input
        type={f.secret ? 'password' : 'text'}
        autoComplete="off"
        spellCheck={false}
        value={values[f.name] ?? ''}
        placeholder={set.includes(f.name) ? t('form.keepPlaceholder') : (f.placeholder ?? '')}
        onChange={(e) => setValues({ ...values, [f.name]: e.target.value })}
        data-testid={`platform-field-${f.name}`}
      />
    </label>
  );

  return (
    <form className="platform-form" onSubmit={submit} data-testid="platform-form" data-platform={platform}>
      <h3>{connection ? t('form.editTitle', { label: connection.label }) : t('form.addTitle', { platform: platformNames[platform] })}</h3>
      <p className="muted small">{t(`how.${platform}`)}</p>
      <label className="form-row">
        <span>{t('form.label')}</span>
        <input value={label} maxLength={80} required onChange={(e) => setLabel(e.target.value)} data-testid="platform-field-label" />
      </label>
      <label className="form-row">
        <span>
          {t('form.markets')}
          <span className="muted small form-hint">{t('form.marketsHint')}</span>
        </span>
        <input value={markets} placeholder="US, GB" onChange={(e) => setMarkets(e.target.value)} data-testid="platform-field-markets" />
      </label>
      {own.filter((f) => !f.advanced).map(input)}
      <label className="form-row">
        <span>{t('form.enabled')}</span>
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} data-testid="platform-field-enabled" />
      </label>
      {chat ? (
        <fieldset className="platform-announce" data-testid="platform-announce">
          <legend>{t('form.announce')}</legend>
          {moments.map((m) => (
            <label key={m} className="platform-announce-moment">
              <input type="checkbox" checked={announce[m]} onChange={(e) => setAnnounce({ ...announce, [m]: e.target.checked })} data-testid={`platform-announce-${m}`} />
              {t(`moment.${m}`)}
            </label>
          ))}
        </fieldset>
      ) : null}
      <details className="platform-advanced">
        <summary>{t('form.advanced')}</summary>
        {own.filter((f) => f.advanced).length > 0 ? <p className="muted small">{t(`advancedHow.${platform}`)}</p> : null}
        {own.filter((f) => f.advanced).map(input)}
        <label className="form-row">
          <span>{t('form.apiBase')}</span>
          <input type="url" value={apiBase} placeholder={defaults.apiBase} onChange={(e) => setApiBase(e.target.value)} data-testid="platform-field-apiBase" />
        </label>
        <label className="form-row">
          <span>{t('form.authBase')}</span>
          <input type="url" value={authBase} placeholder={defaults.authBase} onChange={(e) => setAuthBase(e.target.value)} data-testid="platform-field-authBase" />
        </label>
        <p className="muted small">{t('form.basesHint')}</p>
      </details>
      {problem ? (
        <p className="platform-message bad" role="alert" data-testid="platform-form-problem">
          {problem}
        </p>
      ) : null}
      <div className="platform-actions">
        <button type="submit" className="primary" disabled={busy || label.trim() === ''} data-testid="platform-save">
          {busy ? t('form.saving') : connection ? t('form.save') : t('form.add')}
        </button>
        <button type="button" onClick={onDone} disabled={busy}>
          {t('form.cancel')}
        </button>
      </div>
    </form>
  );
}
