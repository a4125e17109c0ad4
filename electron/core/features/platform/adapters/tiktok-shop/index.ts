import type { AdapterFactory } from '../adapter';
import { TikTokShopAdapter } from './tiktok-shop-adapter';

export const tiktokShopAdapter: AdapterFactory = (ctx) => new TikTokShopAdapter(ctx);
export { TikTokShopAdapter, decimalFromMinor } from './tiktok-shop-adapter';
export { tiktokSign, tiktokSignString } from './signing';
