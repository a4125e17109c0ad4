import QRCode from 'qrcode';
import type { CardView } from '../../../shared/contract/cards';
import type { Product } from '../../../shared/contract/catalog';
import { pickLocalized } from '../../../shared/languages';
import { formatPrice, markets } from '../../../shared/markets';
import { deliveryText, shownPrice, unitPriceOf } from '../../../shared/price-display';
import { fillTemplate } from '../../../shared/template';
import type { CatalogGateway } from '../gateways';
import { cardTextsFor } from './card-texts';
import type { DealStore } from './deal-store';
import { soldOutShowMs } from './deal-engine';
import { omnibusWindowMs, percentOff, shownReferencePrice } from './price-rules';

/** The viewer language of a market: its locale, as product texts are keyed (de-DE -> de -> en). */
export function marketLocale(market: string): string {
  return (markets as Record<string, { locale: string }>)[market]?.locale ?? 'en-US';
}

/** QR codes as PNG data URLs, made once per purchase URL. */
export class QrCache {
  private readonly cache = new Map<string, string>();
  async dataUrl(text: string): Promise<string> {
    const hit = this.cache.get(text);
    if (hit) return hit;
    const made = await QRCode.toDataURL(text, { errorCorrectionLevel: 'M', margin: 1, width: 240 });
    if (this.cache.size > 500) this.cache.clear();
    this.cache.set(text, made);
    return made;
  }
}

/**
 * Draws a pinned product for one market: localized name, price formatted with Intl for the market's
 * locale, shipping time, purchase URL (and its QR code), and the running deal if there is one.
 * Null when the product has no price in that market (it is not sold there).
 */
export async function buildCardView(
  product: Product,
  market: string,
  pinnedAt: number,
  deps: {
    catalog: CatalogGateway;
    deals: DealStore;
    qr: QrCache;
    now: number;
    discountCode(dealId: string): string | null;
    /** The disclosure line for a market's card in a language (null: none). */
    disclosure?(market: string, language: string): string | null;
  },
): Promise<CardView | null> {
  const price = product.prices.find((p) => p.market === market);
  if (!price) return null;
  const locale = marketLocale(market);
  const name = pickLocalized(product.name, locale);
  const money = (minor: number) => formatPrice(minor, price.currency, locale);
  const texts = cardTextsFor(market);
  // The price as viewers must see it: VAT added to a net price where the market shows gross prices.
  const shown = shownPrice(price, deps.now);
  const unitPriceText = (amountMinor: number) => {
    const unit = unitPriceOf(amountMinor, product.netQuantity, market);
    return unit ? `${money(unit.amountMinor)}/${unit.per === 'piece' ? texts.unitPiece : unit.per}` : null;
  };
  const deal = deps.deals.activeFor(product.id, market, deps.now, soldOutShowMs);
  let dealView: CardView['deal'] = null;
  if (deal) {
    const lowest = deps.catalog.lowestPrice(product.id, market, (deal.liveAt ?? deps.now) - omnibusWindowMs, deal.liveAt ?? deps.now);
    // Deal prices are what viewers pay; the regular price is compared as viewers see it, as the history keeps it.
    const facts = { market, currency: deal.currency, dealPriceMinor: deal.dealPriceMinor, regularPriceMinor: shown.amountMinor, lowest30dMinor: lowest };
    const reference = shownReferencePrice(facts);
    dealView = {
      dealId: deal.id,
      state: deal.state,
      priceMinor: deal.dealPriceMinor,
      priceText: money(deal.dealPriceMinor),
      unitPriceText: unitPriceText(deal.dealPriceMinor),
      percentOff: percentOff(facts),
      referencePriceText: reference === null ? null : money(reference),
      stock: deal.stock,
      stockInitial: deal.stockInitial,
      perBuyerLimit: deal.perBuyerLimit,
      countdownEndsAt: deal.state === 'countdown' ? deal.countdownEndsAt : null,
      endsAt: deal.state === 'countdown' || deal.state === 'live' ? deal.endsAt : null,
      discountCode: deps.discountCode(deal.id),
    };
  }
  return {
    productId: product.id,
    sku: product.sku,
    market,
    language: name.language,
    name: name.text,
    pitch: pickLocalized(product.pitch, locale).text,
    currency: price.currency,
    priceMinor: shown.amountMinor,
    priceText: money(shown.amountMinor),
    taxInclusive: shown.vatRate !== null || price.taxInclusive,
    vatRate: shown.vatRate,
    taxText: shown.taxName === null ? null : fillTemplate(texts.taxIncluded, { tax: shown.taxName }),
    unitPriceText: unitPriceText(shown.amountMinor),
    shippingTime: price.shippingTime ?? null,
    deliveryText: deliveryText(texts, price.deliveryDays, price.shippingTime),
    purchaseUrl: price.purchaseUrl ?? null,
    qrImage: price.purchaseUrl ? await deps.qr.dataUrl(price.purchaseUrl) : null,
    image: product.images[0] ?? null,
    pinnedAt,
    texts,
    disclosure: deps.disclosure?.(market, texts.language) ?? null,
    deal: dealView,
  };
}
