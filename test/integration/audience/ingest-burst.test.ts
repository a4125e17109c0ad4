import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { databaseFileName } from '../../../electron/core/db/database';
import { startServedHost, type ServedHost } from '../../support/served-host';
import { tempDir } from '../../support/temp';
import { connectWs, type WsRpc } from './ws-rpc';

// Nothing lost, nothing doubled: a bridge pushes 10,000 comments (with repeats) over the WebSocket into the
// real host process, loses its connection in the middle and resends what was not acknowledged.
let temp: ReturnType<typeof tempDir>;
let served: ServedHost | null = null;
afterEach(async () => {
  await served?.stop();
  temp?.cleanup();
});

const rest = (host: ServedHost, method: string, body: unknown = {}) =>
  fetch(`${host.baseUrl}/api/v1/${method}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  }).then(async (res) => {
    if (!res.ok) throw new Error(`${method}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<Record<string, unknown>>;
  });

interface Comment {
  platform: string;
  messageId: string;
  authorName: string;
  authorId: string;
  text: string;
}

describe('a burst of 10,000 comments through chat.ingest over the WebSocket', () => {
  it('arrives exactly once in the store and in the session log, across duplicates and a reconnect', async () => {
    temp = tempDir();
    served = await startServedHost(temp.dir);
    const host = served;
    await rest(host, 'session.start', { title: 'Burst live', market: 'US' });
    const link = (await rest(host, 'chat.ingestLink')) as { token: string; wsUrl: string };

    const total = 10_000;
    const batchSize = 180;
    const unique: Comment[] = Array.from({ length: total }, (_, i) => ({
      platform: i % 2 ? 'tiktok' : 'instagram',
      messageId: `burst-${i}`,
      authorName: `Viewer ${i % 700}`,
      authorId: `author-${i % 700}`,
      text: `comment number ${i}`,
    }));
    // Batches of fresh comments, each with ~10% repeats of comments already sent (a bridge's own retries).
    const batches: Comment[][] = [];
    let sent = 0;
    let repeats = 0;
    while (sent < total) {
      const fresh = unique.slice(sent, sent + batchSize);
      const again = sent === 0 ? [] : Array.from({ length: Math.round(fresh.length / 9) }, (_, k) => unique[(sent * 7 + k * 13) % sent]!);
      sent += fresh.length;
      repeats += again.length;
      batches.push([...fresh, ...again].sort((a, b) => (a.messageId < b.messageId ? -1 : 1)));
    }
    expect(repeats / (total + repeats)).toBeGreaterThan(0.09);

    const acknowledged = new Set<number>();
    const cutAt = Math.floor(batches.length / 2);
    let resent = 0;
    let ws: WsRpc = await connectWs(link.wsUrl, link.token);
    let cut = false;
    const window = 6;
    let next = 0;
    const inFlight = new Map<number, Promise<void>>();
    const send = (index: number, socket: WsRpc) => {
      const p = socket
        .call('chat.ingest', { messages: batches[index] })
        .then(() => void acknowledged.add(index))
        .catch(() => undefined) // lost with the connection: resent below
        .finally(() => inFlight.delete(index));
      inFlight.set(index, p);
    };
    while (acknowledged.size < batches.length) {
      while (next < batches.length && inFlight.size < window) send(next++, ws);
      if (!cut && next >= cutAt && inFlight.size > 0) {
        // The network drops while batches are on the wire: some were stored, none of them acknowledged.
        cut = true;
        ws.cut();
        await ws.closed;
        await Promise.all(inFlight.values());
        ws = await connectWs(link.wsUrl, link.token);
        for (let i = 0; i < next; i++) {
          if (!acknowledged.has(i)) {
            resent++;
            send(i, ws);
          }
        }
        continue;
      }
      await Promise.race(inFlight.values());
    }
    await ws.close();
    expect(cut).toBe(true);
    expect(resent).toBeGreaterThan(0);

    await rest(host, 'session.end');
    await host.stop();
    served = null;

    const db = new Database(path.join(temp.dir, databaseFileName), { readonly: true });
    try {
      const stored = db.prepare('SELECT id FROM chat_messages').pluck().all() as string[];
      expect(stored).toHaveLength(total);
      expect(new Set(stored)).toEqual(new Set(unique.map((c) => `${c.platform}:${c.messageId}`)));
      const logged = db.prepare("SELECT json_extract(payload, '$.id') FROM session_events WHERE kind = 'chat.message'").pluck().all() as string[];
      expect(logged).toHaveLength(total);
      expect(new Set(logged).size).toBe(total);
      const counted = db.prepare("SELECT n FROM session_kind_counts WHERE kind = 'chat.message'").pluck().get();
      expect(counted).toBe(total);
    } finally {
      db.close();
    }
  }, 240_000);
});
