import path from 'node:path';
import { HostError } from '../../../shared/contract';
import type { ObsSnapshot } from '../../../shared/contract/obs';
import type { HostContext } from '../../context';
import { ObsConnection } from './obs-connection';
import { isObsCode, ObsRequestStatus as Code } from './obs-errors';
import { HealthSampler } from './obs-health-sampler';
import { ObsPasswordStore } from './obs-secret';
import { followedObsEvents, ObsState, scenesInUiOrder, type SceneListAnswer } from './obs-state';

interface SceneItemAnswer {
  sceneItemId: number;
  sourceName: string;
  inputKind: string | null;
  sceneItemEnabled: boolean;
  sceneItemIndex: number;
}

/**
 * Everything the obs feature does: the connection, OBS state kept from events, health sampling, and the
 * operations behind the contract methods. Other features reach raw OBS requests through `request()`.
 */
export class ObsController {
  readonly connection: ObsConnection;
  readonly state: ObsState;
  readonly passwords: ObsPasswordStore;
  private readonly health: HealthSampler;
  private readonly connectedListeners = new Set<() => void>();
  private readonly transitionEndWaiters = new Set<() => void>();
  private connectionSince: number;
  private snapshotQueued = false;
  private sceneRefresh: Promise<void> | null = null;
  private sceneRefreshAgain = false;
  /** Studio-mode transitions run one at a time (an override is restored before the next one starts). */
  private transitionQueue: Promise<unknown> = Promise.resolve();

  constructor(private readonly ctx: HostContext) {
    this.connectionSince = ctx.now();
    this.passwords = new ObsPasswordStore(ctx.secrets, path.join(ctx.options.dataDir, 'obs-password.json'));
    this.state = new ObsState((name, payload) => ctx.bus.publish(name, payload), ctx.now, () => this.queueSnapshot());
    this.connection = new ObsConnection({
      eventTypes: followedObsEvents,
      onState: (state, text, lost) => {
        this.connectionSince = ctx.now();
        const { lastOutageMs } = this.connection.outage;
        ctx.bus.publish('obs.connection.changed', {
          state,
          message: text.message,
          messageKey: text.key,
          messageParams: { ...text.params },
          ...(lost ? { lost } : {}),
          ...(state === 'connected' && lastOutageMs !== null ? { outageMs: lastOutageMs } : {}),
        });
        if (state === 'connected') {
          this.health.start();
          for (const listener of this.connectedListeners) {
            try {
              listener();
            } catch (error) {
              console.error('[obs] onConnected listener failed:', error);
            }
          }
        } else {
          this.health.stop();
          // Figures from a link that is down would read as if OBS were still fine.
          this.state.health = null;
        }
        this.queueSnapshot();
      },
      onPasswordRejected: (password) => void this.passwords.reject(password).catch((error: Error) => ctx.reportError('obs', 'password', error.message)),
      onEvent: (type, data) => this.onObsEvent(type, (data ?? {}) as Record<string, unknown>),
      onReady: async (version) => {
        this.state.obsVersion = version.obsVersion;
        this.state.websocketVersion = version.websocketVersion;
        await this.loadSnapshot();
      },
    });
    this.health = new HealthSampler({
      request: (type) => this.connection.request(type),
      thresholds: () => {
        const obs = ctx.settings.section('obs');
        return { skippedPct: obs.skippedFramesAlarmPct, droppedPct: obs.droppedFramesAlarmPct };
      },
      now: ctx.now,
      onSample: (health, alarms) => {
        this.state.health = health;
        ctx.bus.publish('stream.health', health);
        for (const alarm of alarms) ctx.bus.publish('stream.alarm', alarm);
        this.queueSnapshot();
      },
    });
  }

  // ---- connection ---------------------------------------------------------------------------------

  request<T = unknown>(requestType: string, requestData?: object, timeoutMs?: number): Promise<T> {
    return this.connection.request<T>(requestType, requestData, timeoutMs);
  }

  onConnected(listener: () => void): () => void {
    this.connectedListeners.add(listener);
    return () => this.connectedListeners.delete(listener);
  }

