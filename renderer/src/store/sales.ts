import type { EventPayload, MethodOutput } from '../../../electron/shared/contract';
import type { SalesSummary } from '../../../electron/shared/contract/audience';
import type { ProductLabel } from '../../../electron/shared/contract/session';
import type { HostClient } from '../transport';
import type { EventHandler, Slice } from './types';

export type ViewerDrop = EventPayload<'audience.viewerDrop'>;
export type SalesReview = MethodOutput<'sales.review'>;

/**
 * The Live page's sales panel (the live session's revenue, orders, viewers, chat) and the viewer-drop
 * alarm; the Sessions page's sales review. The host sums everything: the panel shows `sales.changed` as
 * it arrives and asks again only when the live session changes or the link comes back.
 */
export interface SalesSlice {
  salesSummary: SalesSummary | null;
  /** The last sharp drop of viewers, until the host dismisses it, pins a product or starts a deal. */
  viewerDrop: ViewerDrop | null;
  /** Catalog names of the products the panel lists (null: not in the catalog any more). */
  salesProducts: Record<string, ProductLabel | null>;
  loadSales(): Promise<void>;
  /** A summary the host sent (`sales.changed`) or answered: shown, its new products named. */
  receiveSalesSummary(summary: SalesSummary): Promise<void>;
  /** Looks up, in the catalog, the names of products this window does not know yet (`salesProducts`). */
  nameSalesProducts(productIds: readonly string[]): Promise<void>;
  dismissViewerDrop(): void;
  loadSalesReview(sessionId: string): Promise<SalesReview>;
  /** A script's A/B versions compared over every session that ran them. */
  compareScriptVersions(scriptId: string): Promise<MethodOutput<'sales.versions'>>;
}

export const createSalesSlice =
  (client: HostClient): Slice<SalesSlice> =>
  (set, get) => ({
    salesSummary: null,
    viewerDrop: null,
    salesProducts: {},
    async loadSales() {
      await get().receiveSalesSummary(await client.call('sales.summary', {}));
    },
    async receiveSalesSummary(summary) {
      set({ salesSummary: summary });
      await get().nameSalesProducts(summary.topProducts.map((p) => p.productId));
    },
    async nameSalesProducts(productIds) {
      // The loaded catalog list first, else one call per product (top products and review rows are few).
      const missing = [...new Set(productIds)].filter((id) => !(id in get().salesProducts));
      if (missing.length === 0) return;
      const found: Record<string, ProductLabel | null> = {};
      await Promise.all(
        missing.map(async (id) => {
          const known = get().products.find((p) => p.id === id);
          if (known) return void (found[id] = { sku: known.sku, name: known.name });
          try {
            const product = await client.call('catalog.getProduct', { id });
            found[id] = { sku: product.sku, name: product.name };
          } catch {
            // Deleted from the catalog since the order: shown by the host's label or its id.
            found[id] = null;
          }
        }),
      );
      set({ salesProducts: { ...get().salesProducts, ...found } });
    },
    dismissViewerDrop: () => set({ viewerDrop: null }),
    loadSalesReview: (sessionId) => client.call('sales.review', { sessionId }),
    compareScriptVersions: (scriptId) => client.call('sales.versions', { scriptId }),
  });

export const onSalesEvent: EventHandler = (event, set, get) => {
  switch (event.name) {
    case 'sales.changed':
      void get().receiveSalesSummary(event.payload).catch(() => {});
      break;
    case 'audience.viewerDrop':
      set({ viewerDrop: event.payload });
      break;
    // What the alarm asks for was done: it has served.
    case 'product.pinned':
    case 'deal.countdown':
    case 'deal.started':
      if (get().viewerDrop) set({ viewerDrop: null });
      break;
    case 'session.changed': {
      // Another session went live (or none is): its own figures, and an alarm of the last one is stale.
      const id = event.payload.session?.id ?? null;
      if (id !== (get().salesSummary?.sessionId ?? null)) {
        set({ viewerDrop: null });
        void get().loadSales().catch(() => {});
      }
      break;
    }
    case 'catalog.changed': {
      // A product renamed in the catalog reads with its new name in the panel.
      const changed = new Set(event.payload.productIds);
      set({ salesProducts: Object.fromEntries(Object.entries(get().salesProducts).filter(([id]) => !changed.has(id))) });
      const summary = get().salesSummary;
      if (summary) void get().receiveSalesSummary(summary).catch(() => {});
      break;
    }
  }
};
