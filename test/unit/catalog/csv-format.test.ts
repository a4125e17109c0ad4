import { describe, expect, it } from 'vitest';
import { catalogToCsv, parseCatalogCsv } from '../../../electron/core/features/catalog/catalog-csv';

describe('the catalog spreadsheet format', () => {
  it('reads a BOM, quoted commas, quotes and line breaks, and skips empty lines', () => {
    const csv = '\uFEFFsku,name.en,pitch.en\n\nTEA-1,"Tea, jasmine","Say ""fresh""\nand smile"\n\nMUG-1,Mug,\n';
    const { rows, products, errors } = parseCatalogCsv(csv);
    expect(errors).toEqual([]);
    expect(rows).toBe(2);
    expect(products.map((p) => [p.row, p.product.sku, p.product.name.en, p.product.pitch.en])).toEqual([
      [2, 'TEA-1', 'Tea, jasmine', 'Say "fresh"\nand smile'],
      [3, 'MUG-1', 'Mug', undefined],
    ]);
  });

  it('says on which line a quoted cell is never closed', () => {
    const { errors } = parseCatalogCsv('sku,name.en\nTEA-1,Tea\nMUG-1,"Mug\n');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ row: 3, code: 'csv_invalid' });
  });

  it('writes what it reads back unchanged', () => {
    const product = {
      id: 'p1',
      sku: 'SCARF-1',
      name: { en: 'Scarf, silk', 'zh-CN': '丝巾' },
      pitch: { en: 'Say "soft"\nthen smile' },
      bullets: { en: ['light', 'warm'] },
      images: ['a.png', 'b.png'],
      prices: [{ market: 'US', currency: 'USD', amountMinor: 2499, taxInclusive: false, shippingTime: ' 3-5 days ', purchaseUrl: 'https://shop.example/scarf' }],
      createdAt: 0,
      updatedAt: 0,
    };
    const csv = catalogToCsv([product] as never);
    expect(csv.endsWith('\n')).toBe(true);
    const back = parseCatalogCsv(csv);
    expect(back.errors).toEqual([]);
    expect(back.products[0]!.product).toMatchObject({
      sku: 'SCARF-1',
      name: product.name,
      pitch: product.pitch,
      bullets: product.bullets,
      images: product.images,
      prices: [{ market: 'US', currency: 'USD', amountMinor: 2499, taxInclusive: false, purchaseUrl: 'https://shop.example/scarf' }],
    });
  });
});
