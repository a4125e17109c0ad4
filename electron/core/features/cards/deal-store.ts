import type { Database, Statement } from 'better-sqlite3';
import { HostError } from '../../../shared/contract';
import type { DealRecord, DealState } from '../../../shared/contract/deals';

interface DealRow {
  id: string;
  code: string;
  product_id: string;
  sku: string;
  market: string;
  currency: string;
  deal_price_minor: number;
  regular_price_minor: number;
  stock_initial: number;
  stock: number;
  per_buyer_limit: number | null;
  duration_s: number;
  lead_in_s: number;
  start_at: number | null;
  state: DealState;
  created_at: number;
  countdown_ends_at: number | null;
  live_at: number | null;
  ends_at: number | null;
  finished_at: number | null;
  finish_reason: string | null;
  units_sold: number;
  revenue_minor: number;
  override_reason: string | null;
}

const columns: Record<keyof Omit<DealRecord, 'sku'>, string> = {
  id: 'id',
  code: 'code',
  productId: 'product_id',
  market: 'market',
  currency: 'currency',
  dealPriceMinor: 'deal_price_minor',
  regularPriceMinor: 'regular_price_minor',
  stockInitial: 'stock_initial',
  stock: 'stock',
  perBuyerLimit: 'per_buyer_limit',
  durationS: 'duration_s',
  leadInS: 'lead_in_s',
  startAt: 'start_at',
  state: 'state',
  createdAt: 'created_at',
  countdownEndsAt: 'countdown_ends_at',
  liveAt: 'live_at',
  endsAt: 'ends_at',
  finishedAt: 'finished_at',
  finishReason: 'finish_reason',
  unitsSold: 'units_sold',
  revenueMinor: 'revenue_minor',
  overrideReason: 'override_reason',
};

const select = `SELECT d.*, p.sku FROM deals d JOIN products p ON p.id = d.product_id`;

const insertKeys = Object.keys(columns) as (keyof typeof columns)[];

/** Deals in SQLite: the state machine's memory, so a restart picks up exactly where it was. */
export class DealStore {
  // Prepared once per connection (preparing compiles the SQL: it cost more than running it).
  private readonly insertRow: Statement;
  private readonly byId: Statement;
  private readonly byCode: Statement;
  private readonly anyWithCode: Statement;
  private readonly openByCode: Statement;
  private readonly filtered: Statement;
  private readonly runningRows: Statement;
  private readonly activeRow: Statement;
  /** An update sets only the columns it names: one statement per set of columns, made on first use. */
  private readonly updates = new Map<string, Statement>();

  constructor(private readonly db: Database) {
    this.insertRow = db.prepare(
      `INSERT INTO deals (${insertKeys.map((k) => columns[k]).join(', ')}) VALUES (${insertKeys.map((k) => `@${k}`).join(', ')})`,
    );
    this.byId = db.prepare(`${select} WHERE d.id = ?`);
    this.byCode = db.prepare(
      `${select} WHERE d.code = ?
       ORDER BY CASE WHEN d.state IN ('scheduled', 'countdown', 'live') THEN 0 ELSE 1 END, d.created_at DESC, d.rowid DESC LIMIT 1`,
    );
    this.anyWithCode = db.prepare('SELECT 1 FROM deals WHERE code = ?');
    this.openByCode = db.prepare(`${select} WHERE d.code = ? AND d.state IN ('scheduled', 'countdown', 'live')`);
    this.filtered = db.prepare(
      `${select} WHERE (@states IS NULL OR d.state IN (SELECT value FROM json_each(@states)))
         AND (@productId IS NULL OR d.product_id = @productId)
       ORDER BY d.created_at DESC, d.rowid DESC LIMIT @limit`,
    );
    this.runningRows = db.prepare(`${select} WHERE d.state IN ('scheduled', 'countdown', 'live') ORDER BY d.created_at`);
    this.activeRow = db.prepare(
      `${select} WHERE d.product_id = ? AND d.market = ?
         AND (d.state IN ('countdown', 'live') OR (d.state = 'sold-out' AND d.finished_at >= ?))
       ORDER BY CASE d.state WHEN 'live' THEN 0 WHEN 'countdown' THEN 1 ELSE 2 END, d.created_at DESC LIMIT 1`,
    );
  }

  insert(deal: Omit<DealRecord, 'sku'>): void {
    this.insertRow.run(Object.fromEntries(insertKeys.map((k) => [k, deal[k] ?? null])));
  }

  update(id: string, patch: Partial<Omit<DealRecord, 'id' | 'sku'>>): DealRecord {
    const keys = Object.keys(patch) as (keyof typeof columns)[];
    if (keys.length > 0) {
      this.updateStatement(keys).run({ ...Object.fromEntries(keys.map((k) => [k, patch[k as keyof typeof patch] ?? null])), id });
    }
    return this.get(id);
  }

  get(id: string): DealRecord {
    const row = this.byId.get(id) as (DealRow & { sku: string }) | undefined;
    if (!row) throw new HostError('deal.not_found', { id });
    return toDeal(row);
  }

  /**
   * The deal a code names: the one with that code that has not finished (codes are unique among those),
   * else the latest that had it (so a cue can say that deal already ended). Codes match in any case.
   */
  findByCode(code: string): DealRecord | null {
    const row = this.byCode.get(code.trim().toUpperCase()) as DealRow | undefined;
    return row ? toDeal(row) : null;
  }

  /** True when any deal (finished or not) has this code: generated codes avoid them all. */
  codeUsed(code: string): boolean {
    return this.anyWithCode.get(code) !== undefined;
  }

  /** The deal with this code that has not finished, if any (codes are unique among those). */
  openWithCode(code: string): DealRecord | null {
    const row = this.openByCode.get(code) as DealRow | undefined;
    return row ? toDeal(row) : null;
  }

  list(filter: { states?: DealState[]; productId?: string; limit: number }): DealRecord[] {
    const rows = this.filtered.all({
      states: filter.states ? JSON.stringify(filter.states) : null,
      productId: filter.productId ?? null,
      limit: filter.limit,
    }) as DealRow[];
    return rows.map(toDeal);
  }

  /** Deals whose clock still matters: scheduled with a start time, in countdown, live. */
  running(): DealRecord[] {
    return (this.runningRows.all() as DealRow[]).map(toDeal);
  }

  /** The deal a card of this product and market shows: counting down or live, else sold out a moment ago. */
  activeFor(productId: string, market: string, now: number, soldOutShowMs: number): DealRecord | null {
    const row = this.activeRow.get(productId, market, now - soldOutShowMs) as DealRow | undefined;
    return row ? toDeal(row) : null;
  }

  private updateStatement(keys: (keyof typeof columns)[]): Statement {
    const sql = `UPDATE deals SET ${keys.map((k) => `${columns[k]} = @${k}`).join(', ')} WHERE id = @id`;
    let statement = this.updates.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.updates.set(sql, statement);
    }
    return statement;
  }
}

function toDeal(row: DealRow): DealRecord {
  const deal = { sku: row.sku } as DealRecord;
  for (const [key, column] of Object.entries(columns)) (deal as Record<string, unknown>)[key] = row[column as keyof DealRow];
  return deal;
}
