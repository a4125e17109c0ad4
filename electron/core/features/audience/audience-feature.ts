import type { Feature, HostContext } from '../../context';
import type { AudienceGateway, CatalogGateway, DealStockGateway, DealsGateway, ObsGateway, SessionLogGateway } from '../gateways';
import type { FeatureDeps } from '../index';
import { chatHalf, type ChatHalf } from './chat-half';
import { ingestUrls } from './ingest-urls';
import { ObsPinnedComment } from './obs-pinned-comment';
import { salesHalf, type SalesHalf } from './sales/sales-half';
import { AudienceViewers } from './viewers';

export type AudienceFeature = Feature & {
  /** What the platform feature's readers hand comments, viewer counts and orders to. */
  gateway: AudienceGateway;
  chat: ChatHalf;
  /** The pinned comment's text source on the OBS scene. */
  obsPinned: ObsPinnedComment;
  /** Orders in, attributed, summed (sales/). */
  sales: SalesHalf;
  /** Viewer counts, the viewer-drop alarm and the chat readers' state (audience.status). */
  viewers: AudienceViewers;
};

/**
 * The audience coming back (contract/audience.ts): comments from every platform and from bridges
 * (chat-half.ts), viewer counts and the chat readers' state, and orders with their attribution (the
 * sales half). Platform readers never call it by method: they hand what they read to `gateway`.
 */
export function audienceFeature(
  ctx: HostContext,
  deps: FeatureDeps & {
    sessionLog: SessionLogGateway;
    obs: ObsGateway;
    catalog: Pick<CatalogGateway, 'get'>;
    deals: Pick<DealsGateway, 'get'> & DealStockGateway;
  },
): AudienceFeature {
  const chat = chatHalf(ctx, {
    sessionLog: deps.sessionLog,
    ingestUrls: () => ingestUrls(deps.server.port, ctx.options.lan),
    dropIngestClients: () => deps.server.closeClients('ingest'),
    events: deps.events,
  });

  const sales = salesHalf(ctx, { catalog: deps.catalog, deals: deps.deals, sessionLog: deps.sessionLog });
  const obsPinned = new ObsPinnedComment(deps.obs, chat.pinned, (message) => ctx.reportError('audience', 'obs_pinned_comment', message));
  chat.onPinned((comment) => void obsPinned.show(comment));

  const viewers = new AudienceViewers(ctx);

  const gateway: AudienceGateway = {
    receiveChat: (connectionId, messages) => chat.intake.receiveUnchecked(connectionId, messages),
    receiveViewers: (reading) => viewers.receiveViewers(reading),
    receiveSourceState: (source) => viewers.receiveSourceState(source),
    receiveOrders: (connectionId, platform, orders) => sales.receiveOrders(connectionId, platform, orders),
  };

  return {
    name: 'audience',
    gateway,
    chat,
    obsPinned,
    sales,
    viewers,
    async start() {
      await chat.start();
      obsPinned.start();
      sales.start();
    },
    async stop() {
      sales.stop();
      obsPinned.stop();
      await chat.stop();
    },
    handlers: {
      ...chat.handlers,
      ...sales.handlers,
      'audience.status': () => viewers.status(),
    },
  };
}
