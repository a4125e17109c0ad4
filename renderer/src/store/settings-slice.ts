import type { MethodOutput } from '../../../electron/shared/contract';
import type { SettingsPatch } from '../../../electron/shared/contract/settings';
import type { HostClient } from '../transport';
import type { EventHandler, Slice } from './types';

type Settings = MethodOutput<'settings.get'>;
type Info = MethodOutput<'system.info'>;

export interface SettingsSlice {
  settings: Settings | null;
  info: Info | null;
  loadSettings(): Promise<void>;
  updateSettings(patch: SettingsPatch): Promise<void>;
}

export const createSettingsSlice =
  (client: HostClient): Slice<SettingsSlice> =>
  (set) => ({
    settings: null,
    info: null,
    async loadSettings() {
      const [settings, info] = await Promise.all([client.call('settings.get'), client.call('system.info')]);
      set({ settings, info });
    },
    async updateSettings(patch) {
      set({ settings: await client.call('settings.set', patch) });
    },
  });

export const onSettingsEvent: EventHandler = (event, set) => {
  if (event.name === 'settings.changed') set({ settings: event.payload });
};
