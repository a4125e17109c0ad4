import type { EventName, EventPayload } from '../../../shared/contract';
import type { OutputState, StreamHealth } from '../../../shared/contract/obs';

export type Publish = <E extends EventName>(name: E, payload: EventPayload<E>) => void;

/** obs-websocket output states (StreamStateChanged / RecordStateChanged). */
const outputStates: Record<string, OutputState> = {
  OBS_WEBSOCKET_OUTPUT_STARTING: 'starting',
  OBS_WEBSOCKET_OUTPUT_STARTED: 'started',
  OBS_WEBSOCKET_OUTPUT_STOPPING: 'stopping',
  OBS_WEBSOCKET_OUTPUT_STOPPED: 'stopped',
  OBS_WEBSOCKET_OUTPUT_PAUSED: 'paused',
  OBS_WEBSOCKET_OUTPUT_RESUMED: 'started',
  OBS_WEBSOCKET_OUTPUT_RECONNECTING: 'started',
  OBS_WEBSOCKET_OUTPUT_RECONNECTED: 'started',
};

export interface SceneListAnswer {
  currentProgramSceneName: string | null;
  currentPreviewSceneName: string | null;
  scenes: { sceneName: string; sceneIndex: number }[];
}

/** GetSceneList lists scenes bottom first (sceneIndex 0 is the bottom scene in OBS's UI): flip it. */
export function scenesInUiOrder(answer: SceneListAnswer): { name: string }[] {
  return [...answer.scenes].sort((a, b) => b.sceneIndex - a.sceneIndex).map((s) => ({ name: s.sceneName }));
}

/**
 * OBS as the host last saw it, kept current from OBS events (and a snapshot on every connect). Each change
 * publishes the matching contract event, then `obs.state` with the full picture for UIs.
 */
export class ObsState {
  scenes: { name: string }[] = [];
  programScene: string | null = null;
  previewScene: string | null = null;
  studioMode = false;
  stream = { state: 'stopped' as OutputState, reconnecting: false, startedAt: null as number | null };
  record = { state: 'stopped' as OutputState, startedAt: null as number | null, path: null as string | null };
  health: StreamHealth | null = null;
  obsVersion: string | null = null;
  websocketVersion: string | null = null;

  constructor(
    private readonly publish: Publish,
    private readonly now: () => number,
    private readonly onChanged: () => void,
  ) {}

  /** Everything after a (re)connect: publishes only what differs from what the host knew before. */
  applySnapshot(snapshot: {
    sceneList: SceneListAnswer;
    studioMode: boolean;
    stream: { outputActive: boolean; outputReconnecting: boolean; outputDuration: number };
    record: { outputActive: boolean; outputPaused: boolean; outputDuration: number };
  }): void {
    this.setScenes(scenesInUiOrder(snapshot.sceneList));
    this.setStudioMode(snapshot.studioMode);
    if (snapshot.sceneList.currentProgramSceneName) this.setProgram(snapshot.sceneList.currentProgramSceneName);
    this.setPreview(snapshot.studioMode ? snapshot.sceneList.currentPreviewSceneName : null);
    const now = this.now();
    this.setStream(snapshot.stream.outputActive ? 'started' : 'stopped', snapshot.stream.outputReconnecting, now - snapshot.stream.outputDuration);
    this.setRecord(
      snapshot.record.outputPaused ? 'paused' : snapshot.record.outputActive ? 'started' : 'stopped',
      undefined,
      now - snapshot.record.outputDuration,
    );
    this.onChanged();
  }

  setScenes(scenes: { name: string }[]): void {
    const same = scenes.length === this.scenes.length && scenes.every((s, i) => s.name === this.scenes[i]!.name);
    if (same) return;
    this.scenes = scenes;
    this.publish('obs.scenes.changed', { scenes });
    this.onChanged();
  }

  setProgram(sceneName: string): void {
    if (sceneName === this.programScene) return;
    this.programScene = sceneName;
    this.publish('obs.scene.changed', { sceneName });
    this.onChanged();
  }

