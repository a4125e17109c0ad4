import type { Database, Statement } from 'better-sqlite3';
import type { Order, OrderLine, OrderStatus } from '../../../../shared/contract/audience';
import type { PlatformId } from '../../../../shared/contract/platform';

/**
 * A line as stored: the contract's line plus the units of it a live deal's stock took (`stock`), so a
 * cancellation or refund later gives back exactly those, once. Never shown: the contract's schemas drop it.
 */
export interface StoredLine extends OrderLine {
  stock?: { dealId: string; units: number } | null;
}

export interface StoredOrder extends Omit<Order, 'lines'> {
  lines: StoredLine[];
}

interface Row {
  connection_id: string;
  order_id: string;
  platform: PlatformId;
  session_id: string | null;
  placed_at: number;
  updated_at: number;
  status: OrderStatus;
  currency: string;
  minor_digits: number;
  total_minor: number;
  lines: string;
}

const toOrder = (r: Row): StoredOrder => ({
  key: `${r.connection_id}:${r.order_id}`,
  connectionId: r.connection_id,
  platform: r.platform,
  orderId: r.order_id,
  placedAt: r.placed_at,
  updatedAt: r.updated_at,
  status: r.status,
  currency: r.currency,
  minorDigits: r.minor_digits,
  totalMinor: r.total_minor,
  lines: (JSON.parse(r.lines) as StoredLine[]).map(withVersion),
  sessionId: r.session_id,
});

/**
 * Lines stored before A/B script versions carry `variant` (always null then) instead of `scriptVersion`:
 * read as no version, so old orders still answer the contract's shape.
 */
function withVersion(line: StoredLine): StoredLine {
  if (line.attribution.scriptVersion !== undefined) return line;
  const { variant: _old, ...rest } = line.attribution as StoredLine['attribution'] & { variant?: unknown };
  return { ...line, attribution: { ...rest, scriptVersion: null } };
}

/** Orders (migration 008 `orders`), one row per (connection, order id): ids, times, status, lines and amounts, no buyer. */
export class OrdersStore {
  private readonly byKey: Statement;
  private readonly upsertRow: Statement;
  private readonly ofSession: Statement;
  private readonly ofSessionAll: Statement;

  constructor(db: Database) {
    this.byKey = db.prepare('SELECT * FROM orders WHERE connection_id = ? AND order_id = ?');
    this.upsertRow = db.prepare(
      `INSERT INTO orders (connection_id, order_id, platform, session_id, placed_at, updated_at, status, currency, minor_digits, total_minor, lines)
       VALUES (@connectionId, @orderId, @platform, @sessionId, @placedAt, @updatedAt, @status, @currency, @minorDigits, @totalMinor, @lines)
       ON CONFLICT (connection_id, order_id) DO UPDATE SET updated_at = excluded.updated_at, status = excluded.status,
         currency = excluded.currency, minor_digits = excluded.minor_digits, total_minor = excluded.total_minor, lines = excluded.lines`,
    );
    this.ofSession = db.prepare('SELECT * FROM orders WHERE session_id = ? ORDER BY placed_at DESC, order_id LIMIT ?');
    this.ofSessionAll = db.prepare('SELECT * FROM orders WHERE session_id = ? ORDER BY placed_at, order_id');
  }

  get(connectionId: string, orderId: string): StoredOrder | null {
    const row = this.byKey.get(connectionId, orderId) as Row | undefined;
    return row ? toOrder(row) : null;
  }

  save(order: StoredOrder): void {
    this.upsertRow.run({ ...order, lines: JSON.stringify(order.lines) });
  }

  /** Newest first. */
  latest(sessionId: string, limit: number): StoredOrder[] {
    return (this.ofSession.all(sessionId, limit) as Row[]).map(toOrder);
  }

  /** Oldest first: the summary and the review read every order of the session. */
  ofSessionInOrder(sessionId: string): StoredOrder[] {
    return (this.ofSessionAll.all(sessionId) as Row[]).map(toOrder);
  }
}
