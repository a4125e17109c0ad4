import type { Database, Statement } from 'better-sqlite3';
import { healthBucketMs, healthSampleOf, type HealthSample } from './health-sample';
import { isAggregatedKind, ReviewAggregates } from './review-aggregates';

/** An event as the writer commits it, with what the review needs from it taken while it was queued. */
export interface LoggedRow {
  sessionId: string;
  seq: number;
  at: number;
  kind: string;
  productId: string | null;
  payload: string;
  review: ReviewInput;
}

/** Parsed when the event is queued (the payload is still an object then), so a commit never parses JSON for it. */
export interface ReviewInput {
  health: HealthSample | null;
}

const noInput: ReviewInput = { health: null };

export function reviewInputOf(kind: string, payload: unknown): ReviewInput {
  return kind === 'stream.health' ? { health: healthSampleOf(payload) } : noInput;
}

/**
 * Keeps what the review reads besides the events up to date with them: the session's event count and
 * last event time, counts per kind, the health chart's buckets, and the timeline/sales tables
 * (`ReviewAggregates`). The writer calls `add` inside the transaction that inserts the rows, so these
 * always agree with the committed events (a rolled-back slice rolls them back too). Counters are summed
 * per slice first: one UPDATE per session, kind and bucket instead of one per event.
 */
export class ReviewUpdater {
  private readonly bumpSession: Statement;
  private readonly bumpKind: Statement;
  private readonly bumpHealth: Statement;
  private readonly aggregates: ReviewAggregates;

  constructor(db: Database) {
    this.bumpSession = db.prepare(
      `UPDATE sessions SET event_count = event_count + ?, last_event_at = max(coalesce(last_event_at, 0), ?) WHERE id = ?`,
    );
    this.bumpKind = db.prepare(
      `INSERT INTO session_kind_counts (session_id, kind, n) VALUES (?, ?, ?)
       ON CONFLICT (session_id, kind) DO UPDATE SET n = n + excluded.n`,
    );
    this.bumpHealth = db.prepare(
      `INSERT INTO session_health (session_id, bucket_at, samples, fps_min, fps_sum, fps_n, cpu_max, dropped_max,
                                   skipped_max, congestion_max, bps_sum, bps_n)
       VALUES (@sessionId, @bucketAt, @samples, @fpsMin, @fpsSum, @fpsN, @cpuMax, @droppedMax, @skippedMax,
               @congestionMax, @bpsSum, @bpsN)
       ON CONFLICT (session_id, bucket_at) DO UPDATE SET
         samples = samples + excluded.samples,
         fps_min = min(coalesce(fps_min, excluded.fps_min), coalesce(excluded.fps_min, fps_min)),
         fps_sum = coalesce(fps_sum, 0) + coalesce(excluded.fps_sum, 0),
         fps_n = fps_n + excluded.fps_n,
         cpu_max = max(coalesce(cpu_max, excluded.cpu_max), coalesce(excluded.cpu_max, cpu_max)),
         dropped_max = max(coalesce(dropped_max, excluded.dropped_max), coalesce(excluded.dropped_max, dropped_max)),
         skipped_max = max(coalesce(skipped_max, excluded.skipped_max), coalesce(excluded.skipped_max, skipped_max)),
         congestion_max = max(coalesce(congestion_max, excluded.congestion_max), coalesce(excluded.congestion_max, congestion_max)),
         bps_sum = coalesce(bps_sum, 0) + coalesce(excluded.bps_sum, 0),
         bps_n = bps_n + excluded.bps_n`,
    );
    this.aggregates = new ReviewAggregates(db);
  }

  /** Rows just inserted, in seq order; call inside the transaction that inserted them. */
  add(rows: readonly LoggedRow[]): void {
    const perSession = new Map<string, { count: number; maxAt: number }>();
    const perKind = new Map<string, number>();
    const perBucket = new Map<string, HealthBucket>();
    for (const row of rows) {
      if (isAggregatedKind(row.kind)) this.aggregates.apply(row.sessionId, row.seq, row.at, row.kind, row.productId, row.payload);
      const s = perSession.get(row.sessionId);
      if (s) {
        s.count++;
        if (row.at > s.maxAt) s.maxAt = row.at;
      } else perSession.set(row.sessionId, { count: 1, maxAt: row.at });
      const kindKey = `${row.sessionId}\u0000${row.kind}`;
      perKind.set(kindKey, (perKind.get(kindKey) ?? 0) + 1);
      if (row.review.health) addToBucket(perBucket, row.sessionId, row.at, row.review.health);
    }
    for (const [id, s] of perSession) this.bumpSession.run(s.count, s.maxAt, id);
    for (const [key, n] of perKind) {
      const [sessionId, kind] = key.split('\u0000') as [string, string];
      this.bumpKind.run(sessionId, kind, n);
    }
    for (const bucket of perBucket.values()) this.bumpHealth.run(bucket);
  }
}

interface HealthBucket {
  sessionId: string;
  bucketAt: number;
  samples: number;
  fpsMin: number | null;
  fpsSum: number | null;
  fpsN: number;
  cpuMax: number | null;
  droppedMax: number | null;
  skippedMax: number | null;
  congestionMax: number | null;
  bpsSum: number | null;
  bpsN: number;
}

const maxOf = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));

function addToBucket(buckets: Map<string, HealthBucket>, sessionId: string, at: number, h: HealthSample): void {
  const bucketAt = Math.floor(at / healthBucketMs) * healthBucketMs;
  const key = `${sessionId}\u0000${bucketAt}`;
  let b = buckets.get(key);
  if (!b) {
    b = { sessionId, bucketAt, samples: 0, fpsMin: null, fpsSum: null, fpsN: 0, cpuMax: null, droppedMax: null, skippedMax: null, congestionMax: null, bpsSum: null, bpsN: 0 };
    buckets.set(key, b);
  }
  b.samples++;
  if (h.fps !== null) {
    b.fpsMin = b.fpsMin === null ? h.fps : Math.min(b.fpsMin, h.fps);
    b.fpsSum = (b.fpsSum ?? 0) + h.fps;
    b.fpsN++;
  }
  b.cpuMax = maxOf(b.cpuMax, h.cpuPct);
  b.droppedMax = maxOf(b.droppedMax, h.droppedPct);
  b.skippedMax = maxOf(b.skippedMax, h.skippedPct);
  b.congestionMax = maxOf(b.congestionMax, h.congestion);
  if (h.bytesPerSec !== null) {
    b.bpsSum = (b.bpsSum ?? 0) + h.bytesPerSec;
    b.bpsN++;
  }
}
