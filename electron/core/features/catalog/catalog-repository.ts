import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { HostError } from '../../../shared/contract';
import type { MarketPrice, Product } from '../../../shared/contract/catalog';

export type NewProduct = Omit<Product, 'id' | 'createdAt' | 'updatedAt'> & { id?: string };

interface ProductRow {
  id: string;
  sku: string;
  name: string;
  pitch: string;
  bullets: string;
  images: string;
  created_at: number;
  updated_at: number;
}
interface PriceRow {
  product_id: string;
  market: string;
  currency: string;
  amount_minor: number;
  tax_inclusive: number;
  shipping_time: string | null;
  purchase_url: string | null;
}

/** Products and their per-market prices in SQLite. */
export class CatalogRepository {
  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {}

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM products').get() as { n: number }).n;
  }

  list(query: string | undefined, limit: number): { products: Product[]; total: number } {
    const pattern = query ? `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
    const where = pattern ? `WHERE sku LIKE @p ESCAPE '\\' OR name LIKE @p ESCAPE '\\'` : '';
    const rows = this.db
      .prepare(`SELECT * FROM products ${where} ORDER BY sku LIMIT @limit`)
      .all({ p: pattern, limit }) as ProductRow[];
    const total = (this.db.prepare(`SELECT count(*) AS n FROM products ${where}`).get({ p: pattern }) as { n: number }).n;
    return { products: this.withPrices(rows), total };
  }

  get(by: { id?: string; sku?: string }): Product {
    const row = (
      by.id !== undefined
        ? this.db.prepare('SELECT * FROM products WHERE id = ?').get(by.id)
        : this.db.prepare('SELECT * FROM products WHERE sku = ?').get(by.sku)
    ) as ProductRow | undefined;
    if (!row) throw new HostError('not_found', `No product with ${by.id !== undefined ? `id ${by.id}` : `SKU ${by.sku}`}.`);
    return this.withPrices([row])[0]!;
  }

  insert(product: NewProduct): Product {
    const time = this.now();
    const id = product.id ?? randomUUID();
    this.db
      .prepare(
        `INSERT INTO products (id, sku, name, pitch, bullets, images, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        product.sku,
        JSON.stringify(product.name),
        JSON.stringify(product.pitch),
        JSON.stringify(product.bullets ?? {}),
        JSON.stringify(product.images ?? []),
        time,
        time,
      );
    const insertPrice = this.db.prepare(
      `INSERT INTO product_prices (product_id, market, currency, amount_minor, tax_inclusive, shipping_time, purchase_url)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const price of product.prices) {
      insertPrice.run(id, price.market, price.currency, price.amountMinor, price.taxInclusive ? 1 : 0, price.shippingTime ?? null, price.purchaseUrl ?? null);
    }
    return this.get({ id });
  }

  private withPrices(rows: ProductRow[]): Product[] {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const prices = this.db
      .prepare(`SELECT * FROM product_prices WHERE product_id IN (SELECT value FROM json_each(?)) ORDER BY market`)
      .all(JSON.stringify(ids)) as PriceRow[];
    const byProduct = new Map<string, MarketPrice[]>();
    for (const p of prices) {
      const list = byProduct.get(p.product_id) ?? [];
      list.push({
        market: p.market,
        currency: p.currency,
        amountMinor: p.amount_minor,
        taxInclusive: p.tax_inclusive === 1,
        ...(p.shipping_time !== null ? { shippingTime: p.shipping_time } : {}),
        ...(p.purchase_url !== null ? { purchaseUrl: p.purchase_url } : {}),
      });
      byProduct.set(p.product_id, list);
    }
    return rows.map((r) => ({
      id: r.id,
      sku: r.sku,
      name: JSON.parse(r.name),
      pitch: JSON.parse(r.pitch),
      bullets: JSON.parse(r.bullets),
      images: JSON.parse(r.images),
      prices: byProduct.get(r.id) ?? [],
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    }));
  }
}
