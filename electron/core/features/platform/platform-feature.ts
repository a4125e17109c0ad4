import type { Feature, HostContext } from '../../context';
import type { CatalogGateway } from '../gateways';
import type { FeatureDeps } from '../index';
import type { ConnectionRegistry } from './connection-registry';
import { PlatformConnections } from './connections';

export type PlatformFeature = Feature & {
  /** What the push half (and tests) use of the connections. */
  registry: ConnectionRegistry;
  connections: PlatformConnections;
};

/**
 * Live platforms and shops (TikTok Shop, Shopify, YouTube, Twitch). The connections half: connections,
 * credentials in the secret store, sign-in, checks, token refresh and product links (connections.ts).
 */
export function platformFeature(ctx: HostContext, deps: FeatureDeps & { catalog: CatalogGateway }): PlatformFeature {
  const connections = new PlatformConnections(ctx, {
    catalog: deps.catalog,
    redirectUri: () => `http://127.0.0.1:${deps.server.port}/oauth/callback`,
  });
  return {
    name: 'platform',
    registry: connections,
    connections,
    async start() {
      connections.start();
    },
    async stop() {
      connections.stop();
    },
    handlers: {
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
