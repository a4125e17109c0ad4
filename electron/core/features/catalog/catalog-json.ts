import { productInput, type Product } from '../../../shared/contract/catalog';
import type { ParsedRows } from './catalog-csv';
import { importIssue } from './import-issues';

type ZodIssue = { code: string; path: PropertyKey[]; message: string; expected?: unknown };

/** A zod issue as an import issue with a code the UI can translate. */
function issueOf(row: number, issue: ZodIssue) {
  const column = issue.path.map(String).join('.') || 'product';
  if (column === 'sku' && issue.code === 'too_small') return importIssue(row, column, 'sku_empty');
  if (column === 'name' && issue.code === 'custom') return importIssue(row, column, 'name_missing');
  if (issue.code === 'invalid_type') return importIssue(row, column, 'json_wrong_type', { expected: String(issue.expected) });
  if (issue.code === 'too_small') return importIssue(row, column, 'json_too_short');
  if (issue.code === 'too_big') return importIssue(row, column, 'json_too_long');
  return importIssue(row, column, 'json_invalid_value', { detail: issue.message });
}

/**
 * The catalog as JSON: `{ format: "broadcart-catalog", version: 1, products: [...] }` (a bare array of
 * products is accepted too). Prices are in minor units. A "row" in errors is the product's position (1 = first).
 */
export function parseCatalogJson(content: string): ParsedRows {
  let data: unknown;
  try {
    data = JSON.parse(content);
  } catch (error) {
    return { rows: 0, products: [], errors: [importIssue(0, '', 'json_invalid', { detail: (error as Error).message })] };
  }
  const list = Array.isArray(data) ? data : (data as { products?: unknown })?.products;
  if (!Array.isArray(list)) {
    return { rows: 0, products: [], errors: [importIssue(0, 'products', 'json_shape')] };
  }
  const result: ParsedRows = { rows: list.length, products: [], errors: [] };
  const seen = new Map<string, number>();
  list.forEach((item, index) => {
    const row = index + 1;
    const parsed = productInput.omit({ id: true }).safeParse(item);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) result.errors.push(issueOf(row, issue as ZodIssue));
      return;
    }
    const first = seen.get(parsed.data.sku);
    if (first !== undefined) {
      result.errors.push(importIssue(row, 'sku', 'sku_duplicate_json', { sku: parsed.data.sku, firstRow: first }));
      return;
    }
    seen.set(parsed.data.sku, row);
    result.products.push({ row, product: parsed.data });
  });
  return result;
}

export function catalogToJson(products: readonly Product[]): string {
  const out = products.map((p) => ({
    sku: p.sku,
    name: p.name,
    pitch: p.pitch,
    bullets: p.bullets,
    images: p.images,
    ...(p.netQuantity ? { netQuantity: p.netQuantity } : {}),
    prices: p.prices,
  }));
  return JSON.stringify({ format: 'broadcart-catalog', version: 1, products: out }, null, 2) + '\n';
}
