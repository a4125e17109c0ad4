import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { scopes, type Scope } from '../../shared/contract';
import { secretNames } from '../secrets/plain-text-migration';
import type { SecretStore } from '../secrets/secret-store';

/**
 * Access tokens for the local server. Each scope has one token, created on first start and kept
 * encrypted in the secret store so links (a co-host's prompter, an OBS overlay URL, a Stream Deck
 * button) survive restarts and can be shown again. Comparison hashes both sides first, so it takes the
 * same time whatever the input's length.
 */
export class TokenStore {
  private readonly tokens = new Map<Scope, string>();

  /** Call after `secrets.load()`; the host awaits `secrets.flushed()` so new tokens are on disk. */
  constructor(
    private readonly secrets: SecretStore,
    private readonly onWriteError: (error: unknown) => void = (e) => console.error('[tokens] could not store a token:', e),
  ) {
    for (const scope of scopes) this.tokens.set(scope, this.loadOrCreate(scope));
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
    this.secrets.set(secretNames.token(scope), token).catch(this.onWriteError);
    this.tokens.set(scope, token);
    return token;
  }

  private loadOrCreate(scope: Scope): string {
    return this.secrets.get(secretNames.token(scope)) ?? this.rotate(scope);
  }
}

function newToken(): string {
  return randomBytes(24).toString('base64url');
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
