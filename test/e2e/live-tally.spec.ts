import type { OBSWebSocket } from 'obs-websocket-js';
import type { Page } from '@playwright/test';
import { startObs, type ObsInstance } from '../support/obs';
import { expect, rest, test } from './fixtures';

// Tally and names on the Live page against real OBS in studio mode.
let obs: ObsInstance;
let observer: OBSWebSocket;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  obs = await startObs();
  observer = await obs.connectClient();
});
test.afterAll(async () => {
  await observer?.call('SetStudioModeEnabled', { studioModeEnabled: false }).catch(() => {});
  await observer?.disconnect();
  await obs?.dispose();
});

const red = 'rgb(229, 50, 45)';
const green = 'rgb(33, 179, 91)';
const borderOf = (page: Page, scene: string) =>
  page.locator(`[data-scene="${scene}"]`).evaluate((el) => getComputedStyle(el).borderTopColor);

async function expectLabelsApart(page: Page, scene: string) {
  const tile = page.locator(`[data-scene="${scene}"]`);
  const program = tile.locator('.tally-label--program');
  const preview = tile.locator('.tally-label--preview');
  await expect(program).toBeVisible();
  await expect(preview).toBeVisible();
  const a = (await program.boundingBox())!;
  const b = (await preview.boundingBox())!;
  const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
  expect(overlap, `program ${JSON.stringify(a)} and preview ${JSON.stringify(b)} overlap`).toBe(false);
  const thumb = (await tile.locator('.scene-thumb').boundingBox())!;
  for (const box of [a, b]) expect(box.x + box.width).toBeLessThanOrEqual(thumb.x + thumb.width);
}

test('a scene both on program and in preview shows both tallies, and hover never replaces a tally', async ({ page, served }) => {
  await observer.call('SetStudioModeEnabled', { studioModeEnabled: false });
  await observer.call('SetCurrentProgramScene', { sceneName: 'Product Closeup' });
  await rest(served, 'obs.connect', { url: obs.url });
  await rest(served, 'obs.setStudioMode', { enabled: true });
  await rest(served, 'obs.setPreviewScene', { sceneName: 'Product Closeup' });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(served.url + '#/live');

  const both = page.locator('[data-scene="Product Closeup"]');
  await expect(both).toHaveAttribute('data-tally', 'program');
  await expectLabelsApart(page, 'Product Closeup');
  await expect(both).toHaveAttribute('data-preview', 'true');
  await expect(both.locator('.tally-label--program')).toHaveText('Program');
  await expect(both.locator('.tally-label--preview')).toHaveText('Preview');

  // Hover: the tally colours stay; an idle tile may turn blue.
  await both.hover();
  expect(await borderOf(page, 'Product Closeup')).toBe(red);
  await rest(served, 'obs.setPreviewScene', { sceneName: 'Break' });
  await expect(page.locator('[data-scene="Break"]')).toHaveAttribute('data-tally', 'preview');
  await page.locator('[data-scene="Break"]').hover();
  expect(await borderOf(page, 'Break')).toBe(green);
  await page.locator('[data-scene="Intro"]').hover();
  expect(await borderOf(page, 'Intro')).toBe('rgb(79, 157, 255)');
  await rest(served, 'obs.setPreviewScene', { sceneName: 'Product Closeup' });
  await expect(both).toHaveAttribute('data-preview', 'true');

  // Chinese labels are wider: both still show, side by side.
  await rest(served, 'settings.set', { general: { language: 'zh-CN' } });
  await expect(both.locator('.tally-label--program')).toHaveText('节目');
  await expectLabelsApart(page, 'Product Closeup');
  await page.setViewportSize({ width: 1440, height: 900 });
  await expectLabelsApart(page, 'Product Closeup');
});

test('sources and the pinned card show names people know, in English and Chinese', async ({ page, served }) => {
  await observer.call('SetStudioModeEnabled', { studioModeEnabled: false });
  await observer.call('SetCurrentProgramScene', { sceneName: 'Product Closeup' });
  await rest(served, 'obs.connect', { url: obs.url });
  await page.goto(served.url + '#/live');

  await expect(page.getByTestId('sources-panel')).toContainText('Closeup Background');
  await expect(page.getByTestId('sources-panel')).not.toContainText('_source');
  const kinds = page.getByTestId('source-kind');
  await expect(kinds).toHaveText(['Text', 'Text', 'Color']);
  await expect(kinds.last()).toHaveAttribute('title', 'color_source_v3');

  // A card pinned on both outputs (overlay page and the OBS-drawn scene).
  await rest(served, 'settings.set', { cards: { obsNativeEnabled: true } });
  await rest(served, 'card.pin', { sku: 'TEA-JASMINE-100' });
  await page.goto(served.url + '#/catalog');
  await expect(page.getByTestId('pinned-card')).toContainText('Jasmine');
  await expect(page.getByTestId('pinned-card')).not.toContainText('obs-native');
  await expect(page.getByTestId('pinned-outputs')).toHaveText(/^(overlay \+ OBS scene|OBS scene \+ overlay)$/);
  await expect(page.getByTestId('pinned-card')).not.toContainText('obs-native');

  await rest(served, 'settings.set', { general: { language: 'zh-CN' } });
  await expect(page.getByTestId('pinned-outputs')).toHaveText(/^(叠加层 \+ OBS 场景|OBS 场景 \+ 叠加层)$/);
  await page.goto(served.url + '#/live');
  await expect(kinds).toHaveText(['文本', '文本', '色源']);
});
