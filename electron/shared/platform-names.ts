import type { PlatformId } from './contract/platform';

/** Each platform's own name (a brand: the same words in every UI language). */
export const platformNames: Record<PlatformId, string> = {
  'tiktok-shop': 'TikTok Shop',
  shopify: 'Shopify',
  youtube: 'YouTube',
  twitch: 'Twitch',
};

/** The order platforms are offered in (shops first: they sell; chats announce). */
export const platformOrder: readonly PlatformId[] = ['tiktok-shop', 'shopify', 'youtube', 'twitch'];
