import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { EventName, HostEvent } from '../../../electron/shared/contract';
import { startTestHost, type TestHost } from '../../support/host';

const en = `# Jasmine tea

Hello everyone, welcome back to the studio. [[scene:Close-up]] Look at these silver needles.

[[card:TEA-100]] One hundred grams, hand picked. [[mark:Price reveal]] Today only twenty four dollars. [[note:smile]]

## Deal
[[deal:FLASH-1]] Grab it now before it is gone.`;

const es = `# Té de jazmín

Hola a todos, bienvenidos de nuevo al estudio. [[scene:Close-up]] Mirad estas agujas de plata.

[[card:TEA-100]] Cien gramos, recogidos a mano. [[mark:Precio]] Hoy solo veinticuatro dólares.`;

/**
 * Resolves with the first event matching, or fails after a deadline (never hangs). The deadline is wide:
 * the prompter scrolls in real time, and a CI machine busy with other test files can starve it for seconds.
 */
function nextEvent<E extends EventName>(t: TestHost, name: E, match: (e: HostEvent<E>) => boolean = () => true, ms = 20_000) {
  return new Promise<HostEvent<E>>((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${name} event within ${ms} ms`));
    }, ms);
    const off = t.host.context.bus.on(name, (event) => {
      if (!match(event)) return;
      clearTimeout(timer);
      off();
      resolve(event);
    });
  });
}

/**
 * Resolves with the first recorded event matching, already seen or still to come: a cue the prompter
 * reaches while the test awaits something else (an action published once it has run) is not missed.
 */
function seen<E extends EventName>(t: TestHost, name: E, recorded: HostEvent<E>[], match: (e: HostEvent<E>) => boolean) {
  const earlier = recorded.find(match);
  return earlier ? Promise.resolve(earlier) : nextEvent(t, name, match);
}

function record<E extends EventName>(t: TestHost, name: E): HostEvent<E>[] {
  const seen: HostEvent<E>[] = [];
  t.host.context.bus.on(name, (e) => seen.push(e));
  return seen;
}

describe('prompter scripts', () => {
  let t: TestHost;
  beforeEach(async () => (t = await startTestHost()));
  afterEach(async () => t.stop());

  it('stores scripts per product with variants, lints them and reports missing cues per language', async () => {
    const product = (await t.call('catalog.listProducts')).products[0]!;
    const { script, lint } = await t.call('prompter.saveScript', { title: 'Jasmine', productId: product.id, leadLanguage: 'en', variants: { en, es } });
    expect(script.languages).toEqual(['en', 'es']);
    expect(lint.errorCount).toBe(0);
    expect(lint.missing.map((m) => [m.language, m.cueId])).toEqual([
      ['es', 'note@1'],
      ['es', 'deal:FLASH-1'],
    ]);
    expect((await t.call('prompter.listScripts', { productId: product.id })).scripts.map((s) => s.id)).toEqual([script.id]);
    expect((await t.call('prompter.listScripts', { productId: 'other' })).scripts).toEqual([]);
    await expect(t.call('prompter.saveScript', { title: 'x', productId: 'nope', leadLanguage: 'en', variants: { en } })).rejects.toMatchObject({ code: 'bad_request' });
    await expect(t.call('prompter.saveScript', { title: 'x', leadLanguage: 'de', variants: { en } })).rejects.toMatchObject({ code: 'bad_request' });

    const bad = await t.call('prompter.lint', { variants: { en: 'Hi [[sceen:A]]' } });
    expect(bad.diagnostics.en![0]).toMatchObject({ severity: 'error', line: 1, column: 4 });
  });

  it('exports Markdown per language and imports it back into the same script', async () => {
    const { script } = await t.call('prompter.saveScript', { title: 'Jasmine tea', segmentId: 'open-1', leadLanguage: 'en', variants: { en } });
    const file = await t.call('prompter.exportMarkdown', { scriptId: script.id, language: 'en' });
    expect(file.fileName).toBe('jasmine-tea.en.md');
    expect(file.markdown).toMatch(/^---\ntitle: "Jasmine tea"\nlanguage: "en"\nsegment: "open-1"\n---\n/);
    const imported = await t.call('prompter.importMarkdown', { markdown: file.markdown });
    expect(imported.script.id).not.toBe(script.id);
    expect(imported.script.title).toBe('Jasmine tea');
    expect(imported.script.segmentId).toBe('open-1');
    expect(imported.script.variants.en).toBe(script.variants.en!.endsWith('\n') ? script.variants.en : `${script.variants.en}\n`);
    const added = await t.call('prompter.importMarkdown', { scriptId: script.id, markdown: es, language: 'es' });
    expect(added.script.languages).toEqual(['en', 'es']);
    await t.call('prompter.deleteScript', { id: script.id });
    await expect(t.call('prompter.getScript', { id: script.id })).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('live prompter', () => {
  let t: TestHost;
  let scriptId: string;
  beforeEach(async () => {
    t = await startTestHost();
    scriptId = (await t.call('prompter.saveScript', { title: 'Jasmine', leadLanguage: 'en', variants: { en, es } })).script.id;
  });
  afterEach(async () => t.stop());

  it('fires a cue once when the lead reaches it, logs it per lane, and again only after rearm', { timeout: 90_000 }, async () => {
    const actions = record(t, 'prompter.cue.action');
    const reached = record(t, 'prompter.cue.reached');
    await t.call('prompter.load', { scriptId });
    const follower = await t.call('prompter.joinLane', { language: 'es' });
    await t.call('prompter.setSpeed', { value: 600 });
    await t.call('prompter.play', { countdown: false });
    const action = await nextEvent(t, 'prompter.cue.action', (e) => e.payload.cueId === 'scene:Close-up');
    // No OBS feature (or no OBS) in this host: the action is published as unavailable, not lost.
    expect(['unavailable', 'failed', 'done']).toContain(action.payload.result);
    expect(action.payload).toMatchObject({ cueType: 'scene', argument: 'Close-up', trigger: 'reading-line' });
    await seen(t, 'prompter.cue.reached', reached, (e) => e.payload.cueId === 'card:TEA-100' && e.payload.language === 'es');
    expect(reached.filter((e) => e.payload.cueId === 'scene:Close-up').map((e) => [e.payload.lane, e.payload.language])).toEqual([
      ['host', 'en'],
      [follower.laneId, 'es'],
    ]);

    // Back before the cue and through it again: reached again, but its action does not fire twice.
    // Counting right after the cue is reached could not see a second action (it is published when it
    // has run), so wait for the settled state: outcomes are published in firing order, and a cue fired
    // by hand answers once its outcome is out, so after it every earlier outcome is out too.
    await t.call('prompter.jump', { to: 'start' });
    await nextEvent(t, 'prompter.cue.reached', (e) => e.payload.cueId === 'scene:Close-up' && e.payload.language === 'en');
    await t.call('prompter.fireCue', { cueId: 'mark@1' });
    expect(actions.filter((e) => e.payload.cueId === 'scene:Close-up')).toHaveLength(1);
    await t.call('prompter.pause');

    await t.call('prompter.rearm', { cueIds: ['scene:Close-up'] });
    await t.call('prompter.jump', { to: 'start' });
    await t.call('prompter.play', { countdown: false });
    await nextEvent(t, 'prompter.cue.action', (e) => e.payload.cueId === 'scene:Close-up');
    expect(actions.filter((e) => e.payload.cueId === 'scene:Close-up')).toHaveLength(2);
    await t.call('prompter.pause');
  });

  it('a cue a jump lands on fires when the text moves on; cues jumped over are skipped and fire by hand', async () => {
    const { deal } = await t.call('deal.create', { sku: 'TEA-JASMINE-100', market: 'US', dealPriceMinor: 1999, stock: 30, durationS: 120 });
    const show = `# Jasmine tea

Welcome back to the studio, everyone. [[scene:Close-up]] Look at these silver needles, picked by hand.

[[card:TEA-JASMINE-100]] One hundred grams, about fifty cups. [[mark:Price reveal]] Today only.

[[deal:${deal.id}]] Grab it now before it is gone, friends. [[note:smile]] Thank you for watching.`;
    const id = (await t.call('prompter.saveScript', { title: 'Jasmine show', leadLanguage: 'en', variants: { en: show } })).script.id;
    const actions = record(t, 'prompter.cue.action');
    await t.call('prompter.load', { scriptId: id });
    await t.call('prompter.setSpeed', { value: 120 });

    // The cue list's jump to the card cue, then "Cue ▶" twice (as → does): lands on the deal cue, past
    // the card and the mark that were landed on but never read.
    await t.call('prompter.jump', { cueId: 'card:TEA-JASMINE-100' });
    await t.call('prompter.jump', { to: 'next' });
    const landed = await t.call('prompter.jump', { to: 'next' });
    expect(landed.position).toEqual({ cueIndex: 4, fraction: 0 });
    const cue = (state: typeof landed, cueId: string) => state.cues.find((c) => c.id === cueId)!;
    expect(cue(landed, 'scene:Close-up')).toMatchObject({ fired: false, skipped: true });
    expect(cue(landed, 'card:TEA-JASMINE-100')).toMatchObject({ fired: false, skipped: true });
    expect(cue(landed, 'mark@1')).toMatchObject({ fired: false, skipped: true });
    expect(cue(landed, `deal:${deal.id}`)).toMatchObject({ fired: false, skipped: false });

    // Play: the deal cue on the reading line fires as the text moves on, and the deal starts.
    const started = nextEvent(t, 'prompter.cue.action', (e) => e.payload.cueId === `deal:${deal.id}`);
    await t.call('prompter.play', { countdown: false });
    expect((await started).payload).toMatchObject({ result: 'done', trigger: 'reading-line' });
    expect((await t.call('deal.list', {})).deals.find((d) => d.id === deal.id)!.state).toBe('live');
    expect(cue(await t.call('prompter.state'), `deal:${deal.id}`)).toMatchObject({ fired: true, skipped: false });
    await t.call('prompter.pause');

    // The skipped card cue fires by hand: the card is pinned, the cue is no longer skipped.
    const fired = await t.call('prompter.fireCue', { cueId: 'card:TEA-JASMINE-100' });
    expect(fired.result).toBe('done');
    expect(cue(fired.state, 'card:TEA-JASMINE-100')).toMatchObject({ fired: true, skipped: false });
    expect((await t.call('card.current', {})).card?.sku).toBe('TEA-JASMINE-100');
    expect(actions.find((e) => e.payload.cueId === 'card:TEA-JASMINE-100')!.payload.trigger).toBe('hand');

    // A jump back puts the still-unfired cues ahead again: they fire when the reading line reaches them.
    const back = await t.call('prompter.jump', { to: 'start' });
    expect(back.cues.filter((c) => c.skipped)).toEqual([]);
    const scene = nextEvent(t, 'prompter.cue.action', (e) => e.payload.cueId === 'scene:Close-up');
    await t.call('prompter.setSpeed', { value: 600 });
    await t.call('prompter.play', { countdown: false });
    expect((await scene).payload.trigger).toBe('reading-line');
    await t.call('prompter.pause');

    // Clear errors for what cannot be fired.
    await expect(t.call('prompter.fireCue', { cueId: 'nope' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(t.call('prompter.fireCue', { cueId: 'note@1' })).rejects.toMatchObject({ code: 'bad_request', message: /no action/ });
    await t.call('prompter.setRehearsal', { rehearsal: true });
    await expect(t.call('prompter.fireCue', { cueId: 'mark@1' })).rejects.toMatchObject({ code: 'invalid_state', message: /Rehearsal/ });
  });

  it('card and deal cues carry the product they name, in every language, for every lane', async () => {
    // A deal cue names its deal by code (or, in older scripts, by the deal's id).
    await t.call('deal.create', { sku: 'SILK-SCARF-RED', market: 'US', dealPriceMinor: 3900, stock: 5, durationS: 60, code: 'SCARF5' });
    const text = `[[card:TEA-JASMINE-100]] Tea first. [[deal:scarf5]] Then the scarf. [[card:NO-SUCH-SKU]] And more. [[scene:Wide]] Bye.`;
    const id = (await t.call('prompter.saveScript', { title: 'Labels', leadLanguage: 'en', variants: { en: text } })).script.id;
    await t.call('prompter.load', { scriptId: id });
    const products = async () =>
      Object.fromEntries((await t.call('prompter.state')).cues.map((c) => [c.type === 'deal' ? 'deal' : c.argument, c.product]));
    await expect.poll(async () => (await products())['TEA-JASMINE-100']).not.toBeNull();
    const seen = await products();
    expect(seen['TEA-JASMINE-100']).toEqual({
      sku: 'TEA-JASMINE-100',
      name: expect.objectContaining({ en: 'Jasmine Silver Needle Tea, 100 g', 'zh-CN': '茉莉银针茶 100克' }),
    });
    expect(seen.deal).toEqual({ sku: 'SILK-SCARF-RED', name: expect.objectContaining({ en: 'Mulberry Silk Scarf, Crimson' }) });
    expect(seen['NO-SUCH-SKU']).toBeNull();
    expect(seen.Wide).toBeNull();

    // A product added to the catalog later is picked up without reloading the script.
    const changed = nextEvent(t, 'prompter.state.changed', (e) => e.payload.cues.some((c) => c.argument === 'NO-SUCH-SKU' && c.product !== null));
    await t.call('catalog.saveProduct', { product: { sku: 'NO-SUCH-SKU', name: { en: 'Late tea', es: 'Té tardío' } } });
    expect((await changed).payload.cues.find((c) => c.argument === 'NO-SUCH-SKU')!.product).toEqual({ sku: 'NO-SUCH-SKU', name: { en: 'Late tea', es: 'Té tardío' } });
  });

  it('a cue a jump lands on waits for the countdown; a [[pause]] jumped to does not stop the text again', async () => {
    const text = 'Intro words for the show. [[pause]] After the pause we go on. [[scene:Wide]] The wide shot now, everyone.';
    const id = (await t.call('prompter.saveScript', { title: 'Beats', leadLanguage: 'en', variants: { en: text } })).script.id;
    const actions = record(t, 'prompter.cue.action');
    await t.call('prompter.load', { scriptId: id });
    await t.call('prompter.setSpeed', { value: 600 });
    await t.call('prompter.jump', { cueId: 'pause@1' });
    const reachedScene = nextEvent(t, 'prompter.cue.action', (e) => e.payload.cueId === 'scene:Wide');
    await t.call('prompter.play', { countdown: false });
    await reachedScene;
    const state = await t.call('prompter.state');
    expect(state.cues.map((c) => [c.id, c.fired])).toEqual([
      ['pause@1', true],
      ['scene:Wide', true],
    ]);
    expect(actions.map((e) => e.payload.cueId)).toEqual(['scene:Wide']);
    await t.call('prompter.pause');

    // With a countdown, the landed-on cue fires only once the countdown is over.
    await t.call('prompter.rearm', {});
    await t.call('prompter.jump', { cueId: 'scene:Wide' });
    const before = actions.length;
    const playing = await t.call('prompter.play', { countdown: true });
    expect(playing.countdownUntil).not.toBeNull();
    const again = await nextEvent(t, 'prompter.cue.action', (e) => e.payload.cueId === 'scene:Wide');
    expect(again.at).toBeGreaterThanOrEqual(playing.countdownUntil!);
    expect(actions.length).toBe(before + 1);
    await t.call('prompter.pause');
  });

  it('rehearsal mode reaches cues without actions; the end of the script pauses', async () => {
    const actions = record(t, 'prompter.cue.action');
    await t.call('prompter.load', { scriptId, rehearsal: true });
    await t.call('prompter.setSpeed', { value: 600 });
    await t.call('prompter.jump', { cueId: 'mark@1' });
    await t.call('prompter.play', { countdown: false });
    const paused = await nextEvent(t, 'prompter.paused');
    expect(paused.payload.reason).toBe('end');
    expect(actions).toEqual([]);
  });

  it('the host owns the position: it advances by its clock at the speed, and jumps land on cues and marks', async () => {
    const state = await t.call('prompter.load', { scriptId });
    expect(state.cues.map((c) => c.id)).toEqual(['scene:Close-up', 'card:TEA-100', 'mark@1', 'note@1', 'deal:FLASH-1']);
    expect((await t.call('prompter.jump', { mark: 'Precio' })).position).toEqual({ cueIndex: 3, fraction: 0 });
    expect((await t.call('prompter.jump', { to: 'previous' })).position).toEqual({ cueIndex: 2, fraction: 0 });
    expect((await t.call('prompter.jump', { to: 'nextMark' })).position).toEqual({ cueIndex: 3, fraction: 0 });
    await expect(t.call('prompter.jump', { cueId: 'nope' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(t.call('prompter.jump', {})).rejects.toMatchObject({ code: 'bad_request' });
    await t.call('prompter.jump', { to: 'start' });
    await t.call('prompter.setSpeed', { value: 120 });
    const started = await t.call('prompter.play', { countdown: false });
    expect(started.rate).toBe(2);
    const later = await nextEvent(t, 'prompter.position', (e) => e.at - started.at >= 500);
    // 0.5 s at 2 words/s: about one word into the 11-word first stretch (a tick is 16 ms).
    const words = later.payload.fraction * started.timeline.lengths[0]!;
    const expected = ((later.at - started.at) / 1000) * 2;
    expect(Math.abs(words - expected)).toBeLessThan(0.05);
    const paused = await t.call('prompter.pause');
    expect(paused.playing).toBe(false);
  });

  it('editing the loaded script keeps the reader at the same cue', async () => {
    await t.call('prompter.load', { scriptId });
    await t.call('prompter.jump', { position: { cueIndex: 2, fraction: 0.5 } });
    await t.call('prompter.saveScript', {
      id: scriptId,
      title: 'Jasmine',
      leadLanguage: 'en',
      variants: { en: `[[mark:New opening]] A new first line.\n\n${en}`, es },
    });
    const state = await t.call('prompter.state');
    expect(state.cues[state.position.cueIndex - 1]!.id).toBe('card:TEA-100');
    expect(state.position.fraction).toBe(0.5);
  });

  it('REST drives it with the control token; a follow token can only follow', async () => {
    await t.call('prompter.load', { scriptId });
    const rest = (token: string, method: string, body: unknown) =>
      fetch(`${t.baseUrl}/api/v1/${method}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    const speed = await rest(t.token, 'prompter.setSpeed', { value: 210 });
    expect(speed.status).toBe(200);
    expect((await speed.json()).speed).toEqual({ unit: 'wpm', value: 210 });
    const follow = t.host.context.tokens.token('follow');
    expect((await rest(follow, 'prompter.state', {})).status).toBe(200);
    expect((await rest(follow, 'prompter.play', {})).status).toBe(403);
    const lead = await rest(follow, 'prompter.joinLane', { language: 'es', role: 'lead' });
    expect(lead.status).toBe(403);
    expect((await lead.json()).error.message).toMatch(/follower/);
    const link = await t.call('prompter.coHostLink', { language: 'es' });
    expect(link.url).toBe(`http://127.0.0.1:${t.host.server.port}/prompter?token=${follow}&lane=follower&lang=es`);
    expect(link.qrSvg).toMatch(/^<svg/);
  });

  it('a lane on a WebSocket leaves when the socket disconnects', async () => {
    const follow = t.host.context.tokens.token('follow');
    const ws = new WebSocket(`ws://127.0.0.1:${t.host.server.port}/ws?token=${follow}`);
    await new Promise((resolve) => ws.once('open', resolve));
    const answer = new Promise<{ result: { laneId: string } }>((resolve) =>
      ws.on('message', (data) => {
        const message = JSON.parse(data.toString());
        if (message.id === 1) resolve(message);
      }),
    );
    ws.send(JSON.stringify({ id: 1, method: 'prompter.joinLane', params: { language: 'es' } }));
    const { laneId } = (await answer).result;
    expect((await t.call('prompter.state')).lanes.map((l) => l.laneId)).toEqual([laneId]);
    const left = nextEvent(t, 'prompter.lane.left', (e) => e.payload.laneId === laneId);
    ws.close();
    expect((await left).payload).toEqual({ laneId, language: 'es', role: 'follower' });
    expect((await t.call('prompter.state')).lanes).toEqual([]);
  });
});
