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

/**
 * Each platform's production hosts (a connection's apiBase/authBase when none is set). Shopify's are the
 * shop's own: `{shop}` is the shop domain's first label. Zod-free, so pages can show them as defaults.
 */
export const productionHosts: Record<PlatformId, { apiBase: string; authBase: string }> = {
  'tiktok-shop': { apiBase: 'https://open-api.tiktokglobalshop.com', authBase: 'https://auth.tiktok-shops.com' },
  shopify: { apiBase: 'https://{shop}.myshopify.com', authBase: 'https://{shop}.myshopify.com' },
  youtube: { apiBase: 'https://www.googleapis.com', authBase: 'https://oauth2.googleapis.com' },
  twitch: { apiBase: 'https://api.twitch.tv', authBase: 'https://id.twitch.tv' },
};
