import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { SecretCipher } from '../../context';

interface StoredSecret {
  /** `os`: the shell's keychain cipher; `key-file`: AES-256-GCM with a key file beside it. */
  scheme: 'os' | 'key-file';
  data: string;
}

/**
 * AES-256-GCM with a random key kept in a file readable only by the user (mode 0600). Used under plain
 * Node, where no OS keychain is reachable: it keeps the password out of the database and backups of it,
 * but anyone who can read the data folder can read the password.
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
 * The OBS websocket password. It never leaves the host: no method returns it. Remembered passwords are
 * written encrypted to `obs-password.json` in the data folder; the others live in memory only.
 * Ciphers are async (Electron's keychain API is): `load()` once at start, and writes run one at a time
 * in call order, so the file always holds the last password set.
 */
export class ObsPasswordStore {
  private readonly file: string;
  private readonly cipher: SecretCipher;
  private readonly scheme: StoredSecret['scheme'];
  private readonly keychainFallback: SecretCipher['fallback'] | null;
  private value: string | null = null;
  private remembered = false;
  private writes: Promise<void> = Promise.resolve();
  private rejected = false;
  /** Set when a stored password could not be read back (for example, keychain changed). */
  loadProblem: string | null = null;

  constructor(dataDir: string, osCipher?: SecretCipher) {
    this.file = path.join(dataDir, 'obs-password.json');
    // A shell cipher that is not keychain-backed (Electron on Linux without a keyring uses a fixed key)
    // is weaker than our own key file: use the key file then.
    this.cipher = osCipher?.osBacked ? osCipher : keyFileCipher(dataDir);
    this.scheme = osCipher?.osBacked ? 'os' : 'key-file';
    this.keychainFallback = osCipher && !osCipher.osBacked ? (osCipher.fallback ?? null) : null;
  }

  get(): string | null {
    return this.value;
  }

  status(): { set: boolean; remembered: boolean; protection: 'os' | 'key-file' | 'none'; rejected: boolean; keychainFallback?: 'linux-basic-text' } {
    return {
      set: this.value !== null,
      remembered: this.remembered,
      protection: this.remembered ? this.scheme : 'none',
      rejected: this.rejected,
      ...(this.keychainFallback ? { keychainFallback: this.keychainFallback } : {}),
    };
  }

  /** The protection a remembered password would get here (shown in the UI before saving). */
  get protection(): 'os' | 'key-file' {
    return this.scheme;
  }

  /** Resolves once the file matches (a failed write rejects: the caller reports it). */
  set(password: string | null, remember: boolean): Promise<void> {
    this.rejected = false;
    this.value = password === '' ? null : password;
    this.remembered = this.value !== null && remember;
    const value = this.remembered ? this.value : null;
    const write = this.writes.then(() => this.write(value));
    this.writes = write.catch(() => undefined);
    return write;
  }

  /**
   * OBS refused `password`: forget it (memory and disk), so the UI never offers to "keep" a password that
   * cannot work. A newer password entered meanwhile is left alone.
   */
  reject(password: string): Promise<void> {
    if (this.value !== password) return Promise.resolve();
    const cleared = this.set(null, false);
    this.rejected = true;
    return cleared;
  }

  /** Reads the remembered password, if any (once, when the host starts). */
  async load(): Promise<void> {
    if (!fs.existsSync(this.file)) return;
    try {
      const stored = JSON.parse(fs.readFileSync(this.file, 'utf8')) as StoredSecret;
      if (stored.scheme !== this.scheme) throw new Error(`it was stored with ${stored.scheme} protection`);
      const { result, shouldReEncrypt } = await this.cipher.decrypt(Buffer.from(stored.data, 'base64'));
      this.value = result;
      this.remembered = true;
      // The keychain rotated its key: store the password under the new one.
      if (shouldReEncrypt) await this.set(result, true);
    } catch (error) {
      this.loadProblem = `The saved OBS password could not be read (${(error as Error).message}). Enter it again.`;
    }
  }

  private async write(value: string | null): Promise<void> {
    if (value === null) {
      fs.rmSync(this.file, { force: true });
      return;
    }
    const stored: StoredSecret = { scheme: this.scheme, data: (await this.cipher.encrypt(value)).toString('base64') };
    const temp = `${this.file}.tmp`;
    fs.writeFileSync(temp, JSON.stringify(stored), { mode: 0o600 });
    fs.renameSync(temp, this.file);
  }
}
