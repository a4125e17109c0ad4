import { rule } from './validation-texts';
import { z } from 'zod';
import { event, method, noInput } from './define';
import { marketInfo, vatPeriodsOf } from '../markets';

/** Text in several languages, keyed by language tag (en, zh-CN, es...). */
export const localizedText = z.record(z.string().min(2).max(35), z.string().max(4000));
export type LocalizedText = z.infer<typeof localizedText>;

/** Delivery time viewers are told, in whole days from order to door. */
export const deliveryDays = z
  .object({
    min: z.number().int(rule('delivery_whole_days')).min(0).max(365),
    max: z.number().int(rule('delivery_whole_days')).min(0).max(365),
  })
  .strict()
  .refine((d) => d.min <= d.max, { message: rule('delivery_min_max'), path: ['max'] });
export type DeliveryDays = z.infer<typeof deliveryDays>;

export const marketPrice = z.object({
  market: z.string().min(2).max(8),
  /** ISO 4217 code. */
  currency: z.string().regex(/^[A-Z]{3}$/, rule('currency_code')),
  /**
   * Amount in minor units of the currency (cents, fen; yen and won have none, so ¥1,980 is 1980): integers
   * avoid rounding errors.
   */
  amountMinor: z.number().int(rule('amount_minor_whole')).nonnegative(),
  /** The amount includes the market's VAT (gross); false: it is before VAT (net), and cards add the VAT where the market shows gross prices. */
  taxInclusive: z.boolean(),
  /** This product's VAT rate in the market, percent (a reduced rate such as 7 for food in DE); default: the market's standard rate. */
  vatRate: z.number().min(0, rule('vat_rate_range')).max(30, rule('vat_rate_range')).multipleOf(0.01, rule('vat_rate_range')).optional(),
  /** Delivery time shown to viewers as free text, e.g. "5-8 days" (deliveryDays wins when both are set). */
  shippingTime: z.string().max(80).optional(),
  /** Estimated delivery time in days, written on the card in the card's language. */
  deliveryDays: deliveryDays.optional(),
  purchaseUrl: z.string().url().optional(),
});
export type MarketPrice = z.infer<typeof marketPrice>;

/** Units a net quantity is sold in (Directive 98/6/EC: unit prices per kg, per l, per piece). */
export const quantityUnit = z.enum(['g', 'kg', 'ml', 'l', 'piece']);
export type QuantityUnit = z.infer<typeof quantityUnit>;

/** What a pack holds (100 g, 0.35 l, 6 pieces), for the unit price. */
export const netQuantity = z
  .object({ amount: z.number().positive(rule('net_quantity_positive')).max(1_000_000), unit: quantityUnit })
  .strict()
  .refine((q) => q.unit !== 'piece' || Number.isInteger(q.amount), { message: rule('net_quantity_pieces'), path: ['amount'] });
export type NetQuantity = z.infer<typeof netQuantity>;

