import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from '../../support/host';
import { freePort, startObs, type ObsInstance } from '../../support/obs';
import { tempDir } from '../../support/temp';
import { recordEvents, waitFor } from './wait';

const password = 'correct horse 42';

// One OBS (with a password) for the whole file: starting OBS is the slow part.
let obs: ObsInstance;
beforeAll(async () => {
  obs = await startObs({ password });
});
afterAll(async () => {
  await obs?.dispose();
});

describe('connecting to a real OBS that requires a password', () => {
  let host: TestHost;
  beforeAll(async () => {
    host = await startTestHost();
  });
  afterAll(async () => {
    await host?.stop();
  });

  it('reports auth-failed with a clear message when no password is set, and stops retrying', async () => {
    const events = recordEvents(host);
    const status = await host.call('obs.connect', { url: obs.url });
    expect(status.connection.state).toBe('auth-failed');
    expect(status.connection.message).toMatch(/asks for a password and none is set/);
    expect(events.of('obs.connection.changed').at(-1)!.payload.state).toBe('auth-failed');
    events.stop();
  });

  it('reports auth-failed when the password is wrong, and does not keep the rejected password', async () => {
    const status = await host.call('obs.connect', { url: obs.url, password: 'wrong' });
    expect(status.connection.state).toBe('auth-failed');
    expect(status.connection.message).toMatch(/rejected the password/);
    expect(status.password).toEqual({ set: false, remembered: false, protection: 'none', rejected: true });
    expect(host.host.context.meta.has('secret.obs.password')).toBe(false);
  });

  it('connects with the right password, which no method ever returns', async () => {
    const events = recordEvents(host);
    const status = await host.call('obs.connect', { url: obs.url, password });
    expect(status.connection.state).toBe('connected');
    expect(status.obsVersion).toMatch(/^\d+\./);
    expect(status.scenes.map((s) => s.name)).toEqual(obs.scenes.map((s) => s.name));
    expect(status.password).toEqual({ set: true, remembered: true, protection: 'key-file', rejected: false });
    expect(events.of('obs.connection.changed').map((e) => e.payload.state)).toEqual(['connecting', 'connected']);

    const everything = JSON.stringify([await host.call('settings.get'), await host.call('obs.getStatus'), events.events]);
    expect(everything).not.toContain(password);
    events.stop();
  });

  it('stores the remembered password encrypted, with a key file only the user can read', () => {
    const stored = host.host.context.meta.get('secret.obs.password')!;
    expect(stored).not.toContain(password);
    expect(JSON.parse(stored).scheme).toBe('key-file');
    const keyMode = fs.statSync(path.join(host.dataDir, 'secret.key')).mode & 0o777;
    expect(keyMode).toBe(0o600);
  });

  it('disconnects on request and stays disconnected', async () => {
    const status = await host.call('obs.disconnect');
    expect(status.connection.state).toBe('disconnected');
    expect((await host.call('settings.get')).obs.autoConnect).toBe(false);
    await expect(host.call('obs.listScenes')).rejects.toMatchObject({ code: 'unavailable' });
  });
});

describe('a host restarted on the same data folder', () => {
  it('reconnects by itself with the remembered password', async () => {
    const data = tempDir('broadcart-obs-data-');
    const first = await startTestHost({ dataDir: data.dir });
    await first.call('obs.connect', { url: obs.url, password });
    await first.stop();

    const second = await startTestHost({ dataDir: data.dir });
    try {
      await waitFor(async () => (await second.call('obs.getStatus')).connection.state === 'connected', 'auto-connect');
      const client = await obs.connectClient();
      const { currentProgramSceneName } = await client.call('GetCurrentProgramScene');
      await client.disconnect();
      expect((await second.call('obs.getStatus')).programScene).toBe(currentProgramSceneName);
    } finally {
      await second.stop();
      data.cleanup();
    }
  });

  it('reconnects with a password an older version kept in obs-password.json, moved into the secret store', async () => {
    const data = tempDir('broadcart-obs-data-');
    const first = await startTestHost({ dataDir: data.dir });
    await first.call('obs.connect', { url: obs.url, password });
    // What an older version left: the same encrypted form, in its own file instead of the secret store.
    const stored = first.host.context.meta.get('secret.obs.password')!;
    await first.host.context.secrets.delete('obs.password');
    await first.stop();
    fs.writeFileSync(path.join(data.dir, 'obs-password.json'), stored, { mode: 0o600 });

    const second = await startTestHost({ dataDir: data.dir });
    try {
      await waitFor(async () => (await second.call('obs.getStatus')).connection.state === 'connected', 'auto-connect with the moved password');
      expect(fs.existsSync(path.join(data.dir, 'obs-password.json'))).toBe(false);
      expect((await second.call('obs.getStatus')).password).toMatchObject({ set: true, remembered: true });
    } finally {
      await second.stop();
      data.cleanup();
    }
  });

  it('keeps a password given with remember:false only in memory', async () => {
    const data = tempDir('broadcart-obs-data-');
    const host = await startTestHost({ dataDir: data.dir });
    try {
      const status = await host.call('obs.connect', { url: obs.url, password, remember: false });
      expect(status.connection.state).toBe('connected');
      expect(status.password).toEqual({ set: true, remembered: false, protection: 'none', rejected: false });
      expect(host.host.context.meta.has('secret.obs.password')).toBe(false);
    } finally {
      await host.stop();
      data.cleanup();
    }
  });
});

describe('a remembered password that OBS later rejects', () => {
  it('is dropped from memory and disk, so a restarted host does not offer to keep it', async () => {
    const data = tempDir('broadcart-obs-data-');
    const first = await startTestHost({ dataDir: data.dir });
    try {
      expect((await first.call('obs.connect', { url: obs.url, password })).password.remembered).toBe(true);
      const rejected = await first.call('obs.connect', { url: obs.url, password: 'typo', remember: true });
      expect(rejected.connection.state).toBe('auth-failed');
      expect(rejected.password).toMatchObject({ set: false, rejected: true });
    } finally {
      await first.stop();
    }
    const second = await startTestHost({ dataDir: data.dir });
    try {
      const status = await second.call('obs.getStatus');
      expect(status.password.set).toBe(false);
      expect(status.connection.state).not.toBe('connected');
      // The right password again: connected, and the rejection is forgotten.
      const fixed = await second.call('obs.connect', { url: obs.url, password });
      expect(fixed.connection.state).toBe('connected');
      expect(fixed.password).toMatchObject({ set: true, rejected: false });
    } finally {
      await second.stop();
      data.cleanup();
    }
  });
});

describe('when nothing listens at the address', () => {
  it('reports unreachable with what to check, keeps retrying, and connects once OBS is there', async () => {
    const port = await freePort();
    const host = await startTestHost();
    try {
      const status = await host.call('obs.connect', { url: `ws://127.0.0.1:${port}` });
      expect(status.connection.state).toBe('unreachable');
      expect(status.connection.message).toMatch(/Nothing answers at ws:\/\/127\.0\.0\.1:\d+: OBS is not running, or its WebSocket server is off/);
      await expect(host.call('obs.setProgramScene', { sceneName: 'Intro' })).rejects.toMatchObject({ code: 'unavailable' });

      // Now point it at the running OBS: the same loop picks up the new address.
      await host.call('obs.setPassword', { password });
      await host.call('settings.set', { obs: { url: obs.url } });
      await waitFor(async () => (await host.call('obs.getStatus')).connection.state === 'connected', 'connected after fixing the URL');
    } finally {
      await host.stop();
    }
  });
});
