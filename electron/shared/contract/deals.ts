import { rule } from './validation-texts';
import { z } from 'zod';
import { event, method } from './define';
import { hasProduct, productRef } from './catalog';
import { dealCodePattern, overrideReasonMinLength } from './deal-limits';
import { dealPlatform } from './platform';

export { dealCodePattern, overrideReasonMinLength };

/** Flash deals: a deal price, stock and countdown for a product in a market, checked against the price rules. */

export const dealState = z.enum(['scheduled', 'countdown', 'live', 'ended', 'sold-out', 'cancelled']);
export type DealState = z.infer<typeof dealState>;

export const dealCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(dealCodePattern, rule('deal_code'));
export const overrideReason = z
  .string()
  .trim()
  .min(overrideReasonMinLength, `the override reason must be at least ${overrideReasonMinLength} characters: say who approved it and why`)
  .max(500);

/** A deal as the cards feature keeps it. */
export const dealRecord = z.object({
  id: z.string(),
  /** The short code a script's [[deal:CODE]] cue names (see dealCode). */
  code: z.string(),
  productId: z.string(),
  sku: z.string(),
  market: z.string(),
  currency: z.string(),
  dealPriceMinor: z.number().int(),
  regularPriceMinor: z.number().int(),
  stockInitial: z.number().int(),
  stock: z.number().int(),
  perBuyerLimit: z.number().int().nullable(),
  durationS: z.number().int(),
  leadInS: z.number().int(),
  startAt: z.number().int().nullable(),
  state: dealState,
  createdAt: z.number().int(),
  countdownEndsAt: z.number().int().nullable(),
  liveAt: z.number().int().nullable(),
  endsAt: z.number().int().nullable(),
  finishedAt: z.number().int().nullable(),
  finishReason: z.string().nullable(),
  unitsSold: z.number().int(),
  revenueMinor: z.number().int(),
  overrideReason: z.string().nullable(),
});
export type DealRecord = z.infer<typeof dealRecord>;

/** A deal as the contract answers it: with what it did on each platform connection. */
export const deal = dealRecord.extend({
  /** Per connection: the promotion or discount code (state, remote id, code, why it failed). */
  platforms: z.array(dealPlatform),
});
export type Deal = z.infer<typeof deal>;

export const priceRule = z.enum(['below_regular_price', 'omnibus_30_day_low']);
export const priceViolation = z.object({ rule: priceRule, message: z.string(), limitMinor: z.number().int() });
export type PriceViolation = z.infer<typeof priceViolation>;

const dealRef = { dealId: z.string(), productId: z.string() };
const dealTotals = { unitsSold: z.number().int(), revenueMinor: z.number().int(), currency: z.string() };

