import type { Database, Statement } from 'better-sqlite3';
import { performance } from 'node:perf_hooks';
import { busyTimeoutMs } from '../../db/database';
import { reviewInputOf, ReviewUpdater, type LoggedRow } from './review-updater';

/**
 * The session log's write path: events are queued in memory and written by group commit.
 *
 * Why these numbers:
 * - A batch is committed at most `windowMs` (50 ms) after its first event, or as soon as `batchRows`
 *   events wait. The database runs in WAL with synchronous=NORMAL (see db/database.ts): a commit is in the
 *   WAL file as soon as it returns, so a process crash loses only what was still queued (at most one
 *   batch window), and WAL never leaves a half-written transaction behind, so the file is never corrupt.
 *   A power loss may also lose the last few commits that the OS had not yet synced; FULL would fsync
 *   every 50 ms for little gain and block the loop longer.
 * - A batch is written in slices bounded by time, not by count: each slice is its own transaction sized
 *   to take about `sliceMs` (1.5 ms) from the measured cost per row (a few hundred rows here), and the
 *   writer yields to the event loop (setImmediate) between slices, so the host never stalls behind a
 *   burst: one slice per turn of the loop, and rows about to leave the crash window are always written.
 *   A batch waits for its `batchRows` or its window even between turns: commits of a few rows each would
 *   multiply the WAL's size and the checkpointer's work (see schedule()).
 * - A failed commit (disk full, read-only file, I/O error) rolls back, keeps every row in memory, reports
 *   once through `onFailure`, and retries with backoff; `backlog()` tells the UI what is waiting.
 * - What the review reads besides the events (counters, health buckets, timeline tables) is kept by
 *   `ReviewUpdater`, called inside each slice's transaction: the writer only queues, slices and retries.
 */
export interface LogWriterOptions {
  windowMs?: number;
  batchRows?: number;
  /** A row that has waited this long (ms) is written before the writer yields (default 80% of the window). */
  maxLagMs?: number;
  /** Target duration of one slice (one transaction) in ms. */
  sliceMs?: number;
  /** Bounds on the rows of one slice, whatever the measured cost per row says. */
  minSliceRows?: number;
  maxSliceRows?: number;
  retryMinMs?: number;
  retryMaxMs?: number;
  onFailure?: (error: Error, pending: number) => void;
  onRecovered?: (written: number) => void;
}

interface Row extends LoggedRow {
  /** performance.now() when queued: a row older than the window must be written before yielding. */
  queuedAt: number;
}

export interface Backlog {
  pending: number;
  failing: boolean;
  lastError: string | null;
}

export class LogWriter {
  private readonly windowMs: number;
  private readonly batchRows: number;
  private readonly sliceMs: number;
  private readonly maxLagMs: number;
  private readonly minSliceRows: number;
  private readonly maxSliceRows: number;
  /** Measured cost of one row in a slice (ms), smoothed; starts at a guess for this kind of machine. */
  private msPerRow = 0.01;
  private readonly retryMinMs: number;
  private readonly retryMaxMs: number;

  /** Queue of rows not yet committed; `head` is the first one (avoids O(n) shifts). */
  private queue: (Row | undefined)[] = [];
  private head = 0;
  private readonly nextSeqBySession = new Map<string, number>();
  private readonly pendingBySession = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private immediate: NodeJS.Immediate | null = null;
  private failing = false;
  private lastError: string | null = null;
  private retryDelay: number;
  private closed = false;
  private busyRetryCount = 0;

  private readonly insertEvent: Statement;
  private readonly maxSeq: Statement;
  private readonly review: ReviewUpdater;
  private readonly writeSlice: (rows: Row[]) => void;

