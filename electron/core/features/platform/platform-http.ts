import http from 'node:http';
import https from 'node:https';

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Absolute URL, query included. */
  url: string;
  headers?: Record<string, string>;
  /** Sent as is (the exact bytes a signature was computed over). */
  body?: string;
  timeoutMs?: number;
}

export interface HttpResponse {
  status: number;
  /** Lower-case names (Node's own). */
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** The network failed before any answer: refused, reset, timed out. Always worth retrying. */
export class NetworkError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'NetworkError';
  }
}

const defaultTimeoutMs = 15_000;

/**
 * The one HTTP client of the platform adapters: node:http(s) with kept-alive connections (a TLS
 * handshake per call would cost more than the call), exact bytes out, the raw text back. Adapters read
 * the platform's envelope themselves; this only says what came back or that nothing did.
 */
export class PlatformHttp {
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  private readonly httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 4 });
  private readonly inFlight = new Set<http.ClientRequest>();

  request(req: HttpRequest): Promise<HttpResponse> {
    const url = new URL(req.url);
    const secure = url.protocol === 'https:';
    const transport = secure ? https : http;
    const headers: Record<string, string | number> = { accept: 'application/json', ...req.headers };
    if (req.body !== undefined) headers['content-length'] = Buffer.byteLength(req.body);
    return new Promise((resolve, reject) => {
      const request = transport.request(
        url,
        { method: req.method, headers, agent: secure ? this.httpsAgent : this.httpAgent, timeout: req.timeoutMs ?? defaultTimeoutMs },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', (e) => reject(new NetworkError(`the answer from ${url.host} broke off: ${e.message}`, 'ECONNRESET')));
        },
      );
      this.inFlight.add(request);
      request.on('close', () => this.inFlight.delete(request));
      request.on('timeout', () => request.destroy(Object.assign(new Error(`no answer from ${url.host} within ${req.timeoutMs ?? defaultTimeoutMs} ms`), { code: 'ETIMEDOUT' })));
      request.on('error', (e: NodeJS.ErrnoException) => reject(new NetworkError(`${url.host} could not be reached: ${e.message}`, e.code ?? 'ENETWORK')));
      request.end(req.body);
    });
  }

  /** Aborts calls in flight and closes idle connections (they would hold the process open). */
  close(): void {
    for (const r of this.inFlight) r.destroy(new Error('host stopping'));
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}
