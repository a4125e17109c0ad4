import type { eld as eldMedium } from 'eld/medium';
import type { LanguageEngine } from '../electron/core/features/audience/language/chat-language-detector';

type Eld = typeof eldMedium;

/**
 * eld (Nito-ELD, pure JS, n-gram data inside the package). It has Malay but no Indonesian: asked about
 * Indonesian (without Malay) it is asked about Malay, the standard language Indonesian is based on.
 */
export async function loadEldEngine(size: 'small' | 'medium' = 'medium'): Promise<LanguageEngine> {
  const base: Eld = size === 'medium' ? (await import('eld/medium')).eld : (await import('eld/small')).eld;
  const known = new Set(Object.values(base.info().Languages));
  const languages = new Set(known);
  if (known.has('ms')) languages.add('id');
  // A language subset is a rebuilt table: one instance per candidate list, kept.
  const bySubset = new Map<string, Eld>();
  return {
    name: `eld ${size}`,
    languages,
    best(words, candidates) {
      const asked = candidates.map((c) => (c === 'id' && !candidates.includes('ms') ? 'ms' : c));
      const key = asked.join(',');
      let instance = bySubset.get(key);
      if (!instance) {
        instance = base.newInstance();
        instance.setLanguageSubset(asked);
        bySubset.set(key, instance);
      }
      const result = instance.detect(words);
      if (!result.language) return null;
      const language = result.language === 'ms' && !candidates.includes('ms') ? 'id' : result.language;
      const confidence = result.getScores()[result.language] ?? 0;
      return { language, confidence };
    },
  };
}
