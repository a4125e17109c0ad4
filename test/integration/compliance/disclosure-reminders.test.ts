import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventName, HostEvent } from '../../../electron/shared/contract';
import { startTestHost, type TestHost } from '../../support/host';
import { recordEvents, waitFor } from '../../support/events';

/** Resolves with the first event matching, or fails after a deadline (never hangs). */
function nextEvent<E extends EventName>(t: TestHost, name: E, match: (e: HostEvent<E>) => boolean = () => true, ms = 10_000) {
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

const loggedKinds = async (t: TestHost, id: string) => (await t.call('session.events', { id, limit: 1000 })).events.map((e) => e.kind);

describe('disclosure reminders during a live (real host, real SQLite)', () => {
  let t: TestHost;
  beforeEach(async () => (t = await startTestHost()));
  afterEach(async () => t.stop());

  it('a US session is reminded after the interval, in its languages, and the reminder is in the session log', async () => {
    // The interval is the host's setting (seconds); a short one here, the event awaited, no sleeps.
    await t.call('settings.set', { compliance: { disclosureReminders: { US: { intervalSeconds: 1 } } } });
    const startedAt = Date.now();
    const reminder = nextEvent(t, 'compliance.disclosureReminder');
    const session = await t.call('session.start', { title: 'Tea launch, US', market: 'US', languages: ['en-US', 'es-MX'] });
    // The US rule asks for repeats, not an upfront label: nothing is waiting at the start.
    expect((await t.call('compliance.disclosureState')).pending).toBeNull();

    const event = await reminder;
    expect(event.at - startedAt).toBeGreaterThanOrEqual(1000);
    expect(event.payload).toMatchObject({ sessionId: session.id, market: 'US', ruleId: 'us.ftc.endorsement_disclosure', reason: 'repeat' });
    expect(event.payload.texts.map((x) => x.language)).toEqual(['en', 'es']);
    expect(event.payload.texts[0]!.text).toMatch(/^Ad: /);
    expect(event.payload.texts[1]!.text).toMatch(/^Anuncio: /);

    // A long interval from here on, so no newer reminder replaces this one (a loaded machine can be slow).
    await t.call('settings.set', { compliance: { disclosureReminders: { US: { intervalSeconds: 600 } } } });
    const state = await t.call('compliance.disclosureState');
    expect(state).toMatchObject({ sessionId: session.id, market: 'US', active: true, pending: { reminderId: event.payload.reminderId, reason: 'repeat' } });
    await waitFor(async () => (await loggedKinds(t, session.id)).includes('compliance.disclosureReminder'), 'the reminder in the session log');
  });

  it('acknowledging logs it, clears the reminder and counts the next interval from then', async () => {
    await t.call('settings.set', { compliance: { disclosureReminders: { US: { intervalSeconds: 1 } } } });
    const first = nextEvent(t, 'compliance.disclosureReminder');
    const session = await t.call('session.start', { title: 'Tea launch, US', market: 'US' });
    const { reminderId } = (await first).payload;
    // No newer reminder may replace it before the acknowledgement (a loaded machine can be slow).
    await t.call('settings.set', { compliance: { disclosureReminders: { US: { intervalSeconds: 600 } } } });

    const acknowledged = nextEvent(t, 'compliance.disclosureAcknowledged');
    const second = nextEvent(t, 'compliance.disclosureReminder', (e) => e.payload.reminderId !== reminderId);
    const after = await t.call('compliance.acknowledgeDisclosure', { reminderId, from: 'prompter' });
    expect(after.pending).toBeNull();
    expect(after.nextAt).toBeGreaterThan(Date.now());
    const ack = await acknowledged;
    // Short again: counted from the acknowledgement, not from the reminder.
    await t.call('settings.set', { compliance: { disclosureReminders: { US: { intervalSeconds: 1 } } } });
    expect(ack.payload).toMatchObject({ sessionId: session.id, reminderId, from: 'prompter' });
    expect(ack.payload.afterMs).toBeGreaterThanOrEqual(0);
    // The next one comes an interval after the acknowledgement.
    expect((await second).at - ack.at).toBeGreaterThanOrEqual(1000);

    // Nothing left to acknowledge once it is done: a clear error, not a silent success.
    await t.call('settings.set', { compliance: { disclosureReminders: { US: { intervalSeconds: 600 } } } });
    await t.call('compliance.acknowledgeDisclosure', { from: 'live' });
    await expect(t.call('compliance.acknowledgeDisclosure', { from: 'live' })).rejects.toMatchObject({ key: 'compliance.no_disclosure_pending' });
    await expect(t.call('compliance.acknowledgeDisclosure', { reminderId: 'nope', from: 'live' })).rejects.toMatchObject({ key: 'compliance.no_disclosure_pending' });

    const logged = await waitFor(async () => {
      const kinds = await loggedKinds(t, session.id);
      return kinds.filter((k) => k === 'compliance.disclosureAcknowledged').length === 2 && kinds;
    }, 'both acknowledgements in the session log');
    expect(logged.filter((k) => k === 'compliance.disclosureReminder').length).toBeGreaterThanOrEqual(2);
    const acks = (await t.call('session.events', { id: session.id, kinds: ['compliance.disclosureAcknowledged'] })).events;
    expect(acks.map((e) => (e.payload as { from: string }).from)).toEqual(['prompter', 'live']);
  });

  it('a CN session gets no disclosure reminder', async () => {
    await t.call('settings.set', { compliance: { disclosureReminders: { US: { intervalSeconds: 1 }, GB: { intervalSeconds: 1 } } } });
    const recorded = recordEvents(t);
    const session = await t.call('session.start', { title: '茉莉花茶 直播', market: 'CN', languages: ['zh-CN'] });
    const state = await t.call('compliance.disclosureState');
    expect(state).toMatchObject({ sessionId: session.id, market: 'CN', active: false, nextAt: null, pending: null });
    // The proof a reminder would have had time to come: a US session after it, with the same interval, gets one.
    await t.call('session.end', {});
    const usReminder = nextEvent(t, 'compliance.disclosureReminder');
    await t.call('session.start', { title: 'Tea launch, US', market: 'US' });
    await usReminder;
    recorded.stop();
    expect(recorded.of('compliance.disclosureReminder').map((e) => e.payload.market)).toEqual(['US']);
    expect(await loggedKinds(t, session.id)).not.toContain('compliance.disclosureReminder');
  });

  it('a GB session gets its upfront "Ad" reminder as it starts', async () => {
    const reminder = nextEvent(t, 'compliance.disclosureReminder');
    const session = await t.call('session.start', { title: 'Scarf launch, UK', market: 'GB' });
    const event = await reminder;
    expect(event.payload).toMatchObject({ sessionId: session.id, market: 'GB', ruleId: 'uk.cap.ad_label', reason: 'upfront' });
    expect(event.payload.texts).toEqual([{ language: 'en', text: 'Ad: this live stream advertises the products shown.' }]);
    const markets = (await t.call('compliance.disclosures')).markets;
    expect(markets.map((m) => `${m.market} ${m.upfront} ${m.defaultIntervalSeconds}`).sort()).toEqual(['GB true 900', 'US false 600']);
  });

  it('the disclosure line is on the card of the session market when the host chooses it (overlay and OBS scene text)', async () => {
    await t.call('settings.set', {
      compliance: { disclosureReminders: { US: { onCard: true, texts: { en: 'Ad: paid partnership with Jasmine & Co.' } } } },
    });
    await t.call('card.pin', { sku: 'TEA-JASMINE-100', market: 'US' });
    // No live session: no line.
    expect((await t.call('card.current', { output: 'overlay', market: 'US' })).card!.disclosure).toBeNull();

    const pushed = nextEvent(t, 'card.state', (e) => e.payload.market === 'US' && e.payload.card?.disclosure != null);
    await t.call('session.start', { title: 'Tea launch, US', market: 'US' });
    expect((await pushed).payload.card!.disclosure).toBe('Ad: paid partnership with Jasmine & Co.');
    const { card } = await t.call('card.current', { output: 'overlay', market: 'US' });
    expect(card!.disclosure).toBe('Ad: paid partnership with Jasmine & Co.');
    // Only the session market's card carries it.
    expect((await t.call('card.current', { output: 'overlay', market: 'DE' })).card!.disclosure).toBeNull();

    // Turned off in Settings: the card loses the line.
    const cleared = nextEvent(t, 'card.state', (e) => e.payload.market === 'US' && e.payload.card !== null && e.payload.card.disclosure === null);
    await t.call('settings.set', { compliance: { disclosureReminders: { US: { onCard: false } } } });
    await cleared;
  });

  it('refuses an interval out of range with a clear message', async () => {
    await expect(t.call('settings.set', { compliance: { disclosureReminders: { US: { intervalSeconds: 0 } } } })).rejects.toMatchObject({
      code: 'bad_request',
      message: expect.stringContaining('1 to 7200 seconds'),
    });
  });
});
