import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../../electron/shared/contract';
import { marketCodes } from '../../../../electron/shared/markets';
import { useStudio } from '../../store';
import { useShowFailure } from '../../store/run-action';
import { ForgetViewerDialog, type ForgetTarget } from '../chat/ForgetViewerDialog';
import { ConfirmDialog } from '../session/ConfirmDialog';
import '../session/session.css';
import '../chat/chat.css';

type Terms = MethodOutput<'chat.moderation'>['terms'];
type IngestLink = MethodOutput<'chat.ingestLink'>;

const parseTerms = (text: string) => [...new Set(text.split('\n').map((l) => l.trim()).filter((l) => l !== ''))];

/**
 * Settings > Chat: keyword moderation per market, how long comment texts are kept, forgetting a viewer,
 * and the ingest link chat bridges post to.
 */
export function ChatSettings() {
  const { t } = useTranslation('chat');
  return (
    <section className="panel chat-settings" data-testid="chat-settings" id="settings-chat">
      <h2 className="chat-settings-title">{t('settings.title')}</h2>
      <div className="chat-settings-cols">
        <div className="chat-settings-col">
          <ModerationTerms />
          <ChatRetention />
        </div>
        <div className="chat-settings-col">
          <IngestLinkPanel />
          <ForgetViewer />
        </div>
      </div>
    </section>
  );
}

