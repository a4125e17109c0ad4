import fs from 'node:fs';
import { secretNames } from '../../secrets/plain-text-migration';
import type { SecretStore } from '../../secrets/secret-store';

/**
 * The OBS websocket password. It never leaves the host: no method returns it. A remembered password is
 * kept in the host's secret store (encrypted, like every secret); the others live in memory only.
 * Writes run one at a time in call order (the secret store's queue), so the last password set wins.
 */
export class ObsPasswordStore {
  private value: string | null = null;
  private remembered = false;
  private rejected = false;
  /** Set when a stored password could not be read back (for example, keychain changed). */
  loadProblem: string | null = null;

  /**
   * `legacyFile`: where versions before the secret store kept the remembered password
   * (`obs-password.json` in the data folder); moved into the store by `load()`.
   */
  constructor(
    private readonly secrets: SecretStore,
    private readonly legacyFile: string,
  ) {}

  get(): string | null {
    return this.value;
  }

  status(): { set: boolean; remembered: boolean; protection: 'os' | 'key-file' | 'none'; rejected: boolean; keychainFallback?: 'linux-basic-text' } {
    return {
      set: this.value !== null,
      remembered: this.remembered,
      protection: this.remembered ? this.secrets.protection : 'none',
      rejected: this.rejected,
      ...(this.secrets.keychainFallback ? { keychainFallback: this.secrets.keychainFallback } : {}),
    };
  }

  /** The protection a remembered password would get here (shown in the UI before saving). */
  get protection(): 'os' | 'key-file' {
    return this.secrets.protection;
  }

  /** Resolves once the secret store holds the change (a failed write rejects: the caller reports it). */
  set(password: string | null, remember: boolean): Promise<void> {
    this.rejected = false;
    this.value = password === '' ? null : password;
    this.remembered = this.value !== null && remember;
    return this.remembered ? this.secrets.set(secretNames.obsPassword, this.value!) : this.secrets.delete(secretNames.obsPassword);
  }

  /**
   * OBS refused `password`: forget it (memory and store), so the UI never offers to "keep" a password that
   * cannot work. A newer password entered meanwhile is left alone.
   */
  reject(password: string): Promise<void> {
    if (this.value !== password) return Promise.resolve();
    const cleared = this.set(null, false);
    this.rejected = true;
    return cleared;
  }

  /** Reads the remembered password, if any (once, when the host starts, after the secret store loaded). */
  async load(): Promise<void> {
    const problem = (why: string) => `The saved OBS password could not be read (${why}). Enter it again.`;
    if (fs.existsSync(this.legacyFile)) {
      try {
        // Moved, then the old file removed: a crash in between moves it again next start (same value).
        await this.secrets.adoptEncrypted(secretNames.obsPassword, JSON.parse(fs.readFileSync(this.legacyFile, 'utf8')));
        fs.rmSync(this.legacyFile, { force: true });
      } catch (error) {
        this.loadProblem = problem((error as Error).message);
        return;
      }
    }
    this.value = this.secrets.get(secretNames.obsPassword);
    this.remembered = this.value !== null;
    const unreadable = this.secrets.loadProblems.get(secretNames.obsPassword);
    if (unreadable) this.loadProblem = problem(unreadable);
  }
}
