import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import { HostError, httpStatusOf, type ErrorBody, type Scope } from '../../shared/contract';
import { languageTagPattern } from '../../shared/languages';
import type { Dispatcher } from '../api/dispatcher';
import { toHostError } from '../api/dispatcher';
import type { EventFanout } from '../api/event-fanout';
import type { Service } from '../services';
import { allowedHostNames, isAllowedHost, isAllowedOrigin, pageSecurityHeaders, tokenOf } from './request-guards';
import { serveStatic } from './static-files';
import type { TokenStore } from './tokens';
import { WsClient } from './ws-client';

const maxBodyBytes = 16 * 1024 * 1024;

export interface LocalServerOptions {
  port: number;
  lan: boolean;
  staticDir?: string;
  dispatcher: Dispatcher;
  /** Every WebSocket client subscribes here with its token's scope. */
  events: EventFanout;
  tokens: TokenStore;
}

/** An extra HTTP route a feature serves (an overlay image, a download). The token's scope is checked first. */
export interface Route {
  prefix: string;
  scopes: readonly Scope[];
  handle(req: IncomingMessage, res: ServerResponse, url: URL, scope: Scope): Promise<void> | void;
}

/**
 * A route that arrives without a host token and authorises each request itself: the OAuth redirect of a
 * platform sign-in, which the system browser opens with only the `state` the host gave the platform.
 */
export interface OpenRoute {
  prefix: string;
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> | void;
}

/**
 * The local HTTP + WebSocket server: the built UI, the REST API (`POST /api/v1/<method>`), the
 * WebSocket API (`/ws`) and feature routes. Binds 127.0.0.1 unless LAN access was asked for.
 */
