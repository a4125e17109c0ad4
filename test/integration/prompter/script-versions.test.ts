import BetterSqlite3 from 'better-sqlite3';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { databaseFileName, migrate } from '../../../electron/core/db/database';
import { migrations } from '../../../electron/core/db/migrations';
import { scriptVersionsMigration } from '../../../electron/core/db/migrations/011_script_versions';
import { startShopifyFake, type ShopifyFake } from '../../support/platforms/shopify';
import { startTestHost, type TestHost } from '../../support/host';
import { recordEvents, waitFor } from '../../support/events';
import { parseScript, segmentWords } from '../../../electron/shared/prompter';
import { tempDir } from '../../support/temp';

const enA = `# Jasmine tea\n\nWelcome to the studio. [[card:TEA-JASMINE-100]] Hand picked silver needles.`;
const esA = `# Té de jazmín\n\nBienvenidos al estudio. [[card:TEA-JASMINE-100]] Agujas de plata recogidas a mano.`;
const enB = `# Jasmine tea, the story\n\nThree generations of tea pickers. [[card:TEA-JASMINE-100]] Only two harvests a year.`;
const esB = `# Té de jazmín, la historia\n\nTres generaciones de recolectoras. [[card:TEA-JASMINE-100]] Solo dos cosechas al año.`;

const loggedVersions = async (t: TestHost, sessionId: string) =>
  (await t.call('session.events', { id: sessionId, kinds: ['prompter.loaded'] })).events.map((e) => e.payload as { scriptId: string; version: string; title: string; languages: string[]; pickedBy: string; reason: string });

