import type * as TinyldModule from 'tinyld/heavy';
import type { LanguageEngine } from './chat-language-detector';

type Tinyld = typeof TinyldModule;

/** tinyld (pure JS, its n-gram profiles inside the package): `variant` 'heavy' is the larger, more accurate profile set. */
export async function loadTinyldEngine(variant: 'normal' | 'heavy' = 'heavy'): Promise<LanguageEngine> {
  const tinyld: Tinyld = variant === 'heavy' ? await import('tinyld/heavy') : await import('tinyld');
  const languages = new Set(tinyld.supportedLanguages.map((iso3) => tinyld.toISO2(iso3)));
  return {
    name: `tinyld ${variant}`,
    languages,
    best(words, candidates) {
      const top = tinyld.detectAll(words, { only: [...candidates] })[0];
      return top && top.lang ? { language: top.lang, confidence: top.accuracy } : null;
    },
  };
}
