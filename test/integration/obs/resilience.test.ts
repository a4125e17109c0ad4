import type { OBSWebSocket } from 'obs-websocket-js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from '../../support/host';
import { startObs, type ObsInstance } from '../../support/obs';
import { connectionState, recordEvents, waitFor } from './wait';

// One OBS for the file, killed, frozen and restarted on the same port by the tests in turn.
let obs: ObsInstance;
let host: TestHost;

beforeAll(async () => {
  obs = await startObs({ password: 'pw' });
  host = await startTestHost();
  expect((await host.call('obs.connect', { url: obs.url, password: 'pw' })).connection.state).toBe('connected');
});
// Each test starts from a running OBS and a working link, whatever the test before it left behind, so one
// failure is reported once instead of cascading into the tests after it.
beforeEach(async () => {
  if (!obs.running()) await obs.restart();
  const state = await connectionState(host);
  if (state === 'auth-failed') await host.call('obs.connect', { url: obs.url, password: obs.password ?? '' });
  await waitFor(async () => (await connectionState(host)) === 'connected', 'the link up before the test', 20_000);
  await waitFor(() => host.call('obs.listScenes').then(() => true), 'OBS answering before the test', 20_000);
});
afterAll(async () => {
  await host?.stop();
  await obs?.dispose();
});

async function observe<T>(use: (client: OBSWebSocket) => Promise<T>): Promise<T> {
  const client = await obs.connectClient();
  try {
    return await use(client);
  } finally {
    await client.disconnect();
  }
}

describe('OBS killed with SIGKILL mid-call', () => {
  it('rejects pending calls within a second, shows disconnected, and reconnects with current state after a restart', async () => {
    const events = recordEvents(host);
    await host.call('obs.setProgramScene', { sceneName: 'Break' });
    await waitFor(async () => (await host.call('obs.getStatus')).health, 'a health sample before the kill');
    // Any settings change re-applies the same OBS settings: that must not make the loss look like a new address.
    await host.call('settings.set', { general: { language: 'zh-CN' } });
    await host.call('settings.set', { general: { language: 'en' } });

    // Calls in flight when OBS dies: screenshots take long enough to still be pending.
    const pending = Array.from({ length: 5 }, () =>
      host.call('obs.screenshot', { sceneName: 'Intro', width: 640 }).then(
        () => 'answered',
        (error: { code: string }) => error.code,
      ),
    );
    const killedAt = Date.now();
    await obs.kill();
    // Counted from OBS's exit: on a loaded machine the kernel alone can take seconds to tear OBS down.
    const exitedAt = Date.now();
    const outcomes = await Promise.all(pending);
    const settledAfterMs = Date.now() - exitedAt;
    expect(settledAfterMs).toBeLessThan(1000);
    for (const outcome of outcomes) expect(['answered', 'unavailable']).toContain(outcome);

    // The state follows once both sockets have closed (or the window for naming the cause has passed).
    await waitFor(async () => (await connectionState(host)) === 'disconnected', 'disconnected after the kill', 3000);
    expect(events.of('obs.connection.changed').at(-1)!.payload.message).toMatch(/Lost the connection to OBS/);
    await expect(host.call('obs.setProgramScene', { sceneName: 'Intro' })).rejects.toMatchObject({ code: 'unavailable' });
    // No stale FPS or CPU beside a dead link; the loss is dated so the UI can count the outage.
    const down = await host.call('obs.getStatus');
    expect(down.health).toBeNull();
    expect(down.connection.lostAt).toBeGreaterThanOrEqual(killedAt - 50);
    expect(down.connection.lostAt).toBeLessThanOrEqual(Date.now());

    // Started again: OBS comes back on its saved scene (the kill lost "Break"), the app must show that.
    const restartedAt = Date.now();
    await obs.restart();
    const readyAt = Date.now();
    await waitFor(async () => (await connectionState(host)) === 'connected', 'reconnect after restart', 15_000);
    // Counted from when the restarted OBS answers (its own start-up is not the app's doing).
    const reconnectMs = Date.now() - readyAt;
    expect(reconnectMs).toBeLessThan(2000);
    // The host says how long OBS was gone: from the loss (after the kill) to the reconnect (after the restart).
    const back = await host.call('obs.getStatus');
    const outageMs = back.connection.lastOutageMs!;
    expect(back.connection.lostAt).toBeNull();
    expect(outageMs).toBeGreaterThanOrEqual(readyAt - down.connection.lostAt! - 50);
    expect(outageMs).toBeLessThanOrEqual(Date.now() - killedAt);
    expect(back.connection.message).toBe(`Reconnected to OBS ${back.obsVersion} at ${obs.url} after ${Math.round(outageMs / 1000)} s.`);
    expect(events.of('obs.connection.changed').at(-1)!.payload).toMatchObject({ state: 'connected', outageMs });
    const obsProgram = await observe(async (c) => (await c.call('GetCurrentProgramScene')).currentProgramSceneName);
    expect((await host.call('obs.getStatus')).programScene).toBe(obsProgram);
    await host.call('obs.setProgramScene', { sceneName: 'Host Camera' });
    expect(await observe(async (c) => (await c.call('GetCurrentProgramScene')).currentProgramSceneName)).toBe('Host Camera');

    const states = events.of('obs.connection.changed').map((e) => e.payload.state);
    expect(states[0]).toBe('disconnected');
    expect(states.at(-1)).toBe('connected');
    // The figure the issue asks for (OBS's own start-up takes part of it); logged for the report.
    console.log(`pending calls settled ${settledAfterMs} ms after OBS exited (${exitedAt - killedAt} ms after SIGKILL); connected ${reconnectMs} ms after OBS answered again (${Date.now() - restartedAt} ms after launch)`);
    events.stop();
  });
});

