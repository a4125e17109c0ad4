import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { databaseFileName } from '../../../electron/core/db/database';
import { adapterFactories } from '../../../electron/core/features/platform/adapters';
import type { AdapterFactory } from '../../../electron/core/features/platform/adapters/adapter';
import type { PlatformId } from '../../../electron/shared/contract/platform';
import { recordEvents, waitFor } from '../../support/events';
import { startTestHost, type TestHost } from '../../support/host';
import { MinimalShop, minimalShopAdapter } from '../../support/platforms/minimal-shop';
import { tempDir } from '../../support/temp';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Puts `factory` in place of a platform's own adapter for this test (or removes it: "not supported here"). */
function useAdapter(platform: PlatformId, factory: AdapterFactory | undefined): void {
  const before = adapterFactories[platform];
  if (factory) adapterFactories[platform] = factory;
  else delete adapterFactories[platform];
  cleanups.push(() => {
    if (before) adapterFactories[platform] = before;
    else delete adapterFactories[platform];
  });
}

async function shop(token: string): Promise<MinimalShop> {
  const s = new MinimalShop(token);
  await s.start();
  cleanups.push(() => s.stop());
  s.products = [
    { sellerSku: 'TEA-JASMINE-100', remoteProductId: 'gid://shop/Product/1', remoteSkuId: 'gid://shop/Variant/11', title: 'Jasmine tea 100 g' },
    { sellerSku: 'SILK-SCARF-RED', remoteProductId: 'gid://shop/Product/2', remoteSkuId: 'gid://shop/Variant/21', title: 'Red silk scarf' },
    { sellerSku: 'SILK-SCARF-RED', remoteProductId: 'gid://shop/Product/3', remoteSkuId: 'gid://shop/Variant/31', title: 'Red silk scarf (old listing)' },
  ];
  return s;
}

async function host(dataDir?: string): Promise<TestHost> {
  const h = await startTestHost(dataDir ? { dataDir } : {});
  cleanups.push(() => h.stop());
  return h;
}