  startFromSettings(): void {
    const obs = this.ctx.settings.section('obs');
    this.connection.start({ url: obs.url, password: this.passwords.get() });
  }

  async connect(input: { url?: string; password?: string | null; remember: boolean }): Promise<ObsSnapshot> {
    const obs = this.ctx.settings.section('obs');
    if (input.password !== undefined) await this.passwords.set(input.password, input.remember);
    if ((input.url && input.url !== obs.url) || !obs.autoConnect) {
      this.ctx.settings.set({ obs: { ...(input.url ? { url: input.url } : {}), autoConnect: true } });
    }
    this.startFromSettings();
    await this.connection.settled();
    return this.status();
  }

  async disconnect(): Promise<ObsSnapshot> {
    if (this.ctx.settings.section('obs').autoConnect) this.ctx.settings.set({ obs: { autoConnect: false } });
    await this.connection.stop();
    return this.status();
  }

  async setPassword(password: string | null, remember: boolean) {
    await this.passwords.set(password, remember);
    // A waiting or refused connection retries with the new password at once.
    if (this.ctx.settings.section('obs').autoConnect) this.startFromSettings();
    return this.passwords.status();
  }

  /** Follows settings: a new URL while connected reconnects there. */
  onSettingsChanged(): void {
    const obs = this.ctx.settings.section('obs');
    const current = this.connection.currentState.state;
    if (obs.autoConnect && current !== 'disconnected' && current !== 'auth-failed') this.startFromSettings();
  }

  async stop(): Promise<void> {
    this.health.stop();
    await this.connection.stop('obs.state_host_stopped');
  }

  status(): ObsSnapshot {
    const { state, text } = this.connection.currentState;
    const s = this.state;
    return {
      connection: {
        state,
        message: text.message,
        messageKey: text.key,
        messageParams: { ...text.params },
        url: this.ctx.settings.section('obs').url, since: this.connectionSince, ...this.connection.outage },
      obsVersion: s.obsVersion,
      websocketVersion: s.websocketVersion,
      scenes: s.scenes,
      programScene: s.programScene,
      previewScene: s.previewScene,
      studioMode: s.studioMode,
      stream: s.stream,
      record: s.record,
      health: s.health,
      password: this.passwords.status(),
    };
  }

  /** Many changes in one tick give one `obs.state` event. */
  private queueSnapshot(): void {
    if (this.snapshotQueued) return;
    this.snapshotQueued = true;
    queueMicrotask(() => {
      this.snapshotQueued = false;
      this.ctx.bus.publish('obs.state', this.status());
    });
  }

  // ---- OBS state ----------------------------------------------------------------------------------

  private async loadSnapshot(): Promise<void> {
    const [sceneList, studio, stream, record] = await Promise.all([
      this.request<SceneListAnswer>('GetSceneList'),
      this.request<{ studioModeEnabled: boolean }>('GetStudioModeEnabled'),
      this.request<{ outputActive: boolean; outputReconnecting: boolean; outputDuration: number }>('GetStreamStatus'),
      this.request<{ outputActive: boolean; outputPaused: boolean; outputDuration: number }>('GetRecordStatus'),
    ]);
    this.state.applySnapshot({ sceneList, studioMode: studio.studioModeEnabled, stream, record });
  }

  private onObsEvent(type: string, data: Record<string, unknown>): void {
    if (type === 'SceneTransitionEnded') {
      for (const resolve of [...this.transitionEndWaiters]) resolve();
      return;
    }
    const follow = this.state.handleEvent(type, data);
    if (follow === 'refresh-scenes') void this.refreshScenes();
    if (follow === 'refresh-all') void this.loadSnapshot().catch(() => {});
  }

  /** Re-reads the scene list; calls arriving while one runs are folded into one more read. */
  private refreshScenes(): Promise<void> {
    if (this.sceneRefresh) {
      this.sceneRefreshAgain = true;
      return this.sceneRefresh;
    }
    this.sceneRefresh = (async () => {
      do {
        this.sceneRefreshAgain = false;
        try {
          await this.readScenes();
        } catch {
          // Disconnected meanwhile: the next connect loads a full snapshot.
        }
      } while (this.sceneRefreshAgain);
    })().finally(() => (this.sceneRefresh = null));
    return this.sceneRefresh;
  }

