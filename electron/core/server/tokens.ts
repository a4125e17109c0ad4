import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { Scope } from '../../shared/contract';

/**
 * Access tokens for the local server. Each scope has one token, created on first start and kept in the
 * database so links (a co-host's prompter, an OBS overlay URL, a Stream Deck button) survive restarts.
 * Comparison hashes both sides first, so it takes the same time whatever the input's length.
 */
export class TokenStore {
  private readonly tokens = new Map<Scope, string>();

  constructor(private readonly db: Database) {
    for (const scope of ['control', 'follow', 'overlay'] as const) this.tokens.set(scope, this.loadOrCreate(scope));
  }

  token(scope: Scope): string {
    return this.tokens.get(scope)!;
  }

  /** The scope a presented token grants, or null. */
  verify(presented: string | null | undefined): Scope | null {
    if (!presented) return null;
    const digest = sha256(presented);
    let match: Scope | null = null;
    for (const [scope, token] of this.tokens) {
      if (timingSafeEqual(digest, sha256(token))) match = scope;
    }
    return match;
  }

  /** Replaces a scope's token: every link that used the old one stops working. */
  rotate(scope: Scope): string {
    const token = newToken();
    this.db.prepare('INSERT OR REPLACE INTO host_meta (key, value) VALUES (?, ?)').run(`token.${scope}`, token);
    this.tokens.set(scope, token);
    return token;
  }

  private loadOrCreate(scope: Scope): string {
    const row = this.db.prepare('SELECT value FROM host_meta WHERE key = ?').get(`token.${scope}`) as
      | { value: string }
      | undefined;
    return row?.value ?? this.rotate(scope);
  }
}

function newToken(): string {
  return randomBytes(24).toString('base64url');
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
