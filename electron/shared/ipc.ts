/**
 * The two ways a window talks to the host, declared once for both ends: Electron IPC (a contract method
 * per channel, answers in an envelope) and the WebSocket API at `/ws` (JSON frames below).
 */
import type { Scope } from './contract/define';
import type { ErrorBody } from './contract/errors';

/** IPC channel of a contract method; the prefix keeps them apart from Electron's own channels. */
export function methodChannel(method: string): string {
  return `broadcart:${method}`;
}
export const eventChannel = 'broadcart:event';

/** IPC answers carry errors as data: Electron would keep only an Error's message. */
export type IpcEnvelope = { ok: true; result: unknown } | { ok: false; error: ErrorBody };

/** What the preload puts on `window.broadcart`. */
export interface PreloadApi {
  readonly methods: Readonly<Record<string, (input?: unknown) => Promise<IpcEnvelope>>>;
  onEvent(listener: (event: { name: string; payload: unknown; at: number }) => void): () => void;
  /**
   * Where a file the user picked or dropped lies on this PC (Electron's webUtils.getPathForFile), so the
   * host can read it in place instead of receiving a copy; '' for a file that is not on disk.
   */
  pathForFile(file: object): string;
}

/** WebSocket, client to host: one call. `id` (the client's choice) is echoed in the answer. */
export interface WsRequest {
  id: string | number;
  method: string;
  params?: unknown;
}

/** WebSocket, host to client: the first frame, once the token was accepted. */
export interface WsHello {
  hello: { scope: Scope; clientId: string };
}
/** WebSocket, host to client: the answer to a request (`id` null when the request had none readable). */
export type WsResponse = { id: string | number | null; result: unknown } | { id: string | number | null; error: ErrorBody };
/** WebSocket, host to client: a host event the client's scope may see. */
export interface WsEvent {
  event: string;
  data: unknown;
  at: number;
}
/**
 * WebSocket, host to client, for a client that connected with `events=batch` in its URL: the events of one
 * turn of the host's loop, in order, in one frame. Under a chat burst a page then takes one message per
 * turn instead of one per comment (each message is a task of its own in a browser).
 */
export interface WsEvents {
  events: WsEvent[];
}
export type WsServerMessage = WsHello | WsResponse | WsEvent | WsEvents;
