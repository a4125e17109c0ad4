import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { methodNames } from '../../../electron/shared/contract';
import { eventChannel, methodChannel, type IpcEnvelope } from '../../../electron/shared/ipc';
import { bridgeIpc, trustedSenderCheck, type InvokeEvent } from '../../../electron/main/ipc-bridge';
import { startTestHost, type TestHost } from '../../support/host';

/**
 * Every contract method must be reachable through every transport: the call reaches the dispatcher
 * (whatever the handler then answers) instead of being refused as an unknown method.
 */
let h: TestHost;
beforeAll(async () => {
  h = await startTestHost();
});
afterAll(async () => {
  await h.stop();
});

const reached = (code: string | undefined) => code !== 'unknown_method';

describe('REST', () => {
  it('reaches every method at POST /api/v1/<method>', async () => {
    for (const name of methodNames) {
      const res = await fetch(`${h.baseUrl}/api/v1/${name}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${h.token}`, 'Content-Type': 'application/json' },
        body: '{}',
      });
      const body = (await res.json()) as { error?: { code: string } };
      expect(reached(body.error?.code), `${name}: ${JSON.stringify(body)}`).toBe(true);
    }
  });

  it('answers 404 for an unknown method, 401 without a token, 400 for malformed JSON, and keeps running', async () => {
    const post = (name: string, body: string, headers: Record<string, string> = {}) =>
      fetch(`${h.baseUrl}/api/v1/${name}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${h.token}`, 'Content-Type': 'application/json', ...headers },
        body,
      });
    const unknown = await post('nope.nothing', '{}');
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.code).toBe('unknown_method');

    const noToken = await fetch(`${h.baseUrl}/api/v1/system.info`, { method: 'POST', body: '{}' });
    expect(noToken.status).toBe(401);
    const wrongToken = await post('system.info', '{}', { Authorization: 'Bearer wrong' });
    expect(wrongToken.status).toBe(401);

    const malformed = await post('system.info', '{"oops":');
    expect(malformed.status).toBe(400);
    const error = (await malformed.json()).error;
    expect(error.code).toBe('bad_request');
    expect(error.message).toMatch(/not valid JSON/);

    const badInput = await post('catalog.getProduct', '{"sku": 5}');
    expect(badInput.status).toBe(400);
    expect((await badInput.json()).error).toMatchObject({ code: 'bad_request', details: expect.any(Array) });

    const ok = await post('system.info', '{}');
    expect(ok.status).toBe(200);
  });
});