  private async readScenes(): Promise<SceneListAnswer> {
    const answer = await this.request<SceneListAnswer>('GetSceneList');
    this.state.setScenes(scenesInUiOrder(answer));
    if (answer.currentProgramSceneName) this.state.setProgram(answer.currentProgramSceneName);
    if (this.state.studioMode) this.state.setPreview(answer.currentPreviewSceneName);
    return answer;
  }

  // ---- operations ---------------------------------------------------------------------------------

  async listScenes() {
    await this.readScenes();
    const s = this.state;
    return { scenes: s.scenes, programScene: s.programScene, previewScene: s.previewScene, studioMode: s.studioMode };
  }

  private unknownScene(sceneName: string): HostError {
    const names = this.state.scenes.map((s) => `"${s.name}"`).join(', ');
    return new HostError('obs.no_scene', { sceneName, known: names ? ` Its scenes: ${names}.` : '' }, {
      obsCode: Code.ResourceNotFound,
      sceneName,
    });
  }

  /** Runs a request about a scene, turning OBS's "not found" into a message that lists the scenes. */
  private async sceneRequest<T>(sceneName: string, requestType: string, data: object): Promise<T> {
    try {
      return await this.request<T>(requestType, data);
    } catch (error) {
      if (isObsCode(error, Code.ResourceNotFound)) throw this.unknownScene(sceneName);
      throw error;
    }
  }

  async setProgramScene(sceneName: string) {
    await this.sceneRequest(sceneName, 'SetCurrentProgramScene', { sceneName });
    this.state.setProgram(sceneName);
    return { ok: true as const };
  }

  async setPreviewScene(sceneName: string) {
    try {
      await this.sceneRequest(sceneName, 'SetCurrentPreviewScene', { sceneName });
    } catch (error) {
      if (isObsCode(error, Code.StudioModeNotActive)) {
        throw new HostError('obs.no_preview_studio_off', {}, {
          obsCode: Code.StudioModeNotActive,
        });
      }
      throw error;
    }
    await this.confirmPreview(sceneName);
    this.state.setPreview(sceneName);
    return { ok: true as const };
  }

  async setStudioMode(enabled: boolean) {
    await this.request('SetStudioModeEnabled', { studioModeEnabled: enabled });
    this.state.setStudioMode(enabled);
    if (enabled) {
      const preview = await this.request<{ currentPreviewSceneName: string }>('GetCurrentPreviewScene').catch(() => null);
      if (preview) this.state.setPreview(preview.currentPreviewSceneName);
    }
    return { ok: true as const };
  }

  transition(input: { transitionName?: string; durationMs?: number }) {
    const run = this.transitionQueue.then(() => this.runTransition(input));
    this.transitionQueue = run.catch(() => {});
    return run;
  }

  /**
   * A scene on air as the host would do it by hand: in studio mode through preview and the transition
   * (never a cut that skips the host's transition), otherwise a cut. Queued with the Transition button's
   * transitions, so a cue and a click never interleave their preview changes.
   */
  putSceneOnAir(sceneName: string) {
    const run = this.transitionQueue.then(async () => {
      const [{ studioModeEnabled }, { currentProgramSceneName: from }] = await Promise.all([
        this.request<{ studioModeEnabled: boolean }>('GetStudioModeEnabled'),
        this.request<{ currentProgramSceneName: string }>('GetCurrentProgramScene'),
      ]);
      if (from === sceneName) return { sceneName, via: 'none' as const, from };
      if (!studioModeEnabled) {
        await this.setProgramScene(sceneName);
        return { sceneName, via: 'cut' as const, from };
      }
      await this.setPreviewScene(sceneName);
      const done = await this.runTransition({});
      return { sceneName: done.to, via: 'transition' as const, from: done.from };
    });
    this.transitionQueue = run.catch(() => {});
    return run;
  }