  constructor(
    private readonly db: Database,
    private readonly options: LogWriterOptions = {},
  ) {
    this.windowMs = options.windowMs ?? 50;
    this.batchRows = options.batchRows ?? 500;
    this.sliceMs = options.sliceMs ?? 1.5;
    this.maxLagMs = options.maxLagMs ?? this.windowMs * 0.8;
    this.minSliceRows = options.minSliceRows ?? 32;
    this.maxSliceRows = options.maxSliceRows ?? 2000;
    this.retryMinMs = options.retryMinMs ?? 250;
    this.retryMaxMs = options.retryMaxMs ?? 5000;
    this.retryDelay = this.retryMinMs;

    this.insertEvent = db.prepare(
      'INSERT INTO session_events (session_id, seq, at, kind, product_id, payload) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.review = new ReviewUpdater(db);
    this.maxSeq = db.prepare('SELECT coalesce(max(seq), 0) AS seq FROM session_events WHERE session_id = ?');
    this.writeSlice = db.transaction((rows: Row[]) => this.writeRows(rows));
  }

  /** Queues one event for a session and returns its sequence number. Never touches the disk itself. */
  append(sessionId: string, at: number, kind: string, productId: string | null, payload: unknown): number {
    if (this.closed) throw new Error('The session log writer is closed.');
    const seq = this.nextSeq(sessionId);
    this.queue.push({
      sessionId,
      seq,
      at,
      kind,
      productId,
      payload: JSON.stringify(payload ?? {}),
      review: reviewInputOf(kind, payload),
      queuedAt: performance.now(),
    });
    this.pendingBySession.set(sessionId, (this.pendingBySession.get(sessionId) ?? 0) + 1);
    this.schedule();
    return seq;
  }

  /** Times a background commit found the write lock taken and stepped aside (see writeNextSlice). */
  get busyRetries(): number {
    return this.busyRetryCount;
  }

  pending(): number {
    return this.queue.length - this.head;
  }

  pendingFor(sessionId: string): number {
    return this.pendingBySession.get(sessionId) ?? 0;
  }

  backlog(): Backlog {
    return { pending: this.pending(), failing: this.failing, lastError: this.lastError };
  }

  /**
   * Writes everything queued now, synchronously (session end, export, host stop). Returns false when the
   * database refused the rows; they stay queued and the retry timer keeps trying.
   */
  flushAll(): boolean {
    while (this.pending() > 0) {
      if (!this.writeNextSlice()) return false;
    }
    return true;
  }

  /** Drops the cached sequence of a deleted session. */
  forget(sessionId: string): void {
    this.nextSeqBySession.delete(sessionId);
  }

  /** Flushes and stops the timers. Rows that still cannot be written are returned to the caller. */
  close(): number {
    this.flushAll();
    this.clearTimers();
    this.closed = true;
    return this.pending();
  }

  private nextSeq(sessionId: string): number {
    let next = this.nextSeqBySession.get(sessionId);
    if (next === undefined) next = (this.maxSeq.get(sessionId) as { seq: number }).seq + 1;
    this.nextSeqBySession.set(sessionId, next + 1);
    return next;
  }

  /**
   * A batch of `batchRows` or more (a burst, or a backlog after a turn) is written on the next turn of the
   * loop; fewer rows wait for more company or for their window to end. Committing the few rows that
   * arrived since the last turn, turn after turn, would rewrite the same index and summary pages into the
   * WAL with every handful of rows: about 3 KB of WAL per row instead of about 600 bytes, all of which
   * the checkpointer then copies, taking disk and CPU from the host's thread.
   */
  private schedule(): void {
    if (this.failing || this.immediate || this.pending() === 0) return;
    if (this.pending() >= this.batchRows) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      this.immediate = setImmediate(() => this.tick());
    } else if (!this.timer) {
      const due = this.queue[this.head]!.queuedAt + this.windowMs - performance.now();
      this.timer = setTimeout(() => this.tick(), Math.max(0, due));
    }
  }

