import http from 'node:http';
import type { Duplex } from 'node:stream';
import type { AddressInfo, Socket } from 'node:net';

/** A request as a fake platform received it: exact raw body, lower-case headers. */
export interface FakeRequest {
  method: string;
  /** Path without the query. */
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
}

export interface FakeResponse {
  status: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string as is. */
  body?: unknown;
}

export type FakeHandler = (req: FakeRequest) => FakeResponse | Promise<FakeResponse>;

/** Told of every request once its fate is known: the answer sent, or null when the connection was dropped. */
export type FakeObserver = (req: FakeRequest, answer: FakeResponse | null) => void;

/** What an injected fault does to the next matching request. */
export type Fault =
  | { kind: 'respond'; response: FakeResponse }
  /** Handles the request (the platform acts on it) and then drops the connection without answering. */
  | { kind: 'dropAfterHandling' }
  /** Drops the connection before handling (the platform never saw it). */
  | { kind: 'reset' };

interface PendingFault {
  match: (req: FakeRequest) => boolean;
  fault: Fault;
  times: number;
}

interface Waiter {
  match: (req: FakeRequest) => boolean;
  resolve: (req: FakeRequest) => void;
}

/**
 * The base of every fake platform server in test/support/platforms/: a real HTTP server on loopback that
 * records what it received and answers through the platform's handler. Tests can take it down (connections
 * refused) and bring it back on the same port mid-test, inject faults (a 429, an answer that never comes
 * after the platform acted), and await a request instead of sleeping.
 */
export class FakePlatform {
  /** Every request received, in order (faulted ones included). */
  readonly requests: FakeRequest[] = [];
  /** A network round trip to stand in for (ms): every answer leaves this long after its request came. */
  latencyMs = 0;
  private server: http.Server | null = null;
  private readonly sockets = new Set<Socket>();
  private port = 0;
  private readonly faults: PendingFault[] = [];
  private waiters: Waiter[] = [];
  /** Held requests: answered only when released (to kill a host between "sent" and "answered"). */
  private holds: { match: (req: FakeRequest) => boolean; arrived: (req: FakeRequest) => void; released: Promise<void> }[] = [];
  private readonly observers = new Set<FakeObserver>();
  private readonly pages = new Map<string, FakeHandler>();
  private upgradeHandler: ((req: http.IncomingMessage, socket: Duplex, head: Buffer) => void) | null = null;

  constructor(
    readonly name: string,
    private readonly handler: FakeHandler,
  ) {}

  /** Base URL, e.g. http://127.0.0.1:41234 (set once started). */
  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get isUp(): boolean {
    return this.server !== null;
  }

  async start(port = this.port): Promise<string> {
    if (this.server) return this.base;
    const server = http.createServer((req, res) => void this.onRequest(req, res));
    server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
      if (this.upgradeHandler) this.upgradeHandler(req, socket, head);
      else socket.destroy();
    });
    server.keepAliveTimeout = 5_000;
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
    return this.base;
  }

  /** The platform goes away: open connections are cut, new ones refused, until bringBack(). */
  async takeDown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Listens again on the same port. */
  async bringBack(): Promise<void> {
    await this.start(this.port);
  }

  async stop(): Promise<void> {
    await this.takeDown();
    for (const w of this.waiters) w.resolve = () => undefined;
    this.waiters = [];
  }

  /** The next `times` requests that match get `fault` instead of (or after) the normal handling. */
  inject(match: (req: FakeRequest) => boolean, fault: Fault, times = 1): void {
    this.faults.push({ match, fault, times });
  }

  /**
   * Holds the next matching request after handling it: `arrived` resolves with it; the answer is sent
   * only when `release()` is called (never, if the test kills the caller first).
   */
  hold(match: (req: FakeRequest) => boolean): { arrived: Promise<FakeRequest>; release: () => void } {
    let release!: () => void;
    let arrived!: (req: FakeRequest) => void;
    const arrivedP = new Promise<FakeRequest>((r) => (arrived = r));
    const released = new Promise<void>((r) => (release = r));
    this.holds.push({ match, arrived, released });
    return { arrived: arrivedP, release };
  }

  /** Calls `observer` with each request and its answer (npm run fakes logs them); returns the way to stop. */
  observe(observer: FakeObserver): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  /**
   * An extra route answered before the platform's own handler (npm run fakes adds the pages a person
   * clicks through: consent, device-code approval); faults and holds apply to it as to any request.
   */
  addPage(method: string, path: string, handler: FakeHandler): void {
    this.pages.set(`${method.toUpperCase()} ${path}`, handler);
  }

  /**
   * Takes WebSocket upgrades (Twitch's EventSub): the socket counts as one of the server's, so takeDown()
   * cuts it like any other connection.
   */
  onUpgrade(handler: (req: http.IncomingMessage, socket: Duplex, head: Buffer) => void): void {
    this.upgradeHandler = handler;
  }

  /** Resolves with the first request (already received or still to come) that matches. */
  waitFor(match: (req: FakeRequest) => boolean): Promise<FakeRequest> {
    const seen = this.requests.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }

  /** Requests received so far that match. */
  received(match: (req: FakeRequest) => boolean = () => true): FakeRequest[] {
    return this.requests.filter(match);
  }

  private async onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const request: FakeRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
      at: Date.now(),
    };
    this.requests.push(request);
    const fault = this.takeFault(request);
    if (fault?.kind === 'reset') {
      this.notify(request);
      this.tellObservers(request, null);
      req.socket.destroy();
      return;
    }
    let response: FakeResponse;
    try {
      const page = this.pages.get(`${request.method} ${request.path}`);
      response = fault?.kind === 'respond' ? fault.response : await (page ?? this.handler)(request);
    } catch (error) {
      response = { status: 500, body: { error: `fake ${this.name} failed: ${(error as Error).message}` } };
    }
    this.notify(request);
    if (fault?.kind === 'dropAfterHandling') {
      this.tellObservers(request, null);
      req.socket.destroy();
      return;
    }
    const hold = this.holds.find((h) => h.match(request));
    if (hold) {
      this.holds = this.holds.filter((h) => h !== hold);
      hold.arrived(request);
      await hold.released;
    }
    if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
    const body = response.body === undefined ? '' : typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
    const headers: Record<string, string> = { ...response.headers };
    if (typeof response.body === 'object' && response.body !== null && !headers['content-type']) headers['content-type'] = 'application/json';
    if (res.destroyed) return;
    this.tellObservers(request, response);
    res.writeHead(response.status, headers);
    res.end(body);
  }

  private tellObservers(req: FakeRequest, answer: FakeResponse | null): void {
    for (const observer of this.observers) observer(req, answer);
  }

  private takeFault(req: FakeRequest): Fault | null {
    const pending = this.faults.find((f) => f.match(req));
    if (!pending) return null;
    pending.times -= 1;
    if (pending.times <= 0) this.faults.splice(this.faults.indexOf(pending), 1);
    return pending.fault;
  }

  private notify(req: FakeRequest): void {
    const ready = this.waiters.filter((w) => w.match(req));
    this.waiters = this.waiters.filter((w) => !w.match(req));
    for (const w of ready) w.resolve(req);
  }
}
