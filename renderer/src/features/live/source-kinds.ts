/**
 * OBS input kinds (ids such as `color_source_v3`) as the i18n key of a name people know from OBS's own
 * "Add source" menu. The version suffix OBS adds when a source type changes (_v2, _v3) is dropped first.
 */
const knownKinds = new Set([
  'image_source',
  'color_source',
  'slideshow',
  'ffmpeg_source',
  'vlc_source',
  'text_ft2_source',
  'text_gdiplus',
  'browser_source',
  'xshm_input',
  'xcomposite_input',
  'pipewire-desktop-capture-source',
  'pipewire-window-capture-source',
  'monitor_capture',
  'window_capture',
  'game_capture',
  'display_capture',
  'screen_capture',
  'v4l2_input',
  'dshow_input',
  'av_capture_input',
  'pulse_input_capture',
  'pulse_output_capture',
  'alsa_input_capture',
  'wasapi_input_capture',
  'wasapi_output_capture',
  'wasapi_process_output_capture',
  'coreaudio_input_capture',
  'coreaudio_output_capture',
]);

/** `sources.kind.<id>` for a known kind, `sources.kind.scene` for a nested scene or group, else null. */
export function sourceKindKey(inputKind: string | null): string | null {
  if (inputKind === null) return 'sources.kind.scene';
  const base = inputKind.replace(/_v\d+$/, '');
  return knownKinds.has(base) ? `sources.kind.${base}` : null;
}
