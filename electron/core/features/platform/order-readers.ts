import type { Connection, ProductLink } from '../../../shared/contract/platform';
import type { HostContext } from '../../context';
import type { AudienceGateway } from '../gateways';
import { PlatformError, type RemoteOrder } from './adapters/adapter';
import type { ConnectionRegistry } from './connection-registry';
import { matchOrder } from './order-matching';
import { failureState } from './platform-failures';
import type { ReaderCursors } from './reader-cursors';

/**
 * Polls every enabled, signed-in connection that reads orders (Shopify, TikTok Shop) and hands what it
 * reads to the audience feature, matched to catalog products.
 *
 * How often, and why: every `liveEveryMs` (15 s) while a session is live, so the sales panel and a
 * deal's stock follow the broadcast; every `idleEveryMs` (3 min) otherwise, to keep the cursor near
 * and the shop's rate budget free. A throttled answer waits what the platform asks (Retry-After, the
 * Shopify cost bucket); other failures back off (30 s doubling to 5 min) and are reported once per kind;
 * a token the platform refuses turns the connection needs-auth (the user must sign in again).
 *
 * Exactly once: a page is handed over and stored (`receiveOrders` resolves after its transaction), then
 * its cursor saved. A crash between the two reads the page again; the store drops what it already has.
 * The first read of a connection starts `firstLookbackMs` (1 h) back: orders of a session started
 * before the connection was added still count; older history is not imported.
 */
export const orderPolling: { liveEveryMs: number; idleEveryMs: number; firstLookbackMs: number; minBackoffMs: number; maxBackoffMs: number; maxPagesPerRound: number } = {
  liveEveryMs: 15_000,
  idleEveryMs: 180_000,
  firstLookbackMs: 60 * 60_000,
  minBackoffMs: 30_000,
  maxBackoffMs: 300_000,
  /** Pages read in one round before yielding (a big backlog is read over several rounds). */
  maxPagesPerRound: 25,
};

interface ReaderState {
  timer: NodeJS.Timeout | null;
  running: Promise<void> | null;
  failures: number;
  lastProblem: string | null;
}

export class OrderReaders {
  private readonly readers = new Map<string, ReaderState>();
  private stopped = true;
  private live = false;
  private unsubscribe: (() => void)[] = [];

  constructor(
    private readonly ctx: HostContext,
    private readonly deps: {
      registry: ConnectionRegistry;
      links(connectionId: string): ProductLink[];
      audience: AudienceGateway;
      cursors: ReaderCursors;
      /** Overrides for tests (faster polling). */
      polling?: Partial<typeof orderPolling>;
    },
  ) {}

  private get polling(): typeof orderPolling {
    return { ...orderPolling, ...this.deps.polling };
  }

