import { createHmac, randomBytes } from 'node:crypto';
import type { SecretStore } from '../../secrets/secret-store';
import { secretNames } from '../../secrets/plain-text-migration';

/**
 * Pseudonymous author keys: HMAC-SHA256 of (platform, author id) with a random key per studio, kept
 * in the secret store. The same viewer gets the same key in every session of this studio (the dock
 * groups their comments, "forget" finds them), nobody without the key can tell who it is or link them
 * across studios, and the platform's author id itself is never written anywhere.
 */
export class AuthorKeys {
  private key: Buffer | null = null;

  constructor(private readonly secrets: SecretStore) {}

  /** Loads the studio's key, creating it on first start; resolves once a new key is stored. */
  async load(): Promise<void> {
    const stored = this.secrets.get(secretNames.chatAuthorKey);
    if (stored) {
      this.key = Buffer.from(stored, 'base64');
      return;
    }
    const created = randomBytes(32);
    this.key = created;
    await this.secrets.set(secretNames.chatAuthorKey, created.toString('base64'));
  }

  keyOf(platform: string, authorId: string): string {
    if (!this.key) throw new Error('The chat author key is not loaded yet.');
    // 128 bits of the MAC, base64url: short in every row and event, still collision-free in practice.
    return createHmac('sha256', this.key).update(`${platform}\u0000${authorId}`).digest().subarray(0, 16).toString('base64url');
  }
}
