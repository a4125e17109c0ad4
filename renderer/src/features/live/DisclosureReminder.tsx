import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStudio } from '../../store';
import { errorText } from '../../store/error-text';

/**
 * The disclosure reminder of a live session in a market whose rules ask to disclose during the live (US
 * FTC: repeat it; UK: an upfront "Ad" label): the words in the session's languages and a Done button,
 * the same reminder the host's prompter lane shows (acknowledged in either, logged once).
 */
export function DisclosureReminder() {
  const { t } = useTranslation('live');
  const state = useStudio((s) => s.disclosure);
  const acknowledge = useStudio((s) => s.acknowledgeDisclosure);
  const [error, setError] = useState<string | null>(null);
  const pending = state?.pending;
  if (!state?.active || !pending) return null;
  return (
    <section className="panel disclosure-reminder" data-testid="disclosure-reminder" data-reminder={pending.reminderId} aria-live="assertive">
      <h2>{t(pending.reason === 'upfront' ? 'disclosure.titleUpfront' : 'disclosure.titleRepeat', { market: state.market })}</h2>
      <p className="muted small">{t('disclosure.hint')}</p>
      <ul>
        {state.texts.map((x) => (
          <li key={x.language} lang={x.language} dir="auto">
            {x.text}
          </li>
        ))}
      </ul>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <button
        onClick={() => {
          setError(null);
          acknowledge(pending.reminderId).catch((e: unknown) => setError(errorText(e)));
        }}
        data-testid="disclosure-done"
      >
        {t('disclosure.done')}
      </button>
    </section>
  );
}
