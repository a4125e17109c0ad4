import fs from 'node:fs';
import path from 'node:path';

/** A source placed in a seeded scene: a solid colour (0xAABBGGRR) or a FreeType text (both exist in Debian's OBS). */
export type SeedSource =
  | { kind: 'color'; name: string; color: number; visible?: boolean }
  | { kind: 'text'; name: string; text: string; visible?: boolean };

export interface SeedScene {
  name: string;
  sources: SeedSource[];
}

/** The scenes every harness OBS starts with, in the order OBS shows them. */
export const defaultSeedScenes: SeedScene[] = [
  {
    name: 'Intro',
    sources: [
      { kind: 'color', name: 'Intro Background', color: 0xff802020 },
      { kind: 'text', name: 'Intro Title', text: 'Welcome' },
    ],
  },
  {
    name: 'Product Closeup',
    sources: [
      { kind: 'color', name: 'Closeup Background', color: 0xff208020 },
      { kind: 'text', name: 'Price Tag', text: '$24.99' },
      { kind: 'text', name: 'Hidden Banner', text: 'Flash deal', visible: false },
    ],
  },
  { name: 'Host Camera', sources: [{ kind: 'color', name: 'Camera Placeholder', color: 0xff202080 }] },
  { name: 'Break', sources: [{ kind: 'text', name: 'Back Soon', text: 'Back in a minute' }] },
];

export const collectionName = 'Broadcart';
export const profileName = 'Broadcart';

/** OBS encodes its version as (major << 24) | (minor << 16) | patch; 29.0.2 here. */
const lastVersion = (29 << 24) | (0 << 16) | 2;

export interface ObsConfigOptions {
  configHome: string;
  port: number;
  password?: string;
  recordDir: string;
  scenes: SeedScene[];
  /** UDP port the stream goes to (RIST, which needs no server to accept it). */
  streamPort: number;
}

/**
 * Writes an isolated OBS configuration: global.ini (websocket server on, wizard and preview off), a cheap
 * profile (640x360 at 10 fps, simple output recording to mkv) and a seeded scene collection.
 */
export function writeObsConfig(options: ObsConfigOptions): void {
  const root = path.join(options.configHome, 'obs-studio');
  fs.mkdirSync(path.join(root, 'basic/scenes'), { recursive: true });
  fs.mkdirSync(path.join(root, 'basic/profiles', profileName), { recursive: true });
  fs.mkdirSync(options.recordDir, { recursive: true });

  fs.writeFileSync(path.join(root, 'global.ini'), globalIni(options));
  fs.writeFileSync(path.join(root, 'basic/profiles', profileName, 'basic.ini'), profileIni(options.recordDir));
  // Streaming goes to a local UDP port over RIST: a real stream output without any ingest server.
  fs.writeFileSync(
    path.join(root, 'basic/profiles', profileName, 'service.json'),
    JSON.stringify({ type: 'rtmp_custom', settings: { server: `rist://127.0.0.1:${options.streamPort}`, key: '' } }),
  );
  fs.writeFileSync(path.join(root, 'basic/scenes', `${collectionName}.json`), JSON.stringify(sceneCollection(options.scenes), null, 2));
}

/** Rewrites only the websocket section, keeping what OBS saved (used to restart with another password). */
export function writeGlobalIni(options: ObsConfigOptions): void {
  fs.writeFileSync(path.join(options.configHome, 'obs-studio', 'global.ini'), globalIni(options));
}

function globalIni(options: ObsConfigOptions): string {
  return [
    '[General]',
    'FirstRun=true',
    `LastVersion=${lastVersion}`,
    'EnableAutoUpdates=false',
    'ConfirmOnExit=false',
    '',
    '[BasicWindow]',
    'PreviewEnabled=false',
    'SysTrayEnabled=false',
    'SysTrayWhenStarted=false',
    'WarnBeforeStartingStream=false',
    'WarnBeforeStoppingStream=false',
    'WarnBeforeStoppingRecord=false',
    '',
    '[Basic]',
    `Profile=${profileName}`,
    `ProfileDir=${profileName}`,
    `SceneCollection=${collectionName}`,
    `SceneCollectionFile=${collectionName}`,
    '',
    '[OBSWebSocket]',
    'FirstLoad=false',
    'ServerEnabled=true',
    `ServerPort=${options.port}`,
    'AlertsEnabled=false',
    `AuthRequired=${options.password ? 'true' : 'false'}`,
    `ServerPassword=${options.password ?? ''}`,
    '',
  ].join('\n');
}

function profileIni(recordDir: string): string {
  return [
    '[General]',
    `Name=${profileName}`,
    '',
    '[Video]',
    'BaseCX=640',
    'BaseCY=360',
    'OutputCX=640',
    'OutputCY=360',
    'FPSType=1',
    'FPSInt=10',
    '',
    '[Output]',
    'Mode=Simple',
    '',
    '[SimpleOutput]',
    `FilePath=${recordDir}`,
    'RecFormat=mkv',
    'RecQuality=Stream',
    'VBitrate=300',
    'ABitrate=64',
    'StreamEncoder=x264',
    'RecEncoder=x264',
    'Preset=ultrafast',
    '',
    '[Audio]',
    'SampleRate=44100',
    'ChannelSetup=Mono',
    '',
  ].join('\n');
}

function sourceJson(source: SeedSource) {
  if (source.kind === 'color') {
    return {
      id: 'color_source',
      versioned_id: 'color_source_v3',
      name: source.name,
      settings: { color: source.color, width: 640, height: 360 },
    };
  }
  return {
    id: 'text_ft2_source',
    versioned_id: 'text_ft2_source_v2',
    name: source.name,
    settings: { text: source.text, font: { face: 'Sans Serif', size: 48, style: 'Regular', flags: 0 } },
  };
}

function sceneCollection(scenes: SeedScene[]) {
  const sources: object[] = [];
  for (const scene of scenes) {
    const items = scene.sources.map((source, i) => ({
      name: source.name,
      id: i + 1,
      visible: source.visible ?? true,
      locked: false,
      rot: 0,
      pos: { x: 0, y: source.kind === 'text' ? 40 + i * 60 : 0 },
      scale: { x: 1, y: 1 },
      align: 5,
      bounds_type: 0,
      bounds_align: 0,
      bounds: { x: 0, y: 0 },
      crop_left: 0,
      crop_top: 0,
      crop_right: 0,
      crop_bottom: 0,
    }));
    sources.push({
      id: 'scene',
      versioned_id: 'scene',
      name: scene.name,
      settings: { items, id_counter: items.length, custom_size: false },
    });
    for (const source of scene.sources) sources.push(sourceJson(source));
  }
  const first = scenes[0]?.name ?? '';
  return {
    name: collectionName,
    current_scene: first,
    current_program_scene: first,
    scene_order: scenes.map((s) => ({ name: s.name })),
    sources,
    groups: [],
    transitions: [],
    current_transition: 'Fade',
    transition_duration: 300,
    preview_locked: false,
    scaling_enabled: false,
    modules: {},
  };
}
