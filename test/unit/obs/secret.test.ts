import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SecretCipher } from '../../../electron/core/context';
import { keyFileCipher, ObsPasswordStore } from '../../../electron/core/features/obs/obs-secret';
import { tempDir } from '../../support/temp';

const temps: { cleanup(): void }[] = [];
afterEach(() => temps.splice(0).forEach((t) => t.cleanup()));
const folder = () => {
  const t = tempDir('broadcart-secret-');
  temps.push(t);
  return t.dir;
};
/** A store as the host makes it: constructed, then loaded once. */
const opened = async (dir: string, cipher?: SecretCipher) => {
  const store = new ObsPasswordStore(dir, cipher);
  await store.load();
  return store;
};

describe('the OBS password store', () => {
  it('keeps a remembered password encrypted on disk and reads it back in a new process', async () => {
    const dir = folder();
    await (await opened(dir)).set('hunter2-obs', true);
    const onDisk = fs.readFileSync(path.join(dir, 'obs-password.json'), 'utf8');
    expect(onDisk).not.toContain('hunter2-obs');
    expect(fs.statSync(path.join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
    const again = await opened(dir);
    expect(again.get()).toBe('hunter2-obs');
    expect(again.status()).toEqual({ set: true, remembered: true, protection: 'key-file', rejected: false });
  });

  it('uses the shell cipher when it is backed by the OS keychain', async () => {
    const dir = folder();
    const os = { ...keyFileCipher(folder()), osBacked: true };
    await (await opened(dir, os)).set('pw', true);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'obs-password.json'), 'utf8')).scheme).toBe('os');
    expect((await opened(dir, os)).status().protection).toBe('os');
    // The same file cannot be read with another scheme: the user is asked again instead of a crash.
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
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'obs-password.json'), 'utf8')).scheme).toBe('key-file');
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
    const before = fs.readFileSync(path.join(dir, 'obs-password.json'), 'utf8');
    const again = await opened(dir, rotating);
    expect(again.get()).toBe('pw');
    expect(again.loadProblem).toBeNull();
    expect(encryptions).toBe(2);
    expect(fs.readFileSync(path.join(dir, 'obs-password.json'), 'utf8')).not.toBe(before);
  });

  it('forgets the password when cleared or not remembered; quick changes end with the last one on disk', async () => {
    const dir = folder();
    const store = await opened(dir);
    await store.set('pw', true);
    await store.set('pw', false);
    expect(fs.existsSync(path.join(dir, 'obs-password.json'))).toBe(false);
    expect(store.get()).toBe('pw');
    await store.set(null, true);
    expect(store.status()).toEqual({ set: false, remembered: false, protection: 'none', rejected: false });

    await Promise.all([store.set('first', true), store.set('second', true), store.set('third', true)]);
    expect((await opened(dir)).get()).toBe('third');
  });

  it('discards a password OBS rejected, on disk too, but not a newer one entered meanwhile', async () => {
    const dir = folder();
    const store = new ObsPasswordStore(dir);
    await store.set('wrong-pw', true);
    await store.reject('wrong-pw');
    expect(store.get()).toBeNull();
    expect(store.status()).toEqual({ set: false, remembered: false, protection: 'none', rejected: true });
    expect(fs.existsSync(path.join(dir, 'obs-password.json'))).toBe(false);

    await store.set('newer-pw', true);
    expect(store.status().rejected).toBe(false);
    await store.reject('wrong-pw');
    expect(store.get()).toBe('newer-pw');
  });
});
