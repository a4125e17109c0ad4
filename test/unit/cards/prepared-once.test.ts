import { afterEach, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from '../../support/host';

/** SQL the cards feature owns: its stores must not compile any of it again once they are made. */
const cardsTables = /\b(outbox|deals|rundown_items|card_pins|host_meta)\b/;

describe('the cards stores', () => {
  let current: TestHost | null = null;
  afterEach(async () => {
    await current?.stop();
    current = null;
  });

  it('prepare their statements once per connection, not on every call', async () => {
    const t = (current = await startTestHost());
    const db = t.host.context.db;
    const cards = t.host.features.cards;

    const round = async (i: number) => {
      const { deal } = await t.call('deal.create', { sku: 'SILK-SCARF-RED', market: 'US', dealPriceMinor: 4900, stock: 5, durationS: 60 });
      await t.call('deal.start', { dealId: deal.id });
      await t.call('deal.adjustStock', { dealId: deal.id, sold: 1 });
      await t.call('deal.list', {});
      await t.call('card.pin', { sku: 'TEA-JASMINE-100', market: 'US', output: 'overlay' });
      await t.call('card.unpin', { output: 'overlay' });
      const { items } = await t.call('rundown.addItem', { kind: 'segment', title: `Segment ${i}` });
      await t.call('rundown.move', { itemId: items.at(-1)!.id, toIndex: 0 });
      await t.call('rundown.setCurrent', { itemId: items.at(-1)!.id });
      cards.webhook.notify({ type: 'product.pinned', productId: 'p', data: { sku: 'X' }, at: Date.now() });
      cards.webhook.outbox.list({ target: 'webhook', limit: 5 });
      await t.call('deal.cancel', { dealId: deal.id });
    };
    // The first round may make statements (a deal update prepares once per set of columns it sets).
    await round(1);

    const prepared: string[] = [];
    const original = db.prepare.bind(db);
    db.prepare = ((sql: string) => (prepared.push(sql), original(sql))) as typeof db.prepare;
    await round(2);
    await round(3);
    db.prepare = original;

    expect(prepared.filter((sql) => cardsTables.test(sql))).toEqual([]);
  });
});
