import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, rest, test } from './fixtures';

// The control room and a prompter lane in a UI language other than English and Chinese: every text on
// screen comes from that language's files, none is an English leftover or a bare key path.
const localesDir = path.resolve(import.meta.dirname, '../../locales');
const namespaces = fs.readdirSync(path.join(localesDir, 'en')).filter((f) => f.endsWith('.json'));

function leavesOf(value: unknown, at: string[] = []): { path: string[]; value: string }[] {
  if (typeof value !== 'object' || value === null) return [{ path: at, value: String(value) }];
  return Object.entries(value).flatMap(([k, v]) => leavesOf(v, [...at, k]));
}
const read = (lang: string, ns: string) => leavesOf(JSON.parse(fs.readFileSync(path.join(localesDir, lang, ns), 'utf8')));

/** What would betray a missing text: English texts the language says otherwise, and every key path (with and without its namespace). */
function leftoversOf(lang: string): { english: string[]; keys: string[] } {
  const own = new Set(namespaces.flatMap((ns) => read(lang, ns).map((l) => l.value)));
  const english = new Set<string>();
  const keys = new Set<string>();
  for (const ns of namespaces) {
    for (const leaf of read('en', ns)) {
      const key = leaf.path.join('.');
      keys.add(key).add(`${ns.replace(/\.json$/, '')}:${key}`);
      // Texts with placeholders never show as written; words the language keeps (OBS, SKU, Live) are no leftover.
      if (!leaf.value.includes('{{') && !own.has(leaf.value)) english.add(leaf.value.trim());
    }
  }
  return { english: [...english], keys: [...keys].filter((k) => k.includes('.') || k.includes(':')) };
}

/** Every text a user reads or hears on the page: visible text nodes, and titles, labels and placeholders. */
async function shownTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const texts: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (parent && parent.getClientRects().length > 0 && !parent.closest('script,style,textarea')) texts.push(node.textContent ?? '');
    }
    for (const el of document.querySelectorAll('[title],[aria-label],[placeholder]')) {
      for (const attr of ['title', 'aria-label', 'placeholder']) {
        const value = el.getAttribute(attr);
        if (value) texts.push(value);
      }
    }
    return texts.map((t) => t.trim()).filter(Boolean);
  });
}

async function expectNoLeftovers(page: Page, where: string, leftovers: { english: string[]; keys: string[] }) {
  const texts = await shownTexts(page);
  const english = new Set(leftovers.english);
  expect(texts.filter((t) => english.has(t)), `${where}: English texts left`).toEqual([]);
  const keys = new Set(leftovers.keys);
  expect(texts.filter((t) => keys.has(t)), `${where}: key paths shown`).toEqual([]);
}

const paragraph = (words: string) => Array.from({ length: 6 }, () => words).join(' ');
const script = {
  en: `# Jasmine\n\n${paragraph('Hello everyone, today we taste a white tea from Fujian.')}\n\n[[card:TEA-JASMINE-100]] ${paragraph('One hundred grams makes about fifty cups.')}\n\n[[mark:Price]] ${paragraph('Today only, free shipping.')}`,
  id: `# Melati\n\n${paragraph('Halo semuanya, hari ini kita mencicipi teh putih dari Fujian.')}\n\n[[card:TEA-JASMINE-100]] ${paragraph('Seratus gram cukup untuk sekitar lima puluh cangkir.')}\n\n[[mark:Harga]] ${paragraph('Hanya hari ini, gratis ongkir.')}`,
};

test('in Bahasa Indonesia the control room and a prompter lane show Indonesian texts, no English leftover and no key path', async ({ page, served }) => {
  test.setTimeout(120_000);
  const leftovers = leftoversOf('id');
  await rest(served, 'settings.set', { general: { language: 'id' } });
  await rest(served, 'session.start', { title: 'Peluncuran teh melati, malam WIB', market: 'US', hosts: ['Ana', 'Dewi'], languages: ['en', 'id'] });
  const { script: saved } = await rest<{ script: { id: string } }>(served, 'prompter.saveScript', { title: 'Teh melati', leadLanguage: 'id', variants: script });
  await rest(served, 'prompter.load', { scriptId: saved.id });
  await page.setViewportSize({ width: 1280, height: 800 });
  fs.mkdirSync('test-results/shots', { recursive: true });

  const pages: [string, RegExp][] = [
    ['live', /Koneksi OBS/],
    ['prompter', /Naskah baru/],
    ['catalog', /Impor CSV \/ JSON/],
    ['sessions', /Impor arsip/],
    ['settings', /Bahasa antarmuka/],
  ];
  for (const [id, shows] of pages) {
    await page.goto(`${served.url}#/${id}`);
    await expect(page.locator('html')).toHaveAttribute('lang', 'id');
    await expect(page.getByTestId('link-badge')).toHaveAttribute('data-state', 'online');
    await expect(page.getByTestId('session-bar')).toHaveAttribute('data-state', 'live');
    await expect(page.locator('body')).toContainText(shows);
    await expect(page.getByRole('navigation').getByRole('link', { name: 'Katalog' })).toBeVisible();
    await page.screenshot({ path: `test-results/shots/id-${id}.png`, fullPage: true });
    await expectNoLeftovers(page, `#/${id}`, leftovers);
  }
  await expect(page.getByTestId('language-switcher').first().locator('option[value="id"]')).toHaveText('Bahasa Indonesia');

  // The host's lane, reading the Indonesian variant: its controls speak Indonesian too.
  const lane = await page.context().newPage();
  await lane.setViewportSize({ width: 1280, height: 800 });
  await lane.goto(`${served.baseUrl}/prompter?token=${served.token}&lane=lead&lang=id`);
  await expect(lane.locator('html')).toHaveAttribute('lang', 'id');
  await expect(lane.locator('body')).toContainText('Halo semuanya');
  await expect(lane.locator('body')).toContainText('JEDA');
  await lane.screenshot({ path: 'test-results/shots/id-prompter-lane.png' });
  await expectNoLeftovers(lane, 'prompter lane', leftovers);
  await lane.close();
});
