import { setTimeout as delay } from 'node:timers/promises';
import type Database from 'better-sqlite3';
import type { ChatSource, ChatSourceState } from '../../../shared/contract/audience';
import type { ErrorKey } from '../../../shared/contract';
import type { Connection } from '../../../shared/contract/platform';
import type { AudienceGateway } from '../gateways';
import type { PlatformAdapter } from './adapters/adapter';
import { PlatformError } from './adapters/adapter';
import type { ConnectionRegistry } from './connection-registry';

/**
 * The platform feature's audience readers: for each enabled, signed-in connection whose adapter reads chat
 * (capability `chat`), one chat reader, resumed from its cursor in `audience_cursors` (stream `chat`);
 * what it reads goes to the audience feature (AudienceGateway.receiveChat), awaited before the cursor is
 * saved, so a crash in between reads the same page again and the audience feature drops the repeats by
 * id. A reader that fails is restarted with backoff; one whose sign-in is refused turns the connection
 * needs-auth and waits for a new sign-in (a changed connection restarts it). Every 30 s the connections
 * with capability `viewers` are asked for their concurrent viewers (AudienceGateway.receiveViewers).
 * Each reader's state goes to AudienceGateway.receiveSourceState (audience.status, audience.sourceChanged).
 */
export const readerTiming = {
  viewersEveryMs: 30_000,
  /** A failed reader starts again after this, doubled per failure in a row, up to the max. */
  restartFirstMs: 2_000,
  restartMaxMs: 5 * 60_000,
  /** A chat that ended: the next broadcast's chat is looked for after this. */
  endedRecheckMs: 60_000,
};

/** Which errors.json text a reader state shows (ChatSource.messageCode), by state and the platform's code. */
function messageCodeOf(state: ChatSourceState, code: string | undefined): ErrorKey | null {
  switch (state) {
    case 'waiting':
      return code === 'liveChatDisabled' ? 'audience.chat_disabled' : 'audience.chat_no_broadcast';
    case 'ended':
      return 'audience.chat_ended';
    case 'throttled':
      return code === 'quotaExceeded' || code === 'dailyLimitExceeded' ? 'audience.chat_quota' : 'audience.chat_throttled';
    case 'connecting':
      return code ? 'audience.chat_reconnecting' : null;
    case 'error':
      return 'audience.chat_failed';
    default:
      return null;
  }
}

/** Where each connection's readers resume (audience_cursors, migration 008). */
export class AudienceCursors {
  private readonly read: Database.Statement<[string, string], { cursor: string }>;
  private readonly write: Database.Statement<[string, string, string, number]>;

  constructor(db: Database.Database) {
    this.read = db.prepare('SELECT cursor FROM audience_cursors WHERE connection_id = ? AND stream = ?');
    this.write = db.prepare(
      'INSERT INTO audience_cursors (connection_id, stream, cursor, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (connection_id, stream) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at',
    );
  }

  get(connectionId: string, stream: string): string | null {
    return this.read.get(connectionId, stream)?.cursor ?? null;
  }

  set(connectionId: string, stream: string, cursor: string, now: number): void {
    this.write.run(connectionId, stream, cursor, now);
  }
}

interface ChatReader {
  adapter: PlatformAdapter;
  controller: AbortController;
  done: Promise<void>;
  source: ChatSource;
}

export interface AudienceReadersDeps {
  db: Database.Database;
  registry: ConnectionRegistry;
  audience: AudienceGateway;
  now(): number;
  reportError(code: string, message: string): void;
}

export class AudienceReaders {
  readonly cursors: AudienceCursors;
  private readonly chat = new Map<string, ChatReader>();
  private viewersTimer: NodeJS.Timeout | null = null;
  private viewersRound: Promise<void> | null = null;
  private unsubscribe: (() => void) | null = null;
  private stopped = false;

  constructor(private readonly deps: AudienceReadersDeps) {
    this.cursors = new AudienceCursors(deps.db);
  }

