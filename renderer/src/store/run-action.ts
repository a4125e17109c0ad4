import { useCallback } from 'react';
import { errorText } from './error-text';
import { useStudio } from './index';

export { errorText };

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
