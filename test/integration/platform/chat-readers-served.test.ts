import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MethodInput, MethodName, MethodOutput } from '../../../electron/shared/contract';
import { assertFreshBuild } from '../../support/build-freshness';
import { FakeGoogle } from '../../support/platforms/google';
import { FakeYouTube } from '../../support/platforms/youtube';
import { startServedHost, type ServedHost } from '../../support/served-host';
import { tempDir } from '../../support/temp';

/**
 * The YouTube chat reader in a real host process (out/main/serve.js): killed with SIGKILL between two
 * polls, the next start resumes from the cursor stored in audience_cursors: every comment once, none lost.
 */

const repo = path.resolve(import.meta.dirname, '../../..');
beforeAll(() => assertFreshBuild(repo));
const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function rest<M extends MethodName>(host: ServedHost, method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const res = await fetch(`${host.baseUrl}/api/v1/${method}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(input),
  });
  const body = (await res.json()) as MethodOutput<M> & { error?: { message: string } };
  if (!res.ok) throw new Error(`${method}: ${body.error?.message ?? res.status}`);
  return body;
}

async function until<T>(read: () => Promise<T>, ready: (value: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ready(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('chat reader in a served host', () => {
  it('a host SIGKILLed between polls resumes from the stored cursor: no comment lost, none doubled', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const google = new FakeGoogle();
    const youtube = new FakeYouTube(google);
    await google.start();
    await youtube.start();
    cleanups.push(() => youtube.stop(), () => google.stop());
    google.addClient('desktop.apps.googleusercontent.com', 'GOCSPX-secret');
    youtube.pollingIntervalMillis = 300;
    const broadcast = youtube.startBroadcast('Tea night');

    let host = await startServedHost(t.dir);
    cleanups.push(() => host.kill());
    const saved = await rest(host, 'platform.save', {
      platform: 'youtube',
      label: 'Tea channel',
      markets: ['US'],
      apiBase: youtube.base,
      authBase: google.base,
      credentials: { clientId: 'desktop.apps.googleusercontent.com', clientSecret: 'GOCSPX-secret' },
    });
    const { next } = await rest(host, 'platform.authorize', { connectionId: saved.id });
    if (next.kind !== 'browser') throw new Error('expected the consent page');
    const consent = await fetch(next.url, { redirect: 'manual' });
    await fetch(consent.headers.get('location')!);

    for (let i = 1; i <= 5; i += 1) youtube.viewerSays(broadcast.liveChatId, `before ${i}`, `UC-${i}`);
    await until(() => rest(host, 'chat.list', {}), (l) => l.messages.length === 5, 'five comments');
    // A poll after the five (page token 5) means their cursor was stored: kill the host before the next answer.
    await youtube.server.waitFor((r) => r.path === '/youtube/v3/liveChat/messages' && r.query.get('pageToken') === '5');
    await host.kill();
    const pollsBefore = youtube.server.received((r) => r.path === '/youtube/v3/liveChat/messages').length;

    for (let i = 1; i <= 3; i += 1) youtube.viewerSays(broadcast.liveChatId, `while down ${i}`, `UC-d${i}`);
    host = await startServedHost(t.dir);
    youtube.viewerSays(broadcast.liveChatId, 'after restart', 'UC-after');
    const list = await until(() => rest(host, 'chat.list', {}), (l) => l.messages.length >= 9, 'nine comments');
    expect(list.messages.map((m) => m.text)).toEqual(['before 1', 'before 2', 'before 3', 'before 4', 'before 5', 'while down 1', 'while down 2', 'while down 3', 'after restart']);
    // The restarted host read on from the stored page token: it never asked for the history again.
    const after = youtube.server.received((r) => r.path === '/youtube/v3/liveChat/messages').slice(pollsBefore);
    expect(after[0]!.query.get('pageToken')).toBe('5');
    expect(youtube.server.received((r) => r.path === '/youtube/v3/liveChat/messages' && !r.query.has('pageToken'))).toHaveLength(1);
    const status = await rest(host, 'audience.status', {});
    expect(status.sources.find((s) => s.connectionId === saved.id)?.state).toBe('listening');
    await host.stop();
  }, 90_000);
});
