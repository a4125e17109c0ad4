import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { SecretCipher } from '../../../electron/core/context';
import { closeDatabase, databaseFileName, openDatabase } from '../../../electron/core/db/database';
import { HostMetaStore } from '../../../electron/core/db/host-meta';
import { ObsPasswordStore } from '../../../electron/core/features/obs/obs-secret';
import { keyFileCipher, SecretStore } from '../../../electron/core/secrets/secret-store';
import { tempDir } from '../../support/temp';

const temps: { cleanup(): void }[] = [];
const dbs: Database[] = [];
afterEach(() => {
  dbs.splice(0).forEach((db) => closeDatabase(db));
  temps.splice(0).forEach((t) => t.cleanup());
});
const folder = () => {
  const t = tempDir('broadcart-secret-');
  temps.push(t);
  return t.dir;
};
const legacyFile = (dir: string) => path.join(dir, 'obs-password.json');
/** A store as the host makes it: the database and secret store opened and loaded, then the password loaded once. */
const opened = async (dir: string, cipher?: SecretCipher) => {
  const db = openDatabase(path.join(dir, databaseFileName));
  dbs.push(db);
  const secrets = new SecretStore(new HostMetaStore(db), dir, cipher);
  await secrets.load();
  const store = new ObsPasswordStore(secrets, legacyFile(dir));
  await store.load();
  return store;
};
/** The stored form of the password (a row of host_meta), or undefined. */
const storedRow = (dir: string): { scheme: string; data: string } | undefined => {
  const db = openDatabase(path.join(dir, databaseFileName));
  try {
    const value = new HostMetaStore(db).get('secret.obs.password');
    return value === null ? undefined : JSON.parse(value);
  } finally {
    closeDatabase(db);
  }
};

describe('the OBS password store', () => {
  it('keeps a remembered password encrypted in the secret store and reads it back in a new process', async () => {
    const dir = folder();
    await (await opened(dir)).set('hunter2-obs', true);
    const row = storedRow(dir)!;
    expect(row.scheme).toBe('key-file');
    expect(JSON.stringify(row)).not.toContain('hunter2-obs');
    expect(fs.statSync(path.join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
    const again = await opened(dir);
    expect(again.get()).toBe('hunter2-obs');
    expect(again.status()).toEqual({ set: true, remembered: true, protection: 'key-file', rejected: false });
  });

  it('uses the shell cipher when it is backed by the OS keychain', async () => {
    const dir = folder();
    const os = { ...keyFileCipher(folder()), osBacked: true };
    await (await opened(dir, os)).set('pw', true);
    expect(storedRow(dir)!.scheme).toBe('os');
    expect((await opened(dir, os)).status().protection).toBe('os');
    // The same secret cannot be read with another scheme: the user is asked again instead of a crash.
    const other = await opened(dir);
    expect(other.get()).toBeNull();
    expect(other.loadProblem).toMatch(/Enter it again/);
  });

  it('says so when Linux has no keyring (safeStorage basic_text) and uses the key file instead', async () => {
    const dir = folder();
    const basicText: SecretCipher = { ...keyFileCipher(folder()), osBacked: false, fallback: 'linux-basic-text' };
    const store = await opened(dir, basicText);
    expect(store.status()).toEqual({ set: false, remembered: false, protection: 'none', rejected: false, keychainFallback: 'linux-basic-text' });
    await store.set('pw', true);
    expect(storedRow(dir)!.scheme).toBe('key-file');
    expect(store.status()).toEqual({ set: true, remembered: true, protection: 'key-file', rejected: false, keychainFallback: 'linux-basic-text' });
    // Under plain Node (no shell keychain at all) there is nothing to warn about.
    expect((await opened(folder())).status()).not.toHaveProperty('keychainFallback');
  });

  it('stores the password again when the keychain asks for re-encryption', async () => {
    const dir = folder();
    const base = keyFileCipher(folder());
    let encryptions = 0;
    const rotating: SecretCipher = {
      osBacked: true,
      encrypt: (text) => (encryptions++, base.encrypt(text)),
      decrypt: async (data) => ({ ...(await base.decrypt(data)), shouldReEncrypt: encryptions === 1 }),
    };
    await (await opened(dir, rotating)).set('pw', true);
    const before = storedRow(dir);
    const again = await opened(dir, rotating);
    expect(again.get()).toBe('pw');
    expect(again.loadProblem).toBeNull();
    expect(encryptions).toBe(2);
    expect(storedRow(dir)).not.toEqual(before);
  });

  it('forgets the password when cleared or not remembered; quick changes end with the last one stored', async () => {
    const dir = folder();
    const store = await opened(dir);
    await store.set('pw', true);
    await store.set('pw', false);
    expect(storedRow(dir)).toBeUndefined();
    expect(store.get()).toBe('pw');
    await store.set(null, true);
    expect(store.status()).toEqual({ set: false, remembered: false, protection: 'none', rejected: false });

    await Promise.all([store.set('first', true), store.set('second', true), store.set('third', true)]);
    expect((await opened(dir)).get()).toBe('third');
  });

  it('discards a password OBS rejected, in the store too, but not a newer one entered meanwhile', async () => {
    const dir = folder();
    const store = await opened(dir);
    await store.set('wrong-pw', true);
    await store.reject('wrong-pw');
    expect(store.get()).toBeNull();
    expect(store.status()).toEqual({ set: false, remembered: false, protection: 'none', rejected: true });
    expect(storedRow(dir)).toBeUndefined();

    await store.set('newer-pw', true);
    expect(store.status().rejected).toBe(false);
    await store.reject('wrong-pw');
    expect(store.get()).toBe('newer-pw');
  });

  it('moves a password an older version kept in obs-password.json into the secret store', async () => {
    const dir = folder();
    const cipher = keyFileCipher(dir);
    const data = (await cipher.encrypt('old-obs-pw')).toString('base64');
    fs.writeFileSync(legacyFile(dir), JSON.stringify({ scheme: 'key-file', data }), { mode: 0o600 });

    const store = await opened(dir);
    expect(store.get()).toBe('old-obs-pw');
    expect(store.status()).toMatchObject({ set: true, remembered: true, protection: 'key-file' });
    expect(fs.existsSync(legacyFile(dir))).toBe(false);
    expect(storedRow(dir)!.scheme).toBe('key-file');
    // Moved once: a second start reads it from the store.
    expect((await opened(dir)).get()).toBe('old-obs-pw');
  });
});
