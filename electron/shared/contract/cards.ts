import { rule } from './validation-texts';
import { z } from 'zod';
import { event, method } from './define';
import { hasProduct, productRef } from './catalog';
import { dealState, overrideReason } from './deals';

/**
 * Product cards: what is pinned on which output, drawn for a market. Money is always in minor units with
 * its ISO currency; formatted text comes with it for screens that must not format themselves (an OBS
 * text source). Deals are in deals.ts, the rundown in rundown.ts, the outputs that carry cards in outputs.ts.
 */

/** Where a pinned card is shown. `all` pins on every card output at once. */
export const cardOutput = z.enum(['overlay', 'obs-native', 'all']);
export type CardOutput = z.infer<typeof cardOutput>;

/** The words on a card in the market's language; `{{…}}` are filled in by the screen (counts change). */
export const cardTexts = z.object({
  language: z.string(),
  dealStartsIn: z.string(),
  dealEndsIn: z.string(),
  /** {{stock}} and {{total}} */
  stockLeft: z.string(),
  soldOut: z.string(),
  /** {{time}} */
  shipping: z.string(),
  scanToBuy: z.string(),
  /** {{code}}: the discount code viewers type at checkout (Shopify). */
  discountCode: z.string(),
  /** {{tax}}: the market's tax name ("incl. VAT", "inkl. MwSt."). */
  taxIncluded: z.string(),
  /** The unit a unit price is per when it is not kg or l ("/piece"). */
  unitPiece: z.string(),
  /** {{min}} and {{max}}: delivery in days. */
  deliveryRange: z.string(),
  /** {{days}} */
  deliveryExact: z.string(),
  deliveryOneDay: z.string(),
});
export type CardTexts = z.infer<typeof cardTexts>;

/** Everything a screen needs to draw a card, already localized and formatted for one market. */
export const cardView = z.object({
  productId: z.string(),
  sku: z.string(),
  market: z.string(),
  /** The language of the name and pitch (the market's, else the nearest the product has). */
  language: z.string(),
  name: z.string(),
  pitch: z.string(),
  currency: z.string(),
  priceMinor: z.number().int(),
  /** What viewers pay, formatted: gross (VAT added to a net price) where the market shows gross prices. */
  priceText: z.string(),
  /** The price includes VAT (or the market's consumption tax). */
  taxInclusive: z.boolean(),
  /** The VAT rate (percent) the price includes; null when none the app knows of. */
  vatRate: z.number().nullable(),
  /** "inkl. MwSt." in the card's language, where the market's viewers are told; null otherwise. */
  taxText: z.string().nullable(),
  /** "229,00 €/kg" where the market requires a unit price (EU, GB) and the product has a net quantity. */
  unitPriceText: z.string().nullable(),
  shippingTime: z.string().nullable(),
  /** The delivery time in the card's language ("Lieferung in 5–8 Tagen"), or the free shipping text; null when neither is set. */
  deliveryText: z.string().nullable(),
  purchaseUrl: z.string().nullable(),
  /** The purchase URL as a QR code PNG (data: URL), for screens that cannot draw one. */
  qrImage: z.string().nullable(),
  image: z.string().nullable(),
  pinnedAt: z.number().int(),
  texts: cardTexts,
  /**
   * The sponsorship disclosure ("Ad: paid partnership...") in the card's language, while a session in this
   * market is live and the host chose to show it on the card (Settings > Compliance); null otherwise.
   */
  disclosure: z.string().nullable(),
  deal: z
    .object({
      dealId: z.string(),
      state: dealState,
      priceMinor: z.number().int(),
      priceText: z.string(),
      /** The deal price per kg / l / piece, where the market requires a unit price. */
      unitPriceText: z.string().nullable(),
      /** Percent off the reference price (the 30-day low in EU markets, else the regular price). */
      percentOff: z.number().int(),
      /** The struck-through "was" price (the 30-day low in EU markets, else the regular price); null when it is not above the deal price. */
      referencePriceText: z.string().nullable(),
      stock: z.number().int(),
      stockInitial: z.number().int(),
      perBuyerLimit: z.number().int().nullable(),
      countdownEndsAt: z.number().int().nullable(),
      endsAt: z.number().int().nullable(),
      /** The discount code a shop made for this deal (Shopify), once it exists there; null otherwise. */
      discountCode: z.string().nullable(),
    })
    .nullable(),
});
export type CardView = z.infer<typeof cardView>;

export const pinnedCard = z.object({
  output: z.enum(['overlay', 'obs-native']),
  productId: z.string(),
  market: z.string(),
  pinnedAt: z.number().int(),
});

export const cardsMethods = {
  'card.pin': method({
    summary:
      "Pin a product card (by id or SKU) on an output (default: every card output), for a market (default: the live session's market, else the default market).",

    input: z
      .object({
        ...productRef,
        market: z.string().min(2).max(8).optional(),
        output: cardOutput.default('all'),
        /** During a session, needed when the card's texts break a rule of its market (refused otherwise): logged. */
        overrideReason: overrideReason.optional(),
      })
      .strict()
      .refine(hasProduct, rule('give_product')),
    output: z.object({ pinned: z.array(pinnedCard), card: cardView }),
    mutates: true,
  }),
  'card.unpin': method({
    summary: 'Take the pinned card off an output (default: every card output).',
    input: z.object({ output: cardOutput.default('all') }).strict().default({ output: 'all' }),
    output: z.object({ unpinned: z.array(z.string()) }),
    mutates: true,
  }),
  'card.current': method({
    summary: 'The pinned card of an output, drawn for a market (the overlay page calls this when it opens).',
    input: z
      .object({ output: z.enum(['overlay', 'obs-native']).default('overlay'), market: z.string().min(2).max(8).optional() })
      .strict()
      .default({ output: 'overlay' }),
    output: z.object({ card: cardView.nullable(), pins: z.array(pinnedCard) }),
    mutates: false,
    scopes: ['overlay'],
  }),
};

export const cardsEvents = {
  'product.pinned': event({
    summary: 'A product card was pinned on an output.',
    payload: z.object({ productId: z.string(), sku: z.string(), output: z.string(), market: z.string() }),
    logged: true,
  }),
  'product.unpinned': event({
    summary: 'A product card was taken off an output.',
    payload: z.object({ productId: z.string(), output: z.string() }),
    logged: true,
  }),
  'card.state': event({
    summary: 'The card an output shows for a market (null = none), for overlay pages.',
    payload: z.object({ output: z.string(), market: z.string(), card: cardView.nullable(), revision: z.number().int() }),
    logged: false,
    scopes: ['overlay'],
  }),
};
