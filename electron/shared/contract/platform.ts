import { rule } from './validation-texts';
import { z } from 'zod';
import { productionHosts } from '../platform-names';
import { event, method, noInput, ok } from './define';

/**
 * Live platforms and shops the studio pushes to: TikTok Shop and Shopify (flash deals become promotions or
 * discount codes), YouTube and Twitch (announcements in the live chat). A connection is one account on one
 * platform; a studio may have several per platform (two TikTok shops for two markets). Credentials go in
 * through `platform.save` / `platform.authorize` and never come back out.
 */

export const platformId = z.enum(['tiktok-shop', 'shopify', 'youtube', 'twitch']);
export type PlatformId = z.infer<typeof platformId>;

/** What a connection can do: the push engine sends it only what fits. */
export const platformCapability = z.enum([
  'promotion', // a flash deal becomes a platform promotion (TikTok Shop FLASHSALE activity)
  'discountCode', // a flash deal becomes a discount code shown on the card (Shopify)
  'chatAnnouncement', // short texts in the live chat (YouTube, Twitch)
  'products', // products and SKUs can be read, so catalog products can be linked by SKU
  'chat', // the live chat can be read (YouTube liveChatMessages.list, Twitch EventSub channel.chat.message)
  'viewers', // concurrent viewers of the live broadcast can be read (YouTube videos.list, Twitch helix/streams)
  'orders', // orders can be read (Shopify GraphQL orders, TikTok Shop order search)
]);
export type PlatformCapability = z.infer<typeof platformCapability>;

/**
 * connected: the last authenticated call worked; needs-auth: sign-in missing, expired or revoked (the user
 * must act); error: the platform failed otherwise (down, misconfigured), retried by itself; off: disabled.
 */
export const connectionState = z.enum(['connected', 'needs-auth', 'error', 'off']);
export type ConnectionState = z.infer<typeof connectionState>;

/** The moments a connection announces in its chat; each can be switched off per connection. */
export const announcementMoment = z.enum(['pin', 'dealStart', 'dealLastMinute', 'dealEnd']);
export type AnnouncementMoment = z.infer<typeof announcementMoment>;

const market = z.string().trim().toUpperCase().min(2).max(8);
/** An http(s) base URL: production by default, a sandbox or a local fake server in tests. */
const baseUrl = z
  .string()
  .trim()
  .url('must be a URL such as https://open-api.tiktokglobalshop.com')
  .refine((u) => /^https?:\/\//.test(u), rule('api_base_url'))
  .transform((u) => u.replace(/\/+$/, ''));

export const connection = z.object({
  id: z.string(),
  platform: platformId,
  label: z.string(),
  markets: z.array(z.string()),
  enabled: z.boolean(),
  state: connectionState,
  /** In English; `stateCode`/`stateParams` let a UI say it in its language (errors.json keys). */
  message: z.string(),
  stateCode: z.string().nullable(),
  stateParams: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  /** Who the credentials belong to, from the last `platform.check`: shop name, channel name. */
  account: z.string().nullable(),
  capabilities: z.array(platformCapability),
  apiBase: z.string(),
  authBase: z.string(),
  /** Which credential fields are set (never their values): e.g. ['appKey', 'appSecret', 'accessToken']. */
  credentialsSet: z.array(z.string()),
  /** When the access token expires (ms since epoch), when the platform says. */
  tokenExpiresAt: z.number().int().nullable(),
  announce: z.record(announcementMoment, z.boolean()),
  checkedAt: z.number().int().nullable(),
  createdAt: z.number().int(),
});
export type Connection = z.infer<typeof connection>;

/** Credentials per platform, as `platform.save` accepts them (write-only). */
export const tiktokShopCredentials = z
  .object({
    appKey: z.string().trim().min(1),
    appSecret: z.string().trim().min(1),
    /** From the seller's authorization page: exchanged at the token endpoint on save. */
    authCode: z.string().trim().min(1).optional(),
    accessToken: z.string().trim().min(1).optional(),
    refreshToken: z.string().trim().min(1).optional(),
  })
  .strict();
export const shopifyCredentials = z
  .object({
    /** `my-shop` or `my-shop.myshopify.com`. */
    shopDomain: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9][a-z0-9-]*(\.myshopify\.com)?$/, rule('shop_domain')),
    accessToken: z.string().trim().min(1),
    /**
     * Optional: the app's webhook signing secret (its client secret, or the one Settings > Notifications
     * shows), to accept `orders/*` webhooks at this host (checked by X-Shopify-Hmac-Sha256). Write-only.
     */
    webhookSecret: z.string().trim().min(1).optional(),
  })
  .strict();
