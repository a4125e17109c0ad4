import { chatLanguageDetector, type ChatLanguageDetector, type DetectHints } from './chat-language-detector';
import { loadTinyldEngine } from './tinyld-engine';

/**
 * The studio's chat language detector: tinyld (heavy profiles) inside the chat wrapper.
 *
 * Chosen by `npm run bench:language` on the 343 labelled live-chat lines of test/fixtures/chat-language
 * (en, zh-CN, es, id, vi, ar; ~57 each), through the same wrapper:
 *   tinyld 1.3.4 heavy: 96.8% overall (en 96.6, zh-CN 98.2, es 94.7, id 98.2, vi 94.7, ar 98.2), 3 wrong, 8 null
 *   eld 2.1.0 medium:   96.5% overall (en 98.3, zh-CN 98.2, es 100, id 87.7, vi 96.5, ar 98.2), 6 wrong, 6 null
 * Overall they are one line apart; tinyld is picked for its worst language (94.7% vs eld's 87.7%: eld has
 * no Indonesian, only Malay) and for half the lines sent to the wrong lane. eld is a dev dependency, for
 * the bench only. Speed is no issue for either (~8,000 lines/s for tinyld on a loaded 2-core machine).
 *
 * Loading the profiles takes about a second (2 MB of n-grams). The host runs the detector in its language
 * thread (language-worker.ts, loaded when a session goes live or with the first comments), never on its
 * own start-up path. Until `loadLanguageDetector()` resolves, `detectLanguage` answers only what the script
 * settles (Chinese, Arabic, Vietnamese letters) and null otherwise.
 */

/**
 * Engine answers below these confidences become null. tinyld already answers nothing when unsure, and
 * any floor above 0.1 costs far more right answers than wrong ones it saves (bench sweep: 0.2 turns 21
 * right answers into null to drop 5 wrong); eld's scores are softer and 0.5 drops 3 wrong for 1 right.
 */
export const detectorConfidenceFloor = { tinyld: 0.1, eld: 0.5 };

let engineDetector: ChatLanguageDetector | null = null;
let loading: Promise<void> | null = null;

/** Loads the detector's profiles once (later calls return the same promise). */
export function loadLanguageDetector(): Promise<void> {
  loading ??= loadTinyldEngine('heavy').then(
    (engine) => {
      engineDetector = chatLanguageDetector(engine, detectorConfidenceFloor.tinyld);
    },
    (error: unknown) => {
      // A later call may try again; until then only the script shortcuts answer.
      loading = null;
      throw new Error(
        `The chat language detector (package tinyld) could not be loaded: ${error instanceof Error ? error.message : String(error)}. Run npm install.`,
        { cause: error },
      );
    },
  );
  return loading;
}

export function isLanguageDetectorLoaded(): boolean {
  return engineDetector !== null;
}

// Before the profiles are in: an engine that knows nothing, so only the script shortcuts answer.
const scriptOnly = chatLanguageDetector({ name: 'script only', languages: new Set(), best: () => null }, 1);

/**
 * The language of one chat line in the studio's tags (en, zh-CN, es, id, vi, ar...), or null when the
 * line is too short or too unclear to route. `hints.candidates` limits the answer to some languages
 * (e.g. the open lanes' languages); the six chat languages by default.
 */
export function detectLanguage(text: string, hints?: DetectHints): string | null {
  return (engineDetector ?? scriptOnly)(text, hints);
}

/** The languages of a batch of chat lines, in order (an empty line: null). */
export function detectLanguages(texts: readonly string[]): (string | null)[] {
  return texts.map((text) => (text.length > 0 ? detectLanguage(text) : null));
}
