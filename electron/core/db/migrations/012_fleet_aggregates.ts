import type { Migration } from './types';

/**
 * The central store now keeps each session's review aggregates (spans, kind counts, health buckets,
 * product sales, viewers peak). A sync batch sends the aggregate rows its own events changed; a session
 * whose events went central before this (synced_seq > 0, `aggregates_sent` 0) gets its aggregates in
 * full once, with its next batch. Forgetting the session row as last sent gives every such session
 * that batch, even when no event is left to send.
 */
export const fleetAggregatesMigration: Migration = {
  version: 12,
  name: 'fleet: send the review aggregates of sessions already central',
  up(db) {
    db.exec(`
      ALTER TABLE fleet_cursors ADD COLUMN aggregates_sent INTEGER NOT NULL DEFAULT 0;
      UPDATE fleet_cursors SET synced_meta = NULL;
    `);
  },
};
