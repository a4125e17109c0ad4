import fs from 'node:fs';
import type { OBSWebSocket } from 'obs-websocket-js';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from '../../support/host';
import { startObs, type ObsInstance } from '../../support/obs';
import { recordEvents, waitFor } from './wait';

// One OBS, one host and one independent obs-websocket-js client for the whole file. Every change the app
// makes is checked through the independent client, never through the app's own cache.
let obs: ObsInstance;
let host: TestHost;
let observer: OBSWebSocket;

beforeAll(async () => {
  obs = await startObs();
  host = await startTestHost();
  observer = await obs.connectClient();
  const status = await host.call('obs.connect', { url: obs.url });
  expect(status.connection.state).toBe('connected');
});
afterAll(async () => {
  await observer?.disconnect();
  await host?.stop();
  await obs?.dispose();
});

const program = async () => (await observer.call('GetCurrentProgramScene')).currentProgramSceneName;

describe('scenes', () => {
  it('lists scenes in OBS UI order with the program scene', async () => {
    const list = await host.call('obs.listScenes');
    expect(list.scenes.map((s) => s.name)).toEqual(['Intro', 'Product Closeup', 'Host Camera', 'Break']);
    expect(list.programScene).toBe(await program());
    expect(list.studioMode).toBe(false);
  });

  it('switches the program scene in OBS and publishes obs.scene.changed', async () => {
    const events = recordEvents(host);
    await host.call('obs.setProgramScene', { sceneName: 'Host Camera' });
    expect(await program()).toBe('Host Camera');
    expect(events.of('obs.scene.changed').map((e) => e.payload.sceneName)).toContain('Host Camera');
    events.stop();
  });

  it('answers an unknown scene with not_found, OBS code 600 and the list of scenes', async () => {
    const error = await host.call('obs.setProgramScene', { sceneName: 'Nowhere' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'not_found', details: { obsCode: 600 } });
    expect((error as Error).message).toMatch(/no scene named "Nowhere".*"Intro", "Product Closeup"/);
    expect(await program()).toBe('Host Camera');
  });

  it('follows scene changes made in OBS by someone else', async () => {
    await observer.call('SetCurrentProgramScene', { sceneName: 'Break' });
    await waitFor(async () => (await host.call('obs.getStatus')).programScene === 'Break', 'the app to see Break');
    await observer.call('CreateScene', { sceneName: 'Giveaway' });
    await waitFor(async () => (await host.call('obs.getStatus')).scenes.some((s) => s.name === 'Giveaway'), 'the new scene');
    await observer.call('RemoveScene', { sceneName: 'Giveaway' });
    await waitFor(async () => !(await host.call('obs.getStatus')).scenes.some((s) => s.name === 'Giveaway'), 'the scene removed');
  });

  it('ends a thousand rapid switches on the last scene asked for', async () => {
    const names = ['Intro', 'Product Closeup', 'Host Camera', 'Break'];
    let last = '';
    for (let i = 0; i < 1000; i++) {
      last = names[(i * 7 + 3) % names.length]!;
      await host.call('obs.setProgramScene', { sceneName: last });
    }
    // Events are coalesced per rendered frame: never count them, check the final state on both sides.
    expect(await program()).toBe(last);
    await waitFor(async () => (await host.call('obs.getStatus')).programScene === last, 'the app state to settle on the last scene');
  });

  it('switches right when many switches are in flight at once', async () => {
    const targets = Array.from({ length: 50 }, (_, i) => (i % 2 ? 'Intro' : 'Break'));
    await Promise.all(targets.map((sceneName) => host.call('obs.setProgramScene', { sceneName })));
    expect(await program()).toBe(targets.at(-1));
  });
});