  private tick(): void {
    this.timer = null;
    this.immediate = null;
    if (this.closed || this.pending() === 0) return;
    // One slice (one transaction of about `sliceMs`) per turn of the event loop, so other work runs
    // between commits. Rows about to leave the crash window (`maxLagMs`) are written before yielding
    // whatever the cost: the crash guarantee wins over loop latency when the producer outruns the disk.
    const mustWriteBefore = performance.now() - this.maxLagMs;
    do {
      if (!this.writeNextSlice(this.sliceRows(), false)) return;
    } while (this.pending() > 0 && this.queue[this.head]!.queuedAt < mustWriteBefore);
    this.schedule();
  }

  /** Rows of the next slice: as many as fit in `sliceMs` at the measured cost per row. */
  private sliceRows(): number {
    return Math.max(this.minSliceRows, Math.min(this.maxSliceRows, Math.floor(this.sliceMs / this.msPerRow)));
  }

  /**
   * Commits the next slice. `mayWait` false (the background turns): if another connection holds the write
   * lock (the checkpointer's RESTART or TRUNCATE), step aside and try again a moment later. Waiting in
   * SQLite's busy handler (it sleeps 1, 2, 5, 10, 15... ms) would stall the host's event loop, and the
   * SQLITE_BUSY that SQLite often returns at once is not a failure to report: the rows just wait a little
   * longer. Synchronous flushes (session end, export) still wait for the lock.
   */
  private writeNextSlice(maxRows = this.sliceRows(), mayWait = true): boolean {
    const end = Math.min(this.queue.length, this.head + maxRows);
    const slice = this.queue.slice(this.head, end) as Row[];
    const started = performance.now();
    try {
      // Through db.pragma each time: SQLite applies this pragma when the statement is prepared, so a
      // prepared statement run again would change nothing.
      if (!mayWait) this.db.pragma('busy_timeout = 0');
      this.writeSlice(slice);
    } catch (error) {
      if (!mayWait && (error as { code?: string }).code === 'SQLITE_BUSY') {
        this.retryWhenFree();
        return false;
      }
      this.fail(error as Error);
      return false;
    } finally {
      if (!mayWait) this.db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    }
    // Smoothed, so one slow commit (a WAL checkpoint, a GC pause) does not shrink the next slices to nothing.
    const perRow = (performance.now() - started) / slice.length;
    if (slice.length >= this.minSliceRows) this.msPerRow = this.msPerRow * 0.8 + perRow * 0.2;
    // Written rows are dropped from the queue at once: rows still referenced there survive each young-
    // generation collection, which then copies them (thousands of rows: collections of 10-20 ms).
    this.queue.fill(undefined, this.head, end);
    this.head = end;
    for (const row of slice) {
      const left = (this.pendingBySession.get(row.sessionId) ?? 1) - 1;
      if (left === 0) this.pendingBySession.delete(row.sessionId);
      else this.pendingBySession.set(row.sessionId, left);
    }
    if (this.head > 4096 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    if (this.failing) {
      this.failing = false;
      this.lastError = null;
      this.retryDelay = this.retryMinMs;
      this.clearTimers();
      this.options.onRecovered?.(slice.length);
      if (this.pending() > 0) this.immediate = setImmediate(() => this.tick());
    }
    return true;
  }

  private writeRows(rows: Row[]): void {
    for (const row of rows) this.insertEvent.run(row.sessionId, row.seq, row.at, row.kind, row.productId, row.payload);
    this.review.add(rows);
  }

  /** The lock is held elsewhere for a moment: not a failure, the rows just wait a little longer. */
  private retryWhenFree(): void {
    this.clearTimers();
    this.busyRetryCount++;
    this.timer = setTimeout(() => this.tick(), 1);
  }

  private fail(error: Error): void {
    const firstFailure = !this.failing;
    this.failing = true;
    this.lastError = `${(error as { code?: string }).code ?? 'error'}: ${error.message}`;
    this.clearTimers();
    if (!this.closed) {
      this.timer = setTimeout(() => this.tick(), this.retryDelay);
      this.retryDelay = Math.min(this.retryDelay * 2, this.retryMaxMs);
    }
    if (firstFailure) this.options.onFailure?.(error, this.pending());
  }

  private clearTimers(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = null;
    this.immediate = null;
  }
}
