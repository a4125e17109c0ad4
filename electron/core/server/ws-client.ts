import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import { HostError, type HostEvent, type Scope } from '../../shared/contract';
import type { WsEvent, WsRequest, WsServerMessage } from '../../shared/ipc';
import { toHostError, type Dispatcher } from '../api/dispatcher';
import type { EventSubscriber } from '../api/event-fanout';

/** A request from a WebSocket client (shared/ipc.ts `WsRequest`). `id` is echoed in the answer. */
const requestMessage = z.object({
  id: z.union([z.string().max(64), z.number()]),
  method: z.string().max(100),
  params: z.unknown().optional(),
}) satisfies z.ZodType<WsRequest>;

/** Events are dropped for a client whose send buffer grows past this (a stalled device). */
const maxBufferedBytes = 8 * 1024 * 1024;

/**
 * One WebSocket connection: answers requests through the dispatcher and receives events from the host's
 * event fan-out (which filters them by the token's scope and coalesces high-rate ones).
 */
export class WsClient implements EventSubscriber {
  private corked = false;
  /** This turn's events, for a client that takes them batched (sent at the end of the turn, or before an answer). */
  private batch: WsEvent[] = [];

  constructor(
    private readonly ws: WebSocket,
    /** The connection's TCP socket (the upgraded request's), corked while a turn of the event loop sends. */
    private readonly socket: Duplex,
    readonly scope: Scope,
    readonly clientId: string,
    private readonly dispatcher: Dispatcher,
    /** The client asked for one frame of events per turn (`events=batch`, shared/ipc.ts WsEvents). */
    private readonly batchEvents = false,
  ) {
    ws.on('message', (data, isBinary) => void this.onMessage(isBinary ? null : data.toString()));
    this.send({ hello: { scope, clientId } });
  }

  deliver(event: HostEvent): void {
    const message: WsEvent = { event: event.name, data: event.payload, at: event.at };
    if (!this.batchEvents) {
      this.send(message);
      return;
    }
    if (this.ws.readyState !== this.ws.OPEN || this.ws.bufferedAmount > maxBufferedBytes) return;
    this.batch.push(message);
    this.endOfTurn();
  }

  close(code: number, reason: string): void {
    this.ws.close(code, reason);
  }

  private send(message: WsServerMessage): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    if ('event' in message && this.ws.bufferedAmount > maxBufferedBytes) return;
    // An answer never overtakes the events published before it.
    this.sendBatch();
    this.endOfTurn();
    this.ws.send(JSON.stringify(message));
  }

  /**
   * Frames sent in one turn (a slice of 250 comments published, each a frame) leave in one write at
   * its end, not one system call each: per-frame writes were a sixth of the host's time under a chat
   * burst (bench/audience.bench.ts). A batching client's events go out then too, as one frame.
   */
  private endOfTurn(): void {
    if (this.corked) return;
    this.corked = true;
    this.socket.cork();
    process.nextTick(() => {
      this.corked = false;
      this.sendBatch();
      this.socket.uncork();
    });
  }

  private sendBatch(): void {
    if (this.batch.length === 0) return;
    const events = this.batch;
    this.batch = [];
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(JSON.stringify({ events } satisfies WsServerMessage));
  }

  private async onMessage(text: string | null): Promise<void> {
    let json: unknown;
    try {
      json = text === null ? undefined : JSON.parse(text);
    } catch {
      this.send({ id: null, error: new HostError('request.not_json_text').toBody() });
      return;
    }
    const request = requestMessage.safeParse(json);
    if (!request.success) {
      const id = (json as { id?: unknown } | undefined)?.id;
      this.send({
        id: typeof id === 'string' || typeof id === 'number' ? id : null,
        error: new HostError('request.bad_envelope').toBody(),
      });
      return;
    }
    const { id, method, params } = request.data;
    try {
      const result = await this.dispatcher.call(method, params, { transport: 'ws', scope: this.scope, clientId: this.clientId });
      this.send({ id, result: result ?? null });
    } catch (error) {
      this.send({ id, error: toHostError(error).toBody() });
    }
  }
}