export class LocalServer implements Service {
  readonly name = 'local-server';
  private readonly http = http.createServer((req, res) => void this.onRequest(req, res));
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: maxBodyBytes });
  private readonly clients = new Set<WsClient>();
  private readonly routes: Route[] = [];
  private readonly openRoutes: OpenRoute[] = [];
  private allowedHosts = new Set<string>();
  private boundPort = 0;
  /** Called with a WebSocket client's id when it disconnects (a prompter lane leaving, say). */
  readonly disconnectListeners = new Set<(clientId: string) => void>();

  constructor(private readonly options: LocalServerOptions) {
    this.http.on('upgrade', (req, socket, head) => {
      const url = this.urlOf(req);
      const scope = this.tokens.verify(url ? tokenOf(req, url) : null);
      const reject = (status: number, text: string) => {
        socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      };
      if (!url || url.pathname !== '/ws') return reject(404, 'Not Found');
      if (!isAllowedHost(req.headers.host, this.allowedHosts, this.boundPort)) return reject(403, 'Forbidden');
      if (!isAllowedOrigin(req.headers.origin, this.allowedHosts, this.boundPort)) return reject(403, 'Forbidden');
      if (!scope) return reject(401, 'Unauthorized');
      // `events=batch`: the client takes the events of one turn of the host's loop in one frame (see WsEvents).
      const batchEvents = url.searchParams.get('events') === 'batch';
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, socket, scope, batchEvents));
    });
  }

  private get tokens(): TokenStore {
    return this.options.tokens;
  }

  addRoute(route: Route): void {
    this.routes.push(route);
  }

  /** A route without the token check: its handler must check who may call it (see OpenRoute). */
  addOpenRoute(route: OpenRoute): void {
    this.openRoutes.push(route);
  }

  async start(): Promise<void> {
    const host = this.options.lan ? '0.0.0.0' : '127.0.0.1';
    this.allowedHosts = allowedHostNames(this.options.lan);
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(this.options.port, host, () => {
        this.http.off('error', reject);
        resolve();
      });
    });
    this.boundPort = (this.http.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const client of this.clients) client.close(1001, 'Host stopping');
    this.wss.close();
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  get port(): number {
    return this.boundPort;
  }

  /** Closes every WebSocket opened with a scope's token (after the token was replaced, so the old one stops at once). */
  closeClients(scope: Scope): void {
    for (const client of this.clients) if (client.scope === scope) client.close(4001, 'Token replaced');
  }

  /** The address to open in a browser, with the token of the given scope. */
  url(scope: Scope = 'control', page = '/'): string {
    return `http://127.0.0.1:${this.boundPort}${page}?token=${this.tokens.token(scope)}`;
  }

  private onConnection(ws: WebSocket, socket: Duplex, scope: Scope, batchEvents: boolean): void {
    const client = new WsClient(ws, socket, scope, randomUUID(), this.options.dispatcher, batchEvents);
    this.clients.add(client);
    const unsubscribe = this.options.events.subscribe(client);
    ws.on('close', () => {
      this.clients.delete(client);
      unsubscribe();
      for (const listener of this.disconnectListeners) listener(client.clientId);
    });
  }

  private urlOf(req: IncomingMessage): URL | null {
    try {
      return new URL(req.url ?? '/', 'http://127.0.0.1');
    } catch {
      return null;
    }
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = this.urlOf(req);
    if (!url) return sendError(res, new HostError('request.malformed_url'));
    if (!isAllowedHost(req.headers.host, this.allowedHosts, this.boundPort)) {
      return sendError(
        res,
        new HostError('request.host_not_served', { host: req.headers.host ?? '', port: this.boundPort }),
      );
    }
    try {
      if (url.pathname.startsWith('/api/')) return await this.onApi(req, res, url);
      const open = this.openRoutes.find((r) => url.pathname === r.prefix || url.pathname.startsWith(`${r.prefix}/`));
      if (open) return await open.handle(req, res, url);
      const route = this.routes.find((r) => url.pathname.startsWith(r.prefix));
      if (route) {
        const scope = this.tokens.verify(tokenOf(req, url));
        if (!scope) throw new HostError('request.token_required');
        if (scope !== 'control' && !route.scopes.includes(scope)) throw new HostError('request.page_forbidden');
        return await route.handle(req, res, url, scope);
      }
      if (req.method === 'GET' || req.method === 'HEAD') {
        const page = pageForNarrowToken(url, this.tokens.verify(tokenOf(req, url)), req.headers['accept-language']);
        if (page) {
          res.writeHead(302, { Location: page, 'Cache-Control': 'no-store', ...pageSecurityHeaders });
          return void res.end();
        }
      }
      if ((req.method === 'GET' || req.method === 'HEAD') && this.options.staticDir) {
        if (serveStatic(this.options.staticDir, url.pathname, res, req.method === 'HEAD')) return;
      }
      sendError(res, new HostError('request.not_found'));
    } catch (error) {
      if (!res.headersSent) sendError(res, toHostError(error));
      else res.destroy();
    }
  }

  private async onApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const match = /^\/api\/v1\/([^/]+)$/.exec(url.pathname);
    if (!match) throw new HostError('request.unknown_path');
    const scope = this.tokens.verify(tokenOf(req, url));
    if (!scope) {
      throw new HostError('request.wrong_token');
    }
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      throw new HostError('request.use_post', { path: url.pathname, method: req.method ?? '' });
    }
    const contentType = req.headers['content-type'] ?? '';
    const raw = await readBody(req);
    let input: unknown = undefined;
    if (raw.length > 0) {
      if (!/^application\/json\b/i.test(contentType)) {
        throw new HostError('request.json_content_type');
      }
      try {
        input = JSON.parse(raw);
      } catch (error) {
        throw new HostError('request.body_not_json', { reason: (error as Error).message });
      }
    }
    const result = await this.options.dispatcher.call(decodeURIComponent(match[1]!), input, { transport: 'rest', scope });
    sendJson(res, 200, result ?? null);
  }
}

/**
 * The control room opened with a narrower token would only show refused actions: a co-host's follow
 * token goes to its prompter lane (in the `lang` of the link, else the browser's first language), an
 * overlay token to the overlay. Null for every other request.
 */
export function pageForNarrowToken(url: URL, scope: Scope | null, acceptLanguage: string | undefined): string | null {
  if (url.pathname !== '/' && url.pathname !== '/index.html') return null;
  const token = url.searchParams.get('token');
  if (!token || (scope !== 'follow' && scope !== 'overlay')) return null;
  if (scope === 'overlay') {
    const target = new URLSearchParams({ token });
    const market = url.searchParams.get('market');
    if (market) target.set('market', market);
    return `/overlay?${target}`;
  }
  const candidates = [url.searchParams.get('lang'), ...(acceptLanguage ?? '').split(',').map((part) => part.split(';')[0]!.trim())];
  const language = candidates.find((tag): tag is string => !!tag && languageTagPattern.test(tag)) ?? 'en';
  return `/prompter?${new URLSearchParams({ token, lane: 'follower', lang: language })}`;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        reject(new HostError('request.body_too_large', { megabytes: maxBodyBytes / 1024 / 1024 }));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(text),
    ...pageSecurityHeaders,
  });
  res.end(text);
}

function sendError(res: ServerResponse, error: HostError): void {
  const body: { error: ErrorBody } = { error: error.toBody() };
  sendJson(res, httpStatusOf(error.code), body);
}