export const youtubeCredentials = z.object({ clientId: z.string().trim().min(1), clientSecret: z.string().trim().min(1) }).strict();
export const twitchCredentials = z.object({ clientId: z.string().trim().min(1) }).strict();
export const credentialsFor = {
  'tiktok-shop': tiktokShopCredentials,
  shopify: shopifyCredentials,
  youtube: youtubeCredentials,
  twitch: twitchCredentials,
} as const;
export const platformCredentials = z.union([tiktokShopCredentials, shopifyCredentials, youtubeCredentials, twitchCredentials]);
export type PlatformCredentials = z.infer<typeof platformCredentials>;
export type CredentialsOf<P extends PlatformId> = z.infer<(typeof credentialsFor)[P]>;

/** What the user does next to finish a sign-in. */
export const authorizeStep = z.discriminatedUnion('kind', [
  /** Nothing: the connection is signed in. */
  z.object({ kind: z.literal('done') }),
  /** Open this page in the system browser (YouTube: Google's consent page, back to the host's loopback). */
  z.object({ kind: z.literal('browser'), url: z.string(), expiresAt: z.number().int() }),
  /** Go to `verificationUri` on any device and enter `userCode` (Twitch device flow); the host polls. */
  z.object({ kind: z.literal('deviceCode'), userCode: z.string(), verificationUri: z.string(), expiresAt: z.number().int() }),
  /** Paste the code the platform's authorization page gave (TikTok Shop). */
  z.object({ kind: z.literal('enterCode'), url: z.string().nullable() }),
]);
export type AuthorizeStep = z.infer<typeof authorizeStep>;

/** A catalog product's counterpart on one connection. */
export const productLink = z.object({
  connectionId: z.string(),
  productId: z.string(),
  sku: z.string(),
  remoteProductId: z.string(),
  remoteSkuIds: z.array(z.string()),
  /** `sku`: found by platform.matchProducts; `manual`: set by platform.linkProduct. */
  linkedBy: z.enum(['sku', 'manual']),
  linkedAt: z.number().int(),
});
export type ProductLink = z.infer<typeof productLink>;

export const productMatch = z.object({
  productId: z.string(),
  sku: z.string(),
  /** linked: one remote product has this SKU (now linked); missing: none has; ambiguous: several have. */
  outcome: z.enum(['linked', 'missing', 'ambiguous']),
  remoteProductId: z.string().nullable(),
  remoteSkuIds: z.array(z.string()),
  /** The remote product's title, to let the user see it is the right one. */
  remoteTitle: z.string().nullable(),
  message: z.string(),
});
export type ProductMatch = z.infer<typeof productMatch>;

/**
 * What one deal did on one connection: pending (queued, not answered yet), created (the promotion or code
 * exists, not live yet), live, ended (deactivated), failed (refused for good: `message`/`errorCode` say
 * why; platform.retryPush sends it again), skipped (the connection does not sell the deal's product or
 * market: `message` says which).
 */
export const dealPlatformState = z.enum(['pending', 'created', 'live', 'ended', 'failed', 'skipped']);
export const dealPlatform = z.object({
  connectionId: z.string(),
  platform: platformId,
  state: dealPlatformState,
  /** The platform's id of the promotion or discount (TikTok activity id, Shopify discount GID). */
  remoteId: z.string().nullable(),
  /** Shopify: the discount code viewers type at checkout (shown on the card and in announcements). */
  code: z.string().nullable(),
  message: z.string().nullable(),
  /** The platform's own error code when it refused (TikTok `code`, Shopify userErrors code, HTTP status). */
  errorCode: z.string().nullable(),
  updatedAt: z.number().int(),
});
export type DealPlatform = z.infer<typeof dealPlatform>;

