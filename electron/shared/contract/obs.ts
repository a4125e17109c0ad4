import { rule } from './validation-texts';
import { z } from 'zod';
import { event, method, noInput, ok } from './define';

/** How the host's link to OBS stands. `auth-failed` and `unreachable` carry a message saying what to do. */
export const obsConnectionStates = ['disconnected', 'connecting', 'connected', 'auth-failed', 'unreachable'] as const;
export const obsConnectionState = z.enum(obsConnectionStates);
export type ObsConnectionState = z.infer<typeof obsConnectionState>;

export const outputStates = ['stopped', 'starting', 'started', 'stopping', 'paused'] as const;
export const outputState = z.enum(outputStates);
export type OutputState = z.infer<typeof outputState>;

const sceneName = z.string().min(1, rule('give_scene_name')).max(500);

export const obsScene = z.object({ name: z.string() });

export const obsStream = z.object({
  state: outputState,
  /** OBS lost the ingest server and is retrying. */
  reconnecting: z.boolean(),
  /** Host wall-clock time when the output started, for elapsed-time displays. */
  startedAt: z.number().nullable(),
});

export const obsRecord = z.object({
  state: outputState,
  startedAt: z.number().nullable(),
  /** File of the last finished recording. */
  path: z.string().nullable(),
});

export const streamHealth = z.object({
  /** Frames OBS rendered per second. */
  fps: z.number(),
  cpuPct: z.number(),
  memoryMb: z.number(),
  /** Over the last sample interval, percent of frames the renderer missed (GPU/CPU overload). */
  renderSkippedPct: z.number(),
  /** Over the last sample interval, percent of frames the encoder skipped. */
  outputSkippedPct: z.number(),
  /** Over the last sample interval, percent of stream frames dropped by the network. */
  droppedPct: z.number(),
  /** 0..1, how full OBS's network buffer is. */
  congestion: z.number(),
  bytesPerSec: z.number(),
  streaming: z.boolean(),
  reconnecting: z.boolean(),
  /** Totals since the stream started (0 when not streaming). */
  totalDroppedFrames: z.number(),
  totalStreamFrames: z.number(),
});
export type StreamHealth = z.infer<typeof streamHealth>;

export const passwordStatus = z.object({
  set: z.boolean(),
  /** Kept across restarts (encrypted on disk) or only until the host stops. */
  remembered: z.boolean(),
  /** How a remembered password is protected: the OS keychain, or an AES key file in the data folder. */
  protection: z.enum(['os', 'key-file', 'none']),
  /**
   * Set when the system keychain cannot protect the password: Electron on Linux found no keyring and
   * would use a fixed key ('basic_text'), so the key file is used instead.
   */
  keychainFallback: z.enum(['linux-basic-text']).optional(),
  /** OBS refused the last password (close code 4009): it was discarded, not kept. Cleared by the next password. */
  rejected: z.boolean(),
});

/**
 * Everything the host knows about OBS at one moment (link, scenes, outputs, health, password): what
 * `obs.getStatus` answers and `obs.state` pushes. Not to be confused with obs-websocket's request status
 * codes (`ObsRequestStatus` in the host's obs feature).
 */
export const obsSnapshot = z.object({
  connection: z.object({
    state: obsConnectionState,
    message: z.string(),
    /** The message's key in the error registry and its parameters, so the UI can say it in its language. */
    messageKey: z.string().optional(),
    messageParams: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    url: z.string(),
    since: z.number(),
    /** While an established link is down (lost, not disconnected on purpose): when it was lost. */
    lostAt: z.number().nullable(),
    /** Once it is back: how long the last loss lasted, in ms (null when the link was never lost). */
    lastOutageMs: z.number().nullable(),
  }),
  obsVersion: z.string().nullable(),
  websocketVersion: z.string().nullable(),
  /** In OBS's UI order (top first). */
  scenes: z.array(obsScene),
  programScene: z.string().nullable(),
  previewScene: z.string().nullable(),
  studioMode: z.boolean(),
  stream: obsStream,
  record: obsRecord,
  health: streamHealth.nullable(),
  password: passwordStatus,
});
export type ObsSnapshot = z.infer<typeof obsSnapshot>;

