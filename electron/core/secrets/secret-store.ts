import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { SecretCipher } from '../context';
import type { HostMetaStore } from '../db/host-meta';

/** How one secret is kept in `host_meta` (under `secret.<name>`): never the secret itself. */
interface StoredSecret {
  /** `os`: the shell's keychain cipher; `key-file`: AES-256-GCM with a key file beside the database. */
  scheme: 'os' | 'key-file';
  data: string;
}

export type SecretProtection = StoredSecret['scheme'];

const keyPrefix = 'secret.';

/**
 * AES-256-GCM with a random key kept in a file readable only by the user (mode 0600). Used under plain
 * Node, where no OS keychain is reachable: it keeps secrets out of the database and backups of it, but
 * anyone who can read the data folder can read them.
 */
export function keyFileCipher(dataDir: string): SecretCipher {
  const keyPath = path.join(dataDir, 'secret.key');
  const key = (): Buffer => {
    if (!fs.existsSync(keyPath)) {
      fs.writeFileSync(keyPath, crypto.randomBytes(32), { mode: 0o600, flag: 'wx' });
    }
    return fs.readFileSync(keyPath);
  };
  return {
    osBacked: false,
    async encrypt(text) {
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv('aes-256-gcm', key(), iv);
      const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    async decrypt(data) {
      const decipher = crypto.createDecipheriv('aes-256-gcm', key(), data.subarray(0, 12));
      decipher.setAuthTag(data.subarray(12, 28));
      const result = Buffer.concat([decipher.update(data.subarray(28)), decipher.final()]).toString('utf8');
      return { result, shouldReEncrypt: false };
    },
  };
}

/**
 * Every secret the host keeps (the webhook signing secret, the local server's tokens, platform
 * credentials): encrypted with the OS keychain when the shell offers one (Electron's safeStorage),
 * else with the key file, and stored in `host_meta`. Core code only: no contract method returns a secret.
 *
 * Ciphers are async (Electron's keychain is), so `load()` decrypts everything once at start and `get` is
 * synchronous from memory; `set` updates memory at once and writes one at a time in call order, so the
 * database always holds the last value set (`flushed()` waits for the writes).
 */
export class SecretStore {
  private readonly cipher: SecretCipher;
  readonly protection: SecretProtection;
  /** Why the shell's keychain was not used (Linux without a keyring), shown beside the OBS password. */
  readonly keychainFallback: SecretCipher['fallback'] | null;
  private readonly values = new Map<string, string>();
  private writes: Promise<void> = Promise.resolve();
  /** Secrets that could not be read back (the keychain changed): name -> why. They count as unset. */
  readonly loadProblems = new Map<string, string>();

  constructor(
    private readonly meta: HostMetaStore,
    dataDir: string,
    osCipher?: SecretCipher,
  ) {
    // A shell cipher that is not keychain-backed (Electron on Linux without a keyring uses a fixed key)
    // is weaker than our own key file: use the key file then.
    this.cipher = osCipher?.osBacked ? osCipher : keyFileCipher(dataDir);
    this.protection = osCipher?.osBacked ? 'os' : 'key-file';
    this.keychainFallback = osCipher && !osCipher.osBacked ? (osCipher.fallback ?? null) : null;
  }

  /** Reads every stored secret (once, when the host starts). */
  async load(): Promise<void> {
    for (const { key, value } of this.meta.entries(keyPrefix)) {
      const name = key.slice(keyPrefix.length);
      try {
        const stored = JSON.parse(value) as StoredSecret;
        if (stored.scheme !== this.protection) throw new Error(`it was stored with ${stored.scheme} protection`);
        const { result, shouldReEncrypt } = await this.cipher.decrypt(Buffer.from(stored.data, 'base64'));
        this.values.set(name, result);
        // The keychain rotated its key: store the secret under the new one.
        if (shouldReEncrypt) await this.set(name, result);
      } catch (error) {
        this.loadProblems.set(name, (error as Error).message);
      }
    }
  }

  get(name: string): string | null {
    return this.values.get(name) ?? null;
  }

  /** Resolves once the database holds the value (a failed write rejects: the caller reports it). */
  set(name: string, value: string): Promise<void> {
    this.values.set(name, value);
    this.loadProblems.delete(name);
    return this.queue(async () => {
      const stored: StoredSecret = { scheme: this.protection, data: (await this.cipher.encrypt(value)).toString('base64') };
      // Only the latest value is written: a newer set or delete queued meanwhile wins.
      if (this.values.get(name) === value) this.meta.set(keyPrefix + name, JSON.stringify(stored));
    });
  }

  delete(name: string): Promise<void> {
    this.values.delete(name);
    this.loadProblems.delete(name);
    return this.queue(async () => {
      if (!this.values.has(name)) this.meta.delete(keyPrefix + name);
    });
  }

  /** Resolves when every write asked for so far is done. */
  flushed(): Promise<void> {
    return this.writes;
  }

  /**
   * Moves a secret an older version kept in plain text under `plainKey` in `host_meta` into the store.
   * Crash-safe and idempotent: the plain row is deleted in the same transaction that writes the
   * encrypted one, so a crash leaves either the old row (moved again next start) or the new one.
   */
  async adoptPlainText(plainKey: string, name: string): Promise<boolean> {
    const plain = this.meta.get(plainKey);
    if (plain === null) return false;
    const stored: StoredSecret = { scheme: this.protection, data: (await this.cipher.encrypt(plain)).toString('base64') };
    await this.writes;
    this.meta.db.transaction(() => {
      this.meta.set(keyPrefix + name, JSON.stringify(stored));
      this.meta.delete(plainKey);
    })();
    this.values.set(name, plain);
    this.loadProblems.delete(name);
    return true;
  }

  /**
   * Takes over a secret an older version kept encrypted elsewhere (the OBS password's own file), in the
   * same format. Throws when it was encrypted with another protection than this store's (the keychain
   * is not reachable now): the caller asks the user for it again.
   */
  async adoptEncrypted(name: string, stored: { scheme: string; data: string }): Promise<void> {
    if (stored.scheme !== this.protection) throw new Error(`it was stored with ${stored.scheme} protection`);
    const { result } = await this.cipher.decrypt(Buffer.from(stored.data, 'base64'));
    await this.set(name, result);
  }

  private queue(write: () => Promise<void>): Promise<void> {
    const next = this.writes.then(write);
    this.writes = next.catch(() => undefined);
    return next;
  }
}
