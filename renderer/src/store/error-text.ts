import { translateError } from '../i18n/translate-error';
import { setErrorTranslator } from '../transport/host-client';

/**
 * The words shown for a failed action, in the UI language: the one place where an error becomes text on
 * screen. Its own module (re-exported by run-action.ts) so the prompter lane can use it without the
 * control room's store.
 */
export function errorText(error: unknown): string {
  return translateError(error);
}

/**
 * Every error a host call rejects with carries its message in the UI language, wherever it is shown
 * (called by initI18n; the transport itself stays free of i18next).
 */
export function sayHostErrorsInUiLanguage(): void {
  setErrorTranslator(translateError);
}