describe('WebSocket', () => {
  it('reaches every method, and pushes events', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${h.host.server.port}/ws?token=${h.token}`);
    const messages: Record<string, unknown>[] = [];
    const waiters: (() => void)[] = [];
    ws.on('message', (data) => {
      messages.push(JSON.parse(data.toString()));
      waiters.splice(0).forEach((w) => w());
    });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const next = async (match: (m: Record<string, unknown>) => boolean) => {
      for (;;) {
        const found = messages.find(match);
        if (found) return found;
        await new Promise<void>((r) => waiters.push(r));
      }
    };
    expect(await next((m) => 'hello' in m)).toMatchObject({ hello: { scope: 'control' } });
    let id = 0;
    for (const name of methodNames) {
      ws.send(JSON.stringify({ id: ++id, method: name, params: {} }));
      const answer = (await next((m) => m.id === id)) as { error?: { code: string } };
      expect(reached(answer.error?.code), `${name}: ${JSON.stringify(answer)}`).toBe(true);
    }
    ws.send(JSON.stringify({ id: ++id, method: 'settings.set', params: { general: { defaultMarket: 'DE' } } }));
    const changed = await next((m) => m.event === 'settings.changed' && (m.data as { general: { defaultMarket: string } }).general.defaultMarket === 'DE');
    expect(changed).toMatchObject({ data: { general: { defaultMarket: 'DE' } }, at: expect.any(Number) });
    ws.send('not json');
    expect(await next((m) => m.id === null)).toMatchObject({ error: { code: 'bad_request' } });
    ws.close();
  });

  it('with events=batch, pushes the events of one turn in one frame, in order, before the answer that follows them', async () => {
    const open = (query: string) =>
      new Promise<{ frames: Record<string, unknown>[]; ws: WebSocket }>((resolve, reject) => {
        const ws = new WebSocket(`ws://127.0.0.1:${h.host.server.port}/ws?token=${h.token}${query}`);
        const frames: Record<string, unknown>[] = [];
        ws.on('message', (data) => {
          frames.push(JSON.parse(data.toString()));
          if (frames.length === 1) resolve({ frames, ws });
        });
        ws.once('error', reject);
      });
    const batched = await open('&events=batch');
    const single = await open('');
    const frameCount = { batched: batched.frames.length, single: single.frames.length };
    const until = (client: { frames: Record<string, unknown>[]; ws: WebSocket }, done: () => boolean) =>
      new Promise<void>((resolve) => {
        const check = () => (done() ? resolve() : client.ws.once('message', check));
        check();
      });
    const chatOf = (frames: Record<string, unknown>[]) =>
      frames.flatMap((f) => (Array.isArray(f.events) ? (f.events as Record<string, unknown>[]) : [f])).filter((e) => e.event === 'chat.message');
    // A chat bridge's call: its comments are published together once their languages are known.
    batched.ws.send(
      JSON.stringify({
        id: 'burst',
        method: 'chat.ingest',
        params: { messages: Array.from({ length: 30 }, (_, i) => ({ platform: 'tiktok', messageId: `batch-${i}`, authorName: `V${i}`, authorId: `v${i}`, text: `Comment ${i}` })) },
      }),
    );
    await until(batched, () => chatOf(batched.frames.slice(frameCount.batched)).length >= 30);
    const after = batched.frames.slice(frameCount.batched);
    expect(after.every((f) => !('event' in f))).toBe(true);
    const chatFrames = after.filter((f) => chatOf([f]).length > 0);
    expect(chatFrames.length).toBeLessThan(5);
    expect(chatOf(after).map((e) => (e.data as { text: string }).text)).toEqual(Array.from({ length: 30 }, (_, i) => `Comment ${i}`));
    // A client that did not ask still gets a frame per event, as documented.
    await until(single, () => chatOf(single.frames.slice(frameCount.single)).length >= 30);
    expect(single.frames.slice(frameCount.single).filter((f) => f.event === 'chat.message')).toHaveLength(30);
    // An answer never overtakes the events its call published.
    const before = batched.frames.length;
    batched.ws.send(JSON.stringify({ id: 'set', method: 'settings.set', params: { general: { defaultMarket: 'FR' } } }));
    await until(batched, () => batched.frames.slice(before).some((f) => f.id === 'set'));
    const tail = batched.frames.slice(before);
    const changedAt = tail.findIndex((f) => Array.isArray(f.events) && (f.events as { event: string }[]).some((e) => e.event === 'settings.changed'));
    expect(changedAt).toBeGreaterThanOrEqual(0);
    expect(changedAt).toBeLessThan(tail.findIndex((f) => f.id === 'set'));
    batched.ws.close();
    single.ws.close();
  });

  it('refuses connections without a token or from a foreign origin', async () => {
    const status = (url: string, headers: Record<string, string> = {}) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(url, { headers });
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => {
          ws.close();
          resolve(101);
        });
      });
    const base = `ws://127.0.0.1:${h.host.server.port}/ws`;
    expect(await status(base)).toBe(401);
    expect(await status(`${base}?token=${h.token}`, { Origin: 'https://evil.example' })).toBe(403);
    expect(await status(`${base}?token=${h.token}`, { Origin: `http://127.0.0.1:${h.host.server.port}` })).toBe(101);
  });
});