const databaseBytes = (dataDir: string) => {
  const file = path.join(dataDir, databaseFileName);
  return Buffer.concat([file, `${file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)));
};

describe('platform connections', () => {
  it('connects a shop with its token, names the shop, and never gives the token back (API, events, REST, database)', async () => {
    useAdapter('shopify', minimalShopAdapter);
    const token = 'shpat_0123456789abcdef0123456789abcdef';
    const s = await shop(token);
    const temp = tempDir();
    cleanups.push(() => temp.cleanup());
    const h = await startTestHost({ dataDir: temp.dir });
    const events = recordEvents(h);

    const saved = await h.call('platform.save', {
      platform: 'shopify',
      label: 'Tea House US',
      markets: ['us'],
      apiBase: s.fake.base,
      credentials: { shopDomain: 'Tea-House', accessToken: token },
    });
    expect(saved).toMatchObject({ state: 'connected', account: 'Tea House Test Shop', markets: ['US'], stateCode: 'platform.connected' });
    expect(saved.credentialsSet.sort()).toEqual(['accessToken', 'shopDomain']);
    expect(saved.message).toBe('Connected as Tea House Test Shop.');

    const rest = await fetch(`${h.baseUrl}/api/v1/platform.list`, { method: 'POST', headers: { Authorization: `Bearer ${h.token}` } });
    const restText = await rest.text();
    expect(rest.status).toBe(200);
    expect(restText).toContain('Tea House Test Shop');
    for (const text of [JSON.stringify(saved), restText, JSON.stringify(events.events)]) expect(text).not.toContain(token);
    expect(events.of('platform.changed').at(-1)?.payload.connection?.state).toBe('connected');

    for (const phase of ['running', 'stopped']) {
      if (phase === 'stopped') await h.stop();
      expect(databaseBytes(temp.dir).includes(Buffer.from(token)), `${phase}: the token is readable in the database`).toBe(false);
    }

    // The credentials survive a restart: the connection is checked again at start.
    const again = await host(temp.dir);
    await waitFor(async () => (await again.call('platform.list', {})).connections[0]?.checkedAt !== saved.checkedAt, 'the check at start');
    expect((await again.call('platform.list', {})).connections[0]).toMatchObject({ state: 'connected', account: 'Tea House Test Shop' });
    expect(s.fake.received((r) => r.path === '/shop')).toHaveLength(2);
  });

  it('a revoked token turns the connection needs-auth with a clear message; the studio keeps working', async () => {
    useAdapter('shopify', minimalShopAdapter);
    const token = 'shpat_revoked_later';
    const s = await shop(token);
    const h = await host();
    const { id } = await h.call('platform.save', { platform: 'shopify', label: 'Shop', markets: ['US'], apiBase: s.fake.base, credentials: { shopDomain: 'tea', accessToken: token } });

    s.revoke(token);
    const checked = await h.call('platform.check', { connectionId: id });
    expect(checked.state).toBe('needs-auth');
    expect(checked.stateCode).toBe('platform.auth_failed');
    expect(checked.message).toMatch(/^Shopify refused the sign-in \(Invalid API key.*\)\. It may have been revoked or have expired: sign in again\.$/);
    // Everything else still answers.
    expect((await h.call('catalog.listProducts', {})).total).toBeGreaterThan(0);
    expect((await h.call('system.info', {})).methods.length).toBeGreaterThan(0);

    // A new token brings it back.
    s.tokens.add('shpat_new');
    const fixed = await h.call('platform.save', { id, platform: 'shopify', label: 'Shop', markets: ['US'], apiBase: s.fake.base, credentials: { shopDomain: 'tea', accessToken: 'shpat_new' } });
    expect(fixed.state).toBe('connected');
  });

  it('a connection whose platform is not supported by this build answers a clear error, not a crash', async () => {
    useAdapter('twitch', undefined);
    const h = await host();
    const saved = await h.call('platform.save', { platform: 'twitch', label: 'Channel', markets: [], credentials: { clientId: 'abc123' } });
    expect(saved).toMatchObject({ state: 'error', stateCode: 'platform.not_supported' });
    expect(saved.message).toMatch(/Twitch is not supported by this version/);
    await expect(h.call('platform.check', { connectionId: saved.id })).rejects.toMatchObject({ key: 'platform.not_supported' });
    await expect(h.call('platform.authorize', { connectionId: saved.id })).rejects.toMatchObject({ key: 'platform.not_supported' });
    expect(h.host.features.platform.registry.adapter(saved.id)).toBeNull();
    expect((await h.call('platform.list', {})).connections).toHaveLength(1);
  });

  it('says what is missing before a connection can work, and refuses what does not fit', async () => {
    useAdapter('shopify', minimalShopAdapter);
    const h = await host();
    const bare = await h.call('platform.save', { platform: 'shopify', label: 'No token yet', markets: ['US'] });
    expect(bare).toMatchObject({ state: 'needs-auth', stateCode: 'platform.sign_in_shopify', credentialsSet: [] });
    await expect(h.call('platform.check', { connectionId: bare.id })).rejects.toMatchObject({ key: 'platform.sign_in_shopify' });
    await expect(h.call('platform.check', { connectionId: 'nope' })).rejects.toMatchObject({ key: 'platform.not_found' });
    // Another platform's credential field is named as the mistake.
    await expect(
      h.call('platform.save', { platform: 'shopify', label: 'x', markets: [], credentials: { clientId: 'abc' } as never }),
    ).rejects.toMatchObject({ key: 'request.invalid_input', message: expect.stringMatching(/credentials/) });
    await expect(h.call('platform.save', { id: bare.id, platform: 'twitch', label: 'x', markets: [] })).rejects.toMatchObject({ key: 'platform.other_platform' });
    const off = await h.call('platform.save', { id: bare.id, platform: 'shopify', label: 'Off', markets: ['US'], enabled: false });
    expect(off).toMatchObject({ state: 'off', enabled: false });
    await expect(h.call('platform.check', { connectionId: bare.id })).rejects.toMatchObject({ key: 'platform.switched_off' });
  });

  it('matches catalog products by SKU: what matched, what did not and why; a link set by hand is kept', async () => {
    useAdapter('shopify', minimalShopAdapter);
    const s = await shop('shpat_match');
    const h = await host();
    const { id } = await h.call('platform.save', { platform: 'shopify', label: 'Shop', markets: ['US'], apiBase: s.fake.base, credentials: { shopDomain: 'tea', accessToken: 'shpat_match' } });

    const result = await h.call('platform.matchProducts', { connectionId: id });
    const bySku = Object.fromEntries(result.matches.map((m) => [m.sku, m]));
    expect(bySku['TEA-JASMINE-100']).toMatchObject({ outcome: 'linked', remoteProductId: 'gid://shop/Product/1', remoteSkuIds: ['gid://shop/Variant/11'], remoteTitle: 'Jasmine tea 100 g' });
    expect(bySku['SILK-SCARF-RED']).toMatchObject({ outcome: 'ambiguous', remoteProductId: null, message: expect.stringMatching(/2 products on the shop have the SKU SILK-SCARF-RED/) });
    expect(bySku['CERAMIC-MUG-CELADON']).toMatchObject({ outcome: 'missing', message: 'No product on the shop has the SKU CERAMIC-MUG-CELADON.' });
    expect(result).toMatchObject({ linked: 1, missing: 1, ambiguous: 1 });
    const tea = bySku['TEA-JASMINE-100']!;
    expect(h.host.features.platform.registry.remoteProduct(id, tea.productId)).toEqual({ remoteProductId: 'gid://shop/Product/1', remoteSkuIds: ['gid://shop/Variant/11'] });

    // The user picks the right scarf by hand; matching again keeps it.
    const manual = await h.call('platform.linkProduct', { connectionId: id, sku: 'SILK-SCARF-RED', remoteProductId: 'gid://shop/Product/2', remoteSkuIds: ['gid://shop/Variant/21'] });
    expect(manual).toMatchObject({ sku: 'SILK-SCARF-RED', linkedBy: 'manual' });
    const again = await h.call('platform.matchProducts', { connectionId: id });
    expect(again.matches.find((m) => m.sku === 'SILK-SCARF-RED')).toMatchObject({ outcome: 'linked', remoteProductId: 'gid://shop/Product/2' });
    expect((await h.call('platform.links', { connectionId: id })).links.map((l) => l.sku)).toEqual(['SILK-SCARF-RED', 'TEA-JASMINE-100']);
    await expect(h.call('platform.linkProduct', { connectionId: id, sku: 'NO-SUCH', remoteProductId: 'x' })).rejects.toMatchObject({ key: 'catalog.product_not_found_sku' });

    await h.call('platform.unlinkProduct', { connectionId: id, productId: manual.productId });
    expect((await h.call('platform.links', {})).links.map((l) => l.sku)).toEqual(['TEA-JASMINE-100']);

    // Removing the connection removes its links and its credentials.
    await h.call('platform.remove', { connectionId: id });
    expect((await h.call('platform.links', {})).links).toEqual([]);
    expect(h.host.context.secrets.get(`platform.${id}`)).toBeNull();
    await expect(h.call('platform.remove', { connectionId: id })).rejects.toMatchObject({ key: 'platform.not_found' });
  });
});
