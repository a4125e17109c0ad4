import { describe, expect, it } from 'vitest';
import { parseCatalogCsv } from '../../../electron/core/features/catalog/catalog-csv';

const issues = (csv: string) => parseCatalogCsv(csv).errors.map((e) => [e.row, e.column]);

describe('catalog CSV errors', () => {
  it('reports every error of a row, not only the first one', () => {
    // Row 2 has no SKU and the price "twelve"; row 3 a bad currency and a bad price; row 4 a currency without a price.
    const csv = ['sku,name.en,price.US,currency.US', ',Tea,twelve,', 'MUG-1,Mug,ten,usd1', 'FAN-1,Fan,,USD'].join('\n');
    expect(issues(csv)).toEqual([
      [2, 'sku'],
      [2, 'price.US'],
      [3, 'currency.US'],
      [3, 'price.US'],
      [4, 'currency.US'],
    ]);
  });

  it('checks the cells of a row whose cell count is wrong, after saying so', () => {
    const csv = ['sku,name.en,price.US,shipping.US', ',Tea,twelve'].join('\n');
    expect(issues(csv)).toEqual([
      [2, ''],
      [2, 'sku'],
      [2, 'price.US'],
    ]);
  });

  it('still checks the rows when the header has a problem', () => {
    const csv = ['sku,name.en,price.US,colour', ',Tea,twelve,red'].join('\n');
    expect(issues(csv)).toEqual([
      [1, 'colour'],
      [2, 'sku'],
      [2, 'price.US'],
    ]);
    expect(parseCatalogCsv(csv).products).toEqual([]);
  });

  it('gives every error a code and parameters, so the UI can say it in its language', () => {
    const csv = ['sku,name.en,price.US', ',Tea,twelve'].join('\n');
    expect(parseCatalogCsv(csv).errors).toEqual([
      { row: 2, column: 'sku', code: 'sku_empty', params: {}, message: 'The SKU is empty.' },
      {
        row: 2,
        column: 'price.US',
        code: 'price_not_number',
        params: { value: 'twelve' },
        message: '"twelve" is not a price: write a plain number such as 24.99 (no currency sign, no minus).',
      },
    ]);
  });
});
