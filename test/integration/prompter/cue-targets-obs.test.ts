import type { OBSWebSocket } from 'obs-websocket-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from '../../support/host';
import { startObs, type ObsInstance } from '../../support/obs';

// Real OBS under Xvfb (test/support/obs) with its seeded scenes: Intro, Product Closeup, Host Camera, Break.
let obs: ObsInstance;
let host: TestHost;
let observer: OBSWebSocket;

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

describe('script check against OBS scenes', () => {
  it("warns about scene cues that OBS's scene list lacks, with line, column and OBS's scenes", async () => {
    const lint = await host.call('prompter.lint', { variants: { en: '[[scene:Intro]] Hello.\n\n[[scene:Nope]] and [[scene:host camera]]' } });
    expect(lint.targets?.scenes).toBe('checked');
    expect(lint.diagnostics.en).toEqual([
      expect.objectContaining({
        severity: 'warning',
        line: 3,
        column: 1,
        message: expect.stringContaining('OBS has no scene "Nope" (its scenes: "Intro", "Product Closeup", "Host Camera", "Break")'),
      }),
      expect.objectContaining({ line: 3, column: 20, message: expect.stringContaining('but it has "Host Camera"') }),
    ]);
  });

  it("explains that the demo script's Close-up scene is missing, and stops warning once OBS has it", async () => {
    const demo = (await host.call('prompter.listScripts', {})).scripts[0]!;
    const before = await host.call('prompter.lint', { scriptId: demo.id });
    const lead = before.diagnostics[before.leadLanguage]!;
    expect(lead).toEqual([expect.objectContaining({ message: expect.stringMatching(/OBS has no scene "Close-up".*Create a scene with this name in OBS/) })]);

    await observer.call('CreateScene', { sceneName: 'Close-up' });
    try {
      const deadline = Date.now() + 10_000;
      let after = await host.call('prompter.lint', { scriptId: demo.id });
      // The host learns of the new scene by OBS's event: wait for that state, not for a time.
      while (after.warningCount > 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
        after = await host.call('prompter.lint', { scriptId: demo.id });
      }
      expect(after.diagnostics[after.leadLanguage]).toEqual([]);
    } finally {
      await observer.call('RemoveScene', { sceneName: 'Close-up' });
    }
  });

  it('says scenes were not checked once OBS is disconnected', async () => {
    await host.call('obs.disconnect');
    const lint = await host.call('prompter.lint', { variants: { en: '[[scene:Nope]]' } });
    expect(lint.targets?.scenes).toBe('obs_not_connected');
    expect(lint.diagnostics.en).toEqual([]);
  });
});