function ModerationTerms() {
  const { t } = useTranslation('chat');
  const load = useStudio((s) => s.chatModeration);
  const save = useStudio((s) => s.chatSetModeration);
  const fail = useShowFailure();
  const [terms, setTerms] = useState<Terms | null>(null);
  const [market, setMarket] = useState('*');
  const [text, setText] = useState('');
  const [saved, setSaved] = useState<string | null>(null);

  useEffect(() => {
    load().then((r) => setTerms(r.terms), fail);
  }, [load, fail]);
  useEffect(() => {
    setText((terms?.[market] ?? []).join('\n'));
  }, [terms, market]);

  const submit = () =>
    save({ market, terms: parseTerms(text) }).then((r) => {
      setTerms(r.terms);
      setSaved(t('settings.termsSaved', { count: r.terms[market]?.length ?? 0, market: market === '*' ? t('settings.everyMarket') : market }));
    }, fail);
  const withTerms = Object.entries(terms ?? {}).filter(([, list]) => list.length > 0);

  return (
    <div className="chat-settings-block" data-testid="chat-moderation">
      <h3>{t('settings.moderation')}</h3>
      <p className="muted small">{t('settings.moderationHelp')}</p>
      <label className="form-row">
        <span>{t('settings.market')}</span>
        <select value={market} onChange={(e) => setMarket(e.target.value)} data-testid="moderation-market">
          <option value="*">{t('settings.everyMarket')}</option>
          {marketCodes.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      </label>
      <label className="chat-settings-field">
        <span>{t('settings.terms')}</span>
        <textarea rows={4} value={text} onChange={(e) => setText(e.target.value)} placeholder={t('settings.termsPlaceholder')} data-testid="moderation-terms" />
      </label>
      <div className="chat-settings-actions">
        {withTerms.length > 0 && (
          <span className="muted small" data-testid="moderation-summary">
            {withTerms.map(([m, list]) => `${m === '*' ? t('settings.everyMarket') : m}: ${list.length}`).join(' · ')}
          </span>
        )}
        <button type="button" className="primary" onClick={submit} disabled={terms === null} data-testid="moderation-save">
          {t('settings.save')}
        </button>
      </div>
      {saved && (
        <p className="muted small" role="status">
          {saved}
        </p>
      )}
    </div>
  );
}

function ChatRetention() {
  const { t } = useTranslation('chat');
  const load = useStudio((s) => s.chatPrivacy);
  const save = useStudio((s) => s.chatSetPrivacy);
  const fail = useShowFailure();
  const [days, setDays] = useState('');
  const [note, setNote] = useState<{ text: string; bad: boolean } | null>(null);

  useEffect(() => {
    load().then((r) => setDays(String(r.retentionDays)), fail);
  }, [load, fail]);

  const submit = () => {
    const value = Number(days);
    if (!Number.isInteger(value) || value < 1 || value > 3650) {
      setNote({ text: t('settings.retentionInvalid'), bad: true });
      return;
    }
    save(value).then((r) => {
      setDays(String(r.retentionDays));
      setNote({ text: t('settings.retentionSaved', { days: r.retentionDays, count: r.removed }), bad: false });
    }, fail);
  };

  return (
    <div className="chat-settings-block" data-testid="chat-retention">
      <h3>{t('settings.retention')}</h3>
      <p className="muted small">{t('settings.retentionHelp')}</p>
      <div className="form-row">
        <label htmlFor="chat-retention-days">{t('settings.retentionDays')}</label>
        <span className="chat-settings-inline">
          <input id="chat-retention-days" type="number" min={1} max={3650} step={1} value={days} onChange={(e) => setDays(e.target.value)} data-testid="chat-retention-days" />
          <button type="button" onClick={submit} data-testid="chat-retention-save">
            {t('settings.save')}
          </button>
        </span>
      </div>
      {note && (
        <p className={note.bad ? 'form-error small' : 'muted small'} role={note.bad ? 'alert' : 'status'} data-testid="chat-retention-note">
          {note.text}
        </p>
      )}
    </div>
  );
}

function ForgetViewer() {
  const { t } = useTranslation('chat');
  const [platform, setPlatform] = useState('youtube');
  const [authorId, setAuthorId] = useState('');
  const [target, setTarget] = useState<ForgetTarget | null>(null);
  const ready = platform.trim() !== '' && authorId.trim() !== '';
  return (
    <div className="chat-settings-block" data-testid="chat-forget">
      <h3>{t('settings.forget')}</h3>
      <p className="muted small">{t('settings.forgetHelp')}</p>
      <label className="form-row">
        <span>{t('settings.platform')}</span>
        <input list="chat-platforms" value={platform} onChange={(e) => setPlatform(e.target.value)} data-testid="forget-platform" />
        <datalist id="chat-platforms">
          <option value="youtube" />
          <option value="twitch" />
          <option value="tiktok" />
        </datalist>
      </label>
      <label className="form-row">
        <span>{t('settings.authorId')}</span>
        <input dir="ltr" value={authorId} onChange={(e) => setAuthorId(e.target.value)} placeholder={t('settings.authorIdPlaceholder')} data-testid="forget-author-id" />
      </label>
      <div className="chat-settings-actions">
        <button
          type="button"
          className="danger"
          disabled={!ready}
          onClick={() => setTarget({ input: { platform: platform.trim().toLowerCase(), authorId: authorId.trim() }, who: authorId.trim() })}
          data-testid="forget-open"
        >
          {t('settings.forgetButton')}
        </button>
      </div>
      {target && (
        <ForgetViewerDialog
          target={target}
          onClose={() => {
            setTarget(null);
            setAuthorId('');
          }}
        />
      )}
    </div>
  );
}

function CopyField({ label, value, testId, secret }: { label: string; value: string; testId: string; secret?: boolean }) {
  const { t } = useTranslation('chat');
  const [copied, setCopied] = useState(false);
  const [reveal, setReveal] = useState(false);
  return (
    <div className="chat-copy-field">
      <span className="chat-copy-label">{label}</span>
      <input readOnly dir="ltr" value={secret && !reveal ? '•'.repeat(24) : value} aria-label={label} onFocus={(e) => e.target.select()} className="mono" data-testid={testId} data-value={value} />
      {secret && (
        <button type="button" onClick={() => setReveal((r) => !r)} aria-pressed={reveal}>
          {reveal ? t('settings.hideToken') : t('settings.showToken')}
        </button>
      )}
      <button
        type="button"
        onClick={() =>
          void navigator.clipboard?.writeText(value).then(
            () => setCopied(true),
            () => setCopied(false),
          )
        }
      >
        {copied ? t('settings.copied') : t('settings.copy')}
      </button>
    </div>
  );
}

function IngestLinkPanel() {
  const { t } = useTranslation('chat');
  const ingestLink = useStudio((s) => s.chatIngestLink);
  const fail = useShowFailure();
  const [link, setLink] = useState<IngestLink | null>(null);
  const [confirm, setConfirm] = useState(false);
  const [rotated, setRotated] = useState(false);

  useEffect(() => {
    ingestLink().then(setLink, fail);
  }, [ingestLink, fail]);

  const rotate = () => {
    setConfirm(false);
    ingestLink(true).then((next) => {
      setLink(next);
      setRotated(true);
    }, fail);
  };

  return (
    <div className="chat-settings-block" data-testid="chat-ingest">
      <h3>{t('settings.ingest')}</h3>
      <p className="muted small">{t('settings.ingestHelp')}</p>
      {link ? (
        <>
          <CopyField label={t('settings.restUrl')} value={link.restUrl} testId="ingest-rest-url" />
          <CopyField label={t('settings.wsUrl')} value={link.wsUrl} testId="ingest-ws-url" />
          <CopyField label={t('settings.token')} value={link.token} testId="ingest-token" secret />
        </>
      ) : (
        <p className="muted">…</p>
      )}
      <details className="chat-howto">
        <summary>{t('settings.howtoTitle')}</summary>
        <ol>
          <li>{t('settings.howto1')}</li>
          <li>{t('settings.howto2')}</li>
          <li>
            {t('settings.howto3')}
            <pre className="mono chat-howto-sample">{`POST ${link?.restUrl ?? '/api/v1/chat.ingest'}
Authorization: Bearer <token>
{"messages": [{"platform": "tiktok", "messageId": "7301", "authorName": "Mia",
  "authorId": "mia_88", "text": "Does it ship to Spain?"}]}`}</pre>
          </li>
          <li>{t('settings.howto4')}</li>
        </ol>
      </details>
      <div className="chat-settings-actions">
        {rotated && (
          <span className="muted small" role="status" data-testid="ingest-rotated">
            {t('settings.rotated')}
          </span>
        )}
        <button type="button" onClick={() => setConfirm(true)} disabled={!link} data-testid="ingest-rotate">
          {t('settings.rotate')}
        </button>
      </div>
      {confirm && (
        <ConfirmDialog
          title={t('settings.rotateTitle')}
          message={t('settings.rotateConfirm')}
          confirmLabel={t('settings.rotateYes')}
          onConfirm={rotate}
          onCancel={() => setConfirm(false)}
        />
      )}
    </div>
  );
}
