import type { Database } from 'better-sqlite3';
import type { HostMetaStore } from '../db/host-meta';
import type { SecretStore } from './secret-store';

/** Names in the secret store. */
export const secretNames = {
  webhookSigning: 'webhook.signingSecret',
  obsPassword: 'obs.password',
  token: (scope: string) => `token.${scope}`,
  /** One platform connection's credentials and tokens, as one JSON object. */
  platform: (connectionId: string) => `platform.${connectionId}`,
  /** The studio's key for pseudonymizing chat authors (HMAC of platform and author id). */
  chatAuthorKey: 'chat.authorKey',
  /** The password of the fleet's central PostgreSQL (fleet.configure). */
  fleetPassword: 'fleet.password',
  /** The manager's password for reviewing the central store from this PC (fleet.configureReview). */
  fleetReviewPassword: 'fleet.reviewPassword',
} as const;

/** `host_meta` keys where versions before the secret store kept secrets in plain text, and their new names. */
const plainTextKeys: readonly { plainKey: string; name: string }[] = [
  { plainKey: 'cards.webhookSecret', name: secretNames.webhookSigning },
  ...['control', 'follow', 'overlay'].map((scope) => ({ plainKey: `token.${scope}`, name: secretNames.token(scope) })),
];

/**
 * A start-up step (not a schema migration: encryption may need the shell's async keychain, known only
 * once the host starts): moves every plain-text secret an older version left in `host_meta` into the
 * secret store. Idempotent and crash-safe (each move is one transaction). When something moved, the
 * database is rebuilt (VACUUM) and its WAL emptied, so no old copy of the plain text stays in free
 * pages of the file or in the -wal file.
 */
export async function movePlainTextSecrets(db: Database, meta: HostMetaStore, secrets: SecretStore): Promise<number> {
  let moved = 0;
  for (const { plainKey, name } of plainTextKeys) {
    if (!meta.has(plainKey)) continue;
    if (await secrets.adoptPlainText(plainKey, name)) moved++;
  }
  if (moved > 0) {
    db.exec('VACUUM');
    db.pragma('wal_checkpoint(TRUNCATE)');
  }
  return moved;
}