  async start(): Promise<void> {
    this.stopped = false;
    try {
      this.live = (await this.ctx.dispatcher.client()('session.current', {})).session !== null;
    } catch {
      this.live = false;
    }
    const setLive = (live: boolean) => {
      const changed = this.live !== live;
      this.live = live;
      // A session starting: read at once, then at the live pace.
      if (changed) for (const id of this.readers.keys()) this.schedule(id, live ? 0 : this.polling.idleEveryMs);
    };
    this.unsubscribe.push(
      this.ctx.bus.on('session.started', () => setLive(true)),
      this.ctx.bus.on('session.resumed', () => setLive(true)),
      this.ctx.bus.on('session.ended', () => setLive(false)),
      this.deps.registry.onChanged(() => this.sync()),
    );
    this.sync();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const off of this.unsubscribe.splice(0)) off();
    const running: Promise<void>[] = [];
    for (const state of this.readers.values()) {
      if (state.timer) clearTimeout(state.timer);
      if (state.running) running.push(state.running);
    }
    this.readers.clear();
    await Promise.allSettled(running);
  }

  /**
   * Reads every orders-capable connection now (or one), in a round that starts after any round already
   * running; resolves once what was read is stored.
   */
  async pollNow(connectionId?: string): Promise<void> {
    const ids = connectionId ? [connectionId] : [...this.readers.keys()];
    await Promise.all(
      ids.map(async (id) => {
        await this.readers.get(id)?.running;
        await this.run(id);
      }),
    );
  }

  private readable(c: Connection): boolean {
    return c.enabled && c.state !== 'needs-auth' && c.state !== 'off' && c.capabilities.includes('orders');
  }

  /** Starts a reader for each connection that reads orders, stops the others. */
  private sync(): void {
    if (this.stopped) return;
    const wanted = new Set(this.deps.registry.list().filter((c) => this.readable(c)).map((c) => c.id));
    for (const [id, state] of this.readers) {
      if (wanted.has(id)) continue;
      if (state.timer) clearTimeout(state.timer);
      this.readers.delete(id);
    }
    for (const id of wanted) {
      if (this.readers.has(id)) continue;
      this.readers.set(id, { timer: null, running: null, failures: 0, lastProblem: null });
      this.schedule(id, 0);
    }
  }

  private schedule(connectionId: string, delayMs: number): void {
    const state = this.readers.get(connectionId);
    if (!state || this.stopped) return;
    if (state.timer) clearTimeout(state.timer);
    state.timer = setTimeout(() => {
      state.timer = null;
      void this.run(connectionId);
    }, delayMs);
    state.timer.unref?.();
  }

  private run(connectionId: string): Promise<void> {
    const state = this.readers.get(connectionId);
    if (!state) return Promise.resolve();
    // One round at a time per connection: a round asked for while one runs waits for it.
    state.running ??= this.round(connectionId, state).finally(() => (state.running = null));
    return state.running;
  }

  private async round(connectionId: string, state: ReaderState): Promise<void> {
    let next: number = this.live ? this.polling.liveEveryMs : this.polling.idleEveryMs;
    try {
      const connection = this.deps.registry.get(connectionId);
      const adapter = this.deps.registry.adapter(connectionId);
      if (!connection || !this.readable(connection) || !adapter?.ordersSince) return;
      let cursor = this.deps.cursors.get(connectionId, 'orders');
      const since = this.ctx.now() - this.polling.firstLookbackMs;
      for (let page = 0; page < this.polling.maxPagesPerRound && !this.stopped; page++) {
        const answer = await adapter.ordersSince(cursor, since);
        if (this.stopped) return;
        const links = this.deps.links(connectionId);
        const orders = answer.orders.map((o: RemoteOrder) => matchOrder(o, links));
        if (orders.length > 0) await this.deps.audience.receiveOrders(connectionId, connection.platform, orders);
        if (this.stopped) return;
        if (answer.cursor !== null && answer.cursor !== cursor) this.deps.cursors.set(connectionId, 'orders', answer.cursor, this.ctx.now());
        cursor = answer.cursor;
        if (!answer.more) break;
        if (page === this.polling.maxPagesPerRound - 1) next = 0;
      }
      state.failures = 0;
      state.lastProblem = null;
    } catch (error) {
      if (this.stopped) return;
      next = this.failed(connectionId, state, error);
    } finally {
      if (!this.stopped) this.schedule(connectionId, next);
    }
  }

  /** Says what went wrong (once per kind of problem) and answers when to try again. */
  private failed(connectionId: string, state: ReaderState, error: unknown): number {
    const connection = this.deps.registry.get(connectionId);
    if (!connection) return this.polling.maxBackoffMs;
    if (error instanceof PlatformError && error.kind === 'throttled') return Math.max(50, error.retryAfterMs ?? this.polling.minBackoffMs);
    const text = failureState(connection.platform, error);
    if (text.state === 'needs-auth') {
      this.deps.registry.setState(connectionId, 'needs-auth', text.key, text.message, text.params as Record<string, string | number>);
      return this.polling.maxBackoffMs;
    }
    state.failures += 1;
    if (state.lastProblem !== text.message) {
      state.lastProblem = text.message;
      this.ctx.reportError('orders', 'read_failed', `Orders of ${connection.label} could not be read: ${text.message}`);
    }
    return Math.min(this.polling.maxBackoffMs, this.polling.minBackoffMs * 2 ** (state.failures - 1));
  }
}