describe('A/B script versions', () => {
  let t: TestHost;
  afterEach(async () => t?.stop());

  it('a data folder from before versions keeps every script as its version A, text for text, through import and export', async () => {
    const dir = tempDir('broadcart-versions-');
    // The schema as shipped before A/B versions, with a script in two languages.
    const raw = new BetterSqlite3(path.join(dir.dir, databaseFileName));
    migrate(raw, migrations.filter((m) => m.version < scriptVersionsMigration.version));
    raw.prepare(`INSERT INTO prompter_scripts (id, title, product_id, segment_id, lead_language, created_at, updated_at) VALUES ('old', 'Jasmine tea', NULL, 'Opening', 'en', 1, 2)`).run();
    raw.prepare(`INSERT INTO prompter_variants (script_id, language, text, updated_at) VALUES ('old', 'en', ?, 2), ('old', 'es', ?, 2)`).run(enA, esA);
    raw.close();

    t = await startTestHost({ dataDir: dir.dir });
    expect(t.host.context.db.pragma('user_version', { simple: true })).toBe(migrations.length);
    const script = await t.call('prompter.getScript', { id: 'old' });
    expect(script).toMatchObject({ title: 'Jasmine tea', segmentId: 'Opening', leadLanguage: 'en', languages: ['en', 'es'], versions: [{ name: 'A', variants: { en: enA, es: esA } }], versionPick: 'first', updatedAt: 2 });
    expect(script.variants).toEqual({ en: enA, es: esA });
    expect((await t.call('prompter.listScripts', {})).scripts.find((s) => s.id === 'old')).toMatchObject({ versions: ['A'], languages: ['en', 'es'] });

    // A one-version script exports as before (no version line); a file naming version B adds B beside A.
    const exported = await t.call('prompter.exportMarkdown', { scriptId: 'old', language: 'es' });
    expect(exported.fileName).toBe('jasmine-tea.es.md');
    expect(exported.markdown).not.toMatch(/version:/);
    await t.call('prompter.importMarkdown', { scriptId: 'old', markdown: `---\nversion: "B"\nlanguage: "es"\n---\n\n${esB}\n` });
    const both = await t.call('prompter.getScript', { id: 'old' });
    expect(both.versions.map((v) => v.name)).toEqual(['A', 'B']);
    expect(both.versions[0]!.variants).toEqual({ en: enA, es: esA });
    expect(both.versions[1]!.variants.es).toBe(`${esB}\n`);
    const fileB = await t.call('prompter.exportMarkdown', { scriptId: 'old', language: 'es', version: 'b' });
    expect(fileB.fileName).toBe('jasmine-tea.b.es.md');
    expect(fileB.markdown).toMatch(/^---\ntitle: "Jasmine tea"\nlanguage: "es"\nversion: "B"\n/);
    // Old scripts saved the old way (variants only) keep their other versions.
    await t.call('prompter.saveScript', { id: 'old', title: 'Jasmine tea', leadLanguage: 'en', variants: { en: enA } });
    expect((await t.call('prompter.getScript', { id: 'old' })).versions.map((v) => [v.name, Object.keys(v.variants)])).toEqual([
      ['A', ['en']],
      ['B', ['en', 'es']],
    ]);
    await expect(t.call('prompter.exportMarkdown', { scriptId: 'old', language: 'es', version: 'C' })).rejects.toMatchObject({ message: 'The script has no version "C"; it has A, B.' });
    dir.cleanup();
  });

  describe('in a live host', () => {
    beforeEach(async () => (t = await startTestHost()));

    const saveAB = (versionPick: 'first' | 'alternate' = 'first') =>
      t.call('prompter.saveScript', {
        title: 'Jasmine tea',
        leadLanguage: 'en',
        versionPick,
        versions: [
          { name: 'A', variants: { en: enA, es: esA } },
          { name: 'B', variants: { en: enB, es: esB } },
        ],
      });

    it('loading version B shows its text in the lanes and logs which version of which script ran', async () => {
      const { script } = await saveAB();
      const session = await t.call('session.start', { title: 'Tea night', market: 'DE', hosts: ['Mei'] });
      const state = await t.call('prompter.load', { scriptId: script.id, version: 'b' });
      expect(state).toMatchObject({ scriptId: script.id, version: 'B', versionPickedBy: 'host' });
      // The host's timeline runs on B's lead text (B's words), not A's.
      expect(state.timeline.lengths).toEqual(segmentWords(parseScript(enB).doc));
      expect(state.timeline.lengths).not.toEqual(segmentWords(parseScript(enA).doc));
      await expect(t.call('prompter.load', { scriptId: script.id, version: 'C' })).rejects.toMatchObject({ message: 'The script has no version "C"; it has A, B.' });
      // Renaming the loaded version logs the new name.
      await t.call('prompter.saveScript', { id: script.id, title: 'Jasmine tea', leadLanguage: 'en', versions: [script.versions[0]!, { name: 'Story', variants: { en: enB, es: esB } }] });
      expect((await t.call('prompter.state', {})).version).toBe('Story');
      await t.call('session.end', {});
      expect(await loggedVersions(t, session.id)).toEqual([
        { scriptId: script.id, title: 'Jasmine tea', version: 'B', languages: ['en', 'es'], leadLanguage: 'en', pickedBy: 'host', reason: 'load' },
        { scriptId: script.id, title: 'Jasmine tea', version: 'Story', languages: ['en', 'es'], leadLanguage: 'en', pickedBy: 'host', reason: 'edited' },
      ]);
      await expect(t.call('prompter.saveScript', { title: 'x', leadLanguage: 'en', versions: [{ name: 'A', variants: { en: '' } }, { name: 'a', variants: { en: '' } }] })).rejects.toMatchObject({ code: 'bad_request' });
    });

    it('an alternating script runs A in one session and B in the next, then A again; a reload within a session keeps its version', async () => {
      const { script } = await saveAB('alternate');
      const recorded = recordEvents(t);
      const run = async (title: string, playing = false) => {
        const session = await t.call('session.start', { title, market: 'DE' });
        const first = await t.call('prompter.load', { scriptId: script.id });
        const again = await t.call('prompter.load', { scriptId: script.id });
        expect(again.version).toBe(first.version);
        if (playing) await t.call('prompter.play', { countdown: false });
        await t.call('session.end', {});
        return { session, version: first.version, pickedBy: first.versionPickedBy };
      };
      const one = await run('Monday');
      const two = await run('Tuesday');
      expect([one.version, one.pickedBy, two.version, two.pickedBy]).toEqual(['A', 'alternate', 'B', 'alternate']);
      expect((await loggedVersions(t, one.session.id)).map((e) => e.version)).toEqual(['A', 'A']);
      // Still loaded from Monday when Tuesday starts: B is loaded for Tuesday at its start, then the host's two loads keep it.
      expect((await loggedVersions(t, two.session.id)).map((e) => [e.version, e.reason])).toEqual([
        ['B', 'session'],
        ['B', 'load'],
        ['B', 'load'],
      ]);
      expect((await run('Wednesday')).version).toBe('A');

      // Still loaded when the next session starts: the new session moves on to its turn, and its log says so first thing.
      expect((await run('Thursday')).version).toBe('B');
      const fifth = await t.call('session.start', { title: 'Friday', market: 'DE' });
      // The switch is published right after session.started.
      await waitFor(() => recorded.of('prompter.loaded').some((e) => e.at >= fifth.startedAt && e.payload.version === 'A'), 'version A loaded for the fifth session');
      expect((await t.call('prompter.state', {})).version).toBe('A');
      await t.call('session.end', {});
      const kinds = (await t.call('session.events', { id: fifth.id })).events.map((e) => e.kind);
      expect(kinds.slice(0, 2)).toEqual(['session.started', 'prompter.loaded']);
      expect((await loggedVersions(t, fifth.id)).map((e) => [e.version, e.pickedBy])).toEqual([['A', 'alternate']]);
      // A version the host names wins over the turn.
      await t.call('session.start', { title: 'Saturday', market: 'DE' });
      expect((await t.call('prompter.load', { scriptId: script.id, version: 'A' })).versionPickedBy).toBe('host');
      recorded.stop();
    });
  });
});

