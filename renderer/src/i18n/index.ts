import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { defaultLanguage, uiLanguages } from '../../../electron/shared/languages';
import { sayHostErrorsInUiLanguage } from '../store/error-text';

// Every locales/<lang>/<namespace>.json is bundled: the UI works offline and switches language instantly.
const files = import.meta.glob('../../../locales/*/*.json', { eager: true, import: 'default' }) as Record<
  string,
  Record<string, unknown>
>;

export const resources: Record<string, Record<string, Record<string, unknown>>> = {};
for (const [file, content] of Object.entries(files)) {
  const match = /locales\/([^/]+)\/([^/]+)\.json$/.exec(file);
  if (!match) continue;
  const [, lang, ns] = match as unknown as [string, string, string];
  (resources[lang] ??= {})[ns] = content;
}
export const namespaces = Object.keys(resources[defaultLanguage] ?? {});

export function initI18n(language: string = defaultLanguage) {
  void i18next.use(initReactI18next).init({
    resources,
    lng: (uiLanguages as readonly string[]).includes(language) ? language : defaultLanguage,
    fallbackLng: defaultLanguage,
    ns: namespaces,
    defaultNS: 'common',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  sayHostErrorsInUiLanguage();
  return i18next;
}

export function applyLanguage(language: string): void {
  if (i18next.language !== language) void i18next.changeLanguage(language);
  document.documentElement.lang = language;
}
