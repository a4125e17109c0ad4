import fs from 'node:fs';
import { expect, rest, test } from './fixtures';

/** Screenshots of the reminder, looked at by hand (not kept in the repo). */
const shots = process.env.SHOTS_DIR ?? 'test-results/shots';

const texts = {
  en: 'Ad: this live is a paid partnership. We earn from the products shown.',
  'zh-CN': '广告：本场直播为付费合作，我们会从展示的商品中获得收益。',
};

for (const lang of ['en', 'zh-CN'] as const) {
  test(`a US session reminds the host's prompter lane to disclose after the interval; D says done and the session log keeps both (${lang})`, async ({
    page,
    served,
    browser,
  }) => {
    // A short interval through the settings API, as any automation client would set it.
    await rest(served, 'settings.set', { general: { language: lang }, compliance: { disclosureReminders: { US: { intervalSeconds: 2 } } } });
    const saved = await rest<{ script: { id: string } }>(served, 'prompter.saveScript', {
      title: 'Tea hour',
      leadLanguage: 'en',
      variants: { en: 'Welcome to the tea hour. This jasmine tea is picked by hand.', 'zh-CN': '欢迎来到茶时间。这款茉莉花茶是手工采摘的。' },
    });
    await rest(served, 'prompter.load', { scriptId: saved.script.id });

    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${served.baseUrl}/prompter?token=${served.token}&lane=lead&lang=${lang}`);
    await expect(page.getByTestId('prompter-window')).toHaveAttribute('data-role', 'lead');
    const link = await rest<{ url: string }>(served, 'prompter.coHostLink', { language: 'zh-CN' });
    const coHostContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const coHost = await coHostContext.newPage();
    await coHost.goto(link.url);
    await expect(coHost.getByTestId('prompter-window')).toHaveAttribute('data-role', 'follower');

    const session = await rest<{ id: string }>(served, 'session.start', { title: 'Tea hour, US', market: 'US', languages: ['en', 'zh-CN'] });
    const banner = page.getByTestId('prompter-disclosure');
    // No upfront label in the US: the first reminder comes after the interval (awaited, no sleep).
    await expect(banner).toBeVisible();
    await expect(banner).toHaveAttribute('data-reason', 'repeat');
    // A long interval from here on, so no newer reminder replaces this one while the test looks at it.
    await rest(served, 'settings.set', { compliance: { disclosureReminders: { US: { intervalSeconds: 600 } } } });
    await expect(banner).toContainText(lang === 'en' ? 'Disclose again (US)' : '请再次披露（US）');
    // The words in each of the session's languages, and the key.
    await expect(banner).toContainText(texts.en);
    await expect(banner).toContainText(texts['zh-CN']);
    await expect(banner).toContainText(lang === 'en' ? 'D done' : 'D 完成');
    // It lies over the text, in the banners area.
    await expect(page.locator('.prompter-banners [data-testid="prompter-disclosure"]')).toHaveCount(1);
    fs.mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: `${shots}/prompter-disclosure-${lang}-1280x800.png` });
    // The disclosure is the host's: a co-host's lane is not told.
    await expect(coHost.getByTestId('prompter-disclosure')).toHaveCount(0);

    // The keyboard help lists the key, available now.
    await page.keyboard.press('?');
    const help = page.getByTestId('shortcut-help');
    const row = help.locator('[data-shortcut="prompter.disclosureDone"]');
    await expect(row).toContainText(lang === 'en' ? 'Done: disclosure said and shown (logged)' : '完成：已口播并展示披露（记入日志）');
    await expect(row).toHaveAttribute('data-available', 'true');
    await page.screenshot({ path: `${shots}/prompter-disclosure-help-${lang}-1280x800.png` });
    await page.keyboard.press('Escape');
    await expect(help).toBeHidden();

    const reminderId = await banner.getAttribute('data-reminder');
    await page.keyboard.press('d');
    await expect(page.locator(`[data-testid="prompter-disclosure"][data-reminder="${reminderId}"]`)).toHaveCount(0);
    await expect
      .poll(async () => {
        const { events } = await rest<{ events: { kind: string; payload: { reminderId: string; from?: string } }[] }>(served, 'session.events', {
          id: session.id,
          kinds: ['compliance.disclosureReminder', 'compliance.disclosureAcknowledged'],
        });
        return events.filter((e) => e.payload.reminderId === reminderId).map((e) => `${e.kind} ${e.payload.from ?? ''}`.trim());
      })
      .toEqual(['compliance.disclosureReminder', 'compliance.disclosureAcknowledged prompter']);

    // The review's event list shows them.
    await page.goto(`${served.url}#/sessions/${session.id}`);
    await expect(page.locator('[data-testid="event-row"][data-kind="compliance.disclosureAcknowledged"]').first()).toBeVisible();
    await expect(page.locator('[data-testid="event-row"][data-kind="compliance.disclosureReminder"]').first()).toContainText(texts.en);
    await coHostContext.close();
  });
}