describe('studio mode and transitions', () => {
  afterAll(async () => {
    await observer.call('SetStudioModeEnabled', { studioModeEnabled: false });
  });

  it('refuses a preview scene while studio mode is off, with a clear message', async () => {
    await expect(host.call('obs.setPreviewScene', { sceneName: 'Intro' })).rejects.toMatchObject({
      code: 'invalid_state',
      details: { obsCode: 506 },
    });
    await expect(host.call('obs.transition')).rejects.toMatchObject({ code: 'invalid_state' });
  });

  it('turns studio mode on, sets the preview, and transitions it to program', async () => {
    await host.call('obs.setProgramScene', { sceneName: 'Intro' });
    await host.call('obs.setStudioMode', { enabled: true });
    expect((await observer.call('GetStudioModeEnabled')).studioModeEnabled).toBe(true);

    await host.call('obs.setPreviewScene', { sceneName: 'Product Closeup' });
    // OBS applies a preview change on its UI thread after answering: wait for it.
    await waitFor(async () => (await observer.call('GetCurrentPreviewScene')).currentPreviewSceneName === 'Product Closeup', 'OBS preview');
    expect(await program()).toBe('Intro');
    const listed = await host.call('obs.listScenes');
    expect(listed).toMatchObject({ studioMode: true, previewScene: 'Product Closeup', programScene: 'Intro' });

    const events = recordEvents(host);
    const result = await host.call('obs.transition');
    expect(result).toEqual({ from: 'Intro', to: 'Product Closeup' });
    // The call answers once the transition is over.
    expect(await program()).toBe('Product Closeup');
    expect(events.of('obs.transition')[0]!.payload).toEqual({ from: 'Intro', to: 'Product Closeup' });
    await waitFor(() => events.of('obs.scene.changed').some((e) => e.payload.sceneName === 'Product Closeup'), 'obs.scene.changed');
    events.stop();
  });

  it('applies a transition name and duration to one switch only', async () => {
    const before = await observer.call('GetCurrentSceneTransition');
    await host.call('obs.setPreviewScene', { sceneName: 'Break' });
    const result = await host.call('obs.transition', { transitionName: 'Cut', durationMs: 100 });
    expect(result.to).toBe('Break');
    expect(await program()).toBe('Break');
    const after = await waitFor(async () => {
      const t = await observer.call('GetCurrentSceneTransition');
      return t.transitionName === before.transitionName && t.transitionDuration === before.transitionDuration && t;
    }, 'the usual transition to be restored');
    expect(after.transitionDuration).toBe(before.transitionDuration);
  });

  it('names the transitions OBS has when asked for one it does not have', async () => {
    await host.call('obs.setPreviewScene', { sceneName: 'Intro' });
    const error = await host.call('obs.transition', { transitionName: 'Spin' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'not_found' });
    expect((error as Error).message).toMatch(/no transition named "Spin".*"Fade"/);
  });

  it('turns studio mode off', async () => {
    const events = recordEvents(host);
    await host.call('obs.setStudioMode', { enabled: false });
    expect((await observer.call('GetStudioModeEnabled')).studioModeEnabled).toBe(false);
    expect(events.of('obs.studioMode.changed').map((e) => e.payload.enabled)).toEqual([false]);
    expect((await host.call('obs.getStatus')).previewScene).toBeNull();
    events.stop();
  });
});

