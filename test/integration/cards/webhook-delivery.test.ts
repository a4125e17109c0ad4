import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { HostEvent } from '../../../electron/shared/contract';
import { startTestHost, type TestHost } from '../../support/host';
import { tempDir } from '../../support/temp';
import { WebhookReceiver } from './webhook-receiver';

async function until(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const skus = ['TEA-JASMINE-100', 'SILK-SCARF-RED', 'CERAMIC-MUG-CELADON'];

describe('webhook output', () => {
  const temp = tempDir();
  const secret = `whsec_${randomBytes(32).toString('base64')}`;
  const receiver = new WebhookReceiver(secret);
  let host: TestHost | null = null;
  afterAll(async () => {
    await host?.stop();
    await receiver.down();
    temp.cleanup();
  });

  it('delivers every push exactly once, in order, across a receiver outage and a host restart', async () => {
    await receiver.up();
    host = await startTestHost({ dataDir: temp.dir });
    await host.call('settings.set', { cards: { webhookUrl: receiver.url, webhookMaxBackoffMs: 400 } });
    await host.call('webhook.setSecret', { secret });
    expect(JSON.stringify(await host.call('outputs.list', {}))).not.toContain(secret.slice(6, 20));

    let n = 0;
    const pin = async (h: TestHost) => h.call('card.pin', { sku: skus[n++ % skus.length]!, output: 'overlay' });

    // Part of a burst goes through...
    for (let i = 0; i < 10; i++) await pin(host);
    await until('the first pushes', () => receiver.processed.length >= 3);
    // ...then the receiver goes down mid-burst, and the burst goes on.
    await receiver.down();
    const { deal } = await host.call('deal.create', { sku: 'SILK-SCARF-RED', market: 'US', dealPriceMinor: 3900, stock: 5, durationS: 60 });
    await host.call('deal.start', { dealId: deal.id });
    for (let i = 0; i < 10; i++) await pin(host);

    // The host restarts while pushes are waiting.
    await host.stop();
    host = await startTestHost({ dataDir: temp.dir });
    const events: HostEvent[] = [];
    host.host.context.bus.subscribeAll((e) => events.push(e));
    await host.call('deal.adjustStock', { dealId: deal.id, sold: 5 });
    for (let i = 0; i < 10; i++) await pin(host);
    expect((await host.call('outbox.list', {})).pending).toBeGreaterThan(0);

    await receiver.up();
    const h = host;
    await until('the outbox to drain', async () => (await h.call('outbox.list', {})).pending === 0);

    const all = (await host.call('outbox.list', { limit: 1000 })).deliveries.reverse();
    expect(all.every((d) => d.status === 'delivered')).toBe(true);
    // 30 pins + deal.created + deal.started + stock change + sold out.
    expect(all).toHaveLength(34);
    expect(receiver.badSignatures).toBe(0);
    expect(receiver.processed.map((r) => r.key)).toEqual(all.map((d) => d.key));
    expect(receiver.processed.map((r) => r.type)).toEqual(all.map((d) => d.event));
    const pinnedSkus = receiver.processed.filter((r) => r.type === 'product.pinned').map((r) => r.data.sku);
    expect(pinnedSkus).toEqual(Array.from({ length: 30 }, (_, i) => skus[i % 3]));
    // Retries happened and were logged with their outcome.
    expect(all.some((d) => d.attempts > 1)).toBe(true);
    const results = events.filter((e) => e.name === 'delivery.result').map((e) => e.payload as { status: string; productId?: string });
    expect(results.some((r) => r.status === 'delivered' && typeof r.productId === 'string')).toBe(true);
  });
});