describe('OBS closed cleanly (SIGINT)', () => {
  it('says OBS was closed, keeps retrying without piling up attempts, and reconnects', async () => {
    const events = recordEvents(host);
    // A client of the test's own sees what OBS told its clients: OBS 29 can crash inside its shutdown
    // after announcing ExitStarted, and the app rightly calls that a clean close.
    const watcher = await obs.connectClient();
    let exitStarted = false;
    watcher.on('ExitStarted', () => (exitStarted = true));
    const exit = await obs.stop();
    expect(exit.killed, 'OBS did not exit within 15 s of SIGINT').toBe(false);
    await waitFor(async () => (await connectionState(host)) === 'disconnected', 'disconnected');
    const message = events.of('obs.connection.changed')[0]!.payload.message;
    if (exit.saidGoodbye || exitStarted) {
      expect(message).toMatch(/OBS was closed/);
    } else {
      // OBS crashed inside its own shutdown before announcing it (seen with OBS 29 on a loaded machine):
      // nothing told the app it was a clean exit, so it must not claim one.
      console.log(`OBS ended without closing its sockets (code ${exit.code}, signal ${exit.signal}); expecting "Lost the connection"`);
      expect(message).toMatch(/Lost the connection to OBS \(OBS stopped or the network dropped\)/);
    }
    // Several retry periods pass while OBS is down: one loop means one state change, not one per attempt.
    await waitFor(() => Date.now() > (events.events[0]?.at ?? 0) + 2000, 'a few retry periods');
    expect(events.of('obs.connection.changed').length, JSON.stringify(events.of('obs.connection.changed').map((e) => e.payload))).toBeLessThanOrEqual(2);
    await obs.restart({ waitReady: false });
    await waitFor(async () => (await connectionState(host)) === 'connected', 'reconnect after a clean restart', 15_000);
    await watcher.disconnect().catch(() => undefined);
    events.stop();
  });
});

describe('a half-open link (OBS frozen with SIGSTOP, sockets still open)', () => {
  it('times calls out, detects the dead link, and reconnects once OBS runs again', async () => {
    obs.freeze();
    try {
      const error = await host.call('obs.listScenes').catch((e: { code: string }) => e);
      expect(error).toMatchObject({ code: 'timeout' });
      await waitFor(async () => (await connectionState(host)) !== 'connected', 'the keepalive to notice', 15_000);
      expect((await host.call('obs.getStatus')).connection.message).toMatch(/stopped answering|Lost the connection/);
    } finally {
      obs.thaw();
    }
    await waitFor(async () => (await connectionState(host)) === 'connected', 'reconnect after thaw', 15_000);
    expect((await host.call('obs.listScenes')).scenes.length).toBe(4);
  });
});

describe('password changed in OBS while connected', () => {
  it('reports auth-failed on reconnect, then connects after the new password is entered', async () => {
    await obs.restart({ password: 'new-pw', waitReady: true });
    await waitFor(async () => (await connectionState(host)) === 'auth-failed', 'auth-failed', 15_000);
    const status = await host.call('obs.getStatus');
    expect(status.connection.message).toMatch(/rejected the password/);
    // The old password cannot work any more: it is not kept as if it could.
    expect(status.password).toMatchObject({ set: false, rejected: true });
    await host.call('obs.setPassword', { password: 'new-pw' });
    await waitFor(async () => (await connectionState(host)) === 'connected', 'connected with the new password');
  });
});

describe('an OBS outage in the session review', () => {
  it('counts a killed OBS as one OBS loss (not an error) and marks the outage as a gap until the reconnect', async () => {
    const session = await host.call('session.start', { title: 'OBS outage', market: 'US' });
    try {
      await obs.kill();
      await waitFor(async () => (await connectionState(host)) === 'disconnected', 'disconnected after the kill', 3000);
      await obs.restart();
      await waitFor(async () => (await connectionState(host)) === 'connected', 'reconnect after restart', 15_000);
    } finally {
      await host.call('session.end');
    }
    const summary = await host.call('session.summary', { id: session.id });
    expect(summary.obsLosses).toBe(1);
    expect(summary.interruptions).toBe(0);
    const tl = await host.call('session.timeline', { id: session.id });
    const changes = (await host.call('session.events', { id: session.id, kinds: ['obs.connection.changed'] })).events;
    const lostAt = changes.find((e) => (e.payload as { lost?: boolean }).lost)!.at;
    const backAt = changes.findLast((e) => (e.payload as { state: string }).state === 'connected')!.at;
    expect(tl.gaps).toEqual([{ from: lostAt, to: backAt, kind: 'obs' }]);
  });
});
