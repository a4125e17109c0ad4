import type { MethodOutput } from '../../../electron/shared/contract';
import type { PriceHistoryEntry, Product, ProductInput } from '../../../electron/shared/contract/catalog';
import type { HostClient } from '../transport';
import type { EventHandler, Slice } from './types';

export type ImportResult = MethodOutput<'catalog.import'>;

export interface CatalogSlice {
  products: Product[];
  productsTotal: number;
  productsLoaded: boolean;
  /** The last import's outcome (errors stay visible until the next import). */
  lastImport: (ImportResult & { fileName: string; format: 'csv' | 'json'; content: string }) | null;
  priceHistory: { productId: string; entries: PriceHistoryEntry[] } | null;
  loadProducts(query?: string): Promise<void>;
  importCatalog(fileName: string, content: string, mode?: 'all' | 'validOnly'): Promise<ImportResult>;
  exportCatalog(format: 'csv' | 'json'): Promise<MethodOutput<'catalog.export'>>;
  saveProduct(product: ProductInput): Promise<Product>;
  loadPriceHistory(productId: string | null): Promise<void>;
  clearImport(): void;
}

export const createCatalogSlice =
  (client: HostClient): Slice<CatalogSlice> =>
  (set, get) => ({
    products: [],
    productsTotal: 0,
    productsLoaded: false,
    lastImport: null,
    priceHistory: null,
    async loadProducts(query) {
      const { products, total } = await client.call('catalog.listProducts', query ? { query } : {});
      set({ products, productsTotal: total, productsLoaded: true });
    },
    async importCatalog(fileName, content, mode = 'all') {
      const format = /\.json$/i.test(fileName) ? 'json' : 'csv';
      const result = await client.call('catalog.import', { format, content, mode });
      set({ lastImport: { ...result, fileName, format, content } });
      return result;
    },
    exportCatalog: (format) => client.call('catalog.export', { format }),
    async saveProduct(product) {
      const saved = await client.call('catalog.saveProduct', { product });
      if (get().priceHistory?.productId === saved.id) await get().loadPriceHistory(saved.id);
      return saved;
    },
    async loadPriceHistory(productId) {
      if (!productId) return set({ priceHistory: null });
      const { entries } = await client.call('catalog.priceHistory', { productId });
      set({ priceHistory: { productId, entries } });
    },
    clearImport: () => set({ lastImport: null }),
  });

export const onCatalogEvent: EventHandler = (event, _set, get) => {
  if (event.name === 'catalog.changed') void get().loadProducts();
};
