import WebSocket from 'ws';

/** A minimal WebSocket client of the host's API (as a chat bridge would write one): calls by id, events recorded. */
export interface WsRpc {
  call(method: string, params?: unknown): Promise<unknown>;
  events: { event: string; data: unknown }[];
  /** Resolves with the close code once the socket is closed. */
  closed: Promise<number>;
  /** Drops the TCP connection at once, as a network cut would (no close handshake). */
  cut(): void;
  close(): Promise<void>;
}

export function connectWs(wsUrl: string, token: string): Promise<WsRpc> {
  const ws = new WebSocket(`${wsUrl}?token=${encodeURIComponent(token)}`);
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  const events: { event: string; data: unknown }[] = [];
  let nextId = 1;
  const closed = new Promise<number>((resolve) =>
    ws.once('close', (code) => {
      for (const p of pending.values()) p.reject(new Error(`socket closed (${code})`));
      pending.clear();
      resolve(code);
    }),
  );
  return new Promise((resolve, reject) => {
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.on('message', (raw) => {
      const message = JSON.parse(raw.toString()) as Record<string, unknown>;
      if ('hello' in message) {
        ws.off('error', reject);
        ws.on('error', () => undefined);
        resolve({
          call(method, params) {
            const id = nextId++;
            return new Promise((res, rej) => {
              if (ws.readyState !== ws.OPEN) return rej(new Error('socket not open'));
              pending.set(id, { resolve: res, reject: rej });
              ws.send(JSON.stringify({ id, method, params }));
            });
          },
          events,
          closed,
          cut: () => ws.terminate(),
          close: async () => {
            ws.close();
            await closed;
          },
        });
      } else if ('event' in message) {
        events.push({ event: message.event as string, data: message.data });
      } else {
        const waiter = pending.get(message.id as number);
        pending.delete(message.id as number);
        if (!waiter) return;
        if ('error' in message) waiter.reject(Object.assign(new Error((message.error as { message: string }).message), message.error));
        else waiter.resolve(message.result);
      }
    });
  });
}