describe('sources', () => {
  it('lists the sources of a scene, top first, with visibility', async () => {
    const { sceneName, items } = await host.call('obs.listSceneItems', { sceneName: 'Product Closeup' });
    expect(sceneName).toBe('Product Closeup');
    expect(items.map((i) => [i.sourceName, i.visible])).toEqual([
      ['Hidden Banner', false],
      ['Price Tag', true],
      ['Closeup Background', true],
    ]);
    expect(items[1]!.inputKind).toBe('text_ft2_source_v2');
  });

  it('defaults to the program scene', async () => {
    await host.call('obs.setProgramScene', { sceneName: 'Intro' });
    expect((await host.call('obs.listSceneItems')).sceneName).toBe('Intro');
  });

  it('shows and hides a source by id and by name, as OBS sees it', async () => {
    const { items } = await host.call('obs.listSceneItems', { sceneName: 'Product Closeup' });
    const banner = items.find((i) => i.sourceName === 'Hidden Banner')!;
    const events = recordEvents(host);
    await host.call('obs.setSceneItemVisible', { sceneName: 'Product Closeup', sceneItemId: banner.id, visible: true });
    expect((await observer.call('GetSceneItemEnabled', { sceneName: 'Product Closeup', sceneItemId: banner.id })).sceneItemEnabled).toBe(true);
    await host.call('obs.setSceneItemVisible', { sceneName: 'Product Closeup', sourceName: 'Hidden Banner', visible: false });
    expect((await observer.call('GetSceneItemEnabled', { sceneName: 'Product Closeup', sceneItemId: banner.id })).sceneItemEnabled).toBe(false);
    await waitFor(() => events.of('obs.sceneItem.changed').length >= 1, 'obs.sceneItem.changed');
    expect(events.of('obs.sceneItem.changed')[0]!.payload).toMatchObject({ sceneName: 'Product Closeup', sceneItemId: banner.id, change: 'visibility' });
    events.stop();
  });

  it('answers unknown sources and bad input with typed errors', async () => {
    await expect(host.call('obs.setSceneItemVisible', { sceneName: 'Intro', sourceName: 'Ghost', visible: true })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(host.call('obs.setSceneItemVisible', { sceneName: 'Intro', visible: true })).rejects.toMatchObject({ code: 'bad_request' });
    await expect(host.call('obs.setProgramScene', { sceneName: '' })).rejects.toMatchObject({ code: 'bad_request' });
  });
});

describe('screenshots', () => {
  it('returns a PNG of what a scene renders, at thumbnail size', async () => {
    const shot = await host.call('obs.screenshot', { sceneName: 'Host Camera', width: 160 });
    const png = PNG.sync.read(Buffer.from(shot.imageData.replace(/^data:image\/png;base64,/, ''), 'base64'));
    expect([png.width, png.height]).toEqual([160, 90]);
    // "Camera Placeholder" fills the canvas with 0xff202080 (OBS colours are 0xAABBGGRR): dark red.
    const centre = (png.width * 45 + 80) * 4;
    expect([png.data[centre], png.data[centre + 1], png.data[centre + 2]]).toEqual([0x80, 0x20, 0x20]);
  });
});

describe('recording and streaming', () => {
  it('starts and stops a recording that produces a file', async () => {
    const events = recordEvents(host);
    await host.call('obs.startRecord');
    await waitFor(async () => (await observer.call('GetRecordStatus')).outputActive, 'OBS to record');
    await waitFor(async () => (await host.call('obs.getStatus')).record.state === 'started', 'the app to see recording');
    expect((await host.call('obs.getStatus')).record.startedAt).toBeGreaterThan(0);
    await expect(host.call('obs.startRecord')).rejects.toMatchObject({ code: 'invalid_state', details: { obsCode: 500 } });
    // Let a few frames reach the file.
    await waitFor(async () => (await observer.call('GetRecordStatus')).outputBytes > 0, 'bytes in the recording');
    const { path } = await host.call('obs.stopRecord');
    expect(path).toMatch(/\.mkv$/);
    expect(path!.startsWith(obs.recordDir)).toBe(true);
    await waitFor(() => fs.existsSync(path!) && fs.statSync(path!).size > 0, 'the recording file');
    await waitFor(async () => (await host.call('obs.getStatus')).record.state === 'stopped', 'the app to see recording stop');
    expect(events.of('obs.record.changed').map((e) => e.payload.state)).toEqual(expect.arrayContaining(['started', 'stopped']));
    expect(events.of('obs.record.changed').some((e) => e.payload.path === path)).toBe(true);
    await expect(host.call('obs.stopRecord')).rejects.toMatchObject({ code: 'invalid_state', details: { obsCode: 501 } });
    events.stop();
  });

  it('starts and stops a stream that really leaves OBS, with health samples while it runs', async () => {
    const events = recordEvents(host);
    const bytesBefore = obs.streamBytesReceived();
    await host.call('obs.startStream');
    await waitFor(async () => (await observer.call('GetStreamStatus')).outputActive, 'OBS to stream');
    await waitFor(() => obs.streamBytesReceived() > bytesBefore, 'stream bytes at the receiver');
    await waitFor(async () => (await host.call('obs.getStatus')).stream.state === 'started', 'the app to see the stream');
    const sample = await waitFor(() => events.of('stream.health').find((e) => e.payload.streaming && e.payload.bytesPerSec > 0), 'a streaming health sample', 12_000);
    expect(sample.payload.fps).toBeGreaterThan(0);
    expect(sample.payload.droppedPct).toBeGreaterThanOrEqual(0);
    await host.call('obs.stopStream');
    await waitFor(async () => !(await observer.call('GetStreamStatus')).outputActive, 'OBS to stop streaming');
    await waitFor(async () => (await host.call('obs.getStatus')).stream.state === 'stopped', 'the app to see the stream stop');
    expect(events.of('obs.stream.changed').map((e) => e.payload.state)).toEqual(expect.arrayContaining(['started', 'stopped']));
    events.stop();
  });
});