for (const lang of ['en', 'zh-CN'] as const) {
  test(`the Live page shows the reminder and the overlay shows the disclosure line when the host chooses it in Settings (${lang})`, async ({ page, served }) => {
    await rest(served, 'settings.set', { general: { language: lang } });
    // Chosen in Settings > Compliance, as a host would.
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(served.url + '#/settings');
    const us = page.getByTestId('disclosure-US');
    await expect(us).toContainText(lang === 'en' ? 'repeat periodically (required)' : '定期重复（必须）');
    await expect(page.getByTestId('disclosure-GB')).toContainText(lang === 'en' ? 'upfront label at the start' : '开播时先标注广告');
    await expect(page.getByTestId('disclosure-interval-US')).toHaveValue('10');
    // The box follows the host's settings: checked once the host has saved the choice.
    await page.getByTestId('disclosure-card-US').click();
    await expect(page.getByTestId('disclosure-card-US')).toBeChecked();
    await page.getByTestId('disclosure-interval-US').fill('0');
    await page.getByTestId('disclosure-interval-US').press('Enter');
    await expect(us.getByRole('alert')).toContainText(lang === 'en' ? 'more than 0 and at most 120' : '大于 0 且不超过 120');
    await page.getByTestId('disclosure-interval-US').fill('0.05');
    await page.getByTestId('disclosure-interval-US').press('Enter');
    await expect.poll(async () => (await rest<{ compliance: { disclosureReminders: unknown } }>(served, 'settings.get')).compliance.disclosureReminders).toEqual({
      US: { onCard: true, intervalSeconds: 3 },
    });
    await us.scrollIntoViewIfNeeded();
    fs.mkdirSync(shots, { recursive: true });
    await us.screenshot({ path: `${shots}/settings-disclosure-${lang}.png` });

    const { overlayLinks } = await rest<{ overlayLinks: { market: string; url: string }[] }>(served, 'outputs.list');
    const overlay = await page.context().newPage();
    await overlay.setViewportSize({ width: 1280, height: 720 });
    await overlay.goto(overlayLinks.find((l) => l.market === 'US')!.url);
    await expect(overlay.getByTestId('overlay')).toHaveAttribute('data-ready', 'true');
    await rest(served, 'card.pin', { sku: 'TEA-JASMINE-100', market: 'US' });
    await expect(overlay.getByTestId('overlay-card')).toBeVisible();
    // No live session yet: no line.
    await expect(overlay.getByTestId('overlay-disclosure')).toHaveCount(0);

    await page.goto(served.url + '#/live');
    const session = await rest<{ id: string }>(served, 'session.start', { title: 'Tea hour, US', market: 'US', languages: ['en'] });
    await expect(overlay.getByTestId('overlay-disclosure')).toHaveText(texts.en);
    await overlay.screenshot({ path: `${shots}/overlay-disclosure-${lang}-1280x720.png` });

    const panel = page.getByTestId('disclosure-reminder');
    await expect(panel).toBeVisible();
    // A long interval from here on, so no newer reminder replaces this one while the test looks at it.
    await rest(served, 'settings.set', { compliance: { disclosureReminders: { US: { onCard: true, intervalSeconds: 600 } } } });
    await expect(panel).toContainText(lang === 'en' ? 'Time to disclose again (US)' : '该再次披露了（US）');
    await expect(panel).toContainText(texts.en);
    await page.screenshot({ path: `${shots}/live-disclosure-${lang}-1280x900.png` });
    const reminderId = await panel.getAttribute('data-reminder');
    await page.getByTestId('disclosure-done').click();
    await expect(page.locator(`[data-testid="disclosure-reminder"][data-reminder="${reminderId}"]`)).toHaveCount(0);
    await expect
      .poll(async () => {
        const { events } = await rest<{ events: { payload: { reminderId: string; from: string } }[] }>(served, 'session.events', {
          id: session.id,
          kinds: ['compliance.disclosureAcknowledged'],
        });
        return events.map((e) => `${e.payload.reminderId} ${e.payload.from}`);
      })
      .toEqual([`${reminderId} live`]);
    await overlay.close();
  });
}
