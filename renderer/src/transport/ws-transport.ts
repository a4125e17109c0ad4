// errors.ts directly, not the contract index: the index builds every zod schema (see host-client.ts).
import { HostError } from '../../../electron/shared/contract/errors';
import type { WsEvent, WsRequest, WsServerMessage } from '../../../electron/shared/ipc';
import { errorFromBody, localized, type AnyHostEvent, type HostClient, type LinkState } from './host-client';

const callTimeoutMs = 15_000;
const maxBackoffMs = 5_000;

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * In a browser: one WebSocket to the host at `/ws?token=...`, reconnecting with backoff. Calls made
 * while offline fail at once with a clear message instead of waiting; calls in flight when the link
 * drops are rejected, so nothing hangs.
 */
export function createWsClient(baseUrl: string, token: string): HostClient {
  const eventListeners = new Set<(event: AnyHostEvent) => void>();
  const linkListeners = new Set<(state: LinkState, detail?: string) => void>();
  const pending = new Map<number, Pending>();
  let socket: WebSocket | null = null;
  let state: LinkState = 'connecting';
  let nextId = 1;
  let attempt = 0;
  let clientId: string | null = null;
  let ready: Promise<void>;
  let markReady: () => void = () => {};

  const setState = (next: LinkState, detail?: string) => {
    state = next;
    for (const l of linkListeners) l(next, detail);
  };

  const emit = (data: WsEvent) => {
    const event = { name: data.event, payload: data.data, at: data.at } as AnyHostEvent;
    for (const l of eventListeners) l(event);
  };

  const connect = () => {
    ready = new Promise((resolve) => (markReady = resolve));
    const url = new URL('/ws', baseUrl);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('token', token);
    // One frame per turn of the host's loop (shared/ipc.ts WsEvents): a chat burst is then a few messages a frame, not hundreds.
    url.searchParams.set('events', 'batch');
    const ws = new WebSocket(url);
    socket = ws;
    ws.onmessage = (message) => {
      const data = JSON.parse(String(message.data)) as WsServerMessage;
      if ('hello' in data) {
        clientId = data.hello.clientId;
        attempt = 0;
        setState('online');
        markReady();
        return;
      }
      if ('events' in data) {
        for (const e of data.events) emit(e);
        return;
      }
      if ('event' in data) {
        emit(data);
        return;
      }
      if (typeof data.id === 'number') {
        const call = pending.get(data.id);
        if (!call) return;
        pending.delete(data.id);
        clearTimeout(call.timer);
        if ('error' in data) call.reject(errorFromBody(data.error));
        else call.resolve(data.result);
      }
    };
    ws.onclose = (close) => {
      if (socket !== ws) return;
      socket = null;
      clientId = null;
      for (const [id, call] of pending) {
        clearTimeout(call.timer);
        call.reject(localized(new HostError('host.link_lost')));
        pending.delete(id);
      }
      const detail = close.code === 1006 && attempt === 0 ? 'Host not reachable' : close.reason || undefined;
      setState('offline', detail);
      const delay = Math.min(maxBackoffMs, 250 * 2 ** attempt++);
      setTimeout(connect, delay);
    };
  };
  connect();

  return {
    kind: 'ws',
    clientId: () => clientId,
    async call(method, input) {
      if (state !== 'online') {
        // Give a connection that is being set up a moment, but never wait for one that is down.
        await Promise.race([ready, new Promise((r) => setTimeout(r, 2000))]);
      }
      const ws = socket;
      if (!ws || ws.readyState !== WebSocket.OPEN) {
        throw localized(new HostError('host.not_connected'));
      }
      const id = nextId++;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(localized(new HostError('host.call_timeout', { method, seconds: callTimeoutMs / 1000 })));
        }, callTimeoutMs);
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
        const request: WsRequest = { id, method, params: input ?? {} };
        ws.send(JSON.stringify(request));
      });
    },
    onEvent(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    onLinkState(listener) {
      linkListeners.add(listener);
      listener(state);
      return () => linkListeners.delete(listener);
    },
  };
}
