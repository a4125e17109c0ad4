import type { Database, Statement } from 'better-sqlite3';
import type { AnnouncementMoment, ConnectionState, PlatformId, ProductLink } from '../../../shared/contract/platform';

/** A platform_connections row as the feature uses it (no credentials: those are in the secret store). */
export interface ConnectionRecord {
  id: string;
  platform: PlatformId;
  label: string;
  markets: string[];
  /** Null: the platform's production host (platformDefaults). */
  apiBase: string | null;
  authBase: string | null;
  enabled: boolean;
  state: ConnectionState;
  stateCode: string | null;
  stateParams: Record<string, string | number> | null;
  message: string;
  account: string | null;
  tokenExpiresAt: number | null;
  announce: Partial<Record<AnnouncementMoment, boolean>>;
  checkedAt: number | null;
  createdAt: number;
  updatedAt: number;
}

interface ConnectionRow {
  id: string;
  platform: PlatformId;
  label: string;
  markets: string;
  api_base: string | null;
  auth_base: string | null;
  enabled: number;
  state: ConnectionState;
  state_code: string | null;
  state_params: string | null;
  message: string;
  account: string | null;
  token_expires_at: number | null;
  announce: string;
  checked_at: number | null;
  created_at: number;
  updated_at: number;
}

interface LinkRow {
  connection_id: string;
  product_id: string;
  sku: string;
  remote_product_id: string;
  remote_sku_ids: string;
  linked_by: 'sku' | 'manual';
  linked_at: number;
}

