import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeDatabase, databaseFileName, openDatabase } from '../../../electron/core/db/database';
import { migrations } from '../../../electron/core/db/migrations';
import { marketPricesMigration } from '../../../electron/core/db/migrations/010_market_prices';
import { startTestHost, type TestHost } from '../../support/host';
import { tempDir } from '../../support/temp';

const nbsp = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

/** A DE price entered net with a reduced rate, a unit price and a delivery time, and a JP price in whole yen. */
const matcha = {
  sku: 'MATCHA-30',
  name: { en: 'Ceremonial Matcha, 30 g', de: 'Zeremonieller Matcha, 30 g', ja: '抹茶 30g' },
  netQuantity: { amount: 30, unit: 'g' as const },
  prices: [
    { market: 'DE', currency: 'EUR', amountMinor: 1859, taxInclusive: false, vatRate: 7, deliveryDays: { min: 5, max: 8 } },
    { market: 'JP', currency: 'JPY', amountMinor: 1980, taxInclusive: true, deliveryDays: { min: 2, max: 2 } },
    { market: 'US', currency: 'USD', amountMinor: 2199, taxInclusive: false, deliveryDays: { min: 6, max: 9 } },
  ],
};

describe('catalog prices per market, through the contract and SQLite', () => {
  let t: TestHost | null = null;
  const temps: { cleanup(): void }[] = [];
  afterEach(async () => {
    await t?.stop();
    t = null;
    for (const d of temps.splice(0)) d.cleanup();
  });

  it('saves net quantity, VAT rate and delivery days, keeps them across a restart, and draws the card from them', async () => {
    const data = tempDir();
    temps.push(data);
    t = await startTestHost({ dataDir: data.dir });
    const saved = await t.call('catalog.saveProduct', { product: matcha });
    expect(saved.netQuantity).toEqual({ amount: 30, unit: 'g' });
    await t.stop();

    t = await startTestHost({ dataDir: data.dir });
    const loaded = await t.call('catalog.getProduct', { sku: 'MATCHA-30' });
    expect(loaded.netQuantity).toEqual({ amount: 30, unit: 'g' });
    expect(loaded.prices.find((p) => p.market === 'DE')).toEqual({ market: 'DE', currency: 'EUR', amountMinor: 1859, taxInclusive: false, vatRate: 7, deliveryDays: { min: 5, max: 8 } });
    expect(loaded.prices.find((p) => p.market === 'JP')).toMatchObject({ amountMinor: 1980, deliveryDays: { min: 2, max: 2 } });

    // DE: the net 18.59 plus 7% is 19.89 (gross), said to include VAT, with the price per kg and the delivery in German.
    const de = (await t.call('card.pin', { sku: 'MATCHA-30', market: 'DE', output: 'overlay' })).card;
    expect(nbsp(de.priceText)).toBe('19,89 €');
    expect(de).toMatchObject({ priceMinor: 1989, vatRate: 7, taxText: 'inkl. MwSt.', deliveryText: 'Lieferung in 5–8 Tagen' });
    expect(nbsp(de.unitPriceText ?? '')).toBe('663,00 €/kg');
    // JP: whole yen, consumption tax included, no unit price outside the EU and the UK.
    const jp = (await t.call('card.current', { output: 'overlay', market: 'JP' })).card!;
    expect(jp).toMatchObject({ priceText: '￥1,980', priceMinor: 1980, taxText: '税込', unitPriceText: null, deliveryText: 'お届け目安 2日' });
    // US: the price before sales tax, no tax words.
    const us = (await t.call('card.current', { output: 'overlay', market: 'US' })).card!;
    expect(us).toMatchObject({ priceText: '$21.99', taxText: null, unitPriceText: null, deliveryText: 'Delivery in 6–9 days' });
  });

  it('refuses bad prices with what is wrong and where', async () => {
    t = await startTestHost();
    const bad = (price: Record<string, unknown>) =>
      t!.call('catalog.saveProduct', { product: { sku: 'BAD-1', name: { en: 'Bad' }, prices: [{ market: 'DE', currency: 'EUR', amountMinor: 100, taxInclusive: true, ...price }] } });
    await expect(bad({ market: 'JP', currency: 'JPY', amountMinor: 1980.5 })).rejects.toMatchObject({
      code: 'bad_request',
      message: expect.stringContaining('¥1,980 is 1980'),
    });
    await expect(bad({ vatRate: 119 })).rejects.toMatchObject({ message: expect.stringMatching(/prices\.0\.vatRate.*from 0 to 30/) });
    await expect(bad({ deliveryDays: { min: 9, max: 4 } })).rejects.toMatchObject({ message: expect.stringMatching(/deliveryDays\.max.*must not be after/) });
    await expect(
      t.call('catalog.saveProduct', { product: { sku: 'BAD-2', name: { en: 'Bad' }, netQuantity: { amount: 0, unit: 'g' }, prices: [] } }),
    ).rejects.toMatchObject({ message: expect.stringContaining('more than 0') });
    expect((await t.call('catalog.listProducts', { query: 'BAD' })).total).toBe(0);
  });

  it('exports and imports the new fields in CSV and JSON', async () => {
    t = await startTestHost();
    await t.call('catalog.saveProduct', { product: matcha });
    const csv = await t.call('catalog.export', { format: 'csv' });
    const [header, ...lines] = csv.content.trim().split('\n');
    expect(header).toContain('net_quantity');
    expect(header).toContain('vat_rate.DE');
    expect(header).toContain('delivery_days.DE');
    const row = lines.find((l) => l.startsWith('MATCHA-30'))!;
    expect(row).toContain('30 g');
    expect(row).toContain(',1980,JPY,');
    expect(row).toContain(',18.59,EUR,no,7,5-8,');
    const json = await t.call('catalog.export', { format: 'json' });

    for (const [format, content] of [['csv', csv.content], ['json', json.content]] as const) {
      await t.call('catalog.deleteProduct', { id: (await t.call('catalog.getProduct', { sku: 'MATCHA-30' })).id });
      const result = await t.call('catalog.import', { format, content });
      expect(result.errors, format).toEqual([]);
      const back = await t.call('catalog.getProduct', { sku: 'MATCHA-30' });
      expect(back.netQuantity, format).toEqual({ amount: 30, unit: 'g' });
      expect(back.prices.find((p) => p.market === 'DE'), format).toMatchObject({ amountMinor: 1859, taxInclusive: false, vatRate: 7, deliveryDays: { min: 5, max: 8 } });
      expect(back.prices.find((p) => p.market === 'JP'), format).toMatchObject({ amountMinor: 1980 });
    }

    const broken = [
      'sku,name.en,net_quantity,price.JP,price.DE,vat_rate.DE,delivery_days.DE,price.BR,tax_inclusive.BR',
      'X-1,Tea,100 gallons,1980.5,12.00,45,8-5,99.90,no',
    ].join('\n');
    const report = await t.call('catalog.import', { format: 'csv', content: broken, dryRun: true });
    expect(report.errors.map((e) => [e.column, e.code])).toEqual([
      ['net_quantity', 'net_quantity_invalid'],
      ['price.JP', 'price_decimals'],
      ['vat_rate.DE', 'vat_rate_invalid'],
      ['delivery_days.DE', 'delivery_days_invalid'],
      ['tax_inclusive.BR', 'net_price_without_rate'],
    ]);
    expect(report.errors[1]!.message).toBe('"1980.5" has 1 decimals; JPY has 0.');
  });
});

