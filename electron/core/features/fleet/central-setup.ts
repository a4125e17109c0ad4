import crypto from 'node:crypto';
import type { ClientBase } from 'pg';
import { managerRole, migrateCentral, ensureEventPartitions, studioRole } from './central-schema';

/**
 * What `npm run fleet:setup -- postgres://admin@...` does on the central database: the fleet schema and
 * its two group roles (central-schema.ts), the month partitions of events from a year back to three
 * months ahead, and, when asked, login roles:
 * - a studio login (one per studio PC): member of `broadcart_studio`, listed in `fleet.studio_logins`;
 *   bound to the PC's studio id by the PC's first sync, it can then insert and read that studio's rows only;
 * - a manager login: member of `broadcart_manager`, reads every studio's rows, writes none.
 * Running it again is harmless: migrations already applied are skipped, an existing login keeps its
 * binding and gets the new password only when one is given.
 */

export interface LoginRequest {
  name: string;
  /** A random one is made (and returned) when absent. */
  password?: string;
}

export interface SetupResult {
  from: number;
  to: number;
  partitionsCreated: number;
  logins: { name: string; kind: 'studio' | 'manager'; password: string | null }[];
}

const loginName = /^[a-z_][a-z0-9_]{0,62}$/;

export function checkLoginName(name: string): void {
  if (!loginName.test(name)) {
    throw new Error(`Login name "${name}" must be lower-case letters, digits and _ (up to 63, not starting with a digit), such as studio_berlin_1.`);
  }
}

/** Months of event partitions made ahead of time, around now. */
export const partitionsBackMonths = 12;
export const partitionsAheadMonths = 3;

export async function setupCentral(
  admin: ClientBase,
  options: { studios?: LoginRequest[]; managers?: LoginRequest[]; now?: number } = {},
): Promise<SetupResult> {
  for (const login of [...(options.studios ?? []), ...(options.managers ?? [])]) checkLoginName(login.name);
  const { from, to } = await migrateCentral(admin);
  const now = new Date(options.now ?? Date.now());
  const back = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - partitionsBackMonths, 1);
  const ahead = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + partitionsAheadMonths, 1);
  const partitionsCreated = await ensureEventPartitions(admin, back, ahead);
  const logins: SetupResult['logins'] = [];
  for (const login of options.studios ?? []) logins.push({ kind: 'studio', ...(await upsertLogin(admin, login, 'studio')) });
  for (const login of options.managers ?? []) logins.push({ kind: 'manager', ...(await upsertLogin(admin, login, 'manager')) });
  return { from, to, partitionsCreated, logins };
}

/** Creates (or updates the password of) one login role; returns the password when it was set. */
async function upsertLogin(admin: ClientBase, login: LoginRequest, kind: 'studio' | 'manager'): Promise<{ name: string; password: string | null }> {
  const group = kind === 'studio' ? studioRole : managerRole;
  const exists = (await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [login.name])).rowCount! > 0;
  const password = login.password ?? (exists ? null : crypto.randomBytes(18).toString('base64url'));
  const role = admin.escapeIdentifier(login.name);
  await admin.query('BEGIN');
  try {
    if (!exists) {
      await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD ${admin.escapeLiteral(password!)} IN ROLE ${group}`);
    } else {
      if (password !== null) await admin.query(`ALTER ROLE ${role} LOGIN PASSWORD ${admin.escapeLiteral(password)}`);
      await admin.query(`GRANT ${group} TO ${role}`);
    }
    if (kind === 'studio') {
      await admin.query('INSERT INTO fleet.studio_logins (role_name) VALUES ($1) ON CONFLICT (role_name) DO NOTHING', [login.name]);
    }
    await admin.query('COMMIT');
  } catch (error) {
    await admin.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
  return { name: login.name, password };
}
