import type { Feature, HostContext } from '../../context';
import { CatalogStore } from './catalog-store';
import { catalogToCsv, parseCatalogCsv } from './catalog-csv';
import { catalogToJson, parseCatalogJson } from './catalog-json';
import { seedDemoCatalog } from './demo-seed';

export function catalogFeature(ctx: HostContext): Feature & { store: CatalogStore } {
  const store = new CatalogStore(ctx.db, ctx.now);
  const changed = (productIds: string[]) => ctx.bus.publish('catalog.changed', { productIds });
  const all = () => store.list(undefined, 100_000).products;
  return {
    name: 'catalog',
    store,
    start() {
      if (ctx.options.seedDemo !== false) seedDemoCatalog(ctx.db, store);
    },
    handlers: {
      'catalog.listProducts': ({ query, limit }) => store.list(query, limit),
      'catalog.getProduct': (by) => store.get(by),
      'catalog.seedDemo': () => {
        const added = seedDemoCatalog(ctx.db, store);
        if (added > 0) changed(store.list(undefined, 1000).products.map((p) => p.id));
        return { added };
      },
      'catalog.saveProduct': ({ product }) => {
        const saved = store.save(product, 'edit').product;
        changed([saved.id]);
        return saved;
      },
      'catalog.deleteProduct': ({ id }) => {
        store.delete(id);
        changed([id]);
        return { ok: true as const };
      },
      'catalog.priceHistory': ({ productId, market }) => {
        store.get({ id: productId });
        return { entries: store.priceHistory(productId, market) };
      },
      'catalog.import': ({ format, content, mode, dryRun }) => {
        const parsed = format === 'csv' ? parseCatalogCsv(content) : parseCatalogJson(content);
        const summary = { rows: parsed.rows, validRows: parsed.products.length, errors: parsed.errors, added: 0, updated: 0 };
        // All or nothing, unless the user explicitly asked to import the valid rows only.
        const blocked = parsed.errors.length > 0 && mode !== 'validOnly';
        if (dryRun || blocked || parsed.products.length === 0) return { ...summary, written: false };
        const ids: string[] = [];
        ctx.db.transaction(() => {
          for (const { product } of parsed.products) {
            const result = store.save(product, 'import');
            ids.push(result.product.id);
            if (result.created) summary.added++;
            else summary.updated++;
          }
        })();
        changed(ids);
        return { ...summary, written: true };
      },
      'catalog.export': ({ format }) => {
        const stamp = new Date(ctx.now()).toISOString().slice(0, 10);
        return {
          format,
          fileName: `broadcart-catalog-${stamp}.${format}`,
          content: format === 'csv' ? catalogToCsv(all()) : catalogToJson(all()),
        };
      },
    },
  };
}