export const dealsMethods = {
  'deal.create': method({
    summary: 'Prepare a flash deal for a product in a market: deal price, stock, per-buyer limit, duration, lead-in countdown.',
    input: z
      .object({
        ...productRef,
        market: z.string().min(2).max(8).optional(),
        dealPriceMinor: z.number().int().nonnegative(),
        stock: z.number().int().min(1).max(1_000_000),
        perBuyerLimit: z.number().int().min(1).optional(),
        durationS: z.number().int().min(10).max(24 * 3600),
        /** Countdown before the deal goes live: 0 (none) or 10 to 300 seconds. */
        leadInS: z
          .number()
          .int()
          .refine((v) => v === 0 || (v >= 10 && v <= 300), rule('lead_in'))
          .default(0),
        /** The code a script's [[deal:CODE]] cue uses; generated from the SKU when left out. */
        code: dealCode.optional(),
        /** Start by itself at this time (ms since epoch); otherwise start with deal.start. */
        startAt: z.number().int().optional(),
        /** Needed when the price breaks a rule (it is refused otherwise): the reason is logged. */
        overrideReason: overrideReason.optional(),
      })
      .strict()
      .refine(hasProduct, rule('give_product')),
    output: z.object({ deal, violations: z.array(priceViolation) }),
    mutates: true,
  }),
  'deal.start': method({
    summary:
      'Start a deal (by id, or by the code of a deal that has not finished) now, its lead-in countdown first. A price rule violation blocks it unless overrideReason is given.',
    input: z
      .object({ dealId: z.string().optional(), code: dealCode.optional(), overrideReason: overrideReason.optional() })
      .strict()
      .refine((v) => (v.dealId === undefined) !== (v.code === undefined), rule('give_deal_or_code')),
    output: deal,
    mutates: true,
  }),
  'deal.get': method({
    summary: 'One deal by id, or by code (the deal with that code that has not finished, else the latest one that had it).',
    input: z
      .object({ dealId: z.string().optional(), code: dealCode.optional() })
      .strict()
      .refine((v) => (v.dealId === undefined) !== (v.code === undefined), rule('give_deal_or_code')),
    output: deal,
    mutates: false,
  }),
  'deal.end': method({
    summary: 'End a running deal now.',
    input: z.object({ dealId: z.string() }).strict(),
    output: deal,
    mutates: true,
  }),
  'deal.cancel': method({
    summary: 'Cancel a deal that has not finished (scheduled, in countdown or live).',
    input: z.object({ dealId: z.string(), reason: z.string().max(500).optional() }).strict(),
    output: deal,
    mutates: true,
  }),
  'deal.adjustStock': method({
    summary: 'Record units sold (stock goes down, sales go up) or correct the stock; a live deal at 0 is sold out.',
    input: z
      .object({ dealId: z.string(), sold: z.number().int().min(1).optional(), stock: z.number().int().min(0).optional() })
      .strict()
      .refine((v) => (v.sold === undefined) !== (v.stock === undefined), rule('give_sold_or_stock')),
    output: deal,
    mutates: true,
  }),
  'deal.list': method({
    summary: 'Deals, newest first, optionally only some states or one product.',
    input: z
      .object({ states: z.array(dealState).optional(), productId: z.string().optional(), limit: z.number().int().min(1).max(500).default(100) })
      .strict()
      .default({ limit: 100 }),
    output: z.object({ deals: z.array(deal) }),
    mutates: false,
  }),
  'deal.check': method({
    summary: 'Check a deal price against the price rules (regular price; EU 30-day low) without creating anything.',
    input: z
      .object({ ...productRef, market: z.string().min(2).max(8).optional(), dealPriceMinor: z.number().int().nonnegative() })
      .strict()
      .refine(hasProduct, rule('give_product')),
    output: z.object({ violations: z.array(priceViolation), regularPriceMinor: z.number().int(), lowest30dMinor: z.number().int().nullable() }),
    mutates: false,
  }),
};

export const dealsEvents = {
  'deal.created': event({
    summary: 'A flash deal was prepared.',
    payload: z.object({ ...dealRef, market: z.string(), dealPriceMinor: z.number().int(), currency: z.string(), stock: z.number().int() }),
    logged: true,
  }),
  'deal.countdown': event({
    summary: 'A deal entered its lead-in countdown.',
    payload: z.object({ ...dealRef, countdownEndsAt: z.number().int(), endsAt: z.number().int() }),
    logged: true,
  }),
  'deal.started': event({
    summary: 'A deal went live.',
    payload: z.object({ ...dealRef, market: z.string(), dealPriceMinor: z.number().int(), currency: z.string(), stock: z.number().int(), endsAt: z.number().int() }),
    logged: true,
  }),
  'deal.ended': event({
    summary:
      'A deal ended (its time ran out, it was ended by hand, it ran out while the app was closed, or the host crashed while it ran: host_interrupted).',
    payload: z.object({ ...dealRef, ...dealTotals, reason: z.enum(['time', 'manual', 'while_closed', 'host_interrupted']) }),
    logged: true,
  }),
  'deal.soldOut': event({
    summary: 'A live deal sold its whole stock.',
    payload: z.object({ ...dealRef, ...dealTotals }),
    logged: true,
  }),
  'deal.cancelled': event({
    summary: 'A deal was cancelled before it finished.',
    payload: z.object({ ...dealRef, ...dealTotals, reason: z.string().optional() }),
    logged: true,
  }),
  'deal.stock.changed': event({
    summary: 'A deal’s stock changed (units sold or a correction).',
    payload: z.object({ ...dealRef, stock: z.number().int(), unitsSold: z.number().int() }),
    logged: true,
  }),
  'deal.override': event({
    summary: 'A deal was started although its price breaks a rule; the reason is kept.',
    payload: z.object({ ...dealRef, reason: z.string(), rule: priceRule }),
    logged: true,
  }),
};