  private async runTransition(input: { transitionName?: string; durationMs?: number }) {
    const { studioModeEnabled } = await this.request<{ studioModeEnabled: boolean }>('GetStudioModeEnabled');
    if (!studioModeEnabled) {
      throw new HostError('obs.transition_needs_studio_mode', {}, {
        obsCode: Code.StudioModeNotActive,
      });
    }
    const scenes = await this.request<SceneListAnswer>('GetSceneList');
    // OBS applies a preview change on its UI thread after answering, so a preview set a moment ago may not
    // show in GetSceneList yet: the scene the app set last is the one meant to go on air.
    const from = this.state.programScene ?? scenes.currentProgramSceneName;
    const to = this.state.previewScene ?? scenes.currentPreviewSceneName;
    if (!to) throw new HostError('obs.no_preview_scene');

    const before = await this.request<{ transitionName: string; transitionDuration: number | null; transitionFixed: boolean }>(
      'GetCurrentSceneTransition',
    );
    const override = input.transitionName !== undefined || input.durationMs !== undefined;
    let fixed = before.transitionFixed;
    try {
      if (input.transitionName !== undefined && input.transitionName !== before.transitionName) {
        await this.useTransition(input.transitionName);
        fixed = (await this.request<{ transitionFixed: boolean }>('GetCurrentSceneTransition')).transitionFixed;
      }
      if (input.durationMs !== undefined && !fixed) {
        await this.request('SetCurrentSceneTransitionDuration', { transitionDuration: input.durationMs });
      }
      const durationMs = fixed ? 0 : (input.durationMs ?? before.transitionDuration ?? 300);
      // Right after studio mode turns on, OBS sometimes transitions the scene it had before the preview
      // change: check what went on air and try once more if it was not the preview.
      let onAir = await this.triggerAndWait(to, durationMs, fixed);
      if (!onAir) {
        await this.request('SetCurrentPreviewScene', { sceneName: to });
        await this.confirmPreview(to);
        onAir = await this.triggerAndWait(to, durationMs, fixed);
      }
      if (!onAir) throw new HostError('obs.not_on_program', { sceneName: to });
    } finally {
      if (override) await this.restoreTransition(before);
    }
    this.state.setProgram(to);
    this.ctx.bus.publish('obs.transition', {
      from,
      to,
      ...(input.transitionName ? { transitionName: input.transitionName } : {}),
      ...(input.durationMs !== undefined ? { durationMs: input.durationMs } : {}),
    });
    return { from, to };
  }

  private async useTransition(transitionName: string): Promise<void> {
    try {
      await this.request('SetCurrentSceneTransition', { transitionName });
    } catch (error) {
      if (!isObsCode(error, Code.ResourceNotFound)) throw error;
      const list = await this.request<{ transitions: { transitionName: string }[] }>('GetSceneTransitionList').catch(() => null);
      const names = list?.transitions.map((t) => `"${t.transitionName}"`).join(', ') ?? '';
      throw new HostError('obs.no_transition', { transitionName, known: names ? ` Its transitions: ${names}.` : '' }, {
        obsCode: Code.ResourceNotFound,
      });
    }
  }

