import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, rest, test } from './fixtures';

// The control room and a prompter lane in each UI language other than English and Chinese (Arabic: rtl-arabic.spec.ts): every text on
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
const scriptIn = (title: string, a: string, b: string, mark: string, c: string) =>
  `# ${title}\n\n${paragraph(a)}\n\n[[card:TEA-JASMINE-100]] ${paragraph(b)}\n\n[[mark:${mark}]] ${paragraph(c)}`;
const english = scriptIn('Jasmine', 'Hello everyone, today we taste a white tea from Fujian.', 'One hundred grams makes about fifty cups.', 'Price', 'Today only, free shipping.');

/** The languages besides English and Chinese (Arabic has its own right-to-left test), each with a script of its own. */
const languages = [
  { lang: 'id', title: 'Peluncuran teh melati, malam WIB', script: scriptIn('Melati', 'Halo semuanya, hari ini kita mencicipi teh putih dari Fujian.', 'Seratus gram cukup untuk sekitar lima puluh cangkir.', 'Harga', 'Hanya hari ini, gratis ongkir.'), opening: 'Halo semuanya' },
  { lang: 'es', title: 'Lanzamiento del té de jazmín', script: scriptIn('Jazmín', 'Hola a todos, hoy probamos un té blanco de Fujian.', 'Cien gramos dan para unas cincuenta tazas.', 'Precio', 'Solo hoy, envío gratis.'), opening: 'Hola a todos' },
  { lang: 'vi', title: 'Ra mắt trà nhài buổi tối', script: scriptIn('Trà nhài', 'Xin chào mọi người, hôm nay chúng ta thử trà trắng Phúc Kiến.', 'Một trăm gam pha được khoảng năm mươi tách.', 'Giá', 'Chỉ hôm nay, miễn phí vận chuyển.'), opening: 'Xin chào mọi người' },
] as const;

/** A text of a language by its key path, as the page shows it (a trailing ellipsis of a button dropped). */
function textOf(lang: string, ns: string, key: string): string {
  const leaf = read(lang, `${ns}.json`).find((l) => l.path.join('.') === key);
  if (!leaf) throw new Error(`${lang}/${ns}.json has no ${key}`);
  return leaf.value.replace(/…$/, '');
}
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

for (const { lang, title, script, opening } of languages) {
  test(`in ${lang} the control room and a prompter lane show that language's texts, no English leftover and no key path`, async ({ page, served }) => {
    test.setTimeout(120_000);
    const leftovers = leftoversOf(lang);
    await rest(served, 'settings.set', { general: { language: lang } });
    await rest(served, 'session.start', { title, market: 'US', hosts: ['Ana', 'Dewi'], languages: ['en', lang] });
    const { script: saved } = await rest<{ script: { id: string } }>(served, 'prompter.saveScript', { title, leadLanguage: lang, variants: { en: english, [lang]: script } });
    await rest(served, 'prompter.load', { scriptId: saved.id });
    await page.setViewportSize({ width: 1280, height: 800 });
    fs.mkdirSync('test-results/shots', { recursive: true });

    const pages: [string, string][] = [
      ['live', textOf(lang, 'live', 'connection.title')],
      ['prompter', textOf(lang, 'prompter', 'newScript')],
      ['catalog', textOf(lang, 'catalog', 'import')],
      ['sessions', textOf(lang, 'sessions', 'import.pick')],
      ['settings', textOf(lang, 'settings', 'uiLanguage')],
    ];
    for (const [id, shows] of pages) {
      await page.goto(`${served.url}#/${id}`);
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      await expect(page.getByTestId('link-badge')).toHaveAttribute('data-state', 'online');
      await expect(page.getByTestId('session-bar')).toHaveAttribute('data-state', 'live');
      await expect(page.locator('body')).toContainText(new RegExp(escape(shows)));
      await expect(page.getByRole('navigation').getByRole('link', { name: textOf(lang, 'common', 'nav.catalog') })).toBeVisible();
      await page.screenshot({ path: `test-results/shots/${lang}-${id}.png`, fullPage: true });
      await expectNoLeftovers(page, `${lang} #/${id}`, leftovers);
    }
    if (lang === 'id') await expect(page.getByTestId('language-switcher').first().locator('option[value="id"]')).toHaveText('Bahasa Indonesia');

    // The host's lane, reading the script in the language: its controls speak it too.
    const lane = await page.context().newPage();
    await lane.setViewportSize({ width: 1280, height: 800 });
    await lane.goto(`${served.baseUrl}/prompter?token=${served.token}&lane=lead&lang=${lang}`);
    await expect(lane.locator('html')).toHaveAttribute('lang', lang);
    await expect(lane.locator('body')).toContainText(opening);
    await expect(lane.getByTestId('prompter-status')).toHaveText(textOf(lang, 'prompter', 'paused'));
    await lane.screenshot({ path: `test-results/shots/${lang}-prompter-lane.png` });
    await expectNoLeftovers(lane, `${lang} prompter lane`, leftovers);
    await lane.close();
  });
}
