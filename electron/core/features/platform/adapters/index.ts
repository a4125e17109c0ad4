import type { PlatformId } from '../../../../shared/contract/platform';
import type { AdapterFactory } from './adapter';
import { tiktokShopAdapter } from './tiktok-shop';
import { createTwitchAdapter } from './twitch/twitch-adapter';
import { createYouTubeAdapter } from './youtube/youtube-adapter';
import { createShopifyAdapter } from './shopify/shopify-adapter';

/**
 * Every platform's adapter, by platform id: the platform feature builds one per connection from here.
 * Each platform's folder registers its factory below.
 */
export const adapterFactories: Partial<Record<PlatformId, AdapterFactory>> = {
  'tiktok-shop': tiktokShopAdapter,
  youtube: createYouTubeAdapter,
  twitch: createTwitchAdapter,
  shopify: createShopifyAdapter,
};

export type { AdapterContext, AdapterFactory, PlatformAdapter } from './adapter';
export { PlatformError } from './adapter';
