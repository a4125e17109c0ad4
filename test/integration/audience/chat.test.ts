import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { IncomingChat } from '../../../electron/shared/contract/audience';
import { loadLanguageDetector } from '../../../electron/core/features/audience/language/detect-language';
import { startTestHost, type TestHost } from '../../support/host';
import { recordEvents } from '../../support/events';
import { connectWs } from './ws-rpc';

// The chat half of the audience feature in a real host (real SQLite, the real dispatcher and bus).
let h: TestHost;
beforeEach(async () => {
  h = await startTestHost();
});
afterEach(() => h.stop());

const msg = (n: number, extra: Partial<IncomingChat> = {}): IncomingChat => ({
  platform: 'tiktok',
  messageId: `m${n}`,
  authorName: `Viewer ${n}`,
  authorId: `uid-${n}`,
  text: `hello ${n}`,
  ...extra,
});

describe('comments in', () => {
  it('stores a comment fed through chat.ingest once, publishes chat.message and lists it', async () => {
    const rec = recordEvents(h);
    const first = await h.call('chat.ingest', { messages: [msg(1, { text: '  How much is the tea ' }), msg(2)] });
    expect(first).toEqual({ accepted: 2, duplicates: 0 });
    const again = await h.call('chat.ingest', { messages: [msg(1), msg(3)] });
    expect(again).toEqual({ accepted: 1, duplicates: 1 });

    const published = rec.of('chat.message').map((e) => e.payload);
    expect(published.map((m) => m.id)).toEqual(['tiktok:m1', 'tiktok:m2', 'tiktok:m3']);
    expect(published[0]).toMatchObject({ platform: 'tiktok', messageId: 'm1', text: 'How much is the tea', connectionId: null, kind: 'text', question: true });
    expect(published[1]!.question).toBe(false);

    const { messages } = await h.call('chat.list', {});
    expect(messages.map((m) => m.id)).toEqual(['tiktok:m1', 'tiktok:m2', 'tiktok:m3']);
    const questions = await h.call('chat.list', { questionsOnly: true });
    expect(questions.messages.map((m) => m.id)).toEqual(['tiktok:m1']);
  });

  it('drops a message a platform reader hands in that a bridge already fed (and the other way round)', async () => {
    const gateway = h.host.features.audience.gateway;
    await h.call('chat.ingest', { messages: [msg(1, { platform: 'youtube' })] });
    const fromReader = await gateway.receiveChat('conn-yt', [msg(1, { platform: 'youtube' }), msg(2, { platform: 'youtube' })]);
    expect(fromReader).toEqual({ accepted: 1, duplicates: 1 });
    const fromBridge = await h.call('chat.ingest', { messages: [msg(2, { platform: 'youtube' })] });
    expect(fromBridge).toEqual({ accepted: 0, duplicates: 1 });
    const rows = h.host.context.db.prepare('SELECT id, connection_id FROM chat_messages ORDER BY id').all();
    expect(rows).toEqual([
      { id: 'youtube:m1', connection_id: null },
      { id: 'youtube:m2', connection_id: 'conn-yt' },
    ]);
  });

  it('drops a malformed message from a platform reader, keeps the rest and reports it', async () => {
    const rec = recordEvents(h);
    const bad = { ...msg(2, { platform: 'youtube' }), authorId: '' };
    const result = await h.host.features.audience.gateway.receiveChat('conn-yt', [msg(1, { platform: 'youtube' }), bad, msg(3, { platform: 'youtube' })]);
    expect(result).toEqual({ accepted: 2, duplicates: 0 });
    expect(rec.of('error').map((e) => e.payload)).toEqual([expect.objectContaining({ source: 'audience', code: 'chat_invalid' })]);
    expect(String(rec.of('error')[0]!.payload.message)).toContain('authorId');
  });

  it('gives the same viewer the same key on every platform message, different viewers different keys', async () => {
    await h.call('chat.ingest', {
      messages: [msg(1, { authorId: 'alice' }), msg(2, { authorId: 'alice' }), msg(3, { authorId: 'bob' }), msg(4, { authorId: 'alice', platform: 'instagram' })],
    });
    const { messages } = await h.call('chat.list', {});
    const keys = messages.map((m) => m.authorKey);
    expect(keys[0]).toBe(keys[1]);
    expect(keys[2]).not.toBe(keys[0]);
    expect(keys[3]).not.toBe(keys[0]);
    expect(keys[0]).not.toContain('alice');
  });
});

describe('languages', () => {
  it('gives each comment its language and finds the questions of one language', async () => {
    await loadLanguageDetector();
    await h.call('chat.ingest', {
      messages: [
        msg(1, { text: 'Cuánto cuesta el envío a Madrid' }),
        msg(2, { text: '这个有红色的吗' }),
        msg(3, { text: 'Me encanta este pañuelo de seda' }),
        msg(4, { text: 'apakah bisa kirim ke Surabaya' }),
      ],
    });
    const { messages } = await h.call('chat.list', {});
    expect(messages.map((m) => [m.language, m.question])).toEqual([
      ['es', true],
      ['zh-CN', true],
      ['es', false],
      ['id', true],
    ]);
    const spanishQuestions = await h.call('chat.list', { language: 'es', openOnly: true });
    expect(spanishQuestions.messages.map((m) => m.id)).toEqual(['tiktok:m1']);
    expect((await h.call('chat.list', { language: 'zh' })).messages.map((m) => m.id)).toEqual(['tiktok:m2']);
  });
});

