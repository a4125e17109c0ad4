import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ProductLink } from '../../../shared/contract/platform';
import type { OpenRoute } from '../../server/local-server';
import type { AudienceGateway } from '../gateways';
import { orderFromWebhook } from './adapters/shopify/orders';
import type { ConnectionRegistry } from './connection-registry';
import { matchOrder } from './order-matching';

export const shopifyWebhookPrefix = '/webhooks/shopify';

/** Topics whose body is an order; any other topic is acknowledged and ignored (so Shopify stops sending it). */
const orderTopics = new Set(['orders/create', 'orders/paid', 'orders/updated', 'orders/cancelled', 'orders/edited', 'orders/partially_fulfilled', 'orders/fulfilled']);
/** Shopify order bodies are a few KB; a generous cap against a flood. */
const maxBodyBytes = 2 * 1024 * 1024;
/** Delivery ids are kept this long: Shopify retries one delivery for 4 hours (8 times). */
const keepDeliveriesMs = 48 * 60 * 60_000;

/**
 * POST /webhooks/shopify/<connectionId>: Shopify's `orders/create`, `orders/paid`, `orders/updated` and
 * `orders/cancelled` webhooks, optional next to polling (a desktop behind NAT rarely receives webhooks;
 * a tunnel to this host must keep its Host header, e.g. `cloudflared --http-host-header 127.0.0.1:7420`).
 *
 * It has no host token: the request is authorised by `X-Shopify-Hmac-Sha256`, the base64 HMAC-SHA256 of
 * the raw body keyed with the connection's webhook secret (compared in constant time). A wrong or missing
 * signature is 401 with a body that says what to check; a delivery already received (same
 * `X-Shopify-Webhook-Id`) is 200 and dropped. The order is stored before the 200 (a few ms), so an
 * answer of 200 means it is kept; anything else makes Shopify send it again.
 */
export function shopifyWebhookRoute(deps: {
  db: Database;
  registry: ConnectionRegistry;
  /** The connection's webhook secret (write-only credential), null when none was given. */
  webhookSecret(connectionId: string): string | null;
  links(connectionId: string): ProductLink[];
  audience: AudienceGateway;
  now(): number;
}): OpenRoute {
  const seen: Statement = deps.db.prepare('SELECT 1 FROM webhook_deliveries WHERE webhook_id = ?');
  const remember: Statement = deps.db.prepare('INSERT OR IGNORE INTO webhook_deliveries (webhook_id, connection_id, received_at) VALUES (?, ?, ?)');
  const forgetOld: Statement = deps.db.prepare('DELETE FROM webhook_deliveries WHERE received_at < ?');
  let lastCleanup = 0;

  return {
    prefix: shopifyWebhookPrefix,
    async handle(req, res, url) {
      const connectionId = decodeURIComponent(url.pathname.slice(shopifyWebhookPrefix.length + 1));
      if (req.method !== 'POST') return answer(res, 405, 'method_not_allowed', 'Shopify webhooks are POSTed here.');
      const connection = connectionId ? deps.registry.get(connectionId) : null;
      if (!connection || connection.platform !== 'shopify') {
        return answer(res, 404, 'unknown_connection', `No Shopify connection "${connectionId}" on this studio: the webhook address must end with the connection's id.`);
      }
      const secret = deps.webhookSecret(connectionId);
      if (!secret) {
        return answer(res, 401, 'no_webhook_secret', `The connection "${connection.label}" has no webhook secret: paste the app's webhook signing secret in Settings > Platforms to accept its webhooks.`);
      }
      let raw: Buffer;
      try {
        raw = await readBody(req);
      } catch {
        return answer(res, 413, 'body_too_large', `A webhook body may have at most ${maxBodyBytes} bytes.`);
      }
      const given = header(req, 'x-shopify-hmac-sha256');
      if (!given || !sameSignature(given, createHmac('sha256', secret).update(raw).digest())) {
        return answer(
          res,
          401,
          'bad_signature',
          `X-Shopify-Hmac-Sha256 ${given ? 'does not match' : 'is missing for'} the body signed with the webhook secret of "${connection.label}": check that the secret in Settings > Platforms is the one Shopify signs this shop's webhooks with.`,
        );
      }
      const webhookId = header(req, 'x-shopify-webhook-id');
      if (!webhookId) return answer(res, 400, 'no_webhook_id', 'X-Shopify-Webhook-Id is missing: repeats could not be recognised.');
      if (seen.get(webhookId)) return answer(res, 200, 'duplicate', `Delivery ${webhookId} was received before; dropped.`);
      const topic = header(req, 'x-shopify-topic') ?? '';
      if (!orderTopics.has(topic)) {
        remember.run(webhookId, connectionId, deps.now());
        return answer(res, 200, 'ignored', `Topic ${topic || '(none)'} is not read by the studio.`);
      }
      let body: unknown;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        return answer(res, 400, 'bad_json', 'The webhook body is not JSON.');
      }
      const order = orderFromWebhook(body);
      if (!order) return answer(res, 400, 'not_an_order', `The ${topic} body has no order id, times or currency.`);
      try {
        await deps.audience.receiveOrders(connectionId, 'shopify', [matchOrder(order, deps.links(connectionId))]);
      } catch (error) {
        return answer(res, 500, 'not_stored', `The order could not be stored (${(error as Error).message}); Shopify will send it again.`);
      }
      const now = deps.now();
      remember.run(webhookId, connectionId, now);
      if (now - lastCleanup > 60 * 60_000) {
        lastCleanup = now;
        forgetOld.run(now - keepDeliveriesMs);
      }
      answer(res, 200, 'stored', `Order ${order.orderId} stored.`);
    },
  };
}

function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text && text.trim() !== '' ? text.trim() : null;
}

function sameSignature(given: string, expected: Buffer): boolean {
  const decoded = Buffer.from(given, 'base64');
  return decoded.length === expected.length && timingSafeEqual(decoded, expected);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        reject(new Error('too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function answer(res: ServerResponse, status: number, code: string, message: string): void {
  const ok = status < 300;
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(ok ? { ok: true, code, message } : { error: { code, message } }));
}
