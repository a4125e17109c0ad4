import type { WebSocket } from 'ws';
import { z } from 'zod';
import { HostError, type HostEvent, type Scope } from '../../shared/contract';
import { toHostError, type Dispatcher } from '../api/dispatcher';

/** A request from a WebSocket client. `id` is echoed in the answer. */
const requestMessage = z.object({
  id: z.union([z.string().max(64), z.number()]),
  method: z.string().max(100),
  params: z.unknown().optional(),
});

/** Events are dropped for a client whose send buffer grows past this (a stalled device). */
const maxBufferedBytes = 8 * 1024 * 1024;
const coalesceIntervalMs = 16;

/**
 * One WebSocket connection: answers requests through the dispatcher and pushes events. Events marked
 * `coalesce` are sent at most once per frame per client, latest value only.
 */
export class WsClient {
  private readonly pending = new Map<string, HostEvent>();
  private flushTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly ws: WebSocket,
    readonly scope: Scope,
    readonly id: string,
    private readonly dispatcher: Dispatcher,
  ) {
    ws.on('message', (data, isBinary) => void this.onMessage(isBinary ? null : data.toString()));
    this.send({ hello: { scope, clientId: id } });
  }

  sendEvent(event: HostEvent, coalesce: boolean): void {
    if (!coalesce) {
      this.send({ event: event.name, data: event.payload, at: event.at });
      return;
    }
    this.pending.set(event.name, event);
    this.flushTimer ??= setTimeout(() => this.flush(), coalesceIntervalMs);
  }

  close(code: number, reason: string): void {
    this.ws.close(code, reason);
  }

  dispose(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.pending.clear();
  }

  private flush(): void {
    this.flushTimer = null;
    for (const event of this.pending.values()) this.send({ event: event.name, data: event.payload, at: event.at });
    this.pending.clear();
  }

  private send(message: unknown): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    if ('event' in (message as object) && this.ws.bufferedAmount > maxBufferedBytes) return;
    this.ws.send(JSON.stringify(message));
  }

  private async onMessage(text: string | null): Promise<void> {
    let json: unknown;
    try {
      json = text === null ? undefined : JSON.parse(text);
    } catch {
      this.send({ id: null, error: new HostError('bad_request', 'Messages must be JSON text.').toBody() });
      return;
    }
    const request = requestMessage.safeParse(json);
    if (!request.success) {
      this.send({
        id: (json as { id?: unknown })?.id ?? null,
        error: new HostError('bad_request', 'A request is {"id", "method", "params"}.').toBody(),
      });
      return;
    }
    const { id, method, params } = request.data;
    try {
      const result = await this.dispatcher.call(method, params, { transport: 'ws', scope: this.scope, clientId: this.id });
      this.send({ id, result: result ?? null });
    } catch (error) {
      this.send({ id, error: toHostError(error).toBody() });
    }
  }
}
