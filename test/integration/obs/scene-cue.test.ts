import type { OBSWebSocket } from 'obs-websocket-js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EventName, HostEvent } from '../../../electron/shared/contract';
import { startTestHost, type TestHost } from '../../support/host';
import { startObs, type ObsInstance } from '../../support/obs';
import { waitFor } from './wait';

// A prompter scene cue against real OBS: in studio mode it must go through preview and the studio-mode
// transition, as the host would by hand, never cut program behind the host's back.
let obs: ObsInstance;
let host: TestHost;
let observer: OBSWebSocket;

const script = (scene: string) => `# Cue test

Welcome back everyone, this is the opening line of the show. [[scene:${scene}]] And now a look at the product up close.`;

beforeAll(async () => {
  obs = await startObs();
  host = await startTestHost();
  observer = await obs.connectClient();
  expect((await host.call('obs.connect', { url: obs.url })).connection.state).toBe('connected');
});
afterAll(async () => {
  await observer?.disconnect();
  await host?.stop();
  await obs?.dispose();
});
beforeEach(async () => {
  await host.call('prompter.pause').catch(() => {});
  await observer.call('SetStudioModeEnabled', { studioModeEnabled: false });
  await observer.call('SetCurrentProgramScene', { sceneName: 'Intro' });
  await waitFor(async () => (await host.call('obs.getStatus')).programScene === 'Intro', 'the host to see Intro on program');
});

/** What OBS itself reports, in order, from an independent client. */
function watchObs() {
  const seen: string[] = [];
  const onPreview = (e: { sceneName: string }) => seen.push(`preview:${e.sceneName}`);
  const onProgram = (e: { sceneName: string }) => seen.push(`program:${e.sceneName}`);
  const onTransition = () => seen.push('transition-started');
  observer.on('CurrentPreviewSceneChanged', onPreview);
  observer.on('CurrentProgramSceneChanged', onProgram);
  observer.on('SceneTransitionStarted', onTransition);
  return {
    seen,
    stop() {
      observer.off('CurrentPreviewSceneChanged', onPreview);
      observer.off('CurrentProgramSceneChanged', onProgram);
      observer.off('SceneTransitionStarted', onTransition);
    },
  };
}

function nextEvent<E extends EventName>(name: E, match: (e: HostEvent<E>) => boolean, ms = 20_000) {
  return new Promise<HostEvent<E>>((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${name} event within ${ms} ms`));
    }, ms);
    const off = host.host.context.bus.on(name, (event) => {
      if (!match(event)) return;
      clearTimeout(timer);
      off();
      resolve(event);
    });
  });
}

async function playThroughCue(scene: string) {
  const { script: saved } = await host.call('prompter.saveScript', { title: `Cue ${scene}`, leadLanguage: 'en', variants: { en: script(scene) } });
  await host.call('prompter.load', { scriptId: saved.id });
  const action = nextEvent('prompter.cue.action', (e) => e.payload.cueId === `scene:${scene}`);
  await host.call('prompter.setSpeed', { value: 600 });
  await host.call('prompter.play', { countdown: false });
  const fired = await action;
  await host.call('prompter.pause');
  return fired;
}

describe('a [[scene:X]] cue', () => {
  it('in studio mode sets the preview to X and runs the studio-mode transition', async () => {
    await host.call('obs.setStudioMode', { enabled: true });
    await host.call('obs.setPreviewScene', { sceneName: 'Break' });
    const transitions: HostEvent<'obs.transition'>[] = [];
    const off = host.host.context.bus.on('obs.transition', (e) => transitions.push(e));
    const watch = watchObs();
    try {
      const fired = await playThroughCue('Product Closeup');
      expect(fired.payload).toMatchObject({ result: 'done', cueType: 'scene', argument: 'Product Closeup' });
      expect((await observer.call('GetCurrentProgramScene')).currentProgramSceneName).toBe('Product Closeup');
      // OBS saw the preview change first, then a transition, then the new program scene.
      await waitFor(() => watch.seen.includes('program:Product Closeup'), 'OBS to announce the program scene');
      const preview = watch.seen.indexOf('preview:Product Closeup');
      const started = watch.seen.indexOf('transition-started');
      const program = watch.seen.indexOf('program:Product Closeup');
      expect(preview, `OBS events: ${watch.seen.join(', ')}`).toBeGreaterThanOrEqual(0);
      expect(started, `OBS events: ${watch.seen.join(', ')}`).toBeGreaterThan(preview);
      expect(program).toBeGreaterThan(preview);
      expect(transitions.map((e) => e.payload)).toEqual([{ from: 'Intro', to: 'Product Closeup' }]);
      expect((await host.call('obs.getStatus')).studioMode).toBe(true);
    } finally {
      watch.stop();
      off();
    }
  });

  it('without studio mode cuts X to program and leaves studio mode off', async () => {
    const watch = watchObs();
    try {
      const fired = await playThroughCue('Host Camera');
      expect(fired.payload.result).toBe('done');
      expect((await observer.call('GetCurrentProgramScene')).currentProgramSceneName).toBe('Host Camera');
      expect((await observer.call('GetStudioModeEnabled')).studioModeEnabled).toBe(false);
      expect(watch.seen.filter((e) => e.startsWith('preview:'))).toEqual([]);
    } finally {
      watch.stop();
    }
  });

  it('names the scenes OBS has when the cue names one it does not have', async () => {
    const fired = await playThroughCue('Nowhere');
    expect(fired.payload.result).toBe('failed');
    expect(fired.payload.message).toMatch(/no scene named "Nowhere".*"Intro"/);
    expect((await observer.call('GetCurrentProgramScene')).currentProgramSceneName).toBe('Intro');
  });
});
