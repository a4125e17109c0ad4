import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodInput, MethodOutput } from '../../../../electron/shared/contract';
import { useStudio } from '../../store';
import { errorText } from '../../store/run-action';

export interface ForgetTarget {
  input: MethodInput<'chat.forget'>;
  /** How the dialog names the viewer: their display name, or the author id typed in Settings. */
  who: string;
}

/**
 * "Forget a viewer" (GDPR erasure), confirmed first: every comment of theirs leaves the studio and the
 * session log. Then it says what was removed. Used from a comment's menu and from Settings > Chat.
 */
export function ForgetViewerDialog({ target, onClose }: { target: ForgetTarget; onClose(): void }) {
  const { t } = useTranslation('chat');
  const forget = useStudio((s) => s.chatForget);
  const [state, setState] = useState<{ step: 'ask' } | { step: 'busy' } | { step: 'done'; result: MethodOutput<'chat.forget'> } | { step: 'failed'; message: string }>({
    step: 'ask',
  });
  const run = () => {
    setState({ step: 'busy' });
    forget(target.input).then(
      (result) => setState({ step: 'done', result }),
      (error: unknown) => setState({ step: 'failed', message: errorText(error) }),
    );
  };
  return (
    <div className="modal-backdrop" role="presentation" onMouseDown={(e) => e.target === e.currentTarget && state.step !== 'busy' && onClose()}>
      <div className="modal panel" role="alertdialog" aria-modal="true" aria-labelledby="forget-title" data-testid="forget-dialog">
        <h2 id="forget-title">{t('forget.title')}</h2>
        {state.step === 'done' ? (
          <p role="status" data-testid="forget-result">
            {t('forget.done', { who: target.who, messages: state.result.messages, logEvents: state.result.logEvents })}
          </p>
        ) : (
          <p>{t('forget.confirm', { who: target.who, platform: target.input.platform })}</p>
        )}
        {state.step === 'failed' && (
          <p className="form-error" role="alert">
            {state.message}
          </p>
        )}
        <div className="modal-actions">
          {state.step === 'done' ? (
            <button type="button" className="primary" autoFocus onClick={onClose}>
              {t('close')}
            </button>
          ) : (
            <>
              <button type="button" autoFocus onClick={onClose} disabled={state.step === 'busy'}>
                {t('cancel')}
              </button>
              <button type="button" className="danger" onClick={run} disabled={state.step === 'busy'} data-testid="forget-yes">
                {t('forget.yes')}
              </button>
            </>
          )}
        </div>
      </div>
    </div>
  );
}
