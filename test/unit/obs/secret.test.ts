import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { keyFileCipher, ObsPasswordStore } from '../../../electron/core/features/obs/obs-secret';
import { tempDir } from '../../support/temp';

const temps: { cleanup(): void }[] = [];
afterEach(() => temps.splice(0).forEach((t) => t.cleanup()));
const folder = () => {
  const t = tempDir('broadcart-secret-');
  temps.push(t);
  return t.dir;
};

describe('the OBS password store', () => {
  it('keeps a remembered password encrypted on disk and reads it back in a new process', () => {
    const dir = folder();
    new ObsPasswordStore(dir).set('hunter2-obs', true);
    const onDisk = fs.readFileSync(path.join(dir, 'obs-password.json'), 'utf8');
    expect(onDisk).not.toContain('hunter2-obs');
    expect(fs.statSync(path.join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
    const again = new ObsPasswordStore(dir);
    expect(again.get()).toBe('hunter2-obs');
    expect(again.status()).toEqual({ set: true, remembered: true, protection: 'key-file' });
  });

  it('uses the shell cipher when it is backed by the OS keychain', () => {
    const dir = folder();
    const os = { ...keyFileCipher(folder()), osBacked: true };
    new ObsPasswordStore(dir, os).set('pw', true);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'obs-password.json'), 'utf8')).scheme).toBe('os');
    expect(new ObsPasswordStore(dir, os).status().protection).toBe('os');
    // The same file cannot be read with another scheme: the user is asked again instead of a crash.
    const other = new ObsPasswordStore(dir);
    expect(other.get()).toBeNull();
    expect(other.loadProblem).toMatch(/Enter it again/);
  });

  it('forgets the password when cleared or not remembered', () => {
    const dir = folder();
    const store = new ObsPasswordStore(dir);
    store.set('pw', true);
    store.set('pw', false);
    expect(fs.existsSync(path.join(dir, 'obs-password.json'))).toBe(false);
    expect(store.get()).toBe('pw');
    store.set(null, true);
    expect(store.status()).toEqual({ set: false, remembered: false, protection: 'none' });
  });
});
