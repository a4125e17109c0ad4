import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { OutputCapability } from '../../../../shared/contract/cards';
import type { EventBus } from '../../../bus';
import { Outbox, type OutboxEntry } from './outbox';
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
  private abort: AbortController | null = null;
  private stopped = true;
  private waitingFor: string | null = null;

  constructor(private readonly deps: WebhookDeps) {
    this.outbox = new Outbox(deps.db);
  }

  status() {
    const url = this.deps.url();
    if (!url) return { enabled: false, state: 'off' as const, ...outputDetail('webhook_off', { place: outputsSettingsPlace }) };
    if (!this.deps.secret()) return { enabled: true, state: 'waiting' as const, ...outputDetail('webhook_no_secret', { place: outputsSettingsPlace }) };
    const { pending, failed } = this.outbox.list({ limit: 1 });
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
    this.abort?.abort();
    await this.inFlight;
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
    const n = this.outbox.requeue(this.deps.now(), key);
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
    const url = this.deps.url();
    const secret = this.deps.secret();
    if (!url || !secret) {
      const why = !url ? 'no webhook URL' : 'no signing secret';
      if (this.waitingFor !== why) this.deps.reportError('webhook_waiting', `Webhook pushes are waiting: ${why} is set.`);
      this.waitingFor = why;
      return;
    }
    this.waitingFor = null;
    const wait = head.nextAttemptAt - this.deps.now();
    if (wait > 0) {
      this.timer = setTimeout(() => this.kick(), wait);
      return;
    }
    this.inFlight = this.send(head, url, secret).finally(() => {
      this.inFlight = null;
      this.kick();
    });
  }

  private async send(entry: OutboxEntry, url: string, secret: string): Promise<void> {
    const attempt = this.outbox.markAttempt(entry.seq);
    const product = entry.productId ? { productId: entry.productId } : {};
    const base = { target: webhookTarget, key: entry.key, attempt, ...product };
    this.deps.bus.publish('delivery.attempt', { ...base, status: 'sending' });
    const timestamp = Math.floor(this.deps.now() / 1000);
    this.abort = new AbortController();
    const timeout = setTimeout(() => this.abort?.abort(new Error(`no answer in ${requestTimeoutMs / 1000} s`)), requestTimeoutMs);
    let status: number | null = null;
    let error: string | null = null;
    let retryAfterMs: number | null = null;
    try {
      const response = await fetch(url, {
        method: 'POST',
        body: entry.body,
        signal: this.abort.signal,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'BroadcartStudio-Webhook/1',
          'webhook-id': entry.key,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signWebhook(secret, entry.key, timestamp, entry.body),
          'idempotency-key': entry.key,
        },
      });
      status = response.status;
      retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), this.deps.now());
      await response.arrayBuffer().catch(() => undefined);
      if (!response.ok) error = `HTTP ${status}`;
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      error = this.stopped ? 'host stopping' : (cause?.code ?? cause?.message ?? (e as Error).message);
    } finally {
      clearTimeout(timeout);
      this.abort = null;
    }
    const withStatus = status !== null ? { httpStatus: status } : {};
    if (error === null && status !== null) {
      this.outbox.markDelivered(entry.seq, status, this.deps.now());
      this.deps.bus.publish('delivery.result', { ...base, status: 'delivered', ...withStatus });
      return;
    }
    if (status !== null && isPermanent(status)) {
      this.outbox.markFailed(entry.seq, status, error!);
      this.deps.bus.publish('delivery.result', { ...base, status: 'failed', ...withStatus, error: error! });
      this.deps.reportError('webhook_rejected', `The webhook receiver refused a push (${error}). Fix the receiver, then retry it from the outbox.`);
      return;
    }
    const backoff = Math.min(this.deps.maxBackoffMs(), firstRetryMs * 2 ** (attempt - 1)) * (0.8 + Math.random() * 0.4);
    const delay = Math.max(backoff, retryAfterMs ?? 0);
    this.outbox.markRetry(entry.seq, this.deps.now() + Math.round(delay), status, error!);
    this.deps.bus.publish('delivery.result', { ...base, status: 'retrying', ...withStatus, error: error! });
  }
}

function parseRetryAfter(value: string | null, now: number): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.min(seconds * 1000, 3_600_000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, Math.min(date - now, 3_600_000)) : null;
}
