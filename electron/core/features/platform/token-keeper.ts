import type { PlatformConnections } from './connections';
import { refreshMarginMs } from './connections';

/** How often the keeper looks at every connection. */
export const keeperIntervalMs = 60_000;
/** Twitch asks apps to validate a token at start and every hour (a revoked token is found out this way). */
export const validateEveryMs = 60 * 60_000;
/** A connection in `error` (platform down, throttled) is checked again after this, doubling up to the cap. */
const retryFirstMs = 30_000;
const retryCapMs = 15 * 60_000;

/**
 * Keeps signed-in connections working without anyone asking: refreshes access tokens before they expire,
 * validates Twitch tokens hourly, and checks again connections whose platform failed (with backoff). A
 * token the platform refuses turns the connection needs-auth (the connections' failure mapping); the rest
 * of the studio is never held up by it.
 */
export class TokenKeeper {
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private running: Promise<void> | null = null;
  /** Connections in error: when to check again, and the wait after that. */
  private readonly retries = new Map<string, { at: number; waitMs: number }>();

  constructor(
    private readonly connections: PlatformConnections,
    private readonly now: () => number,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), keeperIntervalMs);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One round over every signed-in connection (a round still running is joined, not doubled). */
  tick(): Promise<void> {
    this.running ??= this.round().finally(() => (this.running = null));
    return this.running;
  }

  private async round(): Promise<void> {
    const now = this.now();
    for (const { record, adapter } of this.connections.signedIn()) {
      if (this.stopped) return;
      try {
        if (record.state === 'error') {
          const retry = this.retries.get(record.id) ?? { at: now, waitMs: retryFirstMs };
          if (retry.at > now) continue;
          this.retries.set(record.id, { at: now + retry.waitMs, waitMs: Math.min(retry.waitMs * 2, retryCapMs) });
          await this.connections.recheck(record.id);
          continue;
        }
        this.retries.delete(record.id);
        if (record.state !== 'connected') continue; // needs-auth waits for the user
        const expiresAt = adapter.tokenExpiresAt();
        if (expiresAt !== null && expiresAt - now <= refreshMarginMs) {
          await adapter.refreshIfDue(refreshMarginMs);
        }
        if (record.platform === 'twitch' && (record.checkedAt ?? 0) + validateEveryMs <= now) {
          await this.connections.recheck(record.id);
        }
      } catch (error) {
        this.connections.applyFailure(record.id, error);
      }
    }
  }
}
