import type { Database, Statement } from 'better-sqlite3';
import type { DealPlatform, PlatformId } from '../../../shared/contract/platform';

type DealPlatformState = DealPlatform['state'];

interface DealPlatformRow {
  deal_id: string;
  connection_id: string;
  platform: PlatformId;
  state: DealPlatformState;
  remote_id: string | null;
  code: string | null;
  message: string | null;
  error_code: string | null;
  updated_at: number;
}

function toDealPlatform(r: DealPlatformRow): DealPlatform {
  return {
    connectionId: r.connection_id,
    platform: r.platform,
    state: r.state,
    remoteId: r.remote_id,
    code: r.code,
    message: r.message,
    errorCode: r.error_code,
    updatedAt: r.updated_at,
  };
}

/** What each deal did on each connection (`deal_platforms`): the state the deal panel and deal outputs show. */
export class DealPlatformsStore {
  private readonly byDeal: Statement<[string]>;
  private readonly one: Statement<[string, string]>;
  private readonly upsert: Statement;

  constructor(db: Database) {
    this.byDeal = db.prepare('SELECT * FROM deal_platforms WHERE deal_id = ? ORDER BY rowid');
    this.one = db.prepare('SELECT * FROM deal_platforms WHERE deal_id = ? AND connection_id = ?');
    // A field left out (null) keeps what was there: a later state keeps the remote id and code it learned.
    this.upsert = db.prepare(
      `INSERT INTO deal_platforms (deal_id, connection_id, platform, state, remote_id, code, message, error_code, updated_at)
       VALUES (@dealId, @connectionId, @platform, @state, @remoteId, @code, @message, @errorCode, @updatedAt)
       ON CONFLICT (deal_id, connection_id) DO UPDATE SET
         state = excluded.state,
         remote_id = coalesce(excluded.remote_id, remote_id),
         code = coalesce(excluded.code, code),
         message = excluded.message,
         error_code = excluded.error_code,
         updated_at = excluded.updated_at`,
    );
  }

  forDeal(dealId: string): DealPlatform[] {
    return (this.byDeal.all(dealId) as DealPlatformRow[]).map(toDealPlatform);
  }

  get(dealId: string, connectionId: string): DealPlatform | null {
    const row = this.one.get(dealId, connectionId) as DealPlatformRow | undefined;
    return row ? toDealPlatform(row) : null;
  }

  /** Sets a deal's state on a connection; message and error code are replaced, remote id and code kept unless given. */
  set(
    dealId: string,
    connectionId: string,
    platform: PlatformId,
    state: DealPlatformState,
    now: number,
    detail: { remoteId?: string | null; code?: string | null; message?: string | null; errorCode?: string | null } = {},
  ): DealPlatform {
    this.upsert.run({
      dealId,
      connectionId,
      platform,
      state,
      remoteId: detail.remoteId ?? null,
      code: detail.code ?? null,
      message: detail.message ?? null,
      errorCode: detail.errorCode ?? null,
      updatedAt: now,
    });
    return this.get(dealId, connectionId)!;
  }
}
