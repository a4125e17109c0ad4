import type { DeliveryDays, MarketPrice, NetQuantity } from './contract/catalog';
import { marketInfo, vatRateOn } from './markets';
import { fillTemplate } from './template';

/**
 * A price as the viewer of a market must see it: the amount they pay (VAT added to a net price where the
 * market shows gross prices), whether the card says "incl. VAT", and the unit price where the law asks for one.
 * Pure: the host's cards and the product editor's preview use the same function.
 */
export interface ShownPrice {
  /** What viewers pay, in minor units. */
  amountMinor: number;
  /** The VAT rate the amount includes (percent); null when it includes none the app knows of. */
  vatRate: number | null;
  /** The tax's name to say "incl. {{tax}}" with; null when the card says nothing about tax. */
  taxName: string | null;
}

/** The VAT rate of a product in a market on a day: its own (a reduced rate) or the market's standard one. */
export function vatRateFor(price: Pick<MarketPrice, 'market' | 'vatRate'>, at: number): number | null {
  return price.vatRate ?? vatRateOn(price.market, at);
}

/** Adds VAT to a net amount in minor units, rounding half up to the currency's minor unit. */
export function grossOf(netMinor: number, ratePercent: number): number {
  // The rate in hundredths of a percent keeps the arithmetic in integers (5.5% -> 550).
  return Math.round((netMinor * (10_000 + Math.round(ratePercent * 100))) / 10_000);
}

/** The price viewers of the market see for an amount entered net or gross. */
export function shownPrice(price: Pick<MarketPrice, 'market' | 'amountMinor' | 'taxInclusive' | 'vatRate'>, at: number): ShownPrice {
  return shownAmount(price.amountMinor, price, at);
}

/** Like shownPrice, for another amount entered the same way as the price (the 30-day low from the price history). */
export function shownAmount(amountMinor: number, price: Pick<MarketPrice, 'market' | 'taxInclusive' | 'vatRate'>, at: number): ShownPrice {
  const info = marketInfo(price.market);
  const rate = vatRateFor(price, at);
  const gross = info?.grossPrices ?? price.taxInclusive;
  if (!gross) return { amountMinor, vatRate: price.taxInclusive ? rate : null, taxName: null };
  const amount = price.taxInclusive || rate === null ? amountMinor : grossOf(amountMinor, rate);
  const includes = price.taxInclusive || rate !== null;
  return { amountMinor: amount, vatRate: includes ? rate : null, taxName: includes ? (info?.taxName ?? null) : null };
}

/** The base a unit price is given per: 1 kg, 1 l or 1 piece (PAngV §4 and Directive 98/6/EC Art. 2(c)). */
export type UnitBase = 'kg' | 'l' | 'piece';

/** The unit price of an amount for a pack's net quantity; null when the market does not ask for one or it says nothing new (1 piece). */
export function unitPriceOf(amountMinor: number, quantity: NetQuantity | undefined, market: string): { amountMinor: number; per: UnitBase } | null {
  if (!quantity || !marketInfo(market)?.unitPrice) return null;
  const inBase = { g: [quantity.amount / 1000, 'kg'], kg: [quantity.amount, 'kg'], ml: [quantity.amount / 1000, 'l'], l: [quantity.amount, 'l'], piece: [quantity.amount, 'piece'] } as const;
  const [amount, per] = inBase[quantity.unit];
  if (per === 'piece' && amount <= 1) return null;
  return { amountMinor: Math.round(amountMinor / amount), per };
}

/** The words a card needs for delivery times (locales/<lang>/card.json). */
export interface DeliveryTexts {
  /** {{min}} and {{max}} */
  deliveryRange: string;
  /** {{days}} */
  deliveryExact: string;
  deliveryOneDay: string;
  /** {{time}}: the free text a product may carry instead */
  shipping: string;
}

/** "Delivery in 5–8 days" in the card's language, else the product's free text, else null. */
export function deliveryText(texts: DeliveryTexts, days: DeliveryDays | undefined, freeText: string | undefined): string | null {
  if (days) {
    if (days.min !== days.max) return fillTemplate(texts.deliveryRange, { min: days.min, max: days.max });
    return days.min === 1 ? texts.deliveryOneDay : fillTemplate(texts.deliveryExact, { days: days.min });
  }
  return freeText ? fillTemplate(texts.shipping, { time: freeText }) : null;
}