/** One outgoing platform call, as queued in the durable outbox. */
export const platformPush = z.object({
  seq: z.number().int(),
  connectionId: z.string(),
  key: z.string(),
  /** promotion.create, promotion.end, announcement... */
  action: z.string(),
  dealId: z.string().nullable(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int(),
  createdAt: z.number().int(),
  nextAttemptAt: z.number().int(),
  deliveredAt: z.number().int().nullable(),
  lastError: z.string().nullable(),
});
export type PlatformPush = z.infer<typeof platformPush>;

/** Announcement templates per moment and language: `{product}`, `{price}`, `{code}`, `{minutesLeft}`. */
export const announcementTemplates = z.record(announcementMoment, z.record(z.string(), z.string().max(500)));
export type AnnouncementTemplates = z.infer<typeof announcementTemplates>;

const connectionRef = { connectionId: z.string() };

/** Connections and product links (the platform feature's connections half). */
export const platformConnectionMethods = {
  'platform.list': method({
    summary: 'Platform connections with their state, capabilities and account (never their credentials).',
    input: noInput,
    output: z.object({ connections: z.array(connection) }),
    mutates: false,
  }),
  'platform.save': method({
    summary:
      'Add a connection (no id) or change one: label, markets, apiBase/authBase, enabled, credentials (write-only; TikTok Shop {appKey, appSecret, authCode? | accessToken?, refreshToken?}, Shopify {shopDomain, accessToken, webhookSecret?}, YouTube {clientId, clientSecret}, Twitch {clientId}).',
    input: z
      .object({
        id: z.string().optional(),
        platform: platformId,
        label: z.string().trim().min(1).max(80),
        markets: z.array(market).max(50),
        apiBase: baseUrl.optional(),
        authBase: baseUrl.optional(),
        enabled: z.boolean().optional(),
        announce: z.partialRecord(announcementMoment, z.boolean()).optional(),
        credentials: z.record(z.string(), z.unknown()).optional(),
      })
      .strict()
      // Credentials are checked against the connection's own platform, so a field of another platform's
      // sign-in is named as the mistake instead of silently matching a different shape.
      .superRefine((v, ctx) => {
        if (!v.credentials) return;
        const result = credentialsFor[v.platform].safeParse(v.credentials);
        if (!result.success) {
          for (const issue of result.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: ['credentials', ...issue.path] });
        }
      }),
    output: connection,
    mutates: true,
  }),
  'platform.remove': method({
    summary: 'Remove a connection and its credentials; its queued pushes are dropped.',
    input: z.object(connectionRef).strict(),
    output: ok,
    mutates: true,
  }),
  'platform.check': method({
    summary: 'A cheap authenticated call that proves the credentials and names the account (shop name, channel).',
    input: z.object(connectionRef).strict(),
    output: connection,
    mutates: true,
  }),
  'platform.authorize': method({
    summary:
      'Start or complete the platform sign-in: TikTok Shop takes the authorization code; YouTube answers a browser page to open (loopback redirect to this host, PKCE); Twitch answers a device code to enter.',
    input: z.object({ ...connectionRef, authCode: z.string().trim().min(1).optional() }).strict(),
    output: z.object({ connection, next: authorizeStep }),
    mutates: true,
  }),
  'platform.linkProduct': method({
    summary: 'Link a catalog product (by id or SKU) to its product and SKUs on one connection.',
    input: z
      .object({
        ...connectionRef,
        sku: z.string().optional(),
        productId: z.string().optional(),
        remoteProductId: z.string().trim().min(1),
        remoteSkuIds: z.array(z.string().trim().min(1)).optional(),
      })
      .strict()
      .refine((v) => (v.sku === undefined) !== (v.productId === undefined), rule('give_sku_or_product')),
    output: productLink,
    mutates: true,
  }),
  'platform.unlinkProduct': method({
    summary: 'Remove the link between a catalog product and a connection.',
    input: z.object({ ...connectionRef, productId: z.string() }).strict(),
    output: ok,
    mutates: true,
  }),
  'platform.links': method({
    summary: 'Product links, of one connection or all.',
    input: z.object({ connectionId: z.string().optional() }).strict().default({}),
    output: z.object({ links: z.array(productLink) }),
    mutates: false,
  }),
  'platform.matchProducts': method({
    summary: 'Find every catalog product on the shop by its SKU and link those found; says what matched, what did not, and why.',
    input: z.object(connectionRef).strict(),
    output: z.object({ matches: z.array(productMatch), linked: z.number().int(), missing: z.number().int(), ambiguous: z.number().int() }),
    mutates: true,
  }),
};

