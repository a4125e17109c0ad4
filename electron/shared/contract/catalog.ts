import { rule } from './validation-texts';
import { z } from 'zod';
import { event, method, noInput } from './define';

/** Text in several languages, keyed by language tag (en, zh-CN, es...). */
export const localizedText = z.record(z.string().min(2).max(35), z.string().max(4000));
export type LocalizedText = z.infer<typeof localizedText>;

export const marketPrice = z.object({
  market: z.string().min(2).max(8),
  /** ISO 4217 code. */
  currency: z.string().regex(/^[A-Z]{3}$/, rule('currency_code')),
  /** Amount in minor units (cents, fen): integers avoid rounding errors. */
  amountMinor: z.number().int().nonnegative(),
  taxInclusive: z.boolean(),
  /** Delivery time shown to viewers, e.g. "5-8 days". */
  shippingTime: z.string().max(80).optional(),
  purchaseUrl: z.string().url().optional(),
});
export type MarketPrice = z.infer<typeof marketPrice>;

export const product = z.object({
  id: z.string(),
  sku: z.string().min(1).max(64),
  name: localizedText,
  pitch: localizedText,
  bullets: z.record(z.string(), z.array(z.string().max(300))).default({}),
  images: z.array(z.string()).default([]),
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
  prices: z.array(marketPrice).default([]),
});
export type ProductInput = z.input<typeof productInput>;

/** One price a product had in a market from `changedAt` until the next entry. */
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
