import type { CardTexts } from '../../../shared/contract/cards';
import { marketCodes, markets } from '../../../shared/markets';
import de from '../../../../locales/de/card.json';
import en from '../../../../locales/en/card.json';
import es from '../../../../locales/es/card.json';
import fr from '../../../../locales/fr/card.json';
import it from '../../../../locales/it/card.json';
import nl from '../../../../locales/nl/card.json';
import zhCN from '../../../../locales/zh-CN/card.json';

/**
 * The words on a product card (locales/<lang>/card.json), one file per language a market is sold in.
 * A market of a new language needs its own card.json here (test/unit/cards/card-texts.test.ts checks it).
 */
const byLanguage: Record<string, Omit<CardTexts, 'language'>> = { en, 'zh-CN': zhCN, de, fr, es, it, nl };

/** The language viewers of a market read: its locale (zh-CN), else the locale's base language (de-DE -> de). */
export function marketLanguage(market: string): string {
  const locale = (markets as Record<string, { locale: string }>)[market]?.locale ?? 'en-US';
  if (byLanguage[locale]) return locale;
  const base = locale.split('-')[0]!;
  return byLanguage[base] ? base : 'en';
}

/** The card's words for a market's viewers, in the market's language (English for a market this app does not know). */
export function cardTextsFor(market: string): CardTexts {
  const language = marketLanguage(market);
  return { language, ...byLanguage[language]! };
}

/** Every market the app knows with the language its card is written in (for tests and the docs). */
export const cardLanguages = (): Record<string, string> => Object.fromEntries(marketCodes.map((m) => [m, marketLanguage(m)]));
