import { rule } from './validation-texts';
import { z } from 'zod';
import { event, method, noInput, ok } from './define';

/**
 * The outputs that carry cards (overlay page, OBS scene, webhook), their state, and the webhook's outbox
 * of deliveries.
 */

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

export const outputsMethods = {
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
      .object({ secret: z.string().regex(/^whsec_[A-Za-z0-9+/]{32,}={0,2}$/, rule('webhook_secret')) })
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

export const outputsEvents = {
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
  'outputs.changed': event({
    summary: 'An output’s state changed (OBS connected, webhook secret set...).',
    payload: z.object({ outputs: z.array(outputStatus) }),
    logged: false,
  }),
};
