import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { HostMetaStore } from '../../db/host-meta';
import demoScript from '../../../../resources/demo-script.json';
import type { ScriptStore } from './script-store';

const demoFile = z.object({
  title: z.string(),
  sku: z.string(),
  leadLanguage: z.string(),
  variants: z.record(z.string(), z.string()),
});

const seededKey = 'demo_script_seeded';

/**
 * Adds a three-language demo script for the demo tea, once, to a data folder that has no scripts, so a
 * new user can press play and see lanes stay in step. Never touches existing scripts.
 */
export function seedDemoScript(db: Database, scripts: ScriptStore): boolean {
  return db.transaction(() => {
    const meta = new HostMetaStore(db);
    if (meta.has(seededKey)) return false;
    meta.set(seededKey, String(Date.now()));
    if (scripts.list({}).length > 0) return false;
    const demo = demoFile.parse(demoScript);
    const product = db.prepare('SELECT id FROM products WHERE sku = ?').get(demo.sku) as { id: string } | undefined;
    scripts.save({ title: demo.title, productId: product?.id ?? null, leadLanguage: demo.leadLanguage, variants: demo.variants });
    return true;
  }).immediate();
}