export const sceneItem = z.object({
  id: z.number().int(),
  sourceName: z.string(),
  inputKind: z.string().nullable(),
  visible: z.boolean(),
  /** Position in the scene, 0 at the bottom. */
  index: z.number().int(),
});

export const obsMethods = {
  'obs.connect': method({
    summary:
      'Connect to OBS (and keep reconnecting). Optional url and password replace the saved ones; remember:false keeps the password only until the host stops. Answers once the first attempt ends.',
    input: z
      .object({
        url: z
          .string()
          .regex(/^wss?:\/\/[^\s]+$/, rule('obs_url'))
          .optional(),
        /** Empty string or null clears the password. */
        password: z.string().max(500).nullable().optional(),
        remember: z.boolean().optional().default(true),
      })
      .strict()
      .optional()
      .default({ remember: true }),
    output: obsSnapshot,
    mutates: true,
  }),
  'obs.setPassword': method({
    summary: 'Store (or clear with null) the OBS websocket password without connecting. Never returned by any method.',
    input: z.object({ password: z.string().max(500).nullable(), remember: z.boolean().optional().default(true) }).strict(),
    output: passwordStatus,
    mutates: true,
  }),
  'obs.disconnect': method({
    summary: 'Disconnect from OBS and stop reconnecting.',
    input: noInput,
    output: obsSnapshot,
    mutates: true,
  }),
  'obs.getStatus': method({
    summary: 'Connection, scenes, program/preview, studio mode, stream/record state and the last health sample.',
    input: noInput,
    output: obsSnapshot,
    mutates: false,
  }),
  'obs.listScenes': method({
    summary: "OBS's scenes in UI order (top first) with the program and preview scene, read from OBS now.",
    input: noInput,
    output: z.object({
      scenes: z.array(obsScene),
      programScene: z.string().nullable(),
      previewScene: z.string().nullable(),
      studioMode: z.boolean(),
    }),
    mutates: false,
  }),
  'obs.setProgramScene': method({
    summary: 'Put a scene on air (program).',
    input: z.object({ sceneName }).strict(),
    output: ok,
    mutates: true,
  }),
  'obs.setPreviewScene': method({
    summary: 'Set the studio-mode preview scene (studio mode must be on).',
    input: z.object({ sceneName }).strict(),
    output: ok,
    mutates: true,
  }),
  'obs.setStudioMode': method({
    summary: 'Turn studio mode (preview + program) on or off.',
    input: z.object({ enabled: z.boolean() }).strict(),
    output: ok,
    mutates: true,
  }),
  'obs.transition': method({
    summary:
      'Studio mode: transition the preview scene to program. transitionName and durationMs apply to this switch only.',
    input: z
      .object({
        transitionName: z.string().min(1).max(200).optional(),
        durationMs: z.number().int().min(50).max(20_000).optional(),
      })
      .strict()
      .optional()
      .default({}),
    output: z.object({ from: z.string().nullable(), to: z.string() }),
    mutates: true,
  }),
  'obs.putSceneOnAir': method({
    summary:
      "Put a scene on air the way the desk is set up: in studio mode it becomes the preview and the studio-mode transition takes it to program; otherwise it is cut to program. Prompter scene cues use this.",
    input: z.object({ sceneName }).strict(),
    output: z.object({
      sceneName: z.string(),
      /** `transition`: through preview (studio mode); `cut`: straight to program; `none`: it was on air already. */
      via: z.enum(['transition', 'cut', 'none']),
      from: z.string().nullable(),
    }),
    mutates: true,
  }),
  'obs.listSceneItems': method({
    summary: 'Sources in a scene (the program scene by default), top first, with their visibility.',
    input: z.object({ sceneName: sceneName.optional() }).strict().optional().default({}),
    output: z.object({ sceneName: z.string(), items: z.array(sceneItem) }),
    mutates: false,
  }),
  'obs.setSceneItemVisible': method({
    summary: 'Show or hide a source in a scene, by scene item id or by source name.',
    input: z
      .object({
        sceneName,
        sceneItemId: z.number().int().nonnegative().optional(),
        sourceName: z.string().min(1).optional(),
        visible: z.boolean(),
      })
      .strict()
      .refine((v) => v.sceneItemId !== undefined || v.sourceName !== undefined, {
        message: rule('give_item_or_source'),
      }),
    output: ok,
    mutates: true,
  }),
  'obs.startStream': method({ summary: 'Start streaming with the service configured in OBS.', input: noInput, output: ok, mutates: true }),
  'obs.stopStream': method({ summary: 'Stop streaming.', input: noInput, output: ok, mutates: true }),
  'obs.startRecord': method({ summary: 'Start recording.', input: noInput, output: ok, mutates: true }),
  'obs.stopRecord': method({
    summary: 'Stop recording; answers the file written.',
    input: noInput,
    output: z.object({ path: z.string().nullable() }),
    mutates: true,
  }),
  'obs.screenshot': method({
    summary: 'A picture of what a scene renders, as a data: URL (PNG by default), sized for thumbnails.',
    input: z
      .object({
        sceneName,
        width: z.number().int().min(8).max(4096).optional(),
        format: z.enum(['png', 'jpg']).optional().default('png'),
      })
      .strict(),
    output: z.object({ sceneName: z.string(), imageData: z.string() }),
    mutates: false,
  }),
};

