import { PlatformError, type AdapterContext, type AdapterFactory, type PlatformAdapter, type RemoteSku } from '../../../electron/core/features/platform/adapters/adapter';
import { FakePlatform } from './fake-platform';

/**
 * A minimal shop for the connection tests that must not depend on one platform's wire format: a real
 * HTTP server that checks its access token, names its shop, lists products by SKU and can revoke the
 * token. Its adapter is the smallest PlatformAdapter that talks to it, registered in place of a platform's
 * own factory for the length of a test. (The platform adapters have their own fakes and tests.)
 */
export class MinimalShop {
  readonly fake: FakePlatform;
  /** The tokens the shop accepts now. */
  readonly tokens = new Set<string>();
  shopName = 'Tea House Test Shop';
  products: RemoteSku[] = [];

  constructor(token: string) {
    this.tokens.add(token);
    this.fake = new FakePlatform('minimal-shop', (req) => {
      const token = req.headers['x-access-token'];
      if (typeof token !== 'string' || !this.tokens.has(token)) return { status: 401, body: { error: 'Invalid API key or access token (unrecognized login or wrong password)' } };
      if (req.path === '/shop') return { status: 200, body: { name: this.shopName } };
      if (req.path === '/products') {
        const skus = (JSON.parse(req.body) as { skus: string[] }).skus;
        return { status: 200, body: { items: this.products.filter((p) => skus.includes(p.sellerSku)) } };
      }
      return { status: 404, body: { error: 'not found' } };
    });
  }

  start(): Promise<string> {
    return this.fake.start();
  }

  stop(): Promise<void> {
    return this.fake.stop();
  }

  revoke(token: string): void {
    this.tokens.delete(token);
  }
}

/** The adapter for MinimalShop: token from the connection's credentials (`accessToken`), base from config.apiBase. */
export const minimalShopAdapter: AdapterFactory = (ctx: AdapterContext): PlatformAdapter => {
  const call = async (path: string, body?: unknown) => {
    const token = String(ctx.credentials().accessToken ?? '');
    const res = await ctx.http.request({
      method: 'POST',
      url: `${ctx.config.apiBase}${path}`,
      headers: { 'x-access-token': token, 'content-type': 'application/json' },
      body: JSON.stringify(body ?? {}),
    });
    const answer = JSON.parse(res.text || '{}') as Record<string, unknown>;
    if (res.status === 401) throw new PlatformError('auth', String(answer.error), { httpStatus: 401 });
    if (res.status >= 500) throw new PlatformError('unavailable', `HTTP ${res.status}`, { httpStatus: res.status });
    if (res.status !== 200) throw new PlatformError('refused', String(answer.error), { httpStatus: res.status });
    return answer;
  };
  return {
    platform: 'shopify',
    capabilities: new Set(['discountCode', 'products']),
    async check() {
      return { account: String((await call('/shop')).name) };
    },
    async authorize() {
      return { kind: 'done' };
    },
    tokenExpiresAt: () => null,
    refreshIfDue: async () => false,
    async findBySku(skus) {
      return (await call('/products', { skus })).items as RemoteSku[];
    },
    close() {},
  };
};
