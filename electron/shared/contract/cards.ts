import { z } from 'zod';
import { event, method, noInput, ok } from './define';

/**
 * Product cards, flash deals, the rundown and the outputs that carry them (overlay page, OBS scene,
 * webhook). Money is always in minor units with its ISO currency; formatted text comes with it for
 * screens that must not format themselves (an OBS text source).
 */

// ---- outputs -------------------------------------------------------------------------------------

/** Where a pinned card is shown. `all` pins on every card output at once. */
export const cardOutput = z.enum(['overlay', 'obs-native', 'all']);
export type CardOutput = z.infer<typeof cardOutput>;

/** What an output adapter can do (its capability map): the hub sends each change only where it fits. */
export const outputCapability = z.enum([
  'card', // shows a pinned product card
  'dealCountdown', // shows a deal's price and countdown
  'images', // can show product images and a QR code
  'notify', // is told about every pin, unpin and deal change
  'durable', // keeps pushes through restarts and retries them
  'promotion', // creates / stops promotions on a platform (future platform APIs)
  'chatAnnouncement', // announces in a live chat (future platform APIs)
]);
export type OutputCapability = z.infer<typeof outputCapability>;

export const outputStatus = z.object({
  id: z.string(),
  label: z.string(),
  capabilities: z.array(outputCapability),
  enabled: z.boolean(),
  /** ready: working; waiting: enabled but something is missing (OBS offline, no secret); off: disabled. */
  state: z.enum(['ready', 'waiting', 'off', 'error']),
  /** In English; `detailCode` and `detailParams` let a UI say it in its language (cards: outputDetail.<code>). */
  detail: z.string().optional(),
  detailCode: z.string().optional(),
  detailParams: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type OutputStatus = z.infer<typeof outputStatus>;

// ---- cards ---------------------------------------------------------------------------------------

export const dealState = z.enum(['scheduled', 'countdown', 'live', 'ended', 'sold-out', 'cancelled']);
export type DealState = z.infer<typeof dealState>;

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
  priceText: z.string(),
  taxInclusive: z.boolean(),
  shippingTime: z.string().nullable(),
  purchaseUrl: z.string().nullable(),
  /** The purchase URL as a QR code PNG (data: URL), for screens that cannot draw one. */
  qrImage: z.string().nullable(),
  image: z.string().nullable(),
  pinnedAt: z.number().int(),
  texts: cardTexts,
  deal: z
    .object({
      dealId: z.string(),
      state: dealState,
      priceMinor: z.number().int(),
      priceText: z.string(),
      /** Percent off the reference price (the 30-day low in EU markets, else the regular price). */
      percentOff: z.number().int(),
      /** The struck-through "was" price (the 30-day low in EU markets, else the regular price); null when it is not above the deal price. */
      referencePriceText: z.string().nullable(),
      stock: z.number().int(),
      stockInitial: z.number().int(),
      perBuyerLimit: z.number().int().nullable(),
      countdownEndsAt: z.number().int().nullable(),
      endsAt: z.number().int().nullable(),
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

// ---- deals ---------------------------------------------------------------------------------------

/**
 * A deal's short code, what a script's `[[deal:CODE]]` cue names: 2 to 16 letters, digits and dashes,
 * stored upper case (cues match it in any case). Unique among deals that have not finished, so one
 * script can run a new deal with the same code every show.
 */
export const dealCodePattern = /^[A-Z0-9](?:[A-Z0-9-]{0,14}[A-Z0-9])$/;
export const dealCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(dealCodePattern, 'a deal code is 2 to 16 letters, digits or dashes (not at either end), such as TEA10');
/** The minimum length of the reason that starts a deal whose price breaks a rule (it is logged). */
export const overrideReasonMinLength = 10;
export const overrideReason = z
  .string()
  .trim()
  .min(overrideReasonMinLength, `the override reason must be at least ${overrideReasonMinLength} characters: say who approved it and why`)
  .max(500);

export const deal = z.object({
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
export type Deal = z.infer<typeof deal>;

export const priceRule = z.enum(['below_regular_price', 'omnibus_30_day_low']);
export const priceViolation = z.object({ rule: priceRule, message: z.string(), limitMinor: z.number().int() });
export type PriceViolation = z.infer<typeof priceViolation>;

const productRef = {
  productId: z.string().optional(),
  sku: z.string().optional(),
};
const hasProduct = (v: { productId?: string; sku?: string }) => v.productId !== undefined || v.sku !== undefined;

// ---- rundown -------------------------------------------------------------------------------------

export const rundownItem = z.object({
  id: z.string(),
  sessionId: z.string().nullable(),
  position: z.number().int(),
  kind: z.enum(['product', 'segment']),
  productId: z.string().nullable(),
  sku: z.string().nullable(),
  title: z.string(),
  /** A prompter script id (scripts belong to the prompter feature). */
  scriptId: z.string().nullable(),
  notes: z.string(),
  durationS: z.number().int().nullable(),
  current: z.boolean(),
});
export type RundownItem = z.infer<typeof rundownItem>;

export const rundown = z.object({
  sessionId: z.string().nullable(),
  items: z.array(rundownItem),
  currentId: z.string().nullable(),
  /** The next product item after the current one (segments are skipped). */
  nextProductId: z.string().nullable(),
});
export type Rundown = z.infer<typeof rundown>;

const sessionRef = { sessionId: z.string().max(100).nullable().default(null) };

// ---- outbox --------------------------------------------------------------------------------------

export const delivery = z.object({
  seq: z.number().int(),
  target: z.string(),
  key: z.string(),
  event: z.string(),
  productId: z.string().nullable(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int(),
  createdAt: z.number().int(),
  nextAttemptAt: z.number().int(),
  deliveredAt: z.number().int().nullable(),
  lastHttpStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
});
export type Delivery = z.infer<typeof delivery>;

export const cardsMethods = {
  'card.pin': method({
    summary:
      "Pin a product card (by id or SKU) on an output (default: every card output), for a market (default: the live session's market, else the default market).",

    input: z
      .object({ ...productRef, market: z.string().min(2).max(8).optional(), output: cardOutput.default('all') })
      .strict()
      .refine(hasProduct, 'give a productId or a sku'),
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
          .refine((v) => v === 0 || (v >= 10 && v <= 300), 'the lead-in countdown is 0 or 10 to 300 seconds')
          .default(0),
        /** The code a script's [[deal:CODE]] cue uses; generated from the SKU when left out. */
        code: dealCode.optional(),
        /** Start by itself at this time (ms since epoch); otherwise start with deal.start. */
        startAt: z.number().int().optional(),
        /** Needed when the price breaks a rule (it is refused otherwise): the reason is logged. */
        overrideReason: overrideReason.optional(),
      })
      .strict()
      .refine(hasProduct, 'give a productId or a sku'),
    output: z.object({ deal, violations: z.array(priceViolation) }),
    mutates: true,
  }),
  'deal.start': method({
    summary:
      'Start a deal (by id, or by the code of a deal that has not finished) now, its lead-in countdown first. A price rule violation blocks it unless overrideReason is given.',
    input: z
      .object({ dealId: z.string().optional(), code: dealCode.optional(), overrideReason: overrideReason.optional() })
      .strict()
      .refine((v) => (v.dealId === undefined) !== (v.code === undefined), 'give either dealId or code'),
    output: deal,
    mutates: true,
  }),
  'deal.get': method({
    summary: 'One deal by id, or by code (the deal with that code that has not finished, else the latest one that had it).',
    input: z
      .object({ dealId: z.string().optional(), code: dealCode.optional() })
      .strict()
      .refine((v) => (v.dealId === undefined) !== (v.code === undefined), 'give either dealId or code'),
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
      .refine((v) => (v.sold === undefined) !== (v.stock === undefined), 'give either sold or stock'),
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
      .refine(hasProduct, 'give a productId or a sku'),
    output: z.object({ violations: z.array(priceViolation), regularPriceMinor: z.number().int(), lowest30dMinor: z.number().int().nullable() }),
    mutates: false,
  }),
  'rundown.get': method({
    summary: 'The run of show of a session (or the unsaved one when sessionId is null).',
    input: z.object(sessionRef).strict().default({ sessionId: null }),
    output: rundown,
    mutates: false,
  }),
  'rundown.addItem': method({
    summary: 'Add a product or a segment to a rundown (at the end, or at a position).',
    input: z
      .object({
        ...sessionRef,
        kind: z.enum(['product', 'segment']),
        ...productRef,
        title: z.string().max(200).default(''),
        scriptId: z.string().max(100).optional(),
        notes: z.string().max(4000).default(''),
        durationS: z.number().int().min(0).max(24 * 3600).optional(),
        position: z.number().int().min(0).optional(),
      })
      .strict()
      .refine((v) => v.kind === 'segment' || hasProduct(v), 'a product item needs a productId or a sku')
      .refine((v) => v.kind === 'product' || v.title.trim() !== '', 'a segment needs a title'),
    output: rundown,
    mutates: true,
  }),
  'rundown.updateItem': method({
    summary: 'Change an item: title, script, notes, duration.',
    input: z
      .object({
        itemId: z.string(),
        title: z.string().max(200).optional(),
        scriptId: z.string().max(100).nullable().optional(),
        notes: z.string().max(4000).optional(),
        durationS: z.number().int().min(0).max(24 * 3600).nullable().optional(),
      })
      .strict(),
    output: rundown,
    mutates: true,
  }),
  'rundown.removeItem': method({
    summary: 'Remove an item from its rundown.',
    input: z.object({ itemId: z.string() }).strict(),
    output: rundown,
    mutates: true,
  }),
  'rundown.move': method({
    summary: 'Move an item to a new position (0 = first) in its rundown.',
    input: z.object({ itemId: z.string(), toIndex: z.number().int().min(0) }).strict(),
    output: rundown,
    mutates: true,
  }),
  'rundown.setCurrent': method({
    summary: 'Mark the item on air now (null clears it).',
    input: z.object({ ...sessionRef, itemId: z.string().nullable() }).strict(),
    output: rundown,
    mutates: true,
  }),
  'outputs.list': method({
    summary: 'The card outputs with their capabilities and state, and the overlay page addresses per market.',
    input: noInput,
    output: z.object({
      outputs: z.array(outputStatus),
      overlayLinks: z.array(z.object({ market: z.string(), url: z.string() })),
      webhookSecretSet: z.boolean(),
    }),
    mutates: false,
  }),
  'webhook.setSecret': method({
    summary: 'Set the webhook signing secret (whsec_ + base64, at least 24 bytes). It is kept in the host and never returned.',
    input: z
      .object({ secret: z.string().regex(/^whsec_[A-Za-z0-9+/]{32,}={0,2}$/, 'must be whsec_ followed by base64 of at least 24 bytes') })
      .strict(),
    output: ok,
    mutates: true,
  }),
  'outbox.list': method({
    summary: 'Webhook deliveries, newest first, with their status.',
    input: z
      .object({ status: z.enum(['pending', 'delivered', 'failed']).optional(), limit: z.number().int().min(1).max(1000).default(50) })
      .strict()
      .default({ limit: 50 }),
    output: z.object({ deliveries: z.array(delivery), pending: z.number().int(), failed: z.number().int() }),
    mutates: false,
  }),
  'outbox.retry': method({
    summary: 'Send failed deliveries again now (one by key, or all failed ones).',
    input: z.object({ key: z.string().optional() }).strict().default({}),
    output: z.object({ requeued: z.number().int() }),
    mutates: true,
  }),
};

const dealRef = { dealId: z.string(), productId: z.string() };
const dealTotals = { unitsSold: z.number().int(), revenueMinor: z.number().int(), currency: z.string() };

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
  'delivery.attempt': event({
    summary: 'A webhook push is being sent.',
    payload: z.object({ target: z.string(), key: z.string(), status: z.literal('sending'), attempt: z.number().int(), productId: z.string().optional() }),
    logged: true,
  }),
  'delivery.result': event({
    summary: 'The outcome of a webhook push attempt.',
    payload: z.object({
      target: z.string(),
      key: z.string(),
      status: z.enum(['delivered', 'retrying', 'failed']),
      attempt: z.number().int(),
      httpStatus: z.number().int().optional(),
      error: z.string().optional(),
      productId: z.string().optional(),
    }),
    logged: true,
  }),
  'rundown.changed': event({
    summary: 'A rundown changed (items, order or the current item).',
    payload: z.object({ sessionId: z.string().nullable(), currentId: z.string().nullable(), productId: z.string().optional() }),
    logged: false,
  }),
  'outputs.changed': event({
    summary: 'An output’s state changed (OBS connected, webhook secret set...).',
    payload: z.object({ outputs: z.array(outputStatus) }),
    logged: false,
  }),
};
