import { afterEach, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from '../../support/host';
import { tempDir } from '../../support/temp';

const hosts: TestHost[] = [];
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.stop();
});

describe('demo catalog', () => {
  it('seeds an empty data folder with at least 3 products localized in en, zh-CN and es, priced in USD, EUR and CNY', async () => {
    const h = await startTestHost();
    hosts.push(h);
    const { products } = await h.call('catalog.listProducts', {});
    expect(products.length).toBeGreaterThanOrEqual(3);
    for (const p of products) {
      for (const lang of ['en', 'zh-CN', 'es']) {
        expect(p.name[lang], `${p.sku} name ${lang}`).toBeTruthy();
        expect(p.pitch[lang], `${p.sku} pitch ${lang}`).toBeTruthy();
      }
      expect(new Set(p.prices.map((x) => x.currency))).toEqual(new Set(['USD', 'EUR', 'CNY']));
    }
  });

  it('never overwrites or re-adds products once the data folder has been used', async () => {
    const temp = tempDir();
    let h = await startTestHost({ dataDir: temp.dir });
    const tea = await h.call('catalog.getProduct', { sku: 'TEA-JASMINE-100' });
    h.host.context.db.prepare(`UPDATE products SET name = json_set(name, '$.en', 'My own tea') WHERE id = ?`).run(tea.id);
    h.host.context.db.prepare(`DELETE FROM products WHERE sku = 'SILK-SCARF-RED'`).run();
    await h.stop();

    h = await startTestHost({ dataDir: temp.dir });
    const { products } = await h.call('catalog.listProducts', {});
    expect(products.map((p) => p.sku)).not.toContain('SILK-SCARF-RED');
    expect(products.find((p) => p.sku === 'TEA-JASMINE-100')!.name.en).toBe('My own tea');
    expect(await h.call('catalog.seedDemo')).toEqual({ added: 0 });
    await h.stop();
    temp.cleanup();
  });

  it('does not seed a catalog that already has products', async () => {
    const temp = tempDir();
    let h = await startTestHost({ dataDir: temp.dir, seedDemo: false });
    h.host.context.db
      .prepare(`INSERT INTO products (id, sku, name, pitch, created_at, updated_at) VALUES ('p1', 'OWN-1', '{"en":"Own"}', '{}', 0, 0)`)
      .run();
    await h.stop();
    h = await startTestHost({ dataDir: temp.dir });
    expect((await h.call('catalog.listProducts', {})).products.map((p) => p.sku)).toEqual(['OWN-1']);
    await h.stop();
    temp.cleanup();
  });
});

describe('demo script', () => {
  it('gives a new data folder one clean three-language script tied to the demo tea, once', async () => {
    const temp = tempDir();
    let h = await startTestHost({ dataDir: temp.dir });
    const { scripts } = await h.call('prompter.listScripts', {});
    expect(scripts).toHaveLength(1);
    const script = await h.call('prompter.getScript', { id: scripts[0]!.id });
    expect(Object.keys(script.variants).sort()).toEqual(['en', 'es', 'zh-CN']);
    const tea = await h.call('catalog.getProduct', { sku: 'TEA-JASMINE-100' });
    expect(script.productId).toBe(tea.id);
    const lint = await h.call('prompter.lint', { scriptId: script.id });
    expect({ errors: lint.errorCount, warnings: lint.warningCount, missing: lint.missing }).toEqual({ errors: 0, warnings: 0, missing: [] });
    // Every cue is aligned across the three languages.
    expect(lint.cues.length).toBe(5);
    for (const cue of lint.cues) expect(cue.languages.sort(), cue.id).toEqual(['en', 'es', 'zh-CN']);
    await h.call('prompter.deleteScript', { id: script.id });
    await h.stop();

    h = await startTestHost({ dataDir: temp.dir });
    expect((await h.call('prompter.listScripts', {})).scripts).toHaveLength(0);
    await h.stop();
    temp.cleanup();
  });
});
