import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { defaultLanguage, isRightToLeft, uiLanguages } from '../../../electron/shared/languages';
import { sayHostErrorsInUiLanguage } from '../store/error-text';

type Bundle = Record<string, unknown>;

// The default language is bundled with every page (it is also the fallback for a missing key). Every
// other language is its own small chunk per namespace, loaded from the app itself (offline too) when it is
// chosen: a page ships only the languages its user reads.
const bundled = import.meta.glob('../../../locales/en/*.json', { eager: true, import: 'default' }) as Record<string, Bundle>;
const loaders = import.meta.glob(['../../../locales/*/*.json', '!../../../locales/en/*.json'], { import: 'default' }) as Record<
  string,
  () => Promise<Bundle>
>;

function parse(file: string): { lang: string; ns: string } | null {
  const match = /locales\/([^/]+)\/([^/]+)\.json$/.exec(file);
  return match ? { lang: match[1]!, ns: match[2]! } : null;
}

const defaultResources: Record<string, Bundle> = {};
for (const [file, content] of Object.entries(bundled)) {
  const at = parse(file);
  if (at) defaultResources[at.ns] = content;
}
export const namespaces = Object.keys(defaultResources);

const loaded = new Map<string, Promise<void>>([[defaultLanguage, Promise.resolve()]]);

/** Loads a language's texts once (every namespace it has); the default language is always there. */
export function loadLanguage(language: string): Promise<void> {
  let done = loaded.get(language);
  if (!done) {
    const files = Object.entries(loaders).filter(([file]) => parse(file)?.lang === language);
    done = Promise.all(
      files.map(async ([file, load]) => i18next.addResourceBundle(language, parse(file)!.ns, await load(), true, true)),
    ).then(() => undefined);
    // A failed load (it should not happen: the chunks are part of the app) may be tried again later.
    done.catch(() => loaded.delete(language));
    loaded.set(language, done);
  }
  return done;
}

const supported = (language: string | undefined): string =>
  language && (uiLanguages as readonly string[]).includes(language) ? language : defaultLanguage;

/** Starts i18next in the default language, then loads and switches to `language`; resolves when it shows. */
export async function initI18n(language?: string): Promise<typeof i18next> {
  await i18next.use(initReactI18next).init({
    resources: { [defaultLanguage]: defaultResources },
    lng: defaultLanguage,
    fallbackLng: defaultLanguage,
    ns: namespaces,
    defaultNS: 'common',
    interpolation: { escapeValue: false },
    returnNull: false,
    // Re-render when a language's texts arrive, not only when the language changes.
    react: { bindI18nStore: 'added' },
  });
  sayHostErrorsInUiLanguage();
  await applyLanguage(supported(language));
  return i18next;
}

export async function applyLanguage(language: string): Promise<void> {
  try {
    await loadLanguage(language);
  } catch {
    // Keep the default language's texts rather than none.
  }
  if (i18next.language !== language) await i18next.changeLanguage(language);
  // The page's direction follows the UI language (Arabic reads right to left): CSS written with logical
  // properties (inline-start/end) then mirrors the whole layout. Script text sets its own direction.
  document.documentElement.lang = language;
  document.documentElement.dir = isRightToLeft(language) ? 'rtl' : 'ltr';
}
