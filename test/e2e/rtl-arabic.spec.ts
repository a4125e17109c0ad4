import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { startObs, type ObsInstance } from '../support/obs';
import { expect, rest, test } from './fixtures';

// The studio in Arabic: every page reads right to left, the navigation is mirrored, nothing shows an
// i18next key or falls back to English, and OBS scene names and tallies stay as they are.
let obs: ObsInstance;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  obs = await startObs();
});
test.afterAll(async () => {
  await obs?.dispose();
});

const localesDir = path.resolve(import.meta.dirname, '../../locales');
const namespaces = fs.readdirSync(path.join(localesDir, 'en')).map((f) => f.replace(/\.json$/, ''));
function leaves(value: unknown, at: string[] = []): [string, string][] {
  if (typeof value === 'string') return [[at.join('.'), value]];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => leaves(v, [...at, k]));
}
const read = (lang: string, ns: string) => JSON.parse(fs.readFileSync(path.join(localesDir, lang, `${ns}.json`), 'utf8')) as unknown;
/** Key paths as i18next shows them when a text is missing ("live:connection.title", "connection.title"). */
const keyPaths = namespaces.flatMap((ns) => leaves(read('en', ns)).flatMap(([key]) => (key.includes('.') ? [`${ns}:${key}`, key] : [`${ns}:${key}`])));
/** English texts that differ from the Arabic ones: seeing one means a text fell back to English. */
const englishOnly = [
  ...new Set(
    namespaces.flatMap((ns) => {
      const arabic = new Set(leaves(read('ar', ns)).map(([, v]) => v));
      return leaves(read('en', ns))
        .map(([, v]) => v)
        .filter((v) => !v.includes('{{') && v.length >= 6 && /[a-z]{3}/.test(v) && !arabic.has(v));
    }),
  ),
];

/**
 * What is wrong with the visible text of a page: key paths and English fallbacks found in it. A text
 * node equal to an English text (or holding a long one) fell back; a short English word inside a name
 * (the OBS scene "Product Closeup") is content, not a fallback.
 */
