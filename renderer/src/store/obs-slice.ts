import type { MethodInput, MethodOutput } from '../../../electron/shared/contract';
import type { ObsStatus, StreamHealth } from '../../../electron/shared/contract/obs';
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
  obs: ObsStatus | null;
  /** Recent alarms, newest first. */
  obsAlarms: ObsAlarm[];
  loadObs(): Promise<void>;
  obsConnect(input: MethodInput<'obs.connect'>): Promise<ObsStatus>;
  obsDisconnect(): Promise<void>;
  /** Every other OBS method: the answer comes back, state arrives by events. */
  obsCall<M extends ObsMethod>(method: M, input?: MethodInput<M>): Promise<MethodOutput<M>>;
  dismissObsAlarms(): void;
}

export type ObsMethod = Extract<
  Parameters<HostClient['call']>[0],
  | 'obs.listScenes'
  | 'obs.setProgramScene'
  | 'obs.setPreviewScene'
  | 'obs.setStudioMode'
  | 'obs.transition'
  | 'obs.listSceneItems'
  | 'obs.setSceneItemVisible'
  | 'obs.startStream'
  | 'obs.stopStream'
  | 'obs.startRecord'
  | 'obs.stopRecord'
  | 'obs.screenshot'
  | 'obs.setPassword'
>;

export const createObsSlice =
  (client: HostClient): Slice<ObsSlice> =>
  (set) => ({
    obs: null,
    obsAlarms: [],
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
    obsCall: (method, input) => client.call(method, input),
    dismissObsAlarms: () => set({ obsAlarms: [] }),
  });

export const onObsEvent: EventHandler = (event, set, get) => {
  if (event.name === 'obs.state') {
    const obs = event.payload as ObsStatus;
    // Alarms are about a link that is gone once OBS drops: the session log keeps them.
    if (obs.connection.state !== 'connected' && get().obsAlarms.length > 0) set({ obsAlarms: [] });
    set({ obs });
  } else if (event.name === 'stream.health') {
    const obs = get().obs;
    // A sample still in flight when the link dropped must not bring back figures from a dead link.
    if (obs?.connection.state === 'connected') set({ obs: { ...obs, health: event.payload as StreamHealth } });
  } else if (event.name === 'stream.alarm') {
    const alarm = { ...(event.payload as Omit<ObsAlarm, 'at'>), at: event.at };
    set({ obsAlarms: [alarm, ...get().obsAlarms].slice(0, 20) });
  }
};
