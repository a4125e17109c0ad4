import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import { HostError } from '../../../shared/contract';
import { shownPrice } from '../../../shared/price-display';
import type { MarketPrice, PriceHistoryEntry, Product, QuantityUnit } from '../../../shared/contract/catalog';

export type NewProduct = Omit<Product, 'id' | 'createdAt' | 'updatedAt'> & { id?: string };
/** What wrote a price: kept in the price history. */
export type PriceSource = 'seed' | 'edit' | 'import';

interface ProductRow {
  id: string;
  sku: string;
  name: string;
  pitch: string;
  bullets: string;
  images: string;
  net_quantity: number | null;
  net_unit: string | null;
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
  vat_rate: number | null;
  delivery_min: number | null;
  delivery_max: number | null;
}

const matching = `WHERE sku LIKE @p ESCAPE '\\' OR name LIKE @p ESCAPE '\\'`;

/** Products and their per-market prices in SQLite. */
export class CatalogStore {
  // Prepared once per connection (preparing compiles the SQL: it cost more than running it).
  private readonly countAll: Statement;
  private readonly firstRows: Statement;
  private readonly matchingRows: Statement;
  private readonly countMatching: Statement;
  private readonly rowById: Statement;
  private readonly rowBySku: Statement;
  private readonly idById: Statement;
  private readonly idBySku: Statement;
  private readonly skuElsewhere: Statement;
  private readonly updateRow: Statement;
  private readonly deleteRow: Statement;
  private readonly historyRows: Statement;
  private readonly marketRows: Statement;
  private readonly lowestRow: Statement;
  private readonly currentPrices: Statement;
  private readonly deletePrices: Statement;
  private readonly insertPriceRow: Statement;
  private readonly insertHistoryRow: Statement;
  private readonly insertRow: Statement;
  private readonly pricesOf: Statement;

  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {
    this.countAll = db.prepare('SELECT count(*) AS n FROM products');
    this.firstRows = db.prepare('SELECT * FROM products ORDER BY sku LIMIT @limit');
    this.matchingRows = db.prepare(`SELECT * FROM products ${matching} ORDER BY sku LIMIT @limit`);
    this.countMatching = db.prepare(`SELECT count(*) AS n FROM products ${matching}`);
    this.rowById = db.prepare('SELECT * FROM products WHERE id = ?');
    this.rowBySku = db.prepare('SELECT * FROM products WHERE sku = ?');
    this.idById = db.prepare('SELECT id FROM products WHERE id = ?');
    this.idBySku = db.prepare('SELECT id FROM products WHERE sku = ?');
    this.skuElsewhere = db.prepare('SELECT id FROM products WHERE sku = ? AND id <> ?');
    this.updateRow = db.prepare(`UPDATE products SET sku = ?, name = ?, pitch = ?, bullets = ?, images = ?, net_quantity = ?, net_unit = ?, updated_at = ? WHERE id = ?`);
    this.deleteRow = db.prepare('DELETE FROM products WHERE id = ?');
    this.historyRows = db.prepare(
      `SELECT market, currency, amount_minor, changed_at, source FROM price_history
       WHERE product_id = ? AND (? IS NULL OR market = ?) ORDER BY changed_at, id`,
    );
    this.marketRows = db.prepare('SELECT DISTINCT market FROM product_prices ORDER BY market');
    this.lowestRow = db.prepare(
      `SELECT min(amount_minor) AS low FROM price_history
       WHERE product_id = @productId AND market = @market AND (
         (changed_at > @from AND changed_at <= @to) OR
         id = (SELECT id FROM price_history WHERE product_id = @productId AND market = @market AND changed_at <= @from
               ORDER BY changed_at DESC, id DESC LIMIT 1))`,
    );
    this.currentPrices = db.prepare('SELECT market, currency, amount_minor, tax_inclusive, vat_rate FROM product_prices WHERE product_id = ?');
    this.deletePrices = db.prepare('DELETE FROM product_prices WHERE product_id = ?');
    this.insertPriceRow = db.prepare(
      `INSERT INTO product_prices (product_id, market, currency, amount_minor, tax_inclusive, shipping_time, purchase_url, vat_rate, delivery_min, delivery_max)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertHistoryRow = db.prepare(
      `INSERT INTO price_history (product_id, market, currency, amount_minor, changed_at, source) VALUES (?, ?, ?, ?, ?, ?)`,
    );
    this.insertRow = db.prepare(
      `INSERT INTO products (id, sku, name, pitch, bullets, images, net_quantity, net_unit, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.pricesOf = db.prepare(`SELECT * FROM product_prices WHERE product_id IN (SELECT value FROM json_each(?)) ORDER BY market`);
  }

  count(): number {
    return (this.countAll.get() as { n: number }).n;
  }

  list(query: string | undefined, limit: number): { products: Product[]; total: number } {
    if (!query) {
      const rows = this.firstRows.all({ limit }) as ProductRow[];
      return { products: this.withPrices(rows), total: this.count() };
    }
    const p = `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const rows = this.matchingRows.all({ p, limit }) as ProductRow[];
    const total = (this.countMatching.get({ p }) as { n: number }).n;
    return { products: this.withPrices(rows), total };
  }

  get(by: { id?: string; sku?: string }): Product {
    const row = (by.id !== undefined ? this.rowById.get(by.id) : this.rowBySku.get(by.sku)) as ProductRow | undefined;
    if (!row) throw (by.id !== undefined
        ? new HostError('catalog.product_not_found_id', { id: by.id })
        : new HostError('catalog.product_not_found_sku', { sku: by.sku ?? '' }));
    return this.withPrices([row])[0]!;
  }

  /** Creates or changes a product, matched by id, else by SKU. Runs in one transaction. */
  save(product: NewProduct, source: PriceSource = 'edit'): { product: Product; created: boolean } {
    return this.db.transaction(() => {
      const existing = (product.id !== undefined ? this.idById.get(product.id) : this.idBySku.get(product.sku)) as
        | { id: string }
        | undefined;
      if (!existing) return { product: this.insert(product, source), created: true };
      const clash = this.skuElsewhere.get(product.sku, existing.id);
      if (clash) throw new HostError('catalog.sku_taken', { sku: product.sku });
      this.updateRow.run(
        product.sku,
        JSON.stringify(product.name),
        JSON.stringify(product.pitch ?? {}),
        JSON.stringify(product.bullets ?? {}),
        JSON.stringify(product.images ?? []),
        product.netQuantity?.amount ?? null,
        product.netQuantity?.unit ?? null,
        this.now(),
        existing.id,
      );
      this.replacePrices(existing.id, product.prices, source);
      return { product: this.get({ id: existing.id }), created: false };
    })();
  }

  delete(id: string): void {
    const result = this.deleteRow.run(id);
    if (result.changes === 0) throw new HostError('catalog.product_not_found_id', { id });
  }

  /** Every price the product had, oldest first. */
  priceHistory(productId: string, market?: string): PriceHistoryEntry[] {
    const rows = this.historyRows.all(productId, market ?? null, market ?? null) as {
      market: string;
      currency: string;
      amount_minor: number;
      changed_at: number;
      source: string;
    }[];
    return rows.map((r) => ({ market: r.market, currency: r.currency, amountMinor: r.amount_minor, changedAt: r.changed_at, source: r.source }));
  }

  /** Every market some product has a price in, in alphabetical order. */
  markets(): string[] {
    return (this.marketRows.all() as { market: string }[]).map((r) => r.market);
  }

  /**
   * The lowest price applied in a market between `from` and `to`: the price in force at `from` (the
   * last change before it) and every change inside the window. Null when no price was ever recorded.
   */
  lowestPrice(productId: string, market: string, from: number, to: number): number | null {
    const row = this.lowestRow.get({ productId, market, from, to }) as { low: number | null };
    return row.low;
  }

  private replacePrices(productId: string, prices: readonly MarketPrice[], source: PriceSource): void {
    const before = new Map(
      (this.currentPrices.all(productId) as {
        market: string;
        currency: string;
        amount_minor: number;
        tax_inclusive: number;
        vat_rate: number | null;
      }[]).map((r) => [r.market, r]),
    );
    this.deletePrices.run(productId);
    const now = this.now();
    for (const price of prices) {
      const old = before.get(price.market);
      // A change of what viewers pay: the amount, or how it is entered (net/gross, VAT rate).
      const oldShown = old && shownPrice({ market: old.market, amountMinor: old.amount_minor, taxInclusive: old.tax_inclusive === 1, ...(old.vat_rate !== null ? { vatRate: old.vat_rate } : {}) }, now).amountMinor;
      const changed = !old || oldShown !== shownPrice(price, now).amountMinor || old.currency !== price.currency;
      this.insertPrice(productId, price, changed ? source : null);
    }
  }

  private insertPrice(productId: string, price: MarketPrice, historySource: PriceSource | null): void {
    this.insertPriceRow.run(
      productId,
      price.market,
      price.currency,
      price.amountMinor,
      price.taxInclusive ? 1 : 0,
      price.shippingTime ?? null,
      price.purchaseUrl ?? null,
      price.vatRate ?? null,
      price.deliveryDays?.min ?? null,
      price.deliveryDays?.max ?? null,
    );
    if (historySource !== null) {
      // The history keeps what viewers paid (gross where the market shows gross prices): the 30-day low is theirs.
      const time = this.now();
      this.insertHistoryRow.run(productId, price.market, price.currency, shownPrice(price, time).amountMinor, time, historySource);
    }
  }

  insert(product: NewProduct, source: PriceSource = 'seed'): Product {
    const time = this.now();
    const id = product.id ?? randomUUID();
    this.insertRow.run(
      id,
      product.sku,
      JSON.stringify(product.name),
      JSON.stringify(product.pitch ?? {}),
      JSON.stringify(product.bullets ?? {}),
      JSON.stringify(product.images ?? []),
      product.netQuantity?.amount ?? null,
      product.netQuantity?.unit ?? null,
      time,
      time,
    );
    for (const price of product.prices) this.insertPrice(id, price, source);
    return this.get({ id });
  }

  private withPrices(rows: ProductRow[]): Product[] {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const prices = this.pricesOf.all(JSON.stringify(ids)) as PriceRow[];
    const byProduct = new Map<string, MarketPrice[]>();
    for (const p of prices) {
      const list = byProduct.get(p.product_id) ?? [];
      list.push({
        market: p.market,
        currency: p.currency,
        amountMinor: p.amount_minor,
        taxInclusive: p.tax_inclusive === 1,
        ...(p.vat_rate !== null ? { vatRate: p.vat_rate } : {}),
        ...(p.shipping_time !== null ? { shippingTime: p.shipping_time } : {}),
        ...(p.delivery_min !== null && p.delivery_max !== null ? { deliveryDays: { min: p.delivery_min, max: p.delivery_max } } : {}),
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
      ...(r.net_quantity !== null && r.net_unit !== null ? { netQuantity: { amount: r.net_quantity, unit: r.net_unit as QuantityUnit } } : {}),
      prices: byProduct.get(r.id) ?? [],
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    }));
  }
}
