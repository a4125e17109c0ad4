import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useStudio } from '../store';

/** Shows the last error of a user action until dismissed (or for 8 s). */
export function ErrorToast() {
  const { t } = useTranslation();
  const message = useStudio((s) => s.lastError);
  const dismiss = useStudio((s) => s.showError);
  useEffect(() => {
    if (!message) return;
    const timer = setTimeout(() => dismiss(null), 8000);
    return () => clearTimeout(timer);
  }, [message, dismiss]);
  if (!message) return null;
  return (
    <div className="toast" role="alert" data-testid="error-toast">
      <strong>{t('error')}:</strong> {message}
      <button type="button" onClick={() => dismiss(null)} aria-label={t('close')}>
        ×
      </button>
    </div>
  );
}