describe('Electron IPC', () => {
  const handlers = new Map<string, (event: InvokeEvent, input: unknown) => Promise<IpcEnvelope>>();
  const ipcMain = {
    handle: (channel: string, fn: (event: InvokeEvent, input: unknown) => Promise<IpcEnvelope>) => void handlers.set(channel, fn),
    removeHandler: (channel: string) => void handlers.delete(channel),
  };
  const prefix = 'file:///app/out/renderer/';
  const trusted: InvokeEvent = { sender: { id: 7 }, senderFrame: { url: `${prefix}index.html`, parent: null } };

  it('registers one handler per method, each reaching the dispatcher', async () => {
    const unbridge = bridgeIpc(ipcMain, h.host.context.dispatcher, trustedSenderCheck(prefix, () => new Set([7])));
    expect([...handlers.keys()].sort()).toEqual(methodNames.map(methodChannel).sort());
    for (const name of methodNames) {
      const envelope = await handlers.get(methodChannel(name))!(trusted, {});
      expect(reached(envelope.ok ? undefined : envelope.error.code), name).toBe(true);
    }
    const info = await handlers.get(methodChannel('system.info'))!(trusted, undefined);
    expect(info).toMatchObject({ ok: true, result: { methods: methodNames } });
    unbridge();
    expect(handlers.size).toBe(0);
  });

  it('refuses senders that are not a top frame of the app’s own windows and pages', async () => {
    bridgeIpc(ipcMain, h.host.context.dispatcher, trustedSenderCheck(prefix, () => new Set([7])));
    const call = handlers.get(methodChannel('system.info'))!;
    const untrusted: InvokeEvent[] = [
      { sender: { id: 7 }, senderFrame: { url: 'https://evil.example/', parent: null } },
      { sender: { id: 7 }, senderFrame: { url: `${prefix}index.html`, parent: {} } },
      { sender: { id: 99 }, senderFrame: { url: `${prefix}index.html`, parent: null } },
      { sender: { id: 7 }, senderFrame: null },
    ];
    for (const event of untrusted) expect(await call(event, {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});

describe('the preload', () => {
  it('exposes exactly one function per method and an event listener, nothing else', async () => {
    const file = path.resolve(import.meta.dirname, '../../../out/preload/index.cjs');
    expect(fs.existsSync(file), 'build first: npm run build').toBe(true);
    const exposed: Record<string, unknown> = {};
    const invoked: [string, unknown][] = [];
    const listeners = new Map<string, unknown>();
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, value: unknown) => (exposed[key] = value) },
      ipcRenderer: {
        invoke: (channel: string, input: unknown) => (invoked.push([channel, input]), Promise.resolve({ ok: true, result: null })),
        on: (channel: string, fn: unknown) => listeners.set(channel, fn),
        removeListener: (channel: string) => listeners.delete(channel),
      },
      webUtils: { getPathForFile: (f: { picked: string }) => f.picked },
    };
    const sandboxRequire = (name: string) => {
      if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
      return electron;
    };
    const module = { exports: {} };
    vm.runInNewContext(fs.readFileSync(file, 'utf8'), { require: sandboxRequire, module, exports: module.exports, console });

    expect(Object.keys(exposed)).toEqual(['broadcart']);
    const api = exposed.broadcart as {
      methods: Record<string, (i?: unknown) => Promise<unknown>>;
      onEvent: (l: unknown) => () => void;
      pathForFile: (file: object) => string;
    };
    expect(Object.keys(api).sort()).toEqual(['methods', 'onEvent', 'pathForFile']);
    // The path of a file the user picked (the native dialog) or dropped, for session.import.
    expect(api.pathForFile({ picked: '/home/ana/night.bcsession' })).toBe('/home/ana/night.bcsession');
    expect(Object.keys(api.methods).sort()).toEqual([...methodNames].sort());
    expect(Object.isFrozen(api.methods)).toBe(true);
    await api.methods['catalog.listProducts']!({ query: 'tea' });
    expect(invoked).toEqual([[methodChannel('catalog.listProducts'), { query: 'tea' }]]);
    const off = api.onEvent(() => {});
    expect(listeners.has(eventChannel)).toBe(true);
    off();
    expect(listeners.has(eventChannel)).toBe(false);
  });
});
