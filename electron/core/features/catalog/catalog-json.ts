import { productInput, type Product } from '../../../shared/contract/catalog';
import type { ParsedRows } from './catalog-csv';

/**
 * The catalog as JSON: `{ format: "broadcart-catalog", version: 1, products: [...] }` (a bare array of
 * products is accepted too). Prices are in minor units. A "row" in errors is the product's position (1 = first).
 */
export function parseCatalogJson(content: string): ParsedRows {
  let data: unknown;
  try {
    data = JSON.parse(content);
  } catch (error) {
    return { rows: 0, products: [], errors: [{ row: 0, column: '', message: `The file is not valid JSON: ${(error as Error).message}` }] };
  }
  const list = Array.isArray(data) ? data : (data as { products?: unknown })?.products;
  if (!Array.isArray(list)) {
    return { rows: 0, products: [], errors: [{ row: 0, column: 'products', message: 'Expected {"format": "broadcart-catalog", "products": [...]} or an array of products.' }] };
  }
  const result: ParsedRows = { rows: list.length, products: [], errors: [] };
  const seen = new Map<string, number>();
  list.forEach((item, index) => {
    const row = index + 1;
    const parsed = productInput.omit({ id: true }).safeParse(item);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) result.errors.push({ row, column: issue.path.join('.') || 'product', message: issue.message });
      return;
    }
    const first = seen.get(parsed.data.sku);
    if (first !== undefined) {
      result.errors.push({ row, column: 'sku', message: `SKU ${parsed.data.sku} is already product ${first}.` });
      return;
    }
    seen.set(parsed.data.sku, row);
    result.products.push({ row, product: parsed.data });
  });
  return result;
}

export function catalogToJson(products: readonly Product[]): string {
  const out = products.map((p) => ({ sku: p.sku, name: p.name, pitch: p.pitch, bullets: p.bullets, images: p.images, prices: p.prices }));
  return JSON.stringify({ format: 'broadcart-catalog', version: 1, products: out }, null, 2) + '\n';
}
