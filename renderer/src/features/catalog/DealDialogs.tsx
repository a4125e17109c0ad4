import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { overrideReasonMinLength } from '../../../../electron/shared/contract/deal-limits';
import type { PreflightFinding } from '../../../../electron/shared/contract/compliance';
import type { PriceViolation } from '../../../../electron/shared/contract/deals';
import './deal-dialogs.css';

/** A modal of the app (never a native browser prompt): Escape or a click outside cancels, focus starts inside. */
function Modal({ title, onCancel, children, testId }: { title: string; onCancel(): void; children: ReactNode; testId: string }) {
  const titleId = useId();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onCancel();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onCancel]);
  return (
    <div className="deal-dialog-backdrop" role="presentation" onMouseDown={(e) => e.target === e.currentTarget && onCancel()}>
      <div className="deal-dialog panel" role="dialog" aria-modal="true" aria-labelledby={titleId} data-testid={testId}>
        <h2 id={titleId}>{title}</h2>
        {children}
      </div>
    </div>
  );
}

/**
 * Asks why a deal whose price breaks a rule should run anyway. Lists each broken rule in the user's
 * language, states the minimum length of the reason and refuses a shorter one with a clear message.
 */
export function OverrideDialog(props: {
  violations: PriceViolation[];
  /** Rules of the market the deal breaks mid-live (deal.refused_compliance), with their source. */
  findings?: PreflightFinding[];
  money(minor: number): string;
  /** What the reason lets through: a deal created or started, or a card pinned mid-live (card.refused_compliance). */
  action: 'create' | 'start' | 'pin';
  onConfirm(reason: string): Promise<void>;
  onCancel(): void;
}) {
  const { t } = useTranslation('cards');
  const { t: tc } = useTranslation('compliance');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  useEffect(() => inputRef.current?.focus(), []);
  const hintId = useId();
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const trimmed = reason.trim();
    if (trimmed.length < overrideReasonMinLength) {
      setError(t('overrideTooShort', { min: overrideReasonMinLength, length: trimmed.length }));
      inputRef.current?.focus();
      return;
    }
    setBusy(true);
    try {
      await props.onConfirm(trimmed);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title={t(props.action === 'pin' ? 'overridePinTitle' : 'overrideTitle')} onCancel={props.onCancel} testId="override-dialog">
      <form onSubmit={(e) => void submit(e)} className="deal-dialog-body">
        <ul className="violation-list" data-testid="override-violations">
          {props.violations.map((v) => (
            <li key={v.rule}>{t(`rule_${v.rule}`, { limit: props.money(v.limitMinor) })}</li>
          ))}
          {(props.findings ?? []).map((f, i) => (
            <li key={`f${i}`} className={f.severity} data-rule={f.ruleId} data-testid="override-finding">
              {tc(`rules.${f.messageKey}`, { ...f.params, defaultValue: f.message })}{' '}
              <span className="muted">{tc('editor.source', { source: f.source })}</span>
            </li>
          ))}
        </ul>
        <label>
          {t('overrideReason')}
          <textarea
            ref={inputRef}
            rows={3}
            value={reason}
            maxLength={500}
            onChange={(e) => (setReason(e.target.value), setError(null))}
            aria-describedby={hintId}
            aria-invalid={error !== null}
            data-testid="override-reason"
          />
        </label>
        <p id={hintId} className={error ? 'dialog-error' : 'muted'} role={error ? 'alert' : undefined} data-testid="override-hint">
          {error ?? t('overrideHint', { min: overrideReasonMinLength })}
        </p>
        <div className="deal-dialog-actions">
          <button type="button" onClick={props.onCancel}>
            {t('dialogCancel')}
          </button>
          <button type="submit" className="danger" disabled={busy} data-testid="override-confirm">
            {t(props.action === 'create' ? 'overrideCreate' : props.action === 'pin' ? 'overridePin' : 'overrideStart')}
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** "End this deal now?": one click on End could otherwise end a live deal by mistake. Cancel has the focus. */
export function EndDealDialog(props: { label: string; onConfirm(): void; onCancel(): void }) {
  const { t } = useTranslation('cards');
  return (
    <Modal title={t('endTitle')} onCancel={props.onCancel} testId="end-deal-dialog">
      <p>{t('endMessage', { deal: props.label })}</p>
      <div className="deal-dialog-actions">
        <button type="button" autoFocus onClick={props.onCancel}>
          {t('keepRunning')}
        </button>
        <button type="button" className="danger" onClick={props.onConfirm} data-testid="end-deal-confirm">
          {t('endNow')}
        </button>
      </div>
    </Modal>
  );
}