export const obsEvents = {
  'obs.connection.changed': event({
    summary: 'The link to OBS changed state (lost, recovered, wrong password...), with a message for people.',
    payload: z.object({
      state: obsConnectionState,
      message: z.string(),
      messageKey: z.string().optional(),
      messageParams: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
      /** True on the change that lost an established link (OBS closed or crashed), not on a deliberate disconnect. */
      lost: z.boolean().optional(),
      /** On a reconnect: how long OBS was lost, in ms. */
      outageMs: z.number().optional(),
    }),
    logged: true,
  }),
  'obs.scene.changed': event({
    summary: 'A new program (on-air) scene.',
    payload: z.object({ sceneName: z.string() }),
    logged: true,
  }),
  'obs.preview.changed': event({
    summary: 'A new studio-mode preview scene (null when studio mode is off).',
    payload: z.object({ sceneName: z.string().nullable() }),
    logged: true,
  }),
  'obs.studioMode.changed': event({
    summary: 'Studio mode turned on or off.',
    payload: z.object({ enabled: z.boolean() }),
    logged: true,
  }),
  'obs.transition': event({
    summary: 'A studio-mode transition from the app: preview went to program.',
    payload: z.object({
      from: z.string().nullable(),
      to: z.string(),
      transitionName: z.string().optional(),
      durationMs: z.number().optional(),
    }),
    logged: true,
  }),
  'obs.scenes.changed': event({
    summary: "OBS's scene list changed (added, removed, renamed, reordered).",
    payload: z.object({ scenes: z.array(obsScene) }),
    logged: true,
  }),
  'obs.stream.changed': event({
    summary: 'Streaming started, stopped, or is reconnecting.',
    payload: z.object({ state: outputState, reconnecting: z.boolean() }),
    logged: true,
  }),
  'obs.record.changed': event({
    summary: 'Recording started, paused or stopped (with the file when stopped).',
    payload: z.object({ state: outputState, path: z.string().optional() }),
    logged: true,
  }),
  'obs.sceneItem.changed': event({
    summary: "A source was shown or hidden, or a scene's sources changed.",
    payload: z.object({
      sceneName: z.string(),
      sceneItemId: z.number().optional(),
      visible: z.boolean().optional(),
      change: z.enum(['visibility', 'list']),
    }),
    logged: true,
  }),
  'stream.health': event({
    summary: 'A stream-health sample, every 2 s while connected to OBS.',
    payload: streamHealth,
    logged: true,
  }),
  'stream.alarm': event({
    summary: 'Skipped or dropped frames crossed the configured threshold over the last sample.',
    payload: z.object({
      metric: z.enum(['renderSkipped', 'outputSkipped', 'dropped']),
      valuePct: z.number(),
      thresholdPct: z.number(),
    }),
    logged: true,
  }),
  'obs.state': event({
    summary: 'The full OBS snapshot after any change (for UIs; not logged).',
    payload: obsSnapshot,
    logged: false,
    coalesce: true,
  }),
};
