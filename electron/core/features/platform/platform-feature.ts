import type { Feature, HostContext } from '../../context';
import type { CatalogGateway, DealsGateway } from '../gateways';
import type { FeatureDeps } from '../index';
import type { ConnectionRegistry } from './connection-registry';
import { PlatformConnections } from './connections';
import { platformPushHalf, type PlatformPushHalf } from './push-half';

export type PlatformFeature = Feature & {
  /** What the push half (and tests) use of the connections. */
  registry: ConnectionRegistry;
  connections: PlatformConnections;
  /** The push half: deals to promotions, codes and announcements through the outbox. */
  pushes: PlatformPushHalf;
};

/**
 * Live platforms and shops (TikTok Shop, Shopify, YouTube, Twitch). The connections half: connections,
 * credentials in the secret store, sign-in, checks, token refresh and product links (connections.ts);
 * the push half: deal events to promotions, discount codes and chat announcements (push-half.ts), through
 * the ConnectionRegistry only.
 */
export function platformFeature(ctx: HostContext, deps: FeatureDeps & { catalog: CatalogGateway; deals: DealsGateway }): PlatformFeature {
  const connections = new PlatformConnections(ctx, {
    catalog: deps.catalog,
    redirectUri: () => `http://127.0.0.1:${deps.server.port}/oauth/callback`,
  });
  const pushes = platformPushHalf(ctx, { registry: connections, deals: deps.deals, catalog: deps.catalog });
  return {
    name: 'platform',
    registry: connections,
    connections,
    pushes,
    async start() {
      connections.start();
      pushes.start();
    },
    async stop() {
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