export const product = z.object({
  id: z.string(),
  sku: z.string().min(1).max(64),
  name: localizedText,
  pitch: localizedText,
  bullets: z.record(z.string(), z.array(z.string().max(300))).default({}),
  images: z.array(z.string()).default([]),
  netQuantity: netQuantity.optional(),
  prices: z.array(marketPrice),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type Product = z.infer<typeof product>;

/** A product as the user edits or imports it: the host assigns id and times. */
export const productInput = z.object({
  id: z.string().optional(),
  sku: z.string().trim().min(1, 'SKU is empty').max(64),
  name: localizedText.refine((t) => Object.values(t).some((v) => v.trim() !== ''), rule('give_name')),
  pitch: localizedText.default({}),
  bullets: z.record(z.string(), z.array(z.string().max(300))).default({}),
  images: z.array(z.string().max(2000)).default([]),
  netQuantity: netQuantity.optional(),
  prices: z
    .array(marketPrice)
    .superRefine((prices, ctx) => {
      prices.forEach((price, i) => {
        // A net price needs a rate to show viewers the gross one, where the market shows gross prices.
        const info = marketInfo(price.market);
        if (info?.grossPrices && !price.taxInclusive && price.vatRate === undefined && vatPeriodsOf(price.market).length === 0) {
          ctx.addIssue({ code: 'custom', path: [i, 'taxInclusive'], message: rule('net_price_without_rate') });
        }
      });
    })
    .default([]),
});
export type ProductInput = z.input<typeof productInput>;

/** One price a product had in a market from `changedAt` until the next entry, as viewers paid it (VAT included where the market shows gross prices). */
export const priceHistoryEntry = z.object({
  market: z.string(),
  currency: z.string(),
  amountMinor: z.number().int(),
  changedAt: z.number().int(),
  /** What changed it: seed, edit, import. */
  source: z.string(),
});
export type PriceHistoryEntry = z.infer<typeof priceHistoryEntry>;

/**
 * A problem in an imported file: the row (1 = CSV header / first JSON product), the column, what is wrong.
 * `code` and `params` let a UI say it in its own language; `message` says it in English.
 */
export const importIssue = z.object({
  row: z.number().int(),
  column: z.string(),
  code: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  message: z.string(),
});
export type ImportIssue = z.infer<typeof importIssue>;

export const catalogFormat = z.enum(['csv', 'json']);

export const catalogMethods = {
  'catalog.listProducts': method({
    summary: 'Products in the catalog, optionally filtered by a search text.',
    input: z
      .object({ query: z.string().max(200).optional(), limit: z.number().int().min(1).max(1000).default(200) })
      .strict()
      .default({ limit: 200 }),
    output: z.object({ products: z.array(product), total: z.number().int() }),
    mutates: false,
  }),
  'catalog.getProduct': method({
    summary: 'One product by id or SKU.',
    input: z
      .object({ id: z.string().optional(), sku: z.string().optional() })
      .strict()
      .refine((v) => v.id !== undefined || v.sku !== undefined, rule('give_id_or_sku')),
    output: product,
    mutates: false,
  }),
  'catalog.seedDemo': method({
    summary: 'Add the demo catalog if the catalog is empty (it never overwrites products).',
    input: noInput,
    output: z.object({ added: z.number().int() }),
    mutates: true,
  }),
  'catalog.saveProduct': method({
    summary: 'Create or change a product (matched by id, else by SKU). Price changes are kept in the price history.',
    input: z.object({ product: productInput }).strict(),
    output: product,
    mutates: true,
  }),
  'catalog.deleteProduct': method({
    summary: 'Remove a product with its prices and price history.',
    input: z.object({ id: z.string() }).strict(),
    output: z.object({ ok: z.literal(true) }),
    mutates: true,
  }),
  'catalog.priceHistory': method({
    summary: 'Every price a product had, per market, oldest first.',
    input: z.object({ productId: z.string(), market: z.string().optional() }).strict(),
    output: z.object({ entries: z.array(priceHistoryEntry) }),
    mutates: false,
  }),
  'catalog.import': method({
    summary:
      'Import products from CSV or JSON (matched by SKU). A file with errors writes nothing unless mode is validOnly; dryRun only checks.',
    input: z
      .object({
        format: catalogFormat,
        content: z.string().max(8 * 1024 * 1024),
        mode: z.enum(['all', 'validOnly']).default('all'),
        dryRun: z.boolean().default(false),
      })
      .strict(),
    output: z.object({
      written: z.boolean(),
      rows: z.number().int(),
      validRows: z.number().int(),
      added: z.number().int(),
      updated: z.number().int(),
      errors: z.array(importIssue),
    }),
    mutates: true,
  }),
  'catalog.export': method({
    summary: 'The whole catalog as CSV or JSON (the same formats catalog.import reads).',
    input: z.object({ format: catalogFormat }).strict(),
    output: z.object({ format: catalogFormat, fileName: z.string(), content: z.string() }),
    mutates: false,
  }),
};

export const catalogEvents = {
  'catalog.changed': event({
    summary: 'Products were added, changed or removed.',
    payload: z.object({ productIds: z.array(z.string()) }),
    logged: false,
  }),
};

/** A product named by its id or its SKU (input fields of card, deal and rundown methods). */
export const productRef = {
  productId: z.string().optional(),
  sku: z.string().optional(),
};
export const hasProduct = (v: { productId?: string; sku?: string }) => v.productId !== undefined || v.sku !== undefined;
