import { useCallback } from 'react';
import { translateError } from '../i18n/translate-error';
import { useStudio } from './index';

/** The words shown for a failed action, in the UI language: the one place where an error becomes text on screen. */
export function errorText(error: unknown): string {
  return translateError(error);
}

/** Shows a failed action's error in the window's error toast. */
export function useShowFailure() {
  const showError = useStudio((s) => s.showError);
  return useCallback((error: unknown) => showError(errorText(error)), [showError]);
}

/** Runs a user action; a failure shows the host's message in the error toast instead of vanishing. */
export function useRunAction() {
  const fail = useShowFailure();
  return useCallback(
    (action: () => Promise<unknown>) => {
      action().catch(fail);
    },
    [fail],
  );
}
