import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from '../../support/host';

const goodCsv = [
  'sku,name.en,name.zh-CN,pitch.en,bullets.en,images,price.US,shipping.US,url.US,price.DE,tax_inclusive.DE',
  'LAMP-1,"Paper Lamp, 40 cm",纸灯,Soft light,"Warm | Foldable",,39.90,5-7 days,https://shop.example.com/lamp,34.50,yes',
  'FAN-2,Bamboo Fan,竹扇,Cool,,,12,3 days,https://shop.example.com/fan,,',
].join('\n');

describe('catalog import and export', () => {
  let t: TestHost;
  beforeEach(async () => {
    t = await startTestHost();
  });
  afterEach(async () => {
    await t.stop();
  });

  it('imports a CSV, formats prices in minor units and exports a file that imports back to the same catalog', async () => {
    const result = await t.call('catalog.import', { format: 'csv', content: goodCsv });
    expect(result).toMatchObject({ written: true, added: 2, updated: 0, errors: [] });
    const lamp = await t.call('catalog.getProduct', { sku: 'LAMP-1' });
    expect(lamp.name).toEqual({ en: 'Paper Lamp, 40 cm', 'zh-CN': '纸灯' });
    expect(lamp.bullets.en).toEqual(['Warm', 'Foldable']);
    expect(lamp.prices.find((p) => p.market === 'US')).toMatchObject({ currency: 'USD', amountMinor: 3990, taxInclusive: false });
    expect(lamp.prices.find((p) => p.market === 'DE')).toMatchObject({ currency: 'EUR', amountMinor: 3450, taxInclusive: true });

    for (const format of ['csv', 'json'] as const) {
      const exported = await t.call('catalog.export', { format });
      const before = (await t.call('catalog.listProducts', {})).products;
      const second = await startTestHost({ seedDemo: false });
      try {
        const again = await second.call('catalog.import', { format, content: exported.content });
        expect(again.errors, format).toEqual([]);
        const after = (await second.call('catalog.listProducts', {})).products;
        const strip = (ps: typeof before) => ps.map(({ id: _i, createdAt: _c, updatedAt: _u, ...rest }) => rest);
        expect(strip(after), format).toEqual(strip(before));
      } finally {
        await second.stop();
      }
    }
  });

  it('refuses a malformed CSV with row-level messages and writes nothing', async () => {
    const bad = [
      'sku,name.en,price.US,currency.US,url.US,price.DE',
      'OK-1,Fine,10.00,USD,https://x.example/a,9.50',
      ',No SKU,1.00,USD,,',
      'BAD-PRICE,Comma,"12,50",USD,,',
      'BAD-CUR,Currency,5.00,usd1,,',
      'BAD-URL,Url,5.00,USD,ftp:/nope,',
      'OK-1,Duplicate,1.00,USD,,',
      'SHORT,Too few',
    ].join('\n');
    const before = (await t.call('catalog.listProducts', {})).total;
    const result = await t.call('catalog.import', { format: 'csv', content: bad });
    expect(result.written).toBe(false);
    expect(result.validRows).toBe(1);
    expect(result.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 3, column: 'sku' }),
        expect.objectContaining({ row: 4, column: 'price.US', message: expect.stringContaining('dot') }),
        expect.objectContaining({ row: 5, column: 'currency.US' }),
        expect.objectContaining({ row: 6, column: 'url.US' }),
        expect.objectContaining({ row: 7, column: 'sku', message: expect.stringContaining('row 2') }),
        expect.objectContaining({ row: 8, message: expect.stringContaining('cells') }),
      ]),
    );
    expect((await t.call('catalog.listProducts', {})).total).toBe(before);

    const validOnly = await t.call('catalog.import', { format: 'csv', content: bad, mode: 'validOnly' });
    expect(validOnly).toMatchObject({ written: true, added: 1 });
    expect((await t.call('catalog.listProducts', {})).total).toBe(before + 1);
  });

  it('refuses unknown header columns and bad JSON products with the path of the field', async () => {
    const header = await t.call('catalog.import', { format: 'csv', content: 'sku,title\nA,B' });
    expect(header.errors).toEqual([expect.objectContaining({ row: 1, column: 'title' }), expect.objectContaining({ row: 1, column: 'name.en' })]);
    const json = JSON.stringify({
      format: 'broadcart-catalog',
      version: 1,
      products: [
        { sku: 'J-1', name: { en: 'One' }, prices: [{ market: 'US', currency: 'usd', amountMinor: 100, taxInclusive: false }] },
        { sku: 'J-2', name: { en: 'Two' }, prices: [{ market: 'US', currency: 'USD', amountMinor: -1, taxInclusive: false }] },
      ],
    });
    const result = await t.call('catalog.import', { format: 'json', content: json });
    expect(result.written).toBe(false);
    expect(result.errors).toEqual([
      expect.objectContaining({ row: 1, column: 'prices.0.currency' }),
      expect.objectContaining({ row: 2, column: 'prices.0.amountMinor' }),
    ]);
  });
});
