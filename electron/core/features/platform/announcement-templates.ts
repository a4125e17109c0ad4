import type { AnnouncementMoment, AnnouncementTemplates } from '../../../shared/contract/platform';
import { formatPrice, markets } from '../../../shared/markets';

/**
 * The default chat texts per moment and language. `{product}`, `{price}` (in the market's currency),
 * `{code}` (the Shopify discount code) and `{minutesLeft}`; a part in [brackets] that holds `{code}` is
 * left out when the deal has no code. The host edits them with platform.setTemplates.
 */
export const defaultTemplates: AnnouncementTemplates = {
  pin: {
    en: 'Now showing: {product} for {price}. Tap the pinned product to buy!',
    de: 'Jetzt im Fokus: {product} für {price}. Tippe auf das angeheftete Produkt!',
    fr: 'En ce moment : {product} à {price}. Touchez le produit épinglé pour l’acheter !',
    es: 'Ahora: {product} por {price}. ¡Toca el producto fijado para comprar!',
    it: 'Ora in vetrina: {product} a {price}. Tocca il prodotto fissato per acquistare!',
    nl: 'Nu te zien: {product} voor {price}. Tik op het vastgezette product om te kopen!',
    'zh-CN': '正在展示：{product}，{price}。点击置顶商品即可购买！',
  },
  dealStart: {
    en: 'Flash deal! {product} now {price}[ with code {code}]. Limited stock!',
    de: 'Blitzangebot! {product} jetzt für {price}[ mit dem Code {code}]. Nur solange der Vorrat reicht!',
    fr: 'Vente flash ! {product} à {price}[ avec le code {code}]. Stock limité !',
    es: '¡Oferta flash! {product} ahora por {price}[ con el código {code}]. ¡Existencias limitadas!',
    it: 'Offerta lampo! {product} ora a {price}[ con il codice {code}]. Scorte limitate!',
    nl: 'Flitsdeal! {product} nu voor {price}[ met code {code}]. Beperkte voorraad!',
    'zh-CN': '限时秒杀！{product} 现价 {price}[，优惠码 {code}]。数量有限！',
  },
  dealLastMinute: {
    en: 'Last {minutesLeft} min: {product} for {price}[ with code {code}]!',
    de: 'Nur noch {minutesLeft} Min.: {product} für {price}[ mit dem Code {code}]!',
    fr: 'Plus que {minutesLeft} min : {product} à {price}[ avec le code {code}] !',
    es: '¡Últimos {minutesLeft} min: {product} por {price}[ con el código {code}]!',
    it: 'Ultimi {minutesLeft} min: {product} a {price}[ con il codice {code}]!',
    nl: 'Nog {minutesLeft} min: {product} voor {price}[ met code {code}]!',
    'zh-CN': '最后 {minutesLeft} 分钟：{product} 仅 {price}[，优惠码 {code}]！',
  },
  dealEnd: {
    en: 'The flash deal on {product} has ended. Thanks for shopping with us!',
    de: 'Das Blitzangebot für {product} ist vorbei. Danke fürs Einkaufen!',
    fr: 'La vente flash sur {product} est terminée. Merci pour vos achats !',
    es: 'La oferta flash de {product} ha terminado. ¡Gracias por tu compra!',
    it: 'L’offerta lampo su {product} è terminata. Grazie per gli acquisti!',
    nl: 'De flitsdeal op {product} is voorbij. Bedankt voor je aankoop!',
    'zh-CN': '{product} 的限时秒杀已结束，感谢支持！',
  },
};

/** The language of a market's viewers, as templates are keyed (en, de, fr, es, it, nl, zh-CN). */
export function marketLanguage(market: string): string {
  const locale = (markets as Record<string, { locale: string }>)[market]?.locale ?? 'en-US';
  return locale === 'zh-CN' ? 'zh-CN' : locale.split('-')[0]!;
}

/** The templates in force: the host's own over the defaults, moment by moment and language by language. */
export function mergeTemplates(saved: Partial<AnnouncementTemplates> | null): AnnouncementTemplates {
  const merged = {} as AnnouncementTemplates;
  for (const moment of Object.keys(defaultTemplates) as AnnouncementMoment[]) {
    merged[moment] = { ...defaultTemplates[moment], ...(saved?.[moment] ?? {}) };
  }
  return merged;
}

export interface AnnouncementValues {
  product: string;
  market: string;
  currency: string;
  priceMinor: number;
  code: string | null;
  minutesLeft: number | null;
}

/** One announcement's text in the market's language (English when the language has no template). */
export function renderAnnouncement(templates: AnnouncementTemplates, moment: AnnouncementMoment, values: AnnouncementValues): string {
  const byLanguage = templates[moment];
  const template = byLanguage[marketLanguage(values.market)] ?? byLanguage.en ?? defaultTemplates[moment].en!;
  const locale = (markets as Record<string, { locale: string }>)[values.market]?.locale ?? 'en-US';
  const withCode = template.replace(/\[([^\]]*)\]/g, (_all, part: string) => (part.includes('{code}') && !values.code ? '' : part));
  return withCode
    .replaceAll('{product}', values.product)
    .replaceAll('{price}', formatPrice(values.priceMinor, values.currency, locale))
    .replaceAll('{code}', values.code ?? '')
    .replaceAll('{minutesLeft}', values.minutesLeft === null ? '' : String(values.minutesLeft))
    .replace(/\s{2,}/g, ' ')
    .trim();
}

/** The longest chat texts (YouTube liveChatMessages 200 characters, Twitch 500): a template must fit the shortest. */
export const chatLengthLimits = { youtube: 200, twitch: 500 } as const;

/**
 * Checks a template for length as a long real announcement would be: a 60-character product name, a
 * price and a code filled in. Returns what is wrong, or null.
 */
export function templateTooLong(template: string, limit: number): number | null {
  const sample = renderAnnouncement(
    { pin: { en: template }, dealStart: { en: template }, dealLastMinute: { en: template }, dealEnd: { en: template } },
    'pin',
    { product: 'x'.repeat(60), market: 'US', currency: 'USD', priceMinor: 123456, code: 'DEAL-CODE-1234', minutesLeft: 10 },
  );
  return sample.length > limit ? sample.length : null;
}
