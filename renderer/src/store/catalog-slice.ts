import type { Product } from '../../../electron/shared/contract/catalog';
import type { HostClient } from '../transport';
import type { EventHandler, Slice } from './types';

export interface CatalogSlice {
  products: Product[];
  productsTotal: number;
  productsLoaded: boolean;
  loadProducts(query?: string): Promise<void>;
}

export const createCatalogSlice =
  (client: HostClient): Slice<CatalogSlice> =>
  (set) => ({
    products: [],
    productsTotal: 0,
    productsLoaded: false,
    async loadProducts(query) {
      const { products, total } = await client.call('catalog.listProducts', query ? { query } : {});
      set({ products, productsTotal: total, productsLoaded: true });
    },
  });

export const onCatalogEvent: EventHandler = (event, _set, get) => {
  if (event.name === 'catalog.changed') void get().loadProducts();
};