function toRecord(r: ConnectionRow): ConnectionRecord {
  return {
    id: r.id,
    platform: r.platform,
    label: r.label,
    markets: JSON.parse(r.markets) as string[],
    apiBase: r.api_base,
    authBase: r.auth_base,
    enabled: r.enabled === 1,
    state: r.state,
    stateCode: r.state_code,
    stateParams: r.state_params ? (JSON.parse(r.state_params) as Record<string, string | number>) : null,
    message: r.message,
    account: r.account,
    tokenExpiresAt: r.token_expires_at,
    announce: JSON.parse(r.announce) as ConnectionRecord['announce'],
    checkedAt: r.checked_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function frozen(record: ConnectionRecord): ConnectionRecord {
  Object.freeze(record.markets);
  Object.freeze(record.announce);
  if (record.stateParams) Object.freeze(record.stateParams);
  return Object.freeze(record);
}

function toLink(r: LinkRow): ProductLink {
  return {
    connectionId: r.connection_id,
    productId: r.product_id,
    sku: r.sku,
    remoteProductId: r.remote_product_id,
    remoteSkuIds: JSON.parse(r.remote_sku_ids) as string[],
    linkedBy: r.linked_by,
    linkedAt: r.linked_at,
  };
}

const linkSelect = `SELECT l.*, p.sku FROM platform_links l JOIN products p ON p.id = l.product_id`;

/**
 * Platform connections and product links in SQLite (platform_connections, platform_links). Connections are
 * also kept in memory, written through: every push and every announcement looks its connection up, and
 * reading the row and its JSON again each time cost more than the rest of the lookup. Every write goes
 * through this store, so the copy in memory is never behind the table. Records handed out are frozen:
 * a change is a new record passed to update().
 */
export class ConnectionsStore {
  /** Every connection by id, in list order; null until first read. */
  private cache: Map<string, ConnectionRecord> | null = null;
  // Prepared once per connection (preparing compiles the SQL: it cost more than running it).
  private readonly allRows: Statement;
  private readonly byId: Statement;
  private readonly insertRow: Statement;
  private readonly updateRow: Statement;
  private readonly deleteRow: Statement;
  private readonly allLinks: Statement;
  private readonly linksOf: Statement;
  private readonly linkRow: Statement;
  private readonly upsertLink: Statement;
  private readonly deleteLink: Statement;
  private readonly dropPendingPushes: Statement;

  constructor(private readonly db: Database) {
    this.allRows = db.prepare('SELECT * FROM platform_connections ORDER BY created_at, id');
    this.byId = db.prepare('SELECT * FROM platform_connections WHERE id = ?');
    this.insertRow = db.prepare(
      `INSERT INTO platform_connections (id, platform, label, markets, api_base, auth_base, enabled, state, state_code, state_params,
         message, account, token_expires_at, announce, checked_at, created_at, updated_at)
       VALUES (@id, @platform, @label, @markets, @apiBase, @authBase, @enabled, @state, @stateCode, @stateParams,
         @message, @account, @tokenExpiresAt, @announce, @checkedAt, @createdAt, @updatedAt)`,
    );
    this.updateRow = db.prepare(
      `UPDATE platform_connections SET label = @label, markets = @markets, api_base = @apiBase, auth_base = @authBase,
         enabled = @enabled, state = @state, state_code = @stateCode, state_params = @stateParams, message = @message,
         account = @account, token_expires_at = @tokenExpiresAt, announce = @announce, checked_at = @checkedAt,
         updated_at = @updatedAt
       WHERE id = @id`,
    );
    this.deleteRow = db.prepare('DELETE FROM platform_connections WHERE id = ?');
    this.allLinks = db.prepare(`${linkSelect} ORDER BY l.connection_id, p.sku`);
    this.linksOf = db.prepare(`${linkSelect} WHERE l.connection_id = ? ORDER BY p.sku`);
    this.linkRow = db.prepare(`${linkSelect} WHERE l.connection_id = ? AND l.product_id = ?`);
    this.upsertLink = db.prepare(
      `INSERT INTO platform_links (connection_id, product_id, remote_product_id, remote_sku_ids, linked_by, linked_at)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (connection_id, product_id) DO UPDATE SET remote_product_id = excluded.remote_product_id,
         remote_sku_ids = excluded.remote_sku_ids, linked_by = excluded.linked_by, linked_at = excluded.linked_at`,
    );
    this.deleteLink = db.prepare('DELETE FROM platform_links WHERE connection_id = ? AND product_id = ?');
    // A removed connection's calls not sent yet have nowhere to go (sent ones stay as history).
    this.dropPendingPushes = db.prepare(`DELETE FROM outbox WHERE target = ? AND status <> 'delivered'`);
  }

  all(): ConnectionRecord[] {
    return [...this.records().values()];
  }

  get(id: string): ConnectionRecord | null {
    return this.records().get(id) ?? null;
  }

  insert(record: ConnectionRecord): void {
    this.insertRow.run(this.params(record));
    this.reread(record.id);
  }

  update(record: ConnectionRecord): void {
    this.updateRow.run(this.params(record));
    this.reread(record.id);
  }

  /** Removes the connection, its product links (cascade) and its unsent pushes, in one transaction. */
  remove(id: string, outboxTarget: string): boolean {
    const removed = this.db.transaction(() => {
      this.dropPendingPushes.run(outboxTarget);
      return this.deleteRow.run(id).changes > 0;
    })();
    this.reread(id);
    return removed;
  }

  private records(): Map<string, ConnectionRecord> {
    if (this.cache) return this.cache;
    const records = new Map((this.allRows.all() as ConnectionRow[]).map((r) => [r.id, frozen(toRecord(r))]));
    // Inside a transaction the table may still roll back: kept only once it is committed.
    if (!this.db.inTransaction) this.cache = records;
    return records;
  }

  /**
   * After a write: the row as the table has it now. Inside a transaction (which may still roll back) the
   * copy is dropped instead, and read again from the table once the transaction is over.
   */
  private reread(id: string): void {
    if (this.db.inTransaction) {
      this.cache = null;
      return;
    }
    const row = this.byId.get(id) as ConnectionRow | undefined;
    if (!this.cache) return;
    if (!row) this.cache.delete(id);
    else if (this.cache.has(id)) this.cache.set(id, frozen(toRecord(row)));
    else this.cache = null; // a new connection: the list order comes from the table
  }

  links(connectionId?: string): ProductLink[] {
    const rows = (connectionId === undefined ? this.allLinks.all() : this.linksOf.all(connectionId)) as LinkRow[];
    return rows.map(toLink);
  }

  link(connectionId: string, productId: string): ProductLink | null {
    const row = this.linkRow.get(connectionId, productId) as LinkRow | undefined;
    return row ? toLink(row) : null;
  }

  saveLink(link: Omit<ProductLink, 'sku'>): void {
    this.upsertLink.run(link.connectionId, link.productId, link.remoteProductId, JSON.stringify(link.remoteSkuIds), link.linkedBy, link.linkedAt);
  }

  /** Saves several links at once (one commit for a whole match). */
  saveLinks(links: readonly Omit<ProductLink, 'sku'>[]): void {
    this.db.transaction(() => {
      for (const link of links) this.saveLink(link);
    })();
  }

  unlink(connectionId: string, productId: string): boolean {
    return this.deleteLink.run(connectionId, productId).changes > 0;
  }

  private params(r: ConnectionRecord): Record<string, unknown> {
    return {
      id: r.id,
      platform: r.platform,
      label: r.label,
      markets: JSON.stringify(r.markets),
      apiBase: r.apiBase,
      authBase: r.authBase,
      enabled: r.enabled ? 1 : 0,
      state: r.state,
      stateCode: r.stateCode,
      stateParams: r.stateParams ? JSON.stringify(r.stateParams) : null,
      message: r.message,
      account: r.account,
      tokenExpiresAt: r.tokenExpiresAt,
      announce: JSON.stringify(r.announce),
      checkedAt: r.checkedAt,
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
    };
  }
}