  setPreview(sceneName: string | null): void {
    if (sceneName === this.previewScene) return;
    this.previewScene = sceneName;
    this.publish('obs.preview.changed', { sceneName });
    this.onChanged();
  }

  setStudioMode(enabled: boolean): void {
    if (enabled === this.studioMode) return;
    this.studioMode = enabled;
    this.publish('obs.studioMode.changed', { enabled });
    if (!enabled) this.setPreview(null);
    this.onChanged();
  }

  setStream(state: OutputState, reconnecting: boolean, startedAt?: number): void {
    if (state === this.stream.state && reconnecting === this.stream.reconnecting) return;
    const wasRunning = this.stream.state === 'started';
    this.stream = {
      state,
      reconnecting,
      startedAt: state === 'started' ? (wasRunning ? this.stream.startedAt : (startedAt ?? this.now())) : null,
    };
    this.publish('obs.stream.changed', { state, reconnecting });
    this.onChanged();
  }

  setRecord(state: OutputState, path?: string | null, startedAt?: number): void {
    if (path) this.record.path = path;
    if (state === this.record.state) return;
    const running = this.record.state === 'started' || this.record.state === 'paused';
    const nowRunning = state === 'started' || state === 'paused';
    this.record = {
      state,
      path: this.record.path,
      startedAt: nowRunning ? (running ? this.record.startedAt : (startedAt ?? this.now())) : null,
    };
    this.publish('obs.record.changed', path ? { state, path } : { state });
    this.onChanged();
  }

  /** The OBS event types this state follows, and how each one changes it. */
  handleEvent(type: string, data: Record<string, unknown>): 'refresh-scenes' | 'refresh-all' | null {
    switch (type) {
      case 'CurrentProgramSceneChanged':
        this.setProgram(String(data.sceneName));
        return null;
      case 'CurrentPreviewSceneChanged':
        if (this.studioMode) this.setPreview(String(data.sceneName));
        return null;
      case 'StudioModeStateChanged':
        this.setStudioMode(Boolean(data.studioModeEnabled));
        // OBS does not announce the preview scene it picks when studio mode turns on: read it.
        return data.studioModeEnabled ? 'refresh-scenes' : null;
      case 'SceneListChanged':
      case 'SceneCreated':
      case 'SceneRemoved':
      case 'SceneNameChanged':
        return 'refresh-scenes';
      case 'CurrentSceneCollectionChanged':
        return 'refresh-all';
      case 'StreamStateChanged': {
        const raw = String(data.outputState);
        const reconnecting = raw === 'OBS_WEBSOCKET_OUTPUT_RECONNECTING';
        this.setStream(outputStates[raw] ?? (data.outputActive ? 'started' : 'stopped'), reconnecting);
        return null;
      }
      case 'RecordStateChanged': {
        const raw = String(data.outputState);
        const path = typeof data.outputPath === 'string' && data.outputPath ? data.outputPath : null;
        this.setRecord(outputStates[raw] ?? (data.outputActive ? 'started' : 'stopped'), path);
        return null;
      }
      case 'SceneItemEnableStateChanged':
        this.publish('obs.sceneItem.changed', {
          sceneName: String(data.sceneName),
          sceneItemId: Number(data.sceneItemId),
          visible: Boolean(data.sceneItemEnabled),
          change: 'visibility',
        });
        return null;
      case 'SceneItemCreated':
      case 'SceneItemRemoved':
      case 'SceneItemListReindexed':
        this.publish('obs.sceneItem.changed', { sceneName: String(data.sceneName), change: 'list' });
        return null;
      default:
        return null;
    }
  }
}

export const followedObsEvents = [
  'CurrentProgramSceneChanged',
  'CurrentPreviewSceneChanged',
  'StudioModeStateChanged',
  'SceneListChanged',
  'SceneCreated',
  'SceneRemoved',
  'SceneNameChanged',
  'CurrentSceneCollectionChanged',
  'StreamStateChanged',
  'RecordStateChanged',
  'SceneItemEnableStateChanged',
  'SceneItemCreated',
  'SceneItemRemoved',
  'SceneItemListReindexed',
  'SceneTransitionEnded',
  'ExitStarted',
] as const;
