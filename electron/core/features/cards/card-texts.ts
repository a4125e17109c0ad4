import type { CardTexts } from '../../../shared/contract/cards';
import { marketCodes, markets } from '../../../shared/markets';
import de from '../../../../locales/de/card.json';
import en from '../../../../locales/en/card.json';
import es from '../../../../locales/es/card.json';
import fr from '../../../../locales/fr/card.json';
import it from '../../../../locales/it/card.json';
import nl from '../../../../locales/nl/card.json';
import zhCN from '../../../../locales/zh-CN/card.json';
import id from '../../../../locales/id/card.json';
import vi from '../../../../locales/vi/card.json';
import th from '../../../../locales/th/card.json';
import ms from '../../../../locales/ms/card.json';
import ja from '../../../../locales/ja/card.json';
import ko from '../../../../locales/ko/card.json';
import ar from '../../../../locales/ar/card.json';
import ptBR from '../../../../locales/pt-BR/card.json';

/**
 * The words on a product card (locales/<lang>/card.json), one file per language a market is sold in.
 * A market of a new language needs its own card.json here (test/unit/cards/card-texts.test.ts checks it).
 */
const byLanguage: Record<string, Omit<CardTexts, 'language'>> = { en, 'zh-CN': zhCN, de, fr, es, it, nl, id, vi, th, ms, ja, ko, ar, 'pt-BR': ptBR };

/** The language viewers of a market read: its content language (zh-CN, de), else that language's base (pt-BR -> pt). */
export function marketLanguage(market: string): string {
  const language = (markets as Record<string, { language: string }>)[market]?.language ?? 'en';
  if (byLanguage[language]) return language;
  const base = language.split('-')[0]!;
  return byLanguage[base] ? base : 'en';
}

/** The card's words for a market's viewers, in the market's language (English for a market this app does not know). */
export function cardTextsFor(market: string): CardTexts {
  const language = marketLanguage(market);
  return { language, ...byLanguage[language]! };
}

/** Every market the app knows with the language its card is written in (for tests and the docs). */
export const cardLanguages = (): Record<string, string> => Object.fromEntries(marketCodes.map((m) => [m, marketLanguage(m)]));
