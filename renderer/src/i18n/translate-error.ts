import i18next from 'i18next';
import { HostError, errorTexts } from '../../../electron/shared/contract/errors';

/**
 * A host text in the UI language: its registry key looked up in locales/<lang>/errors.json with the host's
 * parameters; the host's English words when the key is unknown (an older host) or missing.
 */
export function translateHostText(key: string | undefined, params: Readonly<Record<string, unknown>> | undefined, english: string): string {
  if (!key || !(key in errorTexts)) return english;
  return i18next.t(key, { ...params, ns: 'errors', defaultValue: english });
}

/** What to show for a failed host call, in the UI language: the one place a host error becomes words. */
export function translateError(error: unknown): string {
  if (error instanceof HostError) return translateHostText(error.key, error.params, error.message);
  return error instanceof Error ? error.message : String(error);
}
