import { z } from 'zod';
import { event, method, noInput } from './define';

/** Text in several languages, keyed by language tag (en, zh-CN, es...). */
export const localizedText = z.record(z.string().min(2).max(35), z.string().max(4000));
export type LocalizedText = z.infer<typeof localizedText>;

export const marketPrice = z.object({
  market: z.string().min(2).max(8),
  /** ISO 4217 code. */
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD'),
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
      .refine((v) => v.id !== undefined || v.sku !== undefined, 'give an id or a sku'),
    output: product,
    mutates: false,
  }),
  'catalog.seedDemo': method({
    summary: 'Add the demo catalog if the catalog is empty (it never overwrites products).',
    input: noInput,
    output: z.object({ added: z.number().int() }),
    mutates: true,
  }),
};

export const catalogEvents = {
  'catalog.changed': event({
    summary: 'Products were added, changed or removed.',
    payload: z.object({ productIds: z.array(z.string()) }),
    logged: false,
  }),
};
