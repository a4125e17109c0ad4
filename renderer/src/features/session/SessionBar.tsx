import { useEffect, useState, type FormEvent } from 'react';
import { overrideReasonMinLength } from '../../../../electron/shared/contract/deal-limits';
import type { PreflightReport } from '../../../../electron/shared/contract/compliance';
import { PreflightFindings } from './PreflightFindings';
import { useTranslation } from 'react-i18next';
import { contentLanguages, languageNames } from '../../../../electron/shared/languages';
import { marketCodes } from '../../../../electron/shared/markets';
import { useStudio } from '../../store';
import { ConfirmDialog } from './ConfirmDialog';
import { useElapsed, formatDuration } from './format';
import { keyLabels, shortcutById } from '../../app/shortcuts';
import { useShortcuts } from '../../app/use-shortcuts';
import './session.css';
import { useShowFailure } from '../../store/run-action';

/**
 * The session controls in the control room's top bar: start a session, and while it is live, its
 * elapsed time, the Mark button (hotkey M, or Ctrl+M even while typing) and End.
 */
export function SessionBar() {
  const { t } = useTranslation('sessions');
  const live = useStudio((s) => s.liveSession);
  const backlog = useStudio((s) => s.logBacklog);
  const markMoment = useStudio((s) => s.markMoment);
  const endSession = useStudio((s) => s.endSession);
  const fail = useShowFailure();
  const [starting, setStarting] = useState(false);
  const [flash, setFlash] = useState(0);
  const [confirmEnd, setConfirmEnd] = useState(false);
  const elapsed = useElapsed(live?.startedAt ?? null);

  const mark = () => {
    if (!live) return;
    markMoment()
      .then(() => setFlash((n) => n + 1))
      .catch(fail);
  };
  useShortcuts('controlRoom', { 'session.mark': { perform: mark, when: () => live !== null } });
  const [markKey, markKeyAnywhere] = keyLabels(shortcutById('controlRoom', 'session.mark'));

  if (!live) {
    return (
      <div className="session-bar" data-testid="session-bar" data-state="idle">
        <button type="button" className="primary" onClick={() => setStarting(true)} data-testid="session-start-open">
          {t('bar.start')}
        </button>
        {starting && <StartSessionDialog onClose={() => setStarting(false)} />}
      </div>
    );
  }
  return (
    <div className="session-bar live" data-testid="session-bar" data-state="live">
      <span className="session-live" aria-label={t('bar.liveLabel')} title={live.title}>
        <span className="dot" /> {t('bar.live')}
      </span>
      <span className="badge session-bar-market" title={t('bar.marketLabel', { market: live.market })} data-testid="session-bar-market">
        {live.market}
      </span>
      <span className="session-bar-title" title={live.title}>
        {live.title}
      </span>
      <span className="mono session-bar-clock" data-testid="session-elapsed">
        {formatDuration(elapsed)}
      </span>
      {backlog.failing && (
        <span className="badge session-bar-warn" role="status" title={backlog.lastError ?? ''} data-testid="session-backlog">
          {t('bar.backlog', { count: backlog.pending })}
        </span>
      )}
      <button
        type="button"
        onClick={mark}
        title={t('bar.markHint', { key: markKey, anywhere: markKeyAnywhere })}
        data-testid="session-mark"
        key={flash}
        className={flash ? 'flash' : ''}
      >
        {t('bar.mark')} <kbd>{markKey}</kbd>
      </button>
      <button
        type="button"
        className="danger"
        data-testid="session-end"
        onClick={() => setConfirmEnd(true)}
      >
        {t('bar.endShort')}
      </button>
      {confirmEnd && (
        <ConfirmDialog
          title={t('bar.endTitle')}
          message={t('bar.endConfirm', { title: live.title })}
          confirmLabel={t('bar.end')}
          onCancel={() => setConfirmEnd(false)}
          onConfirm={() => {
            setConfirmEnd(false);
            void endSession().catch(fail);
          }}
        />
      )}
    </div>
  );
}

