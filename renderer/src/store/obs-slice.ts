import type { MethodInput, MethodOutput } from '../../../electron/shared/contract';
import type { ObsSnapshot } from '../../../electron/shared/contract/obs';
import type { HostClient } from '../transport';
import type { EventHandler, Slice } from './types';

export interface ObsAlarm {
  metric: 'renderSkipped' | 'outputSkipped' | 'dropped';
  valuePct: number;
  thresholdPct: number;
  at: number;
}

export interface ObsSlice {
  /** The host's OBS snapshot, kept current by `obs.state` events. */
  obs: ObsSnapshot | null;
  /** Recent alarms, newest first. */
  obsAlarms: ObsAlarm[];
  /** Bumped per scene when OBS reports a change in its items; the sources list reloads on it. */
  sceneItemVersions: Record<string, number>;
  loadObs(): Promise<void>;
  obsConnect(input: MethodInput<'obs.connect'>): Promise<ObsSnapshot>;
  obsDisconnect(): Promise<void>;
  // OBS commands: the answer comes back, the new state arrives by `obs.state` events.
  setProgramScene(sceneName: string): Promise<void>;
  setPreviewScene(sceneName: string): Promise<void>;
  setStudioMode(enabled: boolean): Promise<void>;
  transition(): Promise<void>;
  listSceneItems(sceneName: string): Promise<MethodOutput<'obs.listSceneItems'>>;
  setSceneItemVisible(input: MethodInput<'obs.setSceneItemVisible'>): Promise<void>;
  setStreaming(on: boolean): Promise<void>;
  setRecording(on: boolean): Promise<void>;
  screenshot(input: MethodInput<'obs.screenshot'>): Promise<MethodOutput<'obs.screenshot'>>;
  dismissObsAlarms(): void;
}

export const createObsSlice =
  (client: HostClient): Slice<ObsSlice> =>
  (set) => ({
    obs: null,
    obsAlarms: [],
    sceneItemVersions: {},
    async loadObs() {
      set({ obs: await client.call('obs.getStatus') });
    },
    async obsConnect(input) {
      const status = await client.call('obs.connect', input);
      set({ obs: status });
      return status;
    },
    async obsDisconnect() {
      set({ obs: await client.call('obs.disconnect') });
    },
    async setProgramScene(sceneName) {
      await client.call('obs.setProgramScene', { sceneName });
    },
    async setPreviewScene(sceneName) {
      await client.call('obs.setPreviewScene', { sceneName });
    },
    async setStudioMode(enabled) {
      await client.call('obs.setStudioMode', { enabled });
    },
    async transition() {
      await client.call('obs.transition', {});
    },
    listSceneItems: (sceneName) => client.call('obs.listSceneItems', { sceneName }),
    async setSceneItemVisible(input) {
      await client.call('obs.setSceneItemVisible', input);
    },
    async setStreaming(on) {
      await client.call(on ? 'obs.startStream' : 'obs.stopStream');
    },
    async setRecording(on) {
      await client.call(on ? 'obs.startRecord' : 'obs.stopRecord');
    },
    screenshot: (input) => client.call('obs.screenshot', input),
    dismissObsAlarms: () => set({ obsAlarms: [] }),
  });

export const onObsEvent: EventHandler = (event, set, get) => {
  if (event.name === 'obs.state') {
    const obs = event.payload;
    // Alarms are about a link that is gone once OBS drops: the session log keeps them.
    if (obs.connection.state !== 'connected' && get().obsAlarms.length > 0) set({ obsAlarms: [] });
    set({ obs });
  } else if (event.name === 'stream.health') {
    const obs = get().obs;
    // A sample still in flight when the link dropped must not bring back figures from a dead link.
    if (obs?.connection.state === 'connected') set({ obs: { ...obs, health: event.payload } });
  } else if (event.name === 'obs.sceneItem.changed') {
    const versions = get().sceneItemVersions;
    const { sceneName } = event.payload;
    set({ sceneItemVersions: { ...versions, [sceneName]: (versions[sceneName] ?? 0) + 1 } });
  } else if (event.name === 'stream.alarm') {
    const alarm = { ...event.payload, at: event.at };
    set({ obsAlarms: [alarm, ...get().obsAlarms].slice(0, 20) });
  }
};
