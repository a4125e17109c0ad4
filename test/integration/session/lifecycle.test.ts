import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HostError } from '../../../electron/shared/contract';
import { startTestHost, type TestHost } from '../../support/host';
import { recordEvents, sessionFeatureOf } from './helpers';

let host: TestHost;
beforeEach(async () => {
  host = await startTestHost({ seedDemo: false });
});
afterEach(async () => {
  await host.stop();
});

async function expectError(promise: Promise<unknown>, code: string, text?: RegExp): Promise<HostError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HostError);
  expect((error as HostError).code).toBe(code);
  if (text) expect((error as HostError).message).toMatch(text);
  return error as HostError;
}

describe('session lifecycle', () => {
  it('starts one live session, logs its events, and refuses a second one', async () => {
    const session = await host.call('session.start', { title: 'Tea launch', market: 'us', hosts: ['Ana', 'Li Wei'], languages: ['en', 'zh-CN'] });
    expect(session).toMatchObject({ title: 'Tea launch', market: 'US', status: 'live', hosts: ['Ana', 'Li Wei'], endedAt: null });
    await expectError(host.call('session.start', { title: 'Second', market: 'DE' }), 'conflict', /already live.*session\.end/);

    const current = await host.call('session.current');
    expect(current.session?.id).toBe(session.id);
    expect(current.backlog).toMatchObject({ failing: false, lastError: null });

    await host.call('session.mark', { text: 'great reaction' });
    await host.call('session.mark');
    await host.call('session.note', { text: 'audio a bit low' });
    host.host.context.reportError('obs', 'disconnected', 'OBS went away');
    const ended = await host.call('session.end');
    expect(ended.status).toBe('ended');
    expect(ended.endedAt).not.toBeNull();

    const page = await host.call('session.events', { id: session.id });
    expect(page.events.map((e) => e.kind)).toEqual(['session.started', 'session.mark', 'session.mark', 'session.note', 'error', 'session.ended']);
    expect(page.events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(page.events[1]!.payload).toEqual({ sessionId: session.id, text: 'great reaction' });
    expect(page.events[2]!.payload).toEqual({ sessionId: session.id, text: null });
    expect(page.total).toBe(6);
    expect((await host.call('session.get', { id: session.id })).eventCount).toBe(6);
  });

  it('logs nothing while no session is live, and says so for mark and end', async () => {
    await expectError(host.call('session.mark', { text: 'x' }), 'invalid_state', /No session is live.*session\.start/);
    await expectError(host.call('session.end'), 'invalid_state');
    host.host.context.reportError('obs', 'x', 'not logged');
    const count = host.host.context.db.prepare('SELECT count(*) AS n FROM session_events').get() as { n: number };
    expect(count.n).toBe(0);
  });

  it('refuses bad input with a message that says what to fix', async () => {
    await expectError(host.call('session.start', { title: '', market: 'US' } as never), 'bad_request', /title/);
    await expectError(host.call('session.get', { id: 'nope' }), 'bad_request', /UUID/);
    await expectError(host.call('session.get', { id: '00000000-0000-4000-8000-000000000000' }), 'not_found', /session\.list/);
  });

  it('only logs events whose contract spec says logged: true', async () => {
    const session = await host.call('session.start', { title: 'Spec', market: 'US' });
    await host.call('settings.set', { general: { defaultMarket: 'DE' } }); // settings.changed is not logged
    await host.call('session.end');
    const kinds = (await host.call('session.events', { id: session.id })).events.map((e) => e.kind);
    expect(kinds).toEqual(['session.started', 'session.ended']);
  });

  it('publishes session.changed and session.listChanged for the windows', async () => {
    const rec = recordEvents(host);
    const session = await host.call('session.start', { title: 'Events', market: 'US' });
    await host.call('session.end');
    rec.stop();
    const changed = rec.events.filter((e) => e.name === 'session.changed');
    expect(changed.map((e) => (e.payload as { session: { id: string } | null }).session?.id ?? null)).toEqual([session.id, null]);
    expect(rec.events.some((e) => e.name === 'session.listChanged')).toBe(true);
  });

  it('adds review notes to an ended session and deletes a session with all its rows', async () => {
    const session = await host.call('session.start', { title: 'Review', market: 'US' });
    await host.call('session.mark');
    await host.call('session.end');
    await host.call('session.note', { id: session.id, text: 'Next time open with the tea.' });
    const summary = await host.call('session.summary', { id: session.id });
    expect(summary.notes.map((n) => n.text)).toEqual(['Next time open with the tea.']);
    expect(summary.marks).toHaveLength(1);

    const live = await host.call('session.start', { title: 'Live one', market: 'US' });
    await expectError(host.call('session.delete', { id: live.id }), 'invalid_state', /end it/);
    const deleted = await host.call('session.delete', { id: session.id });
    expect(deleted.deletedEvents).toBe(4);
    const db = host.host.context.db;
    for (const table of ['session_events', 'session_kind_counts', 'session_health', 'sessions']) {
      const col = table === 'sessions' ? 'id' : 'session_id';
      expect((db.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${col} = ?`).get(session.id) as { n: number }).n).toBe(0);
    }
    await expectError(host.call('session.get', { id: session.id }), 'not_found');
  });

  it('lists sessions with filters (dates, market, host, status) and paging', async () => {
    const db = host.host.context.db;
    const log = sessionFeatureOf(host);
    const day = 24 * 3600 * 1000;
    const base = Date.UTC(2025, 0, 1);
    for (let i = 0; i < 30; i++) {
      log.store.insert({
        id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        title: `Show ${i}`,
        market: i % 3 === 0 ? 'DE' : 'US',
        hosts: i % 2 === 0 ? ['Ana', 'Bo'] : ['Chen'],
        languages: ['en'],
        notes: '',
        status: i === 7 ? 'interrupted' : 'ended',
        startedAt: base + i * day,
        endedAt: base + i * day + 3600_000,
        lastEventAt: null,
        eventCount: 0,
      });
    }
    expect(db.prepare('SELECT count(*) AS n FROM sessions').get()).toEqual({ n: 30 });
    const all = await host.call('session.list', { limit: 10 });
    expect(all.total).toBe(30);
    expect(all.sessions.map((s) => s.title)).toEqual(Array.from({ length: 10 }, (_, i) => `Show ${29 - i}`));
    const page3 = await host.call('session.list', { limit: 10, offset: 20 });
    expect(page3.sessions.at(-1)!.title).toBe('Show 0');
    expect((await host.call('session.list', { market: 'de' })).total).toBe(10);
    expect((await host.call('session.list', { host: 'chen' })).total).toBe(15);
    expect((await host.call('session.list', { host: 'an' })).total).toBe(15);
    expect((await host.call('session.list', { status: 'interrupted' })).sessions.map((s) => s.title)).toEqual(['Show 7']);
    const range = await host.call('session.list', { from: base + 10 * day, to: base + 12 * day });
    expect(range.sessions.map((s) => s.title)).toEqual(['Show 12', 'Show 11', 'Show 10']);
    expect((await host.call('session.list', { market: 'DE', host: 'Ana', from: base + 10 * day })).sessions.map((s) => s.title)).toEqual([
      'Show 24',
      'Show 18',
      'Show 12',
    ]);
  });

  it('ends an interrupted session without resuming it, stamped with its last event', async () => {
    const dataDir = host.dataDir;
    const session = await host.call('session.start', { title: 'Crashy', market: 'US' });
    await host.call('session.mark');
    sessionFeatureOf(host).writer.flushAll();
    // Closing the app mid-broadcast leaves the session live in the file, like a crash (crash.test.ts kills for real).
    await host.host.stop();
    const reopened = await startTestHost({ dataDir, seedDemo: false });
    try {
      const s = await reopened.call('session.get', { id: session.id });
      expect(s.status).toBe('interrupted');
      expect(s.lastEventAt).not.toBeNull();
      await expectError(reopened.call('session.resume', { id: '00000000-0000-4000-8000-000000000001' }), 'not_found');
      const ended = await reopened.call('session.end', { id: session.id });
      expect(ended.status).toBe('ended');
      expect(ended.endedAt).toBe(s.lastEventAt);
      await expectError(reopened.call('session.resume', { id: session.id }), 'invalid_state', /Only an interrupted/);
    } finally {
      await reopened.stop();
    }
  });
});
