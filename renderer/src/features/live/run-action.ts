import { translateError } from '../../i18n/translate-error';
import { useStudio } from '../../store';

/** Runs a user action; a failure shows the host's message, in the UI language, in the error toast instead of vanishing. */
export function useRunAction() {
  const showError = useStudio((s) => s.showError);
  return (action: () => Promise<unknown>) => {
    action().catch((error: unknown) => showError(translateError(error)));
  };
}
