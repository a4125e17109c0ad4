import { chatTextShape } from './chat-text';

/**
 * Language of a live-chat line, for routing questions to the co-host lane that reads it.
 *
 * A statistical detector alone is wrong on chat far too often: lines are a few words, full of emojis,
 * prices, slang and missing accents. So the detector is wrapped:
 * 1. lines with too few letters to tell ("ok", "666", "😍😍") get null instead of a guess;
 * 2. the script settles it when it can: Han -> zh-CN (kana -> ja, Hangul -> ko), Arabic letters -> ar,
 *    Vietnamese's own letters (ơ ư ă đ ạ ế ...) -> vi, ¿/¡ -> es;
 * 3. otherwise the engine ranks only the candidate languages (the studio's chat languages unless the
 *    caller names others), and a low-confidence answer is null: a question unrouted is better than one
 *    on the wrong co-host's lane (the dock still shows it).
 * Results use the app's tags (zh-CN, not zh or cmn); a candidate named with a region (es-MX) comes back
 * as named.
 */

/** The languages live chat arrives in, in the studio's tags. */
export const chatLanguages = ['en', 'zh-CN', 'es', 'id', 'vi', 'ar'] as const;

/** A statistical detector, asked only about base languages (ISO 639-1: en, zh, es, id...). */
export interface LanguageEngine {
  readonly name: string;
  /** Base languages the engine knows. */
  readonly languages: ReadonlySet<string>;
  /** The best language among `candidates` for this text, with a confidence 0..1, or null when it has no idea. */
  best(words: string, candidates: readonly string[]): { language: string; confidence: number } | null;
}

export interface DetectHints {
  /** Languages the answer may be (BCP 47, e.g. the lanes' languages); the studio's chat languages when absent. */
  candidates?: readonly string[];
}

/** Fewer letters than this in a Latin-script line (after emojis, digits and links go) and there is no telling. */
export const minLatinLetters = 4;
/** Han, Arabic, kana and Hangul carry far more per letter: one or two settle it. */
const minScriptLetters = { han: 1, arabic: 2, kana: 1, hangul: 1 };

const baseOf = (tag: string): string => tag.split('-')[0]!.toLowerCase();

export type ChatLanguageDetector = (text: string, hints?: DetectHints) => string | null;

/** A chat-line detector on top of an engine; `minConfidence` below which the engine's answer is dropped. */
export function chatLanguageDetector(engine: LanguageEngine, minConfidence: number): ChatLanguageDetector {
  return (text, hints) => {
    const candidates = hints?.candidates?.length ? hints.candidates : chatLanguages;
    // The tag to answer with per base language: the caller's own spelling (es-MX stays es-MX).
    const byBase = new Map<string, string>();
    for (const tag of candidates) if (!byBase.has(baseOf(tag))) byBase.set(baseOf(tag), tag);
    const answer = (base: string): string | null => byBase.get(base) ?? null;

    const shape = chatTextShape(text);
    if (shape.letters === 0) return null;
    // The script decides when one script is (nearly) the whole line.
    if (shape.kana >= minScriptLetters.kana) return answer('ja');
    if (shape.han >= minScriptLetters.han && shape.han >= shape.latin) return answer('zh');
    if (shape.hangul >= minScriptLetters.hangul && shape.hangul >= shape.latin) return answer('ko');
    if (shape.arabic >= minScriptLetters.arabic && shape.arabic >= shape.latin) {
      // Persian and Urdu share the script: only then is there something to ask the engine.
      const arabicScript = [...byBase.keys()].filter((b) => b === 'ar' || b === 'fa' || b === 'ur');
      if (arabicScript.length <= 1) return answer('ar');
      const ranked = engine.best(shape.words, arabicScript);
      return ranked ? answer(ranked.language) : null;
    }
    if (shape.latin < minLatinLetters) return null;
    if (shape.vietnamese > 0 && byBase.has('vi')) return answer('vi');
    if (shape.spanishOpening && byBase.has('es')) return answer('es');

    const asked = [...byBase.keys()].filter((b) => engine.languages.has(b));
    if (asked.length === 0) return null;
    const ranked = engine.best(shape.words, asked);
    if (!ranked || ranked.confidence < minConfidence) return null;
    return answer(ranked.language);
  };
}