  start(): void {
    this.unsubscribe = this.deps.registry.onChanged((id) => this.sync(id));
    for (const connection of this.deps.registry.list()) this.sync(connection.id);
    this.viewersTimer = setInterval(() => void this.readViewers(), readerTiming.viewersEveryMs);
    this.viewersTimer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.viewersTimer) clearInterval(this.viewersTimer);
    const running = [...this.chat.values()];
    for (const reader of running) reader.controller.abort();
    // A call in flight to an unreachable platform may take its full timeout: the host does not wait for it
    // (its answer then finds the reader stopped and saves nothing).
    const settled = Promise.all([...running.map((r) => r.done), this.viewersRound]);
    await Promise.race([settled, delay(3_000, undefined, { ref: false })]);
    this.chat.clear();
  }

  /** The state of each connection's chat reader (what audience.status shows through the gateway). */
  sources(): ChatSource[] {
    return [...this.chat.values()].map((r) => r.source);
  }

  /**
   * One round of viewer readings over the connections with capability `viewers` (every 30 s by itself;
   * tests call it). A connection with nothing live answers null and is not counted.
   */
  readViewers(): Promise<void> {
    this.viewersRound ??= (async () => {
      try {
        for (const connection of this.deps.registry.list()) {
          if (this.stopped || !this.reads(connection, 'viewers')) continue;
          const adapter = this.deps.registry.adapter(connection.id);
          if (!adapter?.viewers) continue;
          try {
            const viewers = await adapter.viewers();
            if (viewers !== null && !this.stopped) {
              this.deps.audience.receiveViewers({ connectionId: connection.id, platform: connection.platform, viewers, at: this.deps.now() });
            }
          } catch (error) {
            if (error instanceof PlatformError && error.kind === 'auth') this.deps.registry.setState(connection.id, 'needs-auth', 'platform.needs_auth', error.message);
            // Otherwise the next round tries again: a missed reading only leaves a gap in the curve.
          }
        }
      } finally {
        this.viewersRound = null;
      }
    })();
    return this.viewersRound;
  }

  /** Connections that are on, signed in and able to do `what` (a connection in error retries by itself). */
  private reads(connection: Connection | null, what: 'chat' | 'viewers'): connection is Connection {
    return !!connection && connection.enabled && (connection.state === 'connected' || connection.state === 'error') && connection.capabilities.includes(what);
  }

  /** Starts, keeps or stops a connection's chat reader after the connection changed. */
  private sync(connectionId: string): void {
    if (this.stopped) return;
    const connection = this.deps.registry.get(connectionId);
    const wanted = this.reads(connection, 'chat');
    const adapter = wanted ? this.deps.registry.adapter(connectionId) : null;
    const running = this.chat.get(connectionId);
    // A rebuilt adapter (new settings or sign-in) means a new reader with the new one.
    if (running && running.adapter === adapter && adapter) return;
    if (running) {
      running.controller.abort();
      this.chat.delete(connectionId);
      // Stopped for a sign-in the platform refused: say so, not just "stopped".
      const signIn = connection?.state === 'needs-auth';
      this.publish({
        ...running.source,
        state: signIn ? 'error' : 'stopped',
        message: signIn ? connection.message : null,
        messageCode: signIn ? 'audience.chat_sign_in' : null,
        retryAt: null,
      });
    }
    if (!connection || !adapter?.readChat) return;
    const controller = new AbortController();
    const source: ChatSource = {
      connectionId,
      platform: connection.platform,
      label: connection.label,
      state: 'connecting',
      message: null,
      messageCode: null,
      retryAt: null,
      lastMessageAt: running?.source.lastMessageAt ?? null,
      messages: running?.source.messages ?? 0,
    };
    const reader: ChatReader = { adapter, controller, source, done: Promise.resolve() };
    this.chat.set(connectionId, reader);
    // The reader before it finishes its last delivery first: one reader per connection saves the cursor.
    const previous = running?.done ?? Promise.resolve();
    reader.done = previous.then(() => this.runChat(reader)).catch((error: unknown) => this.deps.reportError('chat_reader', (error as Error).message ?? String(error)));
    this.publish(source);
  }

  private update(reader: ChatReader, change: Partial<ChatSource>): void {
    reader.source = { ...reader.source, ...change };
    if (this.chat.get(reader.source.connectionId) === reader) this.publish(reader.source);
  }

  private publish(source: ChatSource): void {
    if (!this.stopped) this.deps.audience.receiveSourceState(source);
  }

  private async runChat(reader: ChatReader): Promise<void> {
    const { adapter, controller } = reader;
    const signal = controller.signal;
    const id = reader.source.connectionId;
    let failures = 0;
    const pause = (ms: number) =>
      delay(ms, undefined, { signal }).then(
        () => true,
        () => false,
      );
    while (!signal.aborted && !this.stopped) {
      try {
        await adapter.readChat!({
          cursor: this.cursors.get(id, 'chat'),
          signal,
          deliver: async (messages, cursor) => {
            if (messages.length > 0) {
              await this.deps.audience.receiveChat(id, messages);
              this.update(reader, { messages: reader.source.messages + messages.length, lastMessageAt: this.deps.now() });
            }
            // Saved only now that what it covers is stored.
            if (cursor !== null) this.cursors.set(id, 'chat', cursor, this.deps.now());
            failures = 0;
          },
          onState: (state, details) =>
            this.update(reader, { state, message: details?.message ?? null, messageCode: messageCodeOf(state, details?.code), retryAt: details?.retryAt ?? null }),
        });
        if (signal.aborted) return;
        // The chat ended (the state says so): the next broadcast's chat is looked for later.
        if (!(await pause(readerTiming.endedRecheckMs))) return;
      } catch (error) {
        if (signal.aborted || this.stopped) return;
        const message = (error as Error).message ?? String(error);
        if (error instanceof PlatformError && error.kind === 'auth') {
          this.update(reader, { state: 'error', message, messageCode: 'audience.chat_sign_in', retryAt: null });
          // The connection waits for a new sign-in; the new adapter then starts a new reader (sync).
          this.deps.registry.setState(id, 'needs-auth', 'platform.needs_auth', message);
          return;
        }
        const waitMs = Math.min(readerTiming.restartMaxMs, readerTiming.restartFirstMs * 2 ** Math.min(failures, 16));
        failures += 1;
        this.update(reader, { state: 'error', message, messageCode: 'audience.chat_failed', retryAt: this.deps.now() + waitMs });
        if (!(await pause(waitMs))) return;
      }
    }
  }
}
