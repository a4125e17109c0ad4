import type { Database, Statement } from 'better-sqlite3';
import type { Delivery } from '../../shared/contract/outputs';

interface OutboxRow {
  seq: number;
  target: string;
  key: string;
  event: string;
  product_id: string | null;
  body: string;
  created_at: number;
  status: Delivery['status'];
  attempts: number;
  next_attempt_at: number;
  last_http_status: number | null;
  last_error: string | null;
  delivered_at: number | null;
}

export interface OutboxEntry extends Delivery {
  body: string;
}

function toEntry(r: OutboxRow): OutboxEntry {
  return {
    seq: r.seq,
    target: r.target,
    key: r.key,
    event: r.event,
    productId: r.product_id,
    body: r.body,
    status: r.status,
    attempts: r.attempts,
    createdAt: r.created_at,
    nextAttemptAt: r.next_attempt_at,
    deliveredAt: r.delivered_at,
    lastHttpStatus: r.last_http_status,
    lastError: r.last_error,
  };
}

/**
 * The durable outbox: a push is a row before anything is sent, so a crash or a restart loses nothing.
 * Rows of a target are sent strictly in `seq` order; the key (the webhook-id header, a platform push's
 * idempotency key) never changes across retries, so a receiver that saw a push already can drop the
 * repeat. One table serves every target (`webhook`, `platform:<connection id>`); every query names its
 * target, so one target's backlog never shows up as another's.
 */
export class Outbox {
  // Prepared once per connection: preparing compiles the SQL, which cost more than running it.
  private readonly insertRow: Statement;
  private readonly headRow: Statement;
  private readonly countAttempt: Statement;
  private readonly setDelivered: Statement;
  private readonly setRetry: Statement;
  private readonly setFailed: Statement;
  private readonly requeueFailed: Statement;
  private readonly listRows: Statement;
  private readonly countOpen: Statement;
  private readonly deliveredThenNext: (
    seq: number,
    httpStatus: number,
    now: number,
    attemptNote: string | null,
  ) => { entry: OutboxEntry; attempt: number } | null;

  constructor(private readonly db: Database) {
    this.insertRow = db.prepare(
      `INSERT INTO outbox (target, key, event, product_id, body, created_at, status, attempts, next_attempt_at)
       VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?)`,
    );
    this.headRow = db.prepare(`SELECT * FROM outbox WHERE target = ? AND status = 'pending' ORDER BY seq LIMIT 1`);
    // A note given with the attempt (a platform push's 'sending') is written by the same statement.
    this.countAttempt = db.prepare(
      'UPDATE outbox SET attempts = attempts + 1, last_error = coalesce(?, last_error) WHERE seq = ? RETURNING attempts',
    );
    this.setDelivered = db.prepare(
      `UPDATE outbox SET status = 'delivered', delivered_at = ?, last_http_status = ?, last_error = NULL WHERE seq = ? RETURNING target`,
    );
    this.setRetry = db.prepare(`UPDATE outbox SET next_attempt_at = ?, last_http_status = ?, last_error = ? WHERE seq = ?`);
    this.setFailed = db.prepare(`UPDATE outbox SET status = 'failed', last_http_status = ?, last_error = ? WHERE seq = ?`);
    this.requeueFailed = db.prepare(
      `UPDATE outbox SET status = 'pending', next_attempt_at = ? WHERE target = ? AND status = 'failed' AND (? IS NULL OR key = ?)`,
    );
    this.listRows = db.prepare(`SELECT * FROM outbox WHERE target = ? AND (? IS NULL OR status = ?) ORDER BY seq DESC LIMIT ?`);
    this.countOpen = db.prepare(`SELECT status, count(*) AS n FROM outbox WHERE target = ? AND status <> 'delivered' GROUP BY status`);
    // One commit per push on the fast path: the answer of one row and the attempt of the next.
    this.deliveredThenNext = db.transaction((seq: number, httpStatus: number, now: number, attemptNote: string | null) =>
      this.deliverAndTakeNext(seq, httpStatus, now, attemptNote),
    );
  }

  private deliverAndTakeNext(seq: number, httpStatus: number, now: number, attemptNote: string | null): { entry: OutboxEntry; attempt: number } | null {
    const target = (this.setDelivered.get(now, httpStatus, seq) as { target: string }).target;
    const next = this.head(target);
    if (!next || next.nextAttemptAt > now) return null;
    return { entry: next, attempt: this.markAttempt(next.seq, attemptNote ?? undefined) };
  }

  enqueue(entry: { target: string; key: string; event: string; productId: string | null; body: string; now: number }): void {
    this.insertRow.run(entry.target, entry.key, entry.event, entry.productId, entry.body, entry.now, entry.now);
  }

  /** The oldest pending row of a target: the only one that may be sent now. */
  head(target: string): OutboxEntry | null {
    const row = this.headRow.get(target) as OutboxRow | undefined;
    return row ? toEntry(row) : null;
  }

  /**
   * Counts an attempt. The entry read before it keeps the row's previous last_error; `note` (when given)
   * replaces it in the same write, so a row marked as being sent costs no second commit.
   */
  markAttempt(seq: number, note?: string): number {
    return (this.countAttempt.get(note ?? null, seq) as { attempts: number }).attempts;
  }

  markDelivered(seq: number, httpStatus: number, now: number): void {
    this.setDelivered.get(now, httpStatus, seq);
  }

  /**
   * Marks a row delivered and, in the same transaction, counts an attempt on the next row of its target
   * when that one is due now: the sender goes on at once without a second commit. Null when nothing is due.
   * `attemptNote` is the next row's note as in markAttempt. Inside a caller's transaction it joins that one.
   */
  markDeliveredAndTakeNext(
    seq: number,
    httpStatus: number,
    now: number,
    attemptNote?: string,
  ): { entry: OutboxEntry; attempt: number } | null {
    // Joined without a savepoint: a nested transaction is a SAVEPOINT with a sub-journal, which in a
    // benchmark of these three statements alone (WAL, synchronous=NORMAL) nearly doubled their cost, and
    // the caller's transaction already makes them all or nothing.
    if (this.db.inTransaction) return this.deliverAndTakeNext(seq, httpStatus, now, attemptNote ?? null);
    return this.deliveredThenNext(seq, httpStatus, now, attemptNote ?? null);
  }

  markRetry(seq: number, nextAttemptAt: number, httpStatus: number | null, error: string): void {
    this.setRetry.run(nextAttemptAt, httpStatus, error, seq);
  }

  markFailed(seq: number, httpStatus: number | null, error: string): void {
    this.setFailed.run(httpStatus, error, seq);
  }

  /** A target's failed rows back to pending (keeping their key): all of them, or one. */
  requeue(target: string, now: number, key?: string): number {
    return this.requeueFailed.run(now, target, key ?? null, key ?? null).changes;
  }

  list(filter: { target: string; status?: Delivery['status']; limit: number }): { deliveries: Delivery[]; pending: number; failed: number } {
    const rows = this.listRows.all(filter.target, filter.status ?? null, filter.status ?? null, filter.limit) as OutboxRow[];
    const counts = this.countOpen.all(filter.target) as { status: string; n: number }[];
    const count = (s: string) => counts.find((c) => c.status === s)?.n ?? 0;
    return {
      deliveries: rows.map((r) => {
        const { body: _body, ...delivery } = toEntry(r);
        return delivery;
      }),
      pending: count('pending'),
      failed: count('failed'),
    };
  }
}