async function untranslated(page: Page): Promise<string[]> {
  const segments = await page.locator('body').evaluate((body) => {
    const found: string[] = [];
    const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      const text = node.textContent?.trim();
      if (text && parent && parent.getClientRects().length > 0 && getComputedStyle(parent).visibility !== 'hidden') found.push(text);
    }
    return found;
  });
  const words = new Set(segments.flatMap((s) => s.split(/[\s()«»"“”,;؛،]+/).map((w) => w.replace(/[.:…]+$/, ''))));
  const keys = keyPaths.filter((k) => words.has(k));
  const english = englishOnly.filter((e) => segments.some((s) => s === e || (e.length >= 24 && s.includes(e))));
  return [...keys.map((k) => `key ${k}`), ...english.map((e) => `English "${e}"`)];
}

async function expectRtl(page: Page) {
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
}

const shots = 'test-results/shots';
const arabicScript = `# شاي الياسمين الفضي

أهلًا بكم جميعًا ومرحبًا بعودتكم، اليوم نتذوق شايًا أبيض مميزًا جدًا من فوجيان. ${'كل برعم قُطف يدويًا في أول الربيع. '.repeat(6)}

[[scene:Product Closeup]] انظروا إلى هذه الإبر الفضية، كل برعم قُطف يدويًا في أول الربيع.

[[card:TEA-JASMINE-100]] مئة غرام تكفي نحو خمسين كوبًا، فتدوم أسابيع. ${'والشحن مجاني إلى باب بيتك. '.repeat(6)}

[[mark:السعر]] اليوم فقط، أربعة وعشرون دولارًا مع شحن مجاني.`;
const englishScript = `# Jasmine silver needle

Hello everyone and welcome back. [[scene:Product Closeup]] Look at these silver needles.

[[card:TEA-JASMINE-100]] One hundred grams makes about fifty cups. [[mark:Price]] Today only.`;

test('in Arabic the control room, the prompter lane and the chat page read right to left, mirrored, with nothing untranslated', async ({ page, served }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await rest(served, 'obs.connect', { url: obs.url });
  await rest(served, 'session.start', { title: 'إطلاق الشاي، الإمارات', market: 'US', hosts: ['سارة'] });
  await page.goto(served.url + '#/live');
  await expect(page.getByTestId('link-badge')).toHaveAttribute('data-state', 'online');
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');

  // The user picks العربية: the page turns right to left at once, no reload.
  await page.getByTestId('language-switcher').selectOption('ar');
  await expectRtl(page);
  await expect(page.locator('.nav-item').first()).toHaveText('البث');

  // Mirrored: the first page of the navigation is right of the last, the navigation right of the status badges.
  const first = (await page.locator('.nav-item').first().boundingBox())!;
  const last = (await page.locator('.nav-item').last().boundingBox())!;
  expect(first.x).toBeGreaterThan(last.x + last.width);
  const badges = (await page.locator('.topbar-right').boundingBox())!;
  expect(last.x).toBeGreaterThan(badges.x + badges.width);

  // OBS scene names stay as OBS has them (left to right inside the mirrored grid), the tally stays red.
  const onAir = page.locator('[data-tally="program"]');
  await expect(onAir).toHaveCount(1);
  await expect(onAir.locator('.tally-label--program')).toHaveText('على الهواء');
  expect(await onAir.evaluate((el) => getComputedStyle(el).borderTopColor)).toBe('rgb(229, 50, 45)');
  await expect(page.locator('[data-scene="Product Closeup"]')).toContainText('Product Closeup');
  expect(await untranslated(page)).toEqual([]);
  await page.screenshot({ path: `${shots}/ar-live.png`, fullPage: true });

  await page.goto(served.url + '#/catalog');
  await expect(page.getByTestId('select-TEA-JASMINE-100')).toBeVisible();
  await expectRtl(page);
  expect(await untranslated(page)).toEqual([]);
  await page.screenshot({ path: `${shots}/ar-catalog.png`, fullPage: true });

  await rest(served, 'session.note', { text: 'العميل سأل عن الشحن إلى دبي' });
  await page.goto(served.url + '#/sessions');
  await expect(page.getByTestId('session-row').first()).toContainText('إطلاق الشاي، الإمارات');
  await expectRtl(page);
  expect(await untranslated(page)).toEqual([]);
  await page.screenshot({ path: `${shots}/ar-sessions.png`, fullPage: true });
  await page.getByTestId('session-row').first().getByRole('button', { name: 'فتح' }).click();
  await expect(page.getByText('العميل سأل عن الشحن إلى دبي').filter({ visible: true }).first()).toBeVisible();
  expect(await untranslated(page)).toEqual([]);
  await page.screenshot({ path: `${shots}/ar-session-detail.png`, fullPage: true });

  await page.goto(served.url + '#/settings');
  await expect(page.getByRole('heading', { name: 'الإعدادات' })).toBeVisible();
  await expectRtl(page);
  expect(await untranslated(page)).toEqual([]);
  await page.screenshot({ path: `${shots}/ar-settings.png`, fullPage: true });

  // Viewers write in Arabic and English: each comment keeps its own direction in the mirrored dock.
  const { token } = await rest<{ token: string }>(served, 'chat.ingestLink');
  await rest(
    served,
    'chat.ingest',
    {
      messages: [
        { platform: 'tiktok', messageId: 'ar-1', authorName: 'ليلى', authorId: 'laila', text: 'كم سعر الشحن إلى دبي؟' },
        { platform: 'youtube', messageId: 'en-1', authorName: 'Sam', authorId: 'sam', text: 'Is it organic? 100 g, right?' },
      ],
    },
    token,
  );
  await page.goto(served.url + '#/chat');
  await expect(page.getByTestId('chat-list').getByText('كم سعر الشحن إلى دبي؟')).toBeVisible();
  await expectRtl(page);
  expect(await untranslated(page)).toEqual([]);
  await page.screenshot({ path: `${shots}/ar-chat.png`, fullPage: true });

  const { script } = await rest<{ script: { id: string } }>(served, 'prompter.saveScript', {
    title: 'Jasmine',
    leadLanguage: 'en',
    variants: { en: englishScript, ar: arabicScript },
  });
  await rest(served, 'prompter.load', { scriptId: script.id });
  await page.goto(served.url + '#/prompter');
  await expect(page.getByTestId('script-title')).toHaveValue('Jasmine');
  await expectRtl(page);
  expect(await untranslated(page)).toEqual([]);
  await page.screenshot({ path: `${shots}/ar-prompter-page.png`, fullPage: true });

  // The Arabic co-host's lane: the HUD and side panel read right to left, the script too, the reading
  // line's arrow on the right where the lines start.
  const link = await rest<{ url: string }>(served, 'prompter.coHostLink', { language: 'ar' });
  const lane = await page.context().newPage();
  await lane.setViewportSize({ width: 1280, height: 800 });
  await lane.goto(link.url);
  await expect(lane.getByTestId('reader-content')).toContainText('شاي الياسمين الفضي');
  await expectRtl(lane);
  await expect(lane.getByTestId('reader-content')).toHaveAttribute('dir', 'rtl');
  const status = (await lane.getByTestId('prompter-status').boundingBox())!;
  const speed = (await lane.getByTestId('prompter-speed').boundingBox())!;
  expect(status.x).toBeGreaterThan(speed.x);
  const arrowSide = await lane.locator('.reading-line').evaluate((el) => {
    const line = el.getBoundingClientRect();
    const arrow = getComputedStyle(el, '::before');
    return { right: arrow.right, left: arrow.left, width: line.width };
  });
  expect(arrowSide.right).toBe('0px');
  await lane.getByRole('button', { name: 'العرض' }).click();
  await expect(lane.locator('.prompter-panel')).toBeVisible();
  const panel = (await lane.locator('.prompter-panel').boundingBox())!;
  expect(panel.x).toBeLessThan(1280 / 2);
  expect(await untranslated(lane)).toEqual([]);
  await lane.screenshot({ path: `${shots}/ar-prompter-lane.png` });
  await lane.close();
});

test('the overlay of an Arabic market shows the card right to left, in Arabic, where the scene puts it', async ({ page, served }) => {
  await rest(served, 'catalog.saveProduct', {
    product: {
      sku: 'TEA-AE-1',
      name: { en: 'Jasmine Silver Needle Tea, 100 g', ar: 'شاي الياسمين الفضي، 100 غ' },
      prices: [{ market: 'AE', currency: 'AED', amountMinor: 8950, taxInclusive: true, shippingTime: '3–5 أيام', purchaseUrl: 'https://shop.example.com/ae/tea' }],
    },
  });
  const { overlayLinks } = await rest<{ overlayLinks: { market: string; url: string }[] }>(served, 'outputs.list');
  const link = overlayLinks.find((l) => l.market === 'AE')!;
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(link.url);
  await expect(page.getByTestId('overlay')).toHaveAttribute('data-ready', 'true');
  await rest(served, 'card.pin', { sku: 'TEA-AE-1', market: 'AE' });
  const card = page.getByTestId('overlay-card');
  await expect(page.getByTestId('overlay-name')).toHaveText('شاي الياسمين الفضي، 100 غ');
  await expect(card).toHaveAttribute('lang', 'ar');
  await expect(card).toHaveAttribute('dir', 'rtl');
  await expect(card).toContainText('الشحن: 3–5 أيام');
  await expect(page.getByTestId('overlay-price')).toContainText('89.50');

  const { deal } = await rest<{ deal: { id: string } }>(served, 'deal.create', { sku: 'TEA-AE-1', market: 'AE', dealPriceMinor: 6950, stock: 40, durationS: 300, leadInS: 0 });
  await rest(served, 'deal.start', { dealId: deal.id });
  await expect(card).toHaveAttribute('data-deal-state', 'live');
  await expect(page.getByTestId('overlay-stock')).toHaveText('متبقٍ 40 من 40');
  await expect(card).toContainText('ينتهي خلال');
  // The card keeps its place in the scene (lower left); only its inside is mirrored: the QR code on the left.
  const box = (await card.boundingBox())!;
  expect(box.x).toBeLessThan(1280 / 2);
  const qr = (await card.locator('.card-qr').boundingBox())!;
  const name = (await page.getByTestId('overlay-name').boundingBox())!;
  expect(qr.x + qr.width).toBeLessThan(name.x);

  // A pinned viewer comment takes its own direction: Arabic right to left, English left to right.
  const { token } = await rest<{ token: string }>(served, 'chat.ingestLink');
  await rest(served, 'chat.ingest', { messages: [{ platform: 'tiktok', messageId: 'ar-2', authorName: 'ليلى', authorId: 'laila', text: 'وصلني الطلب، الشاي رائع!' }] }, token);
  const { messages } = await rest<{ messages: { id: string }[] }>(served, 'chat.list', { limit: 10 });
  await rest(served, 'chat.pin', { id: messages[0]!.id });
  await expect(page.getByTestId('overlay-comment-text')).toHaveText('وصلني الطلب، الشاي رائع!');
  expect(await page.getByTestId('overlay-comment-text').evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
  expect(await page.getByTestId('overlay-comment').evaluate((el) => getComputedStyle(el).borderRightWidth)).toBe('8px');
  await page.screenshot({ path: `${shots}/ar-overlay.png` });
});

