import { randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { Database } from 'better-sqlite3';
import type { OutputCapability } from '../../../../shared/contract/outputs';
import type { EventBus } from '../../../bus';
import { Outbox, type OutboxEntry } from '../../../outbox/outbox';
import { done, outputDetail, outputsSettingsPlace, type CommerceChange, type OutputAdapter, type OutputResult } from './output-adapter';
import { signWebhook } from './webhook-signature';

export const webhookTarget = 'webhook';
const requestTimeoutMs = 15_000;
const firstRetryMs = 500;

export interface WebhookDeps {
  db: Database;
  bus: EventBus;
  now(): number;
  url(): string | null;
  secret(): string | null;
  maxBackoffMs(): number;
  reportError(code: string, message: string): void;
}

/** 4xx answers that a retry cannot fix: the push is marked failed (retry by hand after fixing the receiver). */
function isPermanent(status: number): boolean {
  return status >= 400 && status < 500 && ![408, 409, 425, 429].includes(status);
}

/**
 * Posts every pin, unpin and deal change to the configured URL, signed (Standard Webhooks), through a
 * durable outbox: one push in flight at a time, strictly in order; failures wait with exponential
 * backoff and jitter (Retry-After honoured) and block the pushes behind them, so order holds.
 */
export class WebhookOutput implements OutputAdapter {
  readonly id = webhookTarget;
  readonly label = 'Webhook';
  readonly capabilities: ReadonlySet<OutputCapability> = new Set<OutputCapability>(['notify', 'durable']);
  readonly outbox: Outbox;
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;
  private request: http.ClientRequest | null = null;
  private httpAgent: http.Agent | null = null;
  private httpsAgent: https.Agent | null = null;
  private stopped = true;
  private waitingFor: string | null = null;

  constructor(private readonly deps: WebhookDeps) {
    this.outbox = new Outbox(deps.db);
  }

  status() {
    const url = this.deps.url();
    if (!url) return { enabled: false, state: 'off' as const, ...outputDetail('webhook_off', { place: outputsSettingsPlace }) };
    if (!this.deps.secret()) return { enabled: true, state: 'waiting' as const, ...outputDetail('webhook_no_secret', { place: outputsSettingsPlace }) };
    const { pending, failed } = this.outbox.list({ target: webhookTarget, limit: 1 });
    if (failed > 0) return { enabled: true, state: 'error' as const, ...outputDetail('webhook_failed', { failed, pending }) };
    return { enabled: true, state: pending > 0 ? ('waiting' as const) : ('ready' as const), ...outputDetail('webhook_pending', { pending }) };
  }

  start(): void {
    this.stopped = false;
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.request?.destroy(new Error('host stopping'));
    await this.inFlight;
    // Idle kept-alive connections would hold the process (and the receiver) open.
    this.httpAgent?.destroy();
    this.httpsAgent?.destroy();
    this.httpAgent = this.httpsAgent = null;
  }

  notify(change: CommerceChange): OutputResult {
    if (!this.deps.url()) return { ok: false, reason: 'disabled', message: 'No webhook URL set.' };
    const body = JSON.stringify({ type: change.type, timestamp: new Date(change.at).toISOString(), data: change.data });
    this.outbox.enqueue({
      target: webhookTarget,
      key: `msg_${randomUUID().replace(/-/g, '')}`,
      event: change.type,
      productId: change.productId ?? null,
      body,
      now: this.deps.now(),
    });
    this.kick();
    return done;
  }

  requeue(key?: string): number {
    const n = this.outbox.requeue(webhookTarget, this.deps.now(), key);
    this.kick();
    return n;
  }

  /** Sends the head of the queue if it is due; otherwise arms a timer for when it is. */
  kick(): void {
    if (this.stopped || this.inFlight) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const head = this.outbox.head(webhookTarget);
    if (!head) return;
    if (!this.endpoint()) return;
    const wait = head.nextAttemptAt - this.deps.now();
    if (wait > 0) {
      this.timer = setTimeout(() => this.kick(), wait);
      return;
    }
    this.inFlight = this.deliverDue(head).finally(() => {
      this.inFlight = null;
      this.kick();
    });
  }

  /** URL and secret when both are set; otherwise says once why pushes wait. */
  private endpoint(): { url: string; secret: string } | null {
    const url = this.deps.url();
    const secret = this.deps.secret();
    if (!url || !secret) {
      const why = !url ? 'no webhook URL' : 'no signing secret';
      if (this.waitingFor !== why) this.deps.reportError('webhook_waiting', `Webhook pushes are waiting: ${why} is set.`);
      this.waitingFor = why;
      return null;
    }
    this.waitingFor = null;
    return { url, secret };
  }

  /**
   * Sends due rows back to back: after a 2xx answer the next due row goes out at once (its attempt is
   * counted in the same commit that records the answer), with no timer or queue read between them.
   * Anything else (a failure, a row not due yet, stopping) ends the run and leaves the rest to kick().
   */
  private async deliverDue(head: OutboxEntry): Promise<void> {
    let entry = head;
    let attempt = this.outbox.markAttempt(entry.seq);
    for (;;) {
      const endpoint = this.endpoint();
      if (!endpoint) return;
      const status = await this.send(entry, attempt, endpoint.url, endpoint.secret);
      if (status === null) return;
      const next = this.stopped ? (this.outbox.markDelivered(entry.seq, status, this.deps.now()), null) : this.outbox.markDeliveredAndTakeNext(entry.seq, status, this.deps.now());
      this.deps.bus.publish('delivery.result', { ...this.about(entry, attempt), status: 'delivered', httpStatus: status });
      if (!next) return;
      ({ entry, attempt } = next);
    }
  }

  private about(entry: OutboxEntry, attempt: number) {
    const product = entry.productId ? { productId: entry.productId } : {};
    return { target: webhookTarget, key: entry.key, attempt, ...product };
  }

  /** One attempt at one row. Returns the 2xx status (the caller records it), or null after recording why not. */
  private async send(entry: OutboxEntry, attempt: number, url: string, secret: string): Promise<number | null> {
    const base = this.about(entry, attempt);
    this.deps.bus.publish('delivery.attempt', { ...base, status: 'sending' });
    const timestamp = Math.floor(this.deps.now() / 1000);
    let status: number | null = null;
    let error: string | null = null;
    let retryAfterMs: number | null = null;
    try {
      const answer = await this.post(url, entry.body, {
        'content-type': 'application/json',
        'user-agent': 'BroadcartStudio-Webhook/1',
        'webhook-id': entry.key,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signWebhook(secret, entry.key, timestamp, entry.body),
        'idempotency-key': entry.key,
      });
      status = answer.status;
      retryAfterMs = parseRetryAfter(answer.retryAfter, this.deps.now());
      if (status < 200 || status > 299) error = `HTTP ${status}`;
    } catch (e) {
      const { code, message } = e as { code?: string; message?: string };
      error = this.stopped ? 'host stopping' : (code ?? message ?? String(e));
    }
    if (error === null && status !== null) return status;
    const withStatus = status !== null ? { httpStatus: status } : {};
    if (status !== null && isPermanent(status)) {
      this.outbox.markFailed(entry.seq, status, error!);
      this.deps.bus.publish('delivery.result', { ...base, status: 'failed', ...withStatus, error: error! });
      this.deps.reportError('webhook_rejected', `The webhook receiver refused a push (${error}). Fix the receiver, then retry it from the outbox.`);
      return null;
    }
    const backoff = Math.min(this.deps.maxBackoffMs(), firstRetryMs * 2 ** (attempt - 1)) * (0.8 + Math.random() * 0.4);
    const delay = Math.max(backoff, retryAfterMs ?? 0);
    this.outbox.markRetry(entry.seq, this.deps.now() + Math.round(delay), status, error!);
    this.deps.bus.publish('delivery.result', { ...base, status: 'retrying', ...withStatus, error: error! });
    return null;
  }

  /**
   * One POST over a kept-alive connection (node:http: fetch's streams and abort signals cost more than
   * the request itself at this rate). Settles when the answer's body has been read, so the connection
   * is free for the next push; fails after the request timeout or when the host stops.
   */
  private post(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; retryAfter: string | null }> {
    const target = new URL(url);
    const secure = target.protocol === 'https:';
    const agent = secure ? (this.httpsAgent ??= new https.Agent({ keepAlive: true })) : (this.httpAgent ??= new http.Agent({ keepAlive: true }));
    return new Promise((resolve, reject) => {
      const request = (secure ? https : http).request(target, { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (response) => {
        const answer = { status: response.statusCode ?? 0, retryAfter: headerValue(response.headers['retry-after']) };
        // The status is the answer; a body cut short after it does not undo it.
        const settle = () => {
          clearTimeout(timeout);
          resolve(answer);
        };
        response.on('end', settle).on('error', settle).on('close', settle).resume();
      });
      const timeout = setTimeout(() => request.destroy(new Error(`no answer in ${requestTimeoutMs / 1000} s`)), requestTimeoutMs);
      this.request = request;
      request.on('error', (error) => {
        clearTimeout(timeout);
        reject(error);
      });
      request.on('close', () => {
        if (this.request === request) this.request = null;
      });
      request.end(body);
    });
  }
}

function headerValue(value: string | string[] | undefined): string | null {
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

function parseRetryAfter(value: string | null, now: number): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.min(seconds * 1000, 3_600_000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, Math.min(date - now, 3_600_000)) : null;
}
