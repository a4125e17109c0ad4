import { EventSubscription, OBSWebSocket, OBSWebSocketError } from 'obs-websocket-js';
import { HostError } from '../../../shared/contract';
import type { ObsConnectionState } from '../../../shared/contract/obs';
import { describeConnectFailure, isObsCode, obsRequestError, obsStateText, ObsRequestStatus, type ObsStateText } from './obs-errors';

export interface ObsTarget {
  url: string;
  password: string | null;
}

export interface ObsConnectionOptions {
  /** OBS event types to forward from the event connection. */
  eventTypes: readonly string[];
  /** `lost` is true on the one change that lost an established link (not on a deliberate stop). */
  onState(state: ObsConnectionState, text: ObsStateText, lost?: boolean): void;
  onEvent(type: string, data: unknown): void;
  /** Runs once both sockets are identified, before the state becomes `connected` (load a snapshot here). */
  onReady(version: { obsVersion: string; websocketVersion: string }): Promise<void>;
  /** OBS refused this password (close code 4009); called before the state becomes `auth-failed`. */
  onPasswordRejected?(password: string): void;
  requestTimeoutMs?: number;
  connectTimeoutMs?: number;
  /** How often the link is probed, and how long a probe may take before the socket counts as dead. */
  keepaliveIntervalMs?: number;
  keepaliveTimeoutMs?: number;
  /** Delays between failed attempts; the last one repeats. */
  backoffMs?: readonly number[];
}

interface CloseInfo {
  code?: number;
  reason: string;
}

/** One connected pair of sockets. Anything that ends it resolves `closed` exactly once. */
interface ObsLink {
  control: OBSWebSocket;
  events: OBSWebSocket;
  /** Rejecters of calls in flight, so a lost connection fails them at once. */
  pending: Set<(error: HostError) => void>;
  /** Set at the first sign of loss: new calls fail at once while the cause is still being named. */
  failing: boolean;
  closed: Promise<CloseInfo>;
  end(info: CloseInfo): void;
}

/**
 * How long the first socket's close may wait for the other socket before the cause is named. Under load
 * the event socket's ExitStarted or 1001 can trail the control socket's 1006 by several hundred ms.
 */
const CLOSE_CAUSE_WINDOW_MS = 1500;

type RawSocket = { terminate?(): void; close(): void; ping?(): void; on?(event: 'pong', listener: () => void): void };

function rawSocket(client: OBSWebSocket): RawSocket | undefined {
  return (client as unknown as { socket?: RawSocket }).socket;
}

