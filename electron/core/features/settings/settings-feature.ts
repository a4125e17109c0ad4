import type { Feature, HostContext } from '../../context';

export function settingsFeature(ctx: HostContext): Feature {
  return {
    name: 'settings',
    handlers: {
      'settings.get': () => ctx.settings.get(),
      'settings.set': (patch) => ctx.settings.set(patch),
    },
  };
}
