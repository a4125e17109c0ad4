import { NetworkError } from '../../platform-http';
import type { HttpResponse, PlatformHttp } from '../../platform-http';
import { PlatformError, retryAfterMs } from '../adapter';

/**
 * One Admin GraphQL endpoint of one shop: POSTs `{query, variables}` with the access token and turns
 * every way Shopify says no into a PlatformError the push engine acts on:
 * - 401/403: the token is wrong, revoked or the app uninstalled -> auth;
 * - `THROTTLED` (at HTTP 200, and at 429): the cost bucket is empty -> throttled, retry once it has
 *   refilled enough for this query (from `extensions.cost`);
 * - `ACCESS_DENIED`: the token lacks a scope -> refused, naming it;
 * - 5xx or `INTERNAL_SERVER_ERROR` -> unavailable;
 * - any other GraphQL error (a document this version does not know) -> refused with Shopify's message.
 * Mutations' `userErrors` come back at 200 inside `data`: the adapter reads them itself.
 */
export class ShopifyAdminClient {
  /** The cost bucket as the last answer left it (every answer carries `extensions.cost`), with when. */
  private bucket: { currentlyAvailable: number; restoreRate: number; maximumAvailable: number; at: number } | null = null;

  constructor(
    private readonly http: PlatformHttp,
    private readonly endpoint: () => { url: string; accessToken: string },
    private readonly now: () => number,
  ) {}

  async request<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const { url, accessToken } = this.endpoint();
    let res: HttpResponse;
    try {
      res = await this.http.request({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/json', 'x-shopify-access-token': accessToken },
        body: JSON.stringify({ query, variables }),
      });
    } catch (error) {
      if (error instanceof NetworkError) throw new PlatformError('network', error.message, { platformCode: error.code });
      throw error;
    }
    const body = parseJson(res.text);
    const host = new URL(url).host;
    this.keepBucket(body);

    if (res.status === 401 || res.status === 403) {
      const said = typeof body?.errors === 'string' ? body.errors : `HTTP ${res.status}`;
      throw new PlatformError(
        'auth',
        `Shopify (${host}) refused the access token (${said}): the app may have been uninstalled or its token rotated. Paste a current Admin API access token.`,
        { httpStatus: res.status, platformCode: res.status },
      );
    }
    const throttled = throttledError(body, res, this.now());
    if (throttled) throw throttled;
    if (res.status === 429) {
      throw new PlatformError('throttled', `Shopify (${host}) asks to slow down (HTTP 429).`, {
        httpStatus: 429,
        retryAfterMs: retryAfterMs(res.headers['retry-after'], this.now()) ?? 1000,
      });
    }
    if (res.status >= 500) {
      throw new PlatformError('unavailable', `Shopify (${host}) is unavailable (HTTP ${res.status}).`, { httpStatus: res.status });
    }
    if (res.status === 404) {
      throw new PlatformError('misconfigured', `There is no Shopify Admin API at ${url} (HTTP 404): check the shop domain.`, { httpStatus: 404 });
    }
    if (res.status === 402 || res.status === 423) {
      const why = res.status === 402 ? 'the shop is frozen (its plan is unpaid)' : 'the shop is locked';
      throw new PlatformError('refused', `Shopify (${host}) refused the call: ${why}.`, { httpStatus: res.status, platformCode: res.status });
    }
    if (res.status !== 200 || body === null) {
      const said = body && typeof body.errors === 'string' ? `: ${body.errors}` : '';
      throw new PlatformError('refused', `Shopify (${host}) answered HTTP ${res.status}${said}.`, { httpStatus: res.status, platformCode: res.status });
    }