function StartSessionDialog({ onClose }: { onClose(): void }) {
  const { t } = useTranslation('sessions');
  const { t: tc } = useTranslation('compliance');
  const defaultMarket = useStudio((s) => s.settings?.general.defaultMarket ?? 'US');
  const startSession = useStudio((s) => s.startSession);
  const preflight = useStudio((s) => s.preflight);
  const [title, setTitle] = useState('');
  const [market, setMarket] = useState(defaultMarket);
  const [hosts, setHosts] = useState('');
  const uiLanguage = useStudio((s) => s.settings?.general.language ?? 'en');
  const scripts = useStudio((s) => s.scripts);
  const products = useStudio((s) => s.products);
  // The content languages this studio has: the defaults, and those of its scripts and product names.
  const known = [...new Set([...contentLanguages, ...scripts.flatMap((s) => s.languages), ...products.flatMap((p) => Object.keys(p.name))])];
  const [languages, setLanguages] = useState<string[]>(() => (known.includes(uiLanguage) ? [uiLanguage] : []));
  const toggleLanguage = (lang: string) =>
    setLanguages((current) => (current.includes(lang) ? current.filter((l) => l !== lang) : [...current, lang]));
  const [error, setError] = useState<string | null>(null);
  const [report, setReport] = useState<PreflightReport | null>(null);
  const [checking, setChecking] = useState(true);
  const [reason, setReason] = useState('');
  const split = (text: string) => text.split(',').map((s) => s.trim()).filter(Boolean);
  const languagesKey = languages.join(',');

  // The same pre-flight session.start runs, shown before Start: again whenever the market or the languages change.
  useEffect(() => {
    let current = true;
    setChecking(true);
    const timer = setTimeout(() => {
      preflight({ market, languages: languagesKey ? languagesKey.split(',') : [] })
        .then((r) => current && setReport(r))
        .catch(() => current && setReport(null))
        .finally(() => current && setChecking(false));
    }, 200);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [market, languagesKey, preflight]);

  const blocked = (report?.errorCount ?? 0) > 0;
  const reasonOk = reason.trim().length >= overrideReasonMinLength;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (blocked && !reasonOk) {
      setError(tc('preflight.overrideHint', { min: overrideReasonMinLength }));
      return;
    }
    startSession({ title, market, hosts: split(hosts), languages, ...(blocked ? { override: { reason: reason.trim() } } : {}) })
      .then(onClose)
      .catch((err: Error & { key?: string; details?: unknown }) => {
        // The host found errors the dialog had not seen yet (a script loaded meanwhile): show them.
        if (err.key === 'session.preflight_blocked' && err.details) setReport(err.details as PreflightReport);
        setError(err.message);
      });
  };
  return (
    <div className="modal-backdrop" role="presentation" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <form
        className={report && report.findings.length > 0 ? 'modal panel modal-wide' : 'modal panel'}
        role="dialog"
        aria-modal="true"
        aria-labelledby="start-session-title"
        onSubmit={submit}
        data-testid="session-start-form"
      >
        <h2 id="start-session-title">{t('start.title')}</h2>
        <label>
          {t('start.name')}
          <input autoFocus required value={title} onChange={(e) => setTitle(e.target.value)} placeholder={t('start.namePlaceholder')} data-testid="session-title" />
        </label>
        <label>
          {t('start.market')}
          <select value={market} onChange={(e) => setMarket(e.target.value)} data-testid="session-market">
            {marketCodes.map((code) => (
              <option key={code} value={code}>
                {code}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('start.hosts')}
          <input value={hosts} onChange={(e) => setHosts(e.target.value)} placeholder={t('start.hostsPlaceholder')} data-testid="session-hosts" />
        </label>
        <fieldset className="language-picks" data-testid="session-languages">
          <legend>{t('start.languages')}</legend>
          {known.map((lang) => (
            <label key={lang} className={languages.includes(lang) ? 'language-pick on' : 'language-pick'}>
              <input type="checkbox" checked={languages.includes(lang)} onChange={() => toggleLanguage(lang)} value={lang} />
              {languageNames[lang] ?? lang} <span className="mono muted">{lang}</span>
            </label>
          ))}
        </fieldset>
        <PreflightFindings report={report} checking={checking} />
        {blocked && (
          <label className="preflight-override">
            {tc('preflight.overrideLabel')}
            <textarea
              rows={2}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              placeholder={tc('preflight.overridePlaceholder')}
              data-testid="preflight-override-reason"
            />
            <span className="muted preflight-hint">{tc('preflight.overrideHint', { min: overrideReasonMinLength })}</span>
          </label>
        )}
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="modal-actions">
          <button type="button" onClick={onClose}>
            {t('cancel')}
          </button>
          <button type="submit" className={blocked ? 'danger' : 'primary'} disabled={blocked && !reasonOk} data-testid="session-start-submit">
            {blocked ? tc('preflight.startAnyway') : t('start.submit')}
          </button>
        </div>
      </form>
    </div>
  );
}
