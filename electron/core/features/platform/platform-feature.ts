import type { Feature, HostContext } from '../../context';
import type { AudienceGateway, CatalogGateway, DealsGateway } from '../gateways';
import type { FeatureDeps } from '../index';
import { AudienceReaders } from './audience-readers';
import type { ConnectionRegistry } from './connection-registry';
import { PlatformConnections } from './connections';
import { oauthCallbackPath, oauthRoute } from './oauth-route';
import { OrderReaders, type orderPolling } from './order-readers';
import { ReaderCursors } from './reader-cursors';
import { shopifyWebhookRoute } from './shopify-webhook-route';
import { platformPushHalf, type PlatformPushHalf } from './push-half';
import { TokenKeeper } from './token-keeper';

export type PlatformFeature = Feature & {
  /** What the push half (and tests) use of the connections. */
  registry: ConnectionRegistry;
  connections: PlatformConnections;
  /** Token refresh, Twitch's hourly validation and retries of failed checks (tests run a round with tick()). */
  keeper: TokenKeeper;
  /** The push half: deals to promotions, codes and announcements through the outbox. */
  pushes: PlatformPushHalf;
  /** Orders in: each orders-capable connection polled and handed to the audience feature (tests poll with pollNow()). */
  orders: OrderReaders;
  /** Chat and viewer readers of the connections, handing what they read to the audience feature. */
  readers: AudienceReaders;
};

/**
 * Live platforms and shops (TikTok Shop, Shopify, YouTube, Twitch). The connections half: connections,
 * credentials in the secret store, sign-in (the OAuth loopback route), checks, token refresh and product
 * links (connections.ts, token-keeper.ts); the push half: deal events to promotions, discount codes and
 * chat announcements (push-half.ts), through the ConnectionRegistry only.
 */
export function platformFeature(
  ctx: HostContext,
  // `audience`: where the connections' chat, viewer and order readers hand what they read.
  deps: FeatureDeps & { catalog: CatalogGateway; deals: DealsGateway; audience: AudienceGateway; orderPolling?: Partial<typeof orderPolling> },
): PlatformFeature {
  const connections = new PlatformConnections(ctx, {
    catalog: deps.catalog,
    redirectUri: () => `http://127.0.0.1:${deps.server.port}${oauthCallbackPath}`,
  });
  const keeper = new TokenKeeper(connections, ctx.now);
  deps.server.addOpenRoute(oauthRoute(connections, () => ctx.settings.section('general').language));
  const pushes = platformPushHalf(ctx, { registry: connections, deals: deps.deals, catalog: deps.catalog });
  const links = (connectionId: string) => connections.links(connectionId);
  const orders = new OrderReaders(ctx, { registry: connections, links, audience: deps.audience, cursors: new ReaderCursors(ctx.db), polling: deps.orderPolling });
  deps.server.addOpenRoute(
    shopifyWebhookRoute({ db: ctx.db, registry: connections, webhookSecret: (id) => connections.webhookSecret(id), links, audience: deps.audience, now: ctx.now }),
  );
  const readers = new AudienceReaders({
    db: ctx.db,
    registry: connections,
    audience: deps.audience,
    now: ctx.now,
    reportError: (code, message) => ctx.reportError('platform', code, message),
  });
  return {
    name: 'platform',
    registry: connections,
    connections,
    keeper,
    pushes,
    orders,
    readers,
    async start() {
      connections.start();
      keeper.start();
      pushes.start();
      await orders.start();
      readers.start();
    },
    async stop() {
      await readers.stop();
      await orders.stop();
      keeper.stop();
      await pushes.stop();
      connections.stop();
    },
    handlers: {
      ...pushes.handlers,
      'platform.list': () => ({ connections: connections.list() }),
      'platform.save': (input) => connections.save(input),
      'platform.remove': async (input) => (await connections.remove(input.connectionId), { ok: true as const }),
      'platform.check': (input) => connections.check(input.connectionId),
      'platform.authorize': (input) => connections.authorize(input.connectionId, input.authCode),
      'platform.linkProduct': (input) => connections.linkProduct(input),
      'platform.unlinkProduct': (input) => (connections.unlinkProduct(input.connectionId, input.productId), { ok: true as const }),
      'platform.links': (input) => ({ links: connections.links(input.connectionId) }),
      'platform.matchProducts': (input) => connections.matchProducts(input.connectionId),
    },
  };
}
