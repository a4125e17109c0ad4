import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pinnedCommentSourceName } from '../../../electron/core/features/audience/obs-pinned-comment';
import { startObs, type ObsInstance } from '../../support/obs';
import { startTestHost, type TestHost } from '../../support/host';
import { recordEvents, waitFor } from '../../support/events';

// The pinned comment on the OBS scene, against real OBS (Debian's build, no browser source).
describe('a pinned comment on the OBS scene', () => {
  let obs: ObsInstance;
  let t: TestHost;
  beforeAll(async () => {
    obs = await startObs();
    t = await startTestHost();
    await t.call('obs.connect', { url: obs.url });
    await waitFor(() => t.host.features.obs.isConnected(), 'the host to connect to OBS', 20_000);
  }, 90_000);
  afterAll(async () => {
    await t?.stop();
    await obs?.dispose();
  });

  it('creates no source while nothing is pinned, then shows the pinned comment in the program scene and hides it on unpin', async () => {
    const client = await obs.connectClient();
    try {
      const audience = t.host.features.audience;
      await audience.obsPinned.idle();
      const before = await client.call('GetInputList');
      expect(before.inputs.map((i) => i.inputName)).not.toContain(pinnedCommentSourceName);

      await t.call('chat.ingest', {
        messages: [{ platform: 'tiktok', messageId: 'p1', authorName: 'Lena', authorId: 'tt-123', text: 'Does the scarf come in blue?' }],
      });
      const rec = recordEvents(t);
      const pinned = await t.call('chat.pin', { id: 'tiktok:p1' });
      expect(pinned).toMatchObject({ id: 'tiktok:p1', authorName: 'Lena', text: 'Does the scarf come in blue?' });
      expect(rec.of('chat.pinned').at(-1)!.payload.comment).toMatchObject({ authorName: 'Lena' });
      expect(await t.call('chat.pinned')).toEqual({ comment: pinned });
      await audience.obsPinned.idle();

      const { inputSettings } = await client.call('GetInputSettings', { inputName: pinnedCommentSourceName });
      expect(inputSettings.text).toBe('Lena\nDoes the scarf come in blue?');
      const { currentProgramSceneName } = await client.call('GetCurrentProgramScene');
      const { sceneItemId } = await client.call('GetSceneItemId', { sceneName: currentProgramSceneName, sourceName: pinnedCommentSourceName });
      expect((await client.call('GetSceneItemEnabled', { sceneName: currentProgramSceneName, sceneItemId })).sceneItemEnabled).toBe(true);

      await t.call('chat.unpin');
      await audience.obsPinned.idle();
      expect(rec.of('chat.pinned').at(-1)!.payload.comment).toBeNull();
      expect((await client.call('GetInputSettings', { inputName: pinnedCommentSourceName })).inputSettings.text).toBe('');
      expect((await client.call('GetSceneItemEnabled', { sceneName: currentProgramSceneName, sceneItemId })).sceneItemEnabled).toBe(false);

      // Pinned again: the same source (where the user may have moved it) shows the new comment.
      await t.call('chat.pin', { id: 'tiktok:p1' });
      await audience.obsPinned.idle();
      expect((await client.call('GetSceneItemEnabled', { sceneName: currentProgramSceneName, sceneItemId })).sceneItemEnabled).toBe(true);
      const inputs = (await client.call('GetInputList')).inputs.filter((i) => i.inputName === pinnedCommentSourceName);
      expect(inputs).toHaveLength(1);
    } finally {
      await client.disconnect();
    }
  }, 60_000);
});
