import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from '../../support/host';
import { sessionFeatureOf } from './helpers';

const day = 24 * 3600 * 1000;
let host: TestHost;
let clock: number;
beforeEach(async () => {
  clock = Date.UTC(2025, 2, 1);
  host = await startTestHost({ seedDemo: false, now: () => clock });
});
afterEach(async () => {
  await host.stop();
});

describe('retention', () => {
  it('keeps sessions forever by default, and deletes ended sessions older than N days with all their rows', async () => {
    const old = await host.call('session.start', { title: 'Old', market: 'US' });
    await host.call('session.mark');
    await host.call('session.end');
    clock += 10 * day;
    const recent = await host.call('session.start', { title: 'Recent', market: 'US' });
    await host.call('session.end');
    clock += 1 * day;
    const live = await host.call('session.start', { title: 'Live', market: 'US' });

    expect(await sessionFeatureOf(host).applyRetention()).toBe(0);
    expect((await host.call('session.list')).total).toBe(3);

    // Changing the setting applies it right away (and then every hour).
    await host.call('settings.set', { sessionLog: { retentionDays: 5 } });
    const deadline = Date.now() + 5000;
    while ((await host.call('session.list')).total !== 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    const left = (await host.call('session.list')).sessions.map((s) => s.id).sort();
    expect(left).toEqual([recent.id, live.id].sort());
    const rows = host.host.context.db.prepare('SELECT count(*) AS n FROM session_events WHERE session_id = ?').get(old.id) as { n: number };
    expect(rows.n).toBe(0);

    // A live session is never removed, however old.
    clock += 100 * day;
    await sessionFeatureOf(host).applyRetention();
    expect((await host.call('session.list')).sessions.map((s) => s.title)).toEqual(['Live']);
  });
});