    const errors = graphqlErrors(body);
    if (errors.length > 0) {
      const first = errors[0]!;
      const code = first.extensions?.code ?? null;
      if (code === 'INTERNAL_SERVER_ERROR') {
        throw new PlatformError('unavailable', `Shopify (${host}) failed: ${first.message}`, { platformCode: code, httpStatus: 200 });
      }
      if (code === 'ACCESS_DENIED') {
        throw new PlatformError(
          'refused',
          `Shopify denied the call: ${first.message} Add the scope to the app's Admin API access scopes, install the new version, and paste its token.`,
          { platformCode: code, httpStatus: 200 },
        );
      }
      throw new PlatformError('refused', `Shopify refused the request: ${errors.map((e) => e.message).join('; ')}`, {
        platformCode: code,
        httpStatus: 200,
      });
    }
    if (typeof body.data !== 'object' || body.data === null) {
      throw new PlatformError('unavailable', `Shopify (${host}) answered without data.`, { httpStatus: 200 });
    }
    return body.data as T;
  }

  /**
   * How long to wait before a query of `cost` points fits the bucket, from the last answer's
   * throttleStatus refilled at its restore rate since; 0 when it fits (or nothing is known yet).
   */
  waitForBudget(cost: number): number {
    if (!this.bucket || this.bucket.restoreRate <= 0) return 0;
    const elapsed = Math.max(0, this.now() - this.bucket.at) / 1000;
    const available = Math.min(this.bucket.maximumAvailable, this.bucket.currentlyAvailable + elapsed * this.bucket.restoreRate);
    const wanted = Math.min(cost, this.bucket.maximumAvailable);
    return available >= wanted ? 0 : Math.max(minThrottleWaitMs, Math.ceil(((wanted - available) / this.bucket.restoreRate) * 1000));
  }

  /** The requested cost of the last answered query (Shopify says it on every answer), null before one. */
  lastRequestedCost: number | null = null;

  private keepBucket(body: Body | null): void {
    const requested = body?.extensions?.cost?.requestedQueryCost;
    if (typeof requested === 'number') this.lastRequestedCost = requested;
    const status = body?.extensions?.cost?.throttleStatus;
    if (typeof status?.currentlyAvailable !== 'number' || typeof status.restoreRate !== 'number') return;
    this.bucket = {
      currentlyAvailable: status.currentlyAvailable,
      restoreRate: status.restoreRate,
      maximumAvailable: typeof status.maximumAvailable === 'number' ? status.maximumAvailable : status.currentlyAvailable,
      at: this.now(),
    };
  }
}

interface GraphqlError {
  message: string;
  extensions?: { code?: string };
}

interface ThrottleStatus {
  maximumAvailable?: number;
  currentlyAvailable?: number;
  restoreRate?: number;
}

type Body = { errors?: unknown; data?: unknown; extensions?: { cost?: { requestedQueryCost?: number; throttleStatus?: ThrottleStatus } } };

function parseJson(text: string): Body | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Body) : null;
  } catch {
    return null;
  }
}

function graphqlErrors(body: Body): GraphqlError[] {
  if (!Array.isArray(body.errors)) return [];
  return body.errors.map((e: unknown) => {
    const error = (typeof e === 'object' && e !== null ? e : {}) as { message?: unknown; extensions?: { code?: unknown } };
    return {
      message: typeof error.message === 'string' ? error.message : 'unknown error',
      extensions: typeof error.extensions?.code === 'string' ? { code: error.extensions.code } : undefined,
    };
  });
}

/** Fallback when a throttled answer does not say how full the bucket is. */
const defaultThrottleWaitMs = 1000;
/** Other calls may drain the bucket meanwhile: never retry at once. */
const minThrottleWaitMs = 50;

/**
 * Shopify's cost limit is a leaky bucket: a query runs only when the bucket holds its requested cost.
 * The wait is what is missing over the restore rate (points per second); a Retry-After header, when a
 * 429 carries one, is honoured if it says longer.
 */
function throttledError(body: Body | null, res: HttpResponse, now: number): PlatformError | null {
  if (!body || !graphqlErrors(body).some((e) => e.extensions?.code === 'THROTTLED')) return null;
  const cost = body.extensions?.cost;
  const status = cost?.throttleStatus;
  let waitMs = defaultThrottleWaitMs;
  if (typeof cost?.requestedQueryCost === 'number' && typeof status?.currentlyAvailable === 'number' && typeof status.restoreRate === 'number' && status.restoreRate > 0) {
    const missing = Math.max(0, cost.requestedQueryCost - status.currentlyAvailable);
    waitMs = Math.max(minThrottleWaitMs, Math.ceil((missing / status.restoreRate) * 1000));
  }
  const header = retryAfterMs(res.headers['retry-after'], now);
  if (header !== null) waitMs = Math.max(waitMs, header);
  const budget = status ? ` (${status.currentlyAvailable ?? '?'} of ${cost?.requestedQueryCost ?? '?'} cost points available, ${status.restoreRate ?? '?'}/s)` : '';
  return new PlatformError('throttled', `Shopify throttled the request${budget}: retrying in ${waitMs} ms.`, {
    platformCode: 'THROTTLED',
    httpStatus: res.status,
    retryAfterMs: waitMs,
  });
}
