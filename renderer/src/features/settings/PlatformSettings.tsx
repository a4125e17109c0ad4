import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Connection, PlatformId } from '../../../../electron/shared/contract/platform';
import { platformNames, platformOrder } from '../../../../electron/shared/platform-names';
import { translateHostText } from '../../i18n/translate-error';
import { useStudio } from '../../store';
import { useShowFailure } from '../../store/run-action';
import { ConfirmDialog } from '../session/ConfirmDialog';
import { PlatformForm } from './PlatformForm';
import { PlatformSignIn } from './PlatformSignIn';
import { ProductMatches } from './ProductMatches';
import '../session/session.css';
import './platforms.css';

/** A connection's state in the user's language: the host's registry key, else its English words. */
export function useConnectionText() {
  return (c: Connection) => translateHostText(c.stateCode ?? undefined, c.stateParams, c.message);
}

/**
 * Settings > Platforms: every connection with its state, and what to do next. Adding or editing opens the
 * platform's form; a connection that needs a sign-in walks through it (code field, browser page, device code).
 */
export function PlatformSettings() {
  const { t } = useTranslation('platforms');
  const connections = useStudio((s) => s.connections);
  const [editing, setEditing] = useState<{ platform: PlatformId; connection: Connection | null } | null>(null);

  return (
    <section className="panel panel-wide platform-settings" data-testid="platform-settings">
      <div className="platform-settings-head">
        <h2>{t('title')}</h2>
        <div className="platform-add" role="group" aria-label={t('addTitle')}>
          {platformOrder.map((p) => (
            <button key={p} type="button" onClick={() => setEditing({ platform: p, connection: null })} data-testid={`platform-add-${p}`}>
              {t('add', { platform: platformNames[p] })}
            </button>
          ))}
        </div>
      </div>
      <p className="muted">{t('help')}</p>
      {editing && editing.connection === null ? (
        <PlatformForm platform={editing.platform} connection={null} onDone={() => setEditing(null)} />
      ) : null}
      {connections === null ? (
        <p className="muted">{t('loading')}</p>
      ) : connections.length === 0 ? (
        <p className="muted" data-testid="platform-none">
          {t('none')}
        </p>
      ) : (
        <ul className="platform-list">
          {connections.map((c) =>
            editing?.connection?.id === c.id ? (
              <li key={c.id} className="platform-item">
                <PlatformForm platform={c.platform} connection={c} onDone={() => setEditing(null)} />
              </li>
            ) : (
              <ConnectionItem key={c.id} connection={c} onEdit={() => setEditing({ platform: c.platform, connection: c })} />
            ),
          )}
        </ul>
      )}
    </section>
  );
}

function ConnectionItem({ connection: c, onEdit }: { connection: Connection; onEdit(): void }) {
  const { t, i18n } = useTranslation('platforms');
  const text = useConnectionText();
  const check = useStudio((s) => s.checkPlatform);
  const remove = useStudio((s) => s.removePlatform);
  const match = useStudio((s) => s.matchPlatformProducts);
  const fail = useShowFailure();
  const [busy, setBusy] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const run = (what: string, action: () => Promise<unknown>) => {
    setBusy(what);
    action()
      .catch(fail)
      .finally(() => setBusy(null));
  };
  const shop = c.capabilities.includes('products');
  return (
    <li className={`platform-item platform-item-${c.state}`} data-testid="platform-connection" data-connection={c.id} data-platform={c.platform} data-state={c.state}>
      <div className="platform-item-head">
        <span className={`platform-state platform-state-${c.state}`} data-testid="platform-state">
          <span className="dot" aria-hidden /> {t(`state.${c.state}`)}
        </span>
        <strong className="platform-label">{c.label}</strong>
        <span className="muted">{platformNames[c.platform]}</span>
        {c.account ? (
          <span className="platform-account" data-testid="platform-account">
            {c.account}
          </span>
        ) : null}
        {c.markets.length > 0 ? <span className="muted small">{t('marketsShort', { markets: c.markets.join(', ') })}</span> : null}
      </div>
      {c.state !== 'connected' || c.stateCode !== 'platform.connected' ? (
        <p className={`platform-message ${c.state === 'error' || c.state === 'needs-auth' ? 'bad' : ''}`} data-testid="platform-message" role="status">
          {text(c)}
        </p>
      ) : null}
      {c.state === 'needs-auth' && c.enabled ? <PlatformSignIn connection={c} /> : null}
      <div className="platform-actions">
        <button type="button" onClick={() => run('check', () => check(c.id))} disabled={busy !== null || !c.enabled} data-testid="platform-check">
          {busy === 'check' ? t('checking') : t('check')}
        </button>
        {shop ? (
          <button type="button" onClick={() => run('match', () => match(c.id))} disabled={busy !== null || c.state !== 'connected'} data-testid="platform-match-skus">
            {busy === 'match' ? t('matching') : t('match')}
          </button>
        ) : null}
        <button type="button" onClick={onEdit} disabled={busy !== null} data-testid="platform-edit">
          {t('edit')}
        </button>
        {c.checkedAt ? <span className="muted small platform-checked">{t('checkedAt', { time: new Date(c.checkedAt).toLocaleString(i18n.language) })}</span> : null}
        <button type="button" className="platform-remove" onClick={() => setConfirming(true)} disabled={busy !== null} data-testid="platform-remove">
          {t('remove')}
        </button>
      </div>
      {shop ? <ProductMatches connection={c} /> : null}
      {confirming ? (
        <ConfirmDialog
          title={t('removeTitle', { label: c.label })}
          message={t('removeMessage', { platform: platformNames[c.platform] })}
          confirmLabel={t('remove')}
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            run('remove', () => remove(c.id));
          }}
        />
      ) : null}
    </li>
  );
}
