import { parentPort } from 'node:worker_threads';
import { detectLanguages, loadLanguageDetector } from './detect-language';

/**
 * Language worker: detects the language of chat lines off the host's thread. Under a chat burst the
 * detector was a third of the host's work (about 0.1 ms a line), in the slices that keep its event loop
 * free; here it runs beside them, on another core when there is one.
 */
export interface LanguageRequest {
  id: number;
  texts: string[];
}
/** Each text's language, in order (null: too short or unclear); `loadError` when the profiles failed to load. */
export interface LanguageReply {
  id: number;
  languages: (string | null)[];
  loadError?: string;
}

// Answers wait for the profiles (about a second, once): a comment routed late beats one not routed.
const loaded = loadLanguageDetector().then(
  () => null,
  (error: unknown) => (error instanceof Error ? error.message : String(error)),
);

parentPort?.on('message', (request: LanguageRequest) => {
  void loaded.then((loadError) => {
    parentPort!.postMessage({ id: request.id, languages: detectLanguages(request.texts), ...(loadError ? { loadError } : {}) } satisfies LanguageReply);
  });
});