describe('A/B script versions: sales', () => {
  let t: TestHost;
  let shop: ShopifyFake;
  let shopId: string;

  beforeEach(async () => {
    shop = await startShopifyFake({ maximumAvailable: 10_000, restoreRate: 1000 });
    shop.addProduct({ title: 'Jasmine Silver Needle Tea', variants: [{ sku: 'TEA-JASMINE-100', price: '24.90' }] });
    t = await startTestHost();
    shopId = (
      await t.call('platform.save', {
        platform: 'shopify',
        label: 'Demo shop',
        markets: ['DE'],
        apiBase: shop.base,
        credentials: { shopDomain: 'demo-shop', accessToken: 'shpat_fake_token' },
      })
    ).id;
    await t.call('platform.matchProducts', { connectionId: shopId });
  });
  afterEach(async () => {
    await t.stop();
    await shop.stop();
  });

  it('an order placed while version B was on air is attributed to B, and the review compares A and B by time on air, deals and sales', async () => {
    const { script } = await t.call('prompter.saveScript', {
      title: 'Jasmine tea',
      leadLanguage: 'en',
      versions: [
        { name: 'A', variants: { en: enA } },
        { name: 'B', variants: { en: enB } },
      ],
    });
    const recorded = recordEvents(t);
    const session = await t.call('session.start', { title: 'Tea night', market: 'DE', hosts: ['Mei'] });
    await t.call('prompter.load', { scriptId: script.id, version: 'A' });
    const loadedA = recorded.of('prompter.loaded').at(-1)!;
    const duringA = shop.placeOrder([{ sku: 'TEA-JASMINE-100', quantity: 1 }], { at: loadedA.at + 1 });
    // B goes on air a few milliseconds after that order (the clock moves on; no fixed sleep).
    await waitFor(() => Date.now() > loadedA.at + 5, 'the clock to move on');
    await t.call('prompter.load', { scriptId: script.id, version: 'B' });
    const loadedB = recorded.of('prompter.loaded').at(-1)!;
    // A deal started while B is on air counts for B (a real deal's id, so the features hearing deal events know it).
    const dealId = (await t.call('deal.create', { sku: 'TEA-JASMINE-100', market: 'DE', dealPriceMinor: 1990, stock: 50, durationS: 60 })).deal.id;
    const tea = (await t.call('catalog.getProduct', { sku: 'TEA-JASMINE-100' })).id;
    t.host.context.bus.publish('deal.started', { dealId, productId: tea, market: 'DE', dealPriceMinor: 1990, currency: 'EUR', stock: 50, endsAt: loadedB.at + 60_000 }, loadedB.at + 1);

    const duringB = shop.placeOrder([{ sku: 'TEA-JASMINE-100', quantity: 3 }], { at: loadedB.at + 2 });
    await t.host.features.platform.orders.pollNow(shopId);
    const byOrder = new Map((await t.call('sales.orders', {})).orders.map((o) => [o.orderId, o]));
    expect(byOrder.get(duringB.id)!.lines[0]!.attribution.scriptVersion).toEqual({ scriptId: script.id, version: 'B' });
    // Placed before B was loaded (Shopify times are in ms here): A's.
    expect(byOrder.get(duringA.id)!.lines[0]!.attribution.scriptVersion).toEqual({ scriptId: script.id, version: 'A' });

    await t.call('session.end', {});
    const ended = await t.call('session.get', { id: session.id });
    const review = await t.call('sales.review', { sessionId: session.id });
    const rows = new Map(review.byVersion.map((r) => [r.version, r]));
    expect(rows.get('B')).toMatchObject({
      key: `${script.id}/B`,
      label: 'Jasmine tea · B',
      scriptId: script.id,
      title: 'Jasmine tea',
      dealsStarted: 1,
      orders: 1,
      units: 3,
      revenue: [{ currency: 'EUR', amountMinor: 3 * 2490, minorDigits: 2 }],
      onAirMs: ended.endedAt! - loadedB.at,
    });
    expect(rows.get('A')).toMatchObject({ dealsStarted: 0, orders: 1, units: 1, onAirMs: loadedB.at - loadedA.at });
    expect(review.byVersion.map((r) => r.version)).toEqual(['A', 'B']);

    // A second session runs A only: the script's comparison across sessions adds both up.
    const second = await t.call('session.start', { title: 'Tea night 2', market: 'DE', hosts: ['Mei'] });
    await t.call('prompter.load', { scriptId: script.id, version: 'A' });
    const loadedA2 = recorded.of('prompter.loaded').at(-1)!;
    shop.placeOrder([{ sku: 'TEA-JASMINE-100', quantity: 2 }], { at: loadedA2.at + 1 });
    await t.host.features.platform.orders.pollNow(shopId);
    await t.call('session.end', {});
    const ended2 = await t.call('session.get', { id: second.id });
    const across = await t.call('sales.versions', { scriptId: script.id });
    // B was still in the prompter when the second session started (logged at its start) until A replaced it: that session counts for B too, with those few milliseconds.
    const carried = recorded.of('prompter.loaded').find((e) => e.payload.reason === 'session' && e.at >= second.startedAt)!;
    expect(carried.payload.version).toBe('B');
    expect(across.versions.map((v) => [v.version, v.sessions, v.orders, v.units, v.dealsStarted, v.revenue])).toEqual([
      ['A', 2, 2, 3, 0, [{ currency: 'EUR', amountMinor: 3 * 2490, minorDigits: 2 }]],
      ['B', 2, 1, 3, 1, [{ currency: 'EUR', amountMinor: 3 * 2490, minorDigits: 2 }]],
    ]);
    expect(across.versions[0]!.onAirMs).toBe(loadedB.at - loadedA.at + (ended2.endedAt! - loadedA2.at));
    expect(across.versions[1]!.onAirMs).toBe(ended.endedAt! - loadedB.at + (loadedA2.at - carried.at));
    expect((await t.call('sales.versions', { scriptId: 'no-such-script' })).versions).toEqual([]);
    recorded.stop();
  });
});
