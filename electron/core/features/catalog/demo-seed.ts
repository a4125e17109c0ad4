import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { HostMetaStore } from '../../db/host-meta';
import { localizedText, marketPrice } from '../../../shared/contract/catalog';
import demoCatalog from '../../../../resources/demo-catalog.json';
import type { CatalogStore } from './catalog-store';

const demoFile = z.object({
  format: z.literal('broadcart-catalog'),
  version: z.literal(1),
  products: z.array(
    z.object({
      sku: z.string(),
      name: localizedText,
      pitch: localizedText,
      bullets: z.record(z.string(), z.array(z.string())),
      prices: z.array(marketPrice),
    }),
  ),
});

const seededKey = 'demo_catalog_seeded';

/**
 * Adds the demo catalog once, to a data folder whose catalog is empty, so a new user sees a working app.
 * It never touches existing products, and once seeded it is not added again (even if the user deletes
 * every demo product).
 */
export function seedDemoCatalog(db: Database, catalog: CatalogStore): number {
  return db.transaction(() => {
    const meta = new HostMetaStore(db);
    if (meta.has(seededKey) || catalog.count() > 0) return 0;
    const demo = demoFile.parse(demoCatalog);
    for (const p of demo.products) catalog.insert({ ...p, images: [] });
    meta.set(seededKey, String(Date.now()));
    return demo.products.length;
  }).immediate();
}