/** Drops a socket without a closing handshake (a half-open peer would never answer one). */
function forceClose(client: OBSWebSocket): void {
  const socket = rawSocket(client);
  try {
    if (socket?.terminate) socket.terminate();
    else socket?.close();
  } catch {
    // Already closed.
  }
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The host's link to OBS through obs-websocket v5, built around what real OBS does:
 * - two sockets: a control socket with no event subscriptions (a request whose event would go out on the
 *   same socket waits ~44 ms for loopback Nagle + delayed ACK) and an event socket that sends no requests;
 * - every request is raced against the socket closing and a timeout (obs-websocket-js leaves calls pending
 *   forever when OBS dies), and 207 "not ready" is retried until the deadline;
 * - one reconnect loop with backoff, never re-armed from close events (each failed attempt closes too);
 * - a periodic cheap request on the control socket and a ping on the event socket detect half-open links.
 */
export class ObsConnection {
  private readonly requestTimeoutMs: number;
  private readonly connectTimeoutMs: number;
  private readonly keepaliveIntervalMs: number;
  private readonly keepaliveTimeoutMs: number;
  private readonly backoffMs: readonly number[];

  private target: ObsTarget | null = null;
  private wanted = false;
  private loop: Promise<void> | null = null;
  private link: ObsLink | null = null;
  private wake: (() => void) | null = null;
  private state: ObsConnectionState = 'disconnected';
  private text = obsStateText('obs.state_not_connected');
  /** When an established link was lost (not stopped on purpose); null while up or never connected. */
  private lostAt: number | null = null;
  /** How long the last loss lasted, measured from the loss to the reconnect. */
  private lastOutageMs: number | null = null;

  constructor(private readonly options: ObsConnectionOptions) {
    this.requestTimeoutMs = options.requestTimeoutMs ?? 5000;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 5000;
    this.keepaliveIntervalMs = options.keepaliveIntervalMs ?? 3000;
    this.keepaliveTimeoutMs = options.keepaliveTimeoutMs ?? 2500;
    this.backoffMs = options.backoffMs ?? [100, 250, 500];
  }

  get currentState(): { state: ObsConnectionState; text: ObsStateText } {
    return { state: this.state, text: this.text };
  }

  /** `lostAt` while an established link is down; `lastOutageMs` once it came back. */
  get outage(): { lostAt: number | null; lastOutageMs: number | null } {
    return { lostAt: this.lostAt, lastOutageMs: this.lastOutageMs };
  }

  isConnected(): boolean {
    return this.state === 'connected';
  }

  /** Connects (or reconnects to a new target) and keeps the link up until `stop()`. */
  start(target: ObsTarget): void {
    const changed = this.target?.url !== target.url || this.target?.password !== target.password;
    // The loop tells "new settings" from "same link" by identity: keep the object when nothing changed.
    if (changed || !this.target) this.target = target;
    this.wanted = true;
    if (this.loop) {
      // A new address or password: drop the current link; the running loop connects again at once.
      // `connecting` right away, so `settled()` waits for the attempt with the new settings.
      if (changed) {
        this.setState('connecting', obsStateText('obs.state_connecting', { url: target.url }));
        this.link?.end({ reason: 'Connection settings changed.' });
      }
      this.wake?.();
      return;
    }
    this.loop = this.run().finally(() => (this.loop = null));
  }

  /** Resolves after the first attempt of the running loop has an outcome (or at once when idle). */
  async settled(timeoutMs = 6000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.state === 'connecting' && Date.now() < deadline) await delay(20);
  }

  async stop(why: 'obs.state_disconnected' | 'obs.state_host_stopped' = 'obs.state_disconnected'): Promise<void> {
    const text = obsStateText(why);
    this.wanted = false;
    this.wake?.();
    this.link?.end({ reason: text.message });
    await this.loop;
    this.lostAt = null;
    this.lastOutageMs = null;
    this.setState('disconnected', text);
  }

  /**
   * Sends one request on the control socket. Rejects with a HostError: `unavailable` when not connected or
   * the link drops mid-call, `timeout` after `timeoutMs`, or OBS's own refusal with `details.obsCode`.
   */
  async request<T = unknown>(requestType: string, requestData?: object, timeoutMs = this.requestTimeoutMs): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        return (await this.requestOnce(requestType, requestData, deadline, timeoutMs)) as T;
      } catch (error) {
        // Right after connecting OBS may still be loading: retry "not ready" until the deadline.
        if (isObsCode(error, ObsRequestStatus.NotReady) && Date.now() + 100 < deadline) {
          await delay(100);
          continue;
        }
        throw error;
      }
    }
  }

  private requestOnce(requestType: string, requestData: object | undefined, deadline: number, timeoutMs: number): Promise<unknown> {
    const link = this.link;
    if (!link || link.failing) {
      return Promise.reject(new HostError('obs.not_connected', { ...this.text.params, reason: this.text.message, reasonKey: this.text.key }, { requestType, state: this.state }));
    }
    return new Promise((resolve, reject) => {
      let done = false;
      const finish = (settle: () => void) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        link.pending.delete(onLost);
        settle();
      };
      const onLost = (error: HostError) => finish(() => reject(error));
      const timer = setTimeout(
        () => finish(() => reject(new HostError('obs.request_timeout', { requestType, timeoutMs }, { requestType }))),
        Math.max(0, deadline - Date.now()),
      );
      link.pending.add(onLost);
      link.control.call(requestType as never, requestData as never).then(
        (data) => finish(() => resolve(data ?? {})),
        (error: unknown) =>
          finish(() =>
            reject(
              error instanceof OBSWebSocketError && error.code > 0
                ? obsRequestError(requestType, error.code, error.message)
                : new HostError('obs.lost_during_request', { requestType }, { requestType }),
            ),
          ),
      );
    });
  }

  private setState(state: ObsConnectionState, text: ObsStateText, lost = false): void {
    if (state === this.state && text.message === this.text.message) return;
    this.state = state;
    this.text = text;
    this.options.onState(state, text, lost);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }

  /** The one reconnect loop. */
  private async run(): Promise<void> {
    let failures = 0;
    let lost = false;
    while (this.wanted && this.target) {
      const target = this.target;
      if (!lost && failures === 0) this.setState('connecting', obsStateText('obs.state_connecting', { url: target.url }));
      const attempt = await this.open(target);
      if (!this.wanted) {
        attempt.link?.end({ reason: 'Stopped.' });
        break;
      }
      if (this.target !== target) {
        // The address or password changed while connecting: whatever this attempt gave, try the new one.
        attempt.link?.end({ reason: 'Connection settings changed.' });
        this.link = null;
        continue;
      }
      if (attempt.link) {
        failures = 0;
        const where = `OBS ${attempt.version ?? ''} at ${target.url}`.replace('  ', ' ');
        if (this.lostAt !== null) {
          this.lastOutageMs = Date.now() - this.lostAt;
          this.lostAt = null;
          this.setState('connected', obsStateText('obs.state_reconnected', { where, seconds: Math.round(this.lastOutageMs / 1000) }));
        } else {
          this.lastOutageMs = null;
          this.setState('connected', obsStateText('obs.state_connected', { where }));
        }
        const info = await attempt.link.closed;
        this.link = null;
        if (!this.wanted) break;
        if (this.target !== target) {
          lost = false;
          continue;
        }
        lost = true;
        this.lostAt = Date.now();
        this.setState('disconnected', obsStateText('obs.state_lost_reconnecting', { reason: info.reason }), true);
        continue;
      }
      const failure = describeConnectFailure(target.url, { ...attempt.failure!, passwordSet: !!target.password });
      if (failure.state === 'auth-failed') {
        // A wrong password will not fix itself: stop until the user enters another one.
        this.wanted = false;
        if (attempt.failure!.closeCode === 4009 && target.password) this.options.onPasswordRejected?.(target.password);
        this.setState('auth-failed', failure.text);
        break;
      }
      this.setState(
        lost ? 'disconnected' : failure.state,
        lost ? obsStateText('obs.state_lost_retrying', { ...failure.text.params, failure: failure.text.message, failureKey: failure.text.key }) : failure.text,
      );
      await this.sleep(this.backoffMs[Math.min(failures, this.backoffMs.length - 1)]!);
      failures++;
    }
  }

  /** Opens and identifies both sockets, then runs `onReady`. */
  private async open(target: ObsTarget): Promise<{
    link?: ObsLink;
    version?: string;
    failure?: { closeCode?: number; reason?: string; errorMessage?: string; authRequired?: boolean };
  }> {
    const control = new OBSWebSocket();
    const events = new OBSWebSocket();
    let authRequired: boolean | undefined;
    control.once('Hello', (hello) => (authRequired = !!hello.authentication));
    for (const type of this.options.eventTypes) {
      events.on(type as never, ((data: unknown) => this.options.onEvent(type, data)) as never);
    }
    const abort = () => {
      forceClose(control);
      forceClose(events);
    };
    const password = target.password ?? undefined;
    try {
      await this.withTimeout(control.connect(target.url, password, { rpcVersion: 1, eventSubscriptions: EventSubscription.None }), abort);
      await this.withTimeout(events.connect(target.url, password, { rpcVersion: 1, eventSubscriptions: EventSubscription.All }), abort);
    } catch (error) {
      abort();
      events.removeAllListeners();
      const e = error as { code?: number; message?: string };
      return { failure: { closeCode: e.code && e.code > 0 ? e.code : undefined, errorMessage: e.message, authRequired } };
    }

    const link = this.createLink(control, events);
    this.link = link;
    try {
      const version = await this.request<{ obsVersion: string; obsWebSocketVersion: string }>('GetVersion');
      await this.options.onReady({ obsVersion: version.obsVersion, websocketVersion: version.obsWebSocketVersion });
      this.startKeepalive(link);
      return { link, version: version.obsVersion };
    } catch (error) {
      link.end({ reason: 'OBS did not finish loading' });
      this.link = null;
      return { failure: { errorMessage: (error as Error).message } };
    }
  }

  private withTimeout<T>(promise: Promise<T>, onTimeout: () => void): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        onTimeout();
        reject(new Error(`timed out after ${this.connectTimeoutMs} ms`));
      }, this.connectTimeoutMs);
      promise.then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
  }

  private createLink(control: OBSWebSocket, events: OBSWebSocket): ObsLink {
    let resolveClosed!: (info: CloseInfo) => void;
    const closed = new Promise<CloseInfo>((resolve) => (resolveClosed = resolve));
    let ended = false;
    let exiting = false;
    const failPending = (reason: string) => {
      link.failing = true;
      const error = new HostError('obs.connection_lost', { reason });
      for (const reject of [...link.pending]) reject(error);
      link.pending.clear();
    };
    const link: ObsLink = {
      control,
      events,
      pending: new Set(),
      failing: false,
      closed,
      end: (info) => {
        if (ended) return;
        ended = true;
        if (settleTimer) clearTimeout(settleTimer);
        failPending(info.reason);
        forceClose(control);
        forceClose(events);
        events.removeAllListeners();
        control.removeAllListeners();
        resolveClosed(info);
      },
    };
    events.on('ExitStarted', () => (exiting = true));
    // The two sockets close separately, in no fixed order: when OBS exits cleanly the control socket may
    // drop (1006) well before the event socket has delivered ExitStarted or its 1001, the more so on a
    // loaded machine. So calls in flight fail at the first close, and the cause is named once both
    // sockets have closed, OBS has said it is exiting, or the window has passed.
    const closes: OBSWebSocketError[] = [];
    let settleTimer: NodeJS.Timeout | null = null;
    const settle = () => {
      const clean = exiting || closes.some((c) => c.code === 1001);
      const first = closes[0]!;
      link.end({
        code: clean ? 1001 : first.code,
        reason: clean
          ? 'OBS was closed'
          : first.code === 1006
            ? 'OBS stopped or the network dropped'
            : `code ${first.code}${first.message ? `: ${first.message}` : ''}`,
      });
    };
    const onClosed = (error: OBSWebSocketError) => {
      closes.push(error);
      failPending(error.code === 1001 ? 'OBS was closed' : 'the connection dropped');
      if (closes.length >= 2 || exiting || error.code === 1001) settle();
      else settleTimer ??= setTimeout(settle, CLOSE_CAUSE_WINDOW_MS);
    };
    control.on('ConnectionClosed', onClosed);
    events.on('ConnectionClosed', onClosed);
    return link;
  }

  /** Probes both sockets; a probe that goes unanswered means a half-open link (sleep, network change). */
  private startKeepalive(link: ObsLink): void {
    let lastPong = Date.now();
    const eventSocket = rawSocket(link.events);
    eventSocket?.on?.('pong', () => (lastPong = Date.now()));
    let probing = false;
    const timer = setInterval(() => {
      if (probing) return;
      if (eventSocket?.ping) {
        if (Date.now() - lastPong > this.keepaliveIntervalMs + this.keepaliveTimeoutMs) {
          link.end({ reason: 'OBS stopped answering; the link was half-open' });
          return;
        }
        try {
          eventSocket.ping();
        } catch {
          // Closing already; the close handler ends the link.
        }
      }
      probing = true;
      this.request('GetStudioModeEnabled', undefined, this.keepaliveTimeoutMs)
        .catch((error: unknown) => {
          if (error instanceof HostError && error.code === 'timeout') link.end({ reason: 'OBS stopped answering; the link was half-open' });
        })
        .finally(() => (probing = false));
    }, this.keepaliveIntervalMs);
    timer.unref?.();
    void link.closed.then(() => clearInterval(timer));
  }
}
