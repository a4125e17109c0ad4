import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { methodNames } from '../../../electron/shared/contract';
import { startTestHost, type TestHost } from '../../support/host';
import { waitFor } from '../../support/events';
import { lanAddress } from '../../../electron/core/features/audience/ingest-urls';
import { connectWs } from './ws-rpc';

// A chat bridge's token, over real HTTP and WebSocket: it feeds comments in and can do nothing else.
let h: TestHost;
beforeAll(async () => {
  h = await startTestHost();
});
afterAll(() => h.stop());

const post = (url: string, token: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
const comment = (id: string) => ({ platform: 'tiktok', messageId: id, authorName: 'Mia', authorId: 'tt-42', text: 'hi' });

describe('the ingest link and its token', () => {
  it('gives a bridge REST and WebSocket addresses that take comments with the ingest token', async () => {
    const link = await h.call('chat.ingestLink');
    expect(link.token).toBe(h.host.context.tokens.token('ingest'));
    expect(link.restUrl).toBe(`${h.baseUrl}/api/v1/chat.ingest`);
    expect(link.wsUrl).toBe(`ws://127.0.0.1:${h.host.server.port}/ws`);

    const res = await post(link.restUrl, link.token, { messages: [comment('r1'), comment('r1')] });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: 1, duplicates: 1 });

    const ws = await connectWs(link.wsUrl, link.token);
    expect(await ws.call('chat.ingest', { messages: [comment('w1')] })).toEqual({ accepted: 1, duplicates: 0 });
    await ws.close();
    // The bridge receives no events: the comments of the studio are not for it.
    expect(ws.events).toEqual([]);
  });

  it('gives the LAN address on a host started with --lan, so a bridge on another PC reaches it', async () => {
    const lan = await startTestHost({ lan: true });
    try {
      const link = await lan.call('chat.ingestLink');
      const address = lanAddress();
      const expectedHost = address ?? '127.0.0.1';
      expect(link.restUrl).toBe(`http://${expectedHost}:${lan.host.server.port}/api/v1/chat.ingest`);
      expect(link.wsUrl).toBe(`ws://${expectedHost}:${lan.host.server.port}/ws`);
      if (address) {
        const res = await post(link.restUrl, link.token, { messages: [comment('lan1')] });
        expect(res.status).toBe(200);
      }
    } finally {
      await lan.stop();
    }
  });

  it('refuses the ingest token on every other method (system.info tells a bridge its scope, nothing of the host)', async () => {
    const token = h.host.context.tokens.token('ingest');
    const infoRes = await post(`${h.baseUrl}/api/v1/system.info`, token, {});
    const info = (await infoRes.json()) as { scope: string; methods: string[]; dataDir?: string };
    expect(info.scope).toBe('ingest');
    expect(info.methods).toEqual(['system.info', 'chat.ingest']);
    expect(info).not.toHaveProperty('dataDir');
    const others = methodNames.filter((name) => name !== 'chat.ingest' && name !== 'system.info');
    expect(others.length).toBeGreaterThan(50);
    for (const name of others) {
      const res = await post(`${h.baseUrl}/api/v1/${name}`, token, {});
      expect(res.status, name).toBe(403);
    }
    // The same over the WebSocket.
    const ws = await connectWs(`ws://127.0.0.1:${h.host.server.port}/ws`, token);
    await expect(ws.call('chat.list', {})).rejects.toMatchObject({ key: 'request.scope_forbidden' });
    await expect(ws.call('chat.forget', { platform: 'tiktok', authorId: 'tt-42' })).rejects.toMatchObject({ key: 'request.scope_forbidden' });
    await ws.close();
  });

  it('refuses bad comments with what was wrong', async () => {
    const token = h.host.context.tokens.token('ingest');
    const res = await post(`${h.baseUrl}/api/v1/chat.ingest`, token, { messages: [{ platform: 'TikTok Live!', messageId: 'x', authorName: 'Mia', text: 'hi' }] });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { message: string; key: string } };
    expect(error.key).toBe('request.invalid_input');
    expect(error.message).toContain('messages.0.platform');
    expect(error.message).toContain('messages.0.authorId');
  });

  it('rotating replaces the token: the old one stops working at once, on REST and on an open WebSocket', async () => {
    const old = await h.call('chat.ingestLink');
    const ws = await connectWs(old.wsUrl, old.token);
    const rotated = await h.call('chat.ingestLink', { rotate: true });
    expect(rotated.token).not.toBe(old.token);
    expect(await ws.closed).toBe(4001);
    expect((await post(old.restUrl, old.token, { messages: [comment('o1')] })).status).toBe(401);
    expect((await post(rotated.restUrl, rotated.token, { messages: [comment('n1')] })).status).toBe(200);
    // The new token is stored: a restart keeps it.
    await waitFor(() => h.host.context.secrets.get('token.ingest') === rotated.token, 'the new token stored');
  });
});
