import fs from 'node:fs';
import type { Page } from '@playwright/test';
import WebSocket from 'ws';
import type { ChatMessage, IncomingChat } from '../../electron/shared/contract/audience';
import type { ServedHost } from '../support/served-host';
import { expect, rest, test } from './fixtures';

/** Screenshots of the lanes with their question panel, looked at by hand (not kept in the repo). */
const shots = process.env.SHOTS_DIR ?? 'test-results/shots';

const paragraph = (words: string) => Array.from({ length: 5 }, () => words).join(' ');
const variants = {
  en: `# Jasmine silver needle\n\n${paragraph('Hello everyone and welcome back, today we taste a very special white tea from Fujian.')}\n\n[[mark:Price]] ${paragraph('Today only, twenty four dollars with free shipping.')}`,
  es: `# Aguja de plata de jazmín\n\n${paragraph('Hola a todos y bienvenidos de nuevo, hoy probamos un té blanco muy especial de Fujian.')}\n\n[[mark:Precio]] ${paragraph('Solo hoy, veinticuatro dólares con envío gratis.')}`,
  'zh-CN': `# 茉莉银针\n\n${paragraph('大家好，欢迎回来，今天我们品尝一款来自福建的非常特别的白茶。')}\n\n[[mark:价格]] ${paragraph('仅限今天，二十四美元，包邮到家。')}`,
  ar: `# شاي الياسمين\n\n${paragraph('مرحبا بكم جميعا، اليوم نتذوق شايا أبيض مميزا جدا من فوجيان.')}\n\n[[mark:السعر]] ${paragraph('اليوم فقط، أربعة وعشرون دولارا مع شحن مجاني.')}`,
};

