/** Languages the UI ships complete; scripts and catalog content may use any BCP 47 tag. */
export const uiLanguages = ['en', 'zh-CN', 'es', 'vi', 'id', 'ar'] as const;
export type UiLanguage = (typeof uiLanguages)[number];
export const defaultLanguage: UiLanguage = 'en';

/** Content languages offered by default for products and scripts. */
export const contentLanguages = ['en', 'zh-CN', 'es'] as const;

export const languageNames: Record<string, string> = {
  en: 'English',
  'zh-CN': '中文',
  es: 'Español',
  vi: 'Tiếng Việt',
  ar: 'العربية',
  he: 'עברית',
  de: 'Deutsch',
  fr: 'Français',
  id: 'Bahasa Indonesia',
};

/** The base of a language tag, lower case: es-MX -> es, zh-CN -> zh. */
export const baseLanguage = (tag: string): string => tag.toLowerCase().split('-')[0]!;

const rtlLanguages = new Set(['ar', 'he', 'fa', 'ur']);
export function isRightToLeft(lang: string): boolean {
  return rtlLanguages.has(lang.split('-')[0]!.toLowerCase());
}

/** A BCP 47-ish language tag: letters, digits and hyphens. */
export const languageTagPattern = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/**
 * Picks the text for a language from localized content: the exact tag, then its base language
 * (de-DE -> de), then English, then whatever the content has.
 */
export function pickLocalized(text: Record<string, string>, lang: string): { text: string; language: string } {
  const base = lang.split('-')[0]!;
  for (const candidate of [lang, base, 'en']) if (text[candidate]) return { text: text[candidate]!, language: candidate };
  const first = Object.entries(text)[0];
  return first ? { text: first[1], language: first[0] } : { text: '', language: base };
}