  /** Triggers the studio-mode transition and waits until it has ended; true when `to` is then on program. */
  private async triggerAndWait(to: string, durationMs: number, fixed: boolean): Promise<boolean> {
    const ended = this.waitTransitionEnd(durationMs + 1500);
    try {
      await this.request('TriggerStudioModeTransition');
    } catch (error) {
      ended.cancel();
      throw error;
    }
    // A cut may end without a transition event: then the program scene is enough.
    if (fixed) ended.cancel();
    await ended.promise;
    const deadline = Date.now() + 1000;
    for (;;) {
      const { currentProgramSceneName } = await this.request<{ currentProgramSceneName: string }>('GetCurrentProgramScene');
      if (currentProgramSceneName === to) return true;
      if (Date.now() > deadline) return false;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** OBS answers SetCurrentPreviewScene before its UI thread applies it: wait until it reads back. */
  private async confirmPreview(sceneName: string): Promise<void> {
    const deadline = Date.now() + 1500;
    while (Date.now() < deadline) {
      const { currentPreviewSceneName } = await this.request<{ currentPreviewSceneName: string | null }>('GetCurrentPreviewScene');
      if (currentPreviewSceneName === sceneName) return;
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  private waitTransitionEnd(timeoutMs: number): { promise: Promise<void>; cancel(): void } {
    let cancel!: () => void;
    const promise = new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.transitionEndWaiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.transitionEndWaiters.add(done);
      cancel = done;
    });
    return { promise, cancel };
  }

  private async restoreTransition(before: { transitionName: string; transitionDuration: number | null }): Promise<void> {
    await this.request('SetCurrentSceneTransition', { transitionName: before.transitionName }).catch(() => {});
    if (before.transitionDuration !== null) {
      await this.request('SetCurrentSceneTransitionDuration', { transitionDuration: before.transitionDuration }).catch(() => {});
    }
  }

  async listSceneItems(sceneName?: string) {
    const scene = sceneName ?? this.state.programScene;
    if (!scene) throw new HostError('obs.no_program_scene');
    const answer = await this.sceneRequest<{ sceneItems: SceneItemAnswer[] }>(scene, 'GetSceneItemList', { sceneName: scene });
    const items = answer.sceneItems
      .map((item) => ({
        id: item.sceneItemId,
        sourceName: item.sourceName,
        inputKind: item.inputKind ?? null,
        visible: item.sceneItemEnabled,
        index: item.sceneItemIndex,
      }))
      .sort((a, b) => b.index - a.index);
    return { sceneName: scene, items };
  }

  async setSceneItemVisible(input: { sceneName: string; sceneItemId?: number; sourceName?: string; visible: boolean }) {
    let id = input.sceneItemId;
    if (id === undefined) {
      try {
        ({ sceneItemId: id } = await this.request<{ sceneItemId: number }>('GetSceneItemId', {
          sceneName: input.sceneName,
          sourceName: input.sourceName,
        }));
      } catch (error) {
        if (isObsCode(error, Code.ResourceNotFound)) {
          throw new HostError('obs.no_source', { sceneName: input.sceneName, sourceName: input.sourceName ?? '' }, {
            obsCode: Code.ResourceNotFound,
          });
        }
        throw error;
      }
    }
    try {
      await this.request('SetSceneItemEnabled', { sceneName: input.sceneName, sceneItemId: id, sceneItemEnabled: input.visible });
    } catch (error) {
      if (isObsCode(error, Code.ResourceNotFound)) {
        throw new HostError('obs.no_scene_item', { sceneName: input.sceneName, sceneItemId: id }, {
          obsCode: Code.ResourceNotFound,
        });
      }
      throw error;
    }
    return { ok: true as const };
  }

  /** Start/stop requests, with OBS's "already running / not running" turned into a clear message. */
  async output(kind: 'stream' | 'record', action: 'start' | 'stop') {
    const requestType = `${action === 'start' ? 'Start' : 'Stop'}${kind === 'stream' ? 'Stream' : 'Record'}`;
    const label = kind === 'stream' ? 'Streaming' : 'Recording';
    try {
      return await this.request<{ outputPath?: string }>(requestType);
    } catch (error) {
      if (isObsCode(error, Code.OutputRunning)) {
        throw new HostError('obs.output_running', { output: label }, { obsCode: Code.OutputRunning });
      }
      if (isObsCode(error, Code.OutputNotRunning)) {
        throw new HostError('obs.output_not_running', { output: label }, { obsCode: Code.OutputNotRunning });
      }
      throw error;
    }
  }

  async screenshot(input: { sceneName: string; width?: number; format: 'png' | 'jpg' }) {
    const answer = await this.sceneRequest<{ imageData: string }>(
      input.sceneName,
      'GetSourceScreenshot',
      { sourceName: input.sceneName, imageFormat: input.format, imageWidth: input.width ?? 320 },
    );
    return { sceneName: input.sceneName, imageData: answer.imageData };
  }
}