describe('the migration to market prices', () => {
  it('keeps the products and prices of a database written before it, and adds the new fields empty', async () => {
    const data = tempDir();
    try {
      // A data folder as the release before this migration left it, with one product and three prices.
      const old = openDatabase(path.join(data.dir, databaseFileName), { migrations: migrations.filter((m) => m.version < marketPricesMigration.version) });
      expect(old.pragma('user_version', { simple: true })).toBe(marketPricesMigration.version - 1);
      old.prepare(`INSERT INTO products (id, sku, name, pitch, bullets, images, created_at, updated_at) VALUES ('p1', 'OLD-TEA', '{"en":"Old Tea"}', '{}', '{}', '[]', 1, 1)`).run();
      old.prepare(
        `INSERT INTO product_prices VALUES ('p1', 'DE', 'EUR', 1290, 1, '3-5 Tage', NULL), ('p1', 'GB', 'GBP', 1090, 0, NULL, NULL), ('p1', 'US', 'USD', 1490, 0, NULL, NULL)`,
      ).run();
      closeDatabase(old);

      const t = await startTestHost({ dataDir: data.dir, seedDemo: false });
      try {
        expect(t.host.context.db.pragma('user_version', { simple: true })).toBe(migrations.at(-1)!.version);
        const product = await t.call('catalog.getProduct', { sku: 'OLD-TEA' });
        expect(product.netQuantity).toBeUndefined();
        expect(product.prices).toEqual([
          { market: 'DE', currency: 'EUR', amountMinor: 1290, taxInclusive: true, shippingTime: '3-5 Tage' },
          // Shown as entered before the upgrade: kept as what viewers saw, not raised by 20% VAT.
          { market: 'GB', currency: 'GBP', amountMinor: 1090, taxInclusive: true },
          { market: 'US', currency: 'USD', amountMinor: 1490, taxInclusive: false },
        ]);
        // The old free-text shipping time still reaches the card.
        const card = (await t.call('card.pin', { sku: 'OLD-TEA', market: 'DE', output: 'overlay' })).card;
        expect(card).toMatchObject({ priceMinor: 1290, taxText: 'inkl. MwSt.', deliveryText: 'Lieferzeit: 3-5 Tage', unitPriceText: null });
        expect((await t.call('card.current', { output: 'overlay', market: 'GB' })).card).toMatchObject({ priceMinor: 1090, taxText: 'incl. VAT' });
        // And the product takes the new fields.
        await t.call('catalog.saveProduct', { product: { ...product, netQuantity: { amount: 250, unit: 'g' }, prices: [{ ...product.prices[0]!, deliveryDays: { min: 3, max: 5 } }, ...product.prices.slice(1)] } });
        expect((await t.call('catalog.getProduct', { sku: 'OLD-TEA' })).prices[0]!.deliveryDays).toEqual({ min: 3, max: 5 });
      } finally {
        await t.stop();
      }
    } finally {
      data.cleanup();
    }
  });
});