describe('co-host lanes over the WebSocket', () => {
  it('sends a lane that follows its questions only the open questions in its language, and the whole chat to the rest', async () => {
    await loadLanguageDetector();
    const wsUrl = `ws://127.0.0.1:${h.host.server.port}/ws`;
    const follow = h.host.context.tokens.token('follow');
    const esLane = await connectWs(wsUrl, follow);
    const dock = await connectWs(wsUrl, follow);
    try {
      await expect(esLane.call('chat.followQuestions', { language: 'es' })).resolves.toEqual({ ok: true });
      await h.call('chat.ingest', {
        messages: [
          msg(1, { text: '¿Cuánto cuesta el envío a Madrid?' }),
          msg(2, { text: '这个有红色的吗' }),
          msg(3, { text: 'Me encanta este pañuelo de seda' }),
          msg(4, { text: '¿Hay talla grande para mi hermana?' }),
        ],
      });
      // chat.updated reaches everyone after those messages (one connection keeps its order).
      await h.call('chat.answer', { id: 'tiktok:m4' });
      const heard = (ws: typeof dock, name: string) => ws.events.filter((e) => e.event === name).map((e) => (e.data as { id: string }).id);
      await vi.waitFor(() => expect(heard(esLane, 'chat.updated')).toEqual(['tiktok:m4']));
      await vi.waitFor(() => expect(heard(dock, 'chat.updated')).toEqual(['tiktok:m4']));
      expect(heard(esLane, 'chat.message')).toEqual(['tiktok:m1', 'tiktok:m4']);
      expect(heard(dock, 'chat.message')).toEqual(['tiktok:m1', 'tiktok:m2', 'tiktok:m3', 'tiktok:m4']);

      // Back to the whole chat; a new connection (a reconnect) starts with the whole chat too.
      await esLane.call('chat.followQuestions', { language: null });
      const again = await connectWs(wsUrl, follow);
      await h.call('chat.ingest', { messages: [msg(5, { text: 'Me encanta' })] });
      await h.call('chat.answer', { id: 'tiktok:m1' });
      await vi.waitFor(() => expect(heard(esLane, 'chat.updated')).toContain('tiktok:m1'));
      await vi.waitFor(() => expect(heard(again, 'chat.updated')).toContain('tiktok:m1'));
      expect(heard(esLane, 'chat.message').at(-1)).toBe('tiktok:m5');
      expect(heard(again, 'chat.message')).toEqual(['tiktok:m5']);
      await again.close();
    } finally {
      await esLane.close();
      await dock.close();
    }
    // REST hears no events: there is nothing to narrow.
    const res = await fetch(`${h.baseUrl}/api/v1/chat.followQuestions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${follow}`, 'content-type': 'application/json' },
      body: JSON.stringify({ language: 'es' }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { key: 'chat.follow_needs_stream' } });
  });
});

describe('the question queue', () => {
  it('marks a question answered from a co-host lane (by: lane) and stars a comment into the queue', async () => {
    await h.call('chat.ingest', { messages: [msg(1, { text: '¿Cuánto cuesta' }), msg(2, { text: 'love it' })] });
    const rec = recordEvents(h);
    const lane = h.host.context.dispatcher.client({ transport: 'ws', scope: 'follow' });
    const answered = await lane('chat.answer', { id: 'tiktok:m1' });
    expect(answered).toMatchObject({ answered: true, question: true });
    expect(rec.of('chat.updated').at(-1)!.payload).toMatchObject({ id: 'tiktok:m1', answered: true, by: 'lane' });
    await expect(lane('chat.star', { id: 'tiktok:m2' })).rejects.toMatchObject({ key: 'request.scope_forbidden' });

    const starred = await h.call('chat.star', { id: 'tiktok:m2' });
    expect(starred).toMatchObject({ starred: true, question: true });
    expect(rec.of('chat.updated').at(-1)!.payload).toMatchObject({ id: 'tiktok:m2', starred: true, question: true, by: 'control' });
    const open = await h.call('chat.list', { openOnly: true });
    expect(open.messages.map((m) => m.id)).toEqual(['tiktok:m2']);
  });

  it('hides a comment from the list unless hidden ones are asked for', async () => {
    await h.call('chat.ingest', { messages: [msg(1), msg(2)] });
    await h.call('chat.hide', { id: 'tiktok:m1' });
    expect((await h.call('chat.list', {})).messages.map((m) => m.id)).toEqual(['tiktok:m2']);
    const all = await h.call('chat.list', { includeHidden: true });
    expect(all.messages[0]).toMatchObject({ id: 'tiktok:m1', hidden: true, hiddenBy: null });
    await expect(h.call('chat.hide', { id: 'tiktok:nope' })).rejects.toMatchObject({ key: 'chat.not_found' });
  });
});