/** Pushes and announcements (the platform feature's push half). */
export const platformPushMethods = {
  'platform.pushes': method({
    summary: 'Platform calls queued and sent (newest first), of one connection or all, with their status.',
    input: z
      .object({ connectionId: z.string().optional(), dealId: z.string().optional(), limit: z.number().int().min(1).max(1000).default(100) })
      .strict()
      .default({ limit: 100 }),
    output: z.object({ pushes: z.array(platformPush), pending: z.number().int(), failed: z.number().int() }),
    mutates: false,
  }),
  'platform.retryPush': method({
    summary: 'Send a failed platform push again: one by key, a deal\'s failed pushes on one connection, or every failed one.',
    input: z.object({ key: z.string().optional(), dealId: z.string().optional(), connectionId: z.string().optional() }).strict().default({}),
    output: z.object({ requeued: z.number().int() }),
    mutates: true,
  }),
  'platform.pinDone': method({
    summary: 'Log that the host pinned a product in a platform\'s own console, as a pin reminder asked (from the prompter or the Live page).',
    input: z.object({ ...connectionRef, productId: z.string().min(1) }).strict(),
    output: ok,
    mutates: true,
  }),
  'platform.templates': method({
    summary: 'The announcement templates per moment and language (defaults filled in).',
    input: noInput,
    output: z.object({ templates: announcementTemplates }),
    mutates: false,
  }),
  'platform.setTemplates': method({
    summary: 'Change announcement templates; each is checked for length per platform ({product}, {price}, {code}, {minutesLeft}).',
    input: z.object({ templates: z.partialRecord(announcementMoment, z.record(z.string(), z.string().max(500))) }).strict(),
    output: z.object({ templates: announcementTemplates }),
    mutates: true,
  }),
};

export const platformConnectionEvents = {
  'platform.changed': event({
    summary: 'A connection was added, changed, removed, or changed state.',
    payload: z.object({ connectionId: z.string(), removed: z.boolean().optional(), connection: connection.optional() }),
    logged: true,
  }),
};

export const platformPushEvents = {
  'platform.pushed': event({
    summary: 'A platform call was answered (or refused for good): what, for which deal, and the outcome.',
    payload: z.object({
      connectionId: z.string(),
      platform: platformId,
      key: z.string(),
      action: z.string(),
      dealId: z.string().nullable(),
      outcome: z.enum(['ok', 'failed', 'retrying']),
      remoteId: z.string().nullable(),
      message: z.string().nullable(),
      errorCode: z.string().nullable(),
    }),
    logged: true,
  }),
  'platform.pinReminder': event({
    summary: 'Tells the host to pin a product in the platform\'s own console (no platform API pins in a live).',
    payload: z.object({
      connectionId: z.string(),
      platform: platformId,
      /** The connection's own label, so a lane without the connection list (the prompter) can name it. */
      connectionLabel: z.string(),
      productId: z.string(),
      /** The catalog product's name per language, for the same reason. */
      productName: z.record(z.string(), z.string()),
      remoteProductId: z.string().nullable(),
    }),
    logged: true,
  }),
  'platform.pinDone': event({
    summary: 'The host said a pin reminder is done: the product was pinned in the platform\'s own console.',
    payload: z.object({ connectionId: z.string(), platform: platformId, productId: z.string() }),
    logged: true,
  }),
};

/**
 * Production hosts and what each platform can do. `apiBase`/`authBase` of a connection default to these;
 * a sandbox or a local fake server replaces them. Shopify's API host is the shop's own
 * (`https://{shop}.myshopify.com`, from the shop domain) unless apiBase is set; Google's consent page is
 * accounts.google.com and its token endpoint oauth2.googleapis.com (both at authBase when it is set).
 */
export const platformDefaults: Record<PlatformId, { apiBase: string; authBase: string; capabilities: PlatformCapability[] }> = {
  'tiktok-shop': { ...productionHosts['tiktok-shop'], capabilities: ['promotion', 'products', 'orders'] },
  shopify: { ...productionHosts.shopify, capabilities: ['discountCode', 'products', 'orders'] },
  youtube: { ...productionHosts.youtube, capabilities: ['chatAnnouncement', 'chat', 'viewers'] },
  twitch: { ...productionHosts.twitch, capabilities: ['chatAnnouncement', 'chat', 'viewers'] },
};
