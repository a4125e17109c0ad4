import { createHmac, randomUUID } from 'node:crypto';
import { request } from 'node:http';

/**
 * Sends an `orders/*` webhook the way Shopify does: POST of the JSON body with `X-Shopify-Hmac-Sha256`
 * (base64 HMAC-SHA256 of the raw body keyed with the app's secret), `X-Shopify-Topic`,
 * `X-Shopify-Shop-Domain`, `X-Shopify-API-Version`, `X-Shopify-Webhook-Id` (the same on every retry of
 * one delivery), `X-Shopify-Event-Id` and `X-Shopify-Triggered-At`. Answers the receiver's status and body.
 */
export interface WebhookDelivery {
  url: string;
  topic: 'orders/create' | 'orders/paid' | 'orders/updated' | 'orders/cancelled' | string;
  body: unknown;
  secret: string;
  shopDomain?: string;
  /** Kept to resend the same delivery (a retry); new by default. */
  webhookId?: string;
  /** Signs with this instead (a wrong secret, a forged request). */
  signWith?: string;
  /** Sends these bytes instead of JSON.stringify(body) (they are what is signed). */
  rawBody?: string;
}

export function shopifyHmac(secret: string, rawBody: string): string {
  return createHmac('sha256', secret).update(rawBody, 'utf8').digest('base64');
}

export function sendShopifyWebhook(delivery: WebhookDelivery): Promise<{ status: number; body: string; webhookId: string; ms: number }> {
  const raw = delivery.rawBody ?? JSON.stringify(delivery.body);
  const webhookId = delivery.webhookId ?? randomUUID();
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      delivery.url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(raw),
          'x-shopify-hmac-sha256': shopifyHmac(delivery.signWith ?? delivery.secret, raw),
          'x-shopify-topic': delivery.topic,
          'x-shopify-shop-domain': delivery.shopDomain ?? 'demo-shop.myshopify.com',
          'x-shopify-api-version': '2026-10',
          'x-shopify-webhook-id': webhookId,
          'x-shopify-event-id': randomUUID(),
          'x-shopify-triggered-at': new Date().toISOString(),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), webhookId, ms: performance.now() - started }));
      },
    );
    req.on('error', reject);
    req.end(raw);
  });
}