/** Every event the host pushes to a control client (the control room's view of the chat). */
async function controlEvents(served: ServedHost) {
  const events: { event: string; data: Record<string, unknown> }[] = [];
  const ws = new WebSocket(`ws://127.0.0.1:${served.port}/ws?token=${served.token}`);
  ws.on('message', (raw) => {
    const message = JSON.parse(raw.toString());
    if (message.event) events.push(message);
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return { events, close: () => ws.close() };
}

let sequence = 0;
/** A bridge feeding comments (TikFinity and the like) with its own ingest token. */
async function ingest(served: ServedHost, ingestToken: string, text: string, author = 'Viewer'): Promise<string> {
  const messageId = `m-${++sequence}`;
  const message: IncomingChat = { platform: 'tiktok', messageId, authorName: author, authorId: `u-${author}`, text };
  await rest(served, 'chat.ingest', { messages: [message] }, ingestToken);
  return `tiktok:${messageId}`;
}

async function language(served: ServedHost, id: string): Promise<string | null | undefined> {
  const { messages } = await rest<{ messages: ChatMessage[] }>(served, 'chat.list', { limit: 5000 });
  return messages.find((m) => m.id === id)?.language;
}

async function openLane(served: ServedHost, page: Page, lang: string) {
  const link = await rest<{ url: string }>(served, 'prompter.coHostLink', { language: lang });
  await page.goto(link.url);
  await expect(page.getByTestId('prompter-window')).toHaveAttribute('data-role', 'follower');
  await expect(page.locator('.reader')).toBeVisible();
  await expect(page.getByTestId('lane-questions')).toHaveAttribute('data-language', lang);
}

test('a Spanish question reaches the Spanish co-host lane, not the Chinese one, and is marked answered there', async ({ served, browser }) => {
  // Two devices, eight screenshots and the detector's first load: minutes on a loaded 2-core machine.
  test.setTimeout(180_000);
  const saved = await rest<{ script: { id: string } }>(served, 'prompter.saveScript', { title: 'Tea hour', leadLanguage: 'en', variants });
  await rest(served, 'prompter.load', { scriptId: saved.script.id });
  await rest(served, 'session.start', { title: 'Tea hour, LATAM + CN', market: 'US' });
  const { token: ingestToken } = await rest<{ token: string }>(served, 'chat.ingestLink', {});
  const control = await controlEvents(served);

  // The detector's profiles load in the background when chat starts: wait until a Spanish line that
  // only the statistics can tell (no ¿, no accents) is detected, with a greeting that is no question.
  await expect
    .poll(async () => language(served, await ingest(served, ingestToken, 'hola a todos desde Lima, buenas tardes')), { timeout: 30_000 })
    .toBe('es');

  // One question before the co-hosts open their lanes (they list it), the others while they watch.
  const shipping = await ingest(served, ingestToken, 'cuanto cuesta el envio a Colombia?', 'Lucía');
  const esContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const zhContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const esLane = await esContext.newPage();
  const zhLane = await zhContext.newPage();
  await openLane(served, esLane, 'es');
  await openLane(served, zhLane, 'zh-CN');
  const esQuestions = esLane.getByTestId('lane-question');
  const zhQuestions = zhLane.getByTestId('lane-question');
  await expect(esQuestions).toHaveCount(1);
  await expect(esQuestions.first()).toContainText('cuanto cuesta el envio a Colombia?');
  await expect(esQuestions.first()).toContainText('Lucía');

  const size = await ingest(served, ingestToken, '¿tienen talla M en negro?', 'Carlos');
  const stock = await ingest(served, ingestToken, '这个有现货吗', '小美');
  const black = await ingest(served, ingestToken, 'does it come in black?', 'Sam');
  await ingest(served, ingestToken, 'que bonito el color 😍', 'Ana'); // Spanish, but no question
  expect(await language(served, size)).toBe('es');
  expect(await language(served, stock)).toBe('zh-CN');

  // Newest on top; each lane has only its language's open questions.
  await expect(esQuestions).toHaveCount(2);
  await expect(esQuestions.nth(0)).toHaveAttribute('data-id', size);
  await expect(esQuestions.nth(1)).toHaveAttribute('data-id', shipping);
  await expect(zhQuestions).toHaveCount(1);
  await expect(zhQuestions.first()).toHaveAttribute('data-id', stock);
  await expect(zhLane.getByTestId('lane-questions')).not.toContainText('Colombia');
  await expect(zhLane.getByTestId('lane-questions')).not.toContainText('talla');
  await expect(esLane.getByTestId('lane-questions')).not.toContainText('现货');
  await expect(esLane.getByTestId('lane-questions')).not.toContainText('black');

  fs.mkdirSync(shots, { recursive: true });
  for (const [page, name] of [
    [esLane, 'es-lane-es-ui'],
    [zhLane, 'zh-CN-lane-zh-CN-ui'],
  ] as const) {
    for (const viewport of [
      { width: 1280, height: 800 },
      { width: 1440, height: 900 },
      { width: 1024, height: 768 },
      { width: 768, height: 1024 },
    ]) {
      await page.setViewportSize(viewport);
      // The panel sits beside the script: the reader keeps its whole width to the panel's edge.
      const [reader, panel] = await Promise.all([page.locator('.reader').boundingBox(), page.getByTestId('lane-questions').boundingBox()]);
      expect(reader!.x + reader!.width).toBeLessThanOrEqual(panel!.x + 1);
      await page.screenshot({ path: `${shots}/lane-questions-${name}-${viewport.width}x${viewport.height}.png` });
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  }

  // A click on the older question: answered from the lane; the control room hears it, by: lane.
  await esQuestions.nth(1).getByTestId('lane-question-answer').click();
  await expect(esQuestions).toHaveCount(1);
  await expect
    .poll(() => control.events.filter((e) => e.event === 'chat.updated').map((e) => e.data))
    .toContainEqual(expect.objectContaining({ id: shipping, answered: true, by: 'lane' }));

  // The keyboard: the help lists A, and A answers the top question (in Spanish: the lane speaks its language).
  await esLane.keyboard.press('?');
  const help = esLane.getByTestId('shortcut-help');
  await expect(help.locator('[data-shortcut="questions.answer"]')).toContainText('carril: la más reciente');
  await expect(help.locator('[data-shortcut="questions.answer"]')).toHaveAttribute('data-available', 'true');
  await expect(help.locator('[data-shortcut="questions.toggle"]')).toContainText('Mostrar u ocultar las preguntas');
  await esLane.screenshot({ path: `${shots}/lane-questions-help-es-1280x800.png` });
  await esLane.keyboard.press('Escape');
  await expect(help).toBeHidden();
  await esLane.keyboard.press('a');
  await expect(esQuestions).toHaveCount(0);
  await expect(esLane.getByTestId('lane-questions-empty')).toBeVisible();
  await expect
    .poll(() => control.events.filter((e) => e.event === 'chat.updated').map((e) => e.data))
    .toContainEqual(expect.objectContaining({ id: size, answered: true, by: 'lane' }));
  const open = await rest<{ messages: ChatMessage[] }>(served, 'chat.list', { questionsOnly: true, openOnly: true });
  // Left open: the Chinese and the English ones (no English lane is open; the dock still has it).
  expect(open.messages.map((m) => m.id).sort()).toEqual([stock, black].sort());

  // Reopened in the control room: back on the Spanish lane (and still not on the Chinese one).
  await rest(served, 'chat.answer', { id: shipping, answered: false });
  await expect(esQuestions).toHaveCount(1);
  await expect(esQuestions.first()).toHaveAttribute('data-id', shipping);
  await expect(zhQuestions).toHaveCount(1);

  // Q folds the panel away (the script gets the room), and brings it back; the count stays in sight.
  await zhLane.keyboard.press('q');
  await expect(zhLane.getByTestId('lane-questions')).toBeHidden();
  await expect(zhLane.getByTestId('lane-questions-tab')).toContainText('1');
  await zhLane.screenshot({ path: `${shots}/lane-questions-collapsed-zh-CN-1280x800.png` });
  await zhLane.getByTestId('lane-questions-tab').click();
  await expect(zhQuestions).toHaveCount(1);

  control.close();
  await esContext.close();
  await zhContext.close();
});

test('an Arabic lane shows its questions right to left beside the script', async ({ served, page }) => {
  const saved = await rest<{ script: { id: string } }>(served, 'prompter.saveScript', { title: 'Tea hour', leadLanguage: 'en', variants });
  await rest(served, 'prompter.load', { scriptId: saved.script.id });
  const { token: ingestToken } = await rest<{ token: string }>(served, 'chat.ingestLink', {});
  const price = await ingest(served, ingestToken, 'كم سعر الشحن للأردن؟', 'سارة');
  await ingest(served, ingestToken, 'how much is shipping to Texas?', 'Sam');
  await page.setViewportSize({ width: 1280, height: 800 });
  await openLane(served, page, 'ar');
  const questions = page.getByTestId('lane-question');
  await expect(questions).toHaveCount(1);
  await expect(questions.first()).toHaveAttribute('data-id', price);
  const text = questions.first().locator('.lane-question-text');
  expect(await text.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
  fs.mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: `${shots}/lane-questions-ar-lane-en-ui-1280x800.png` });
});
