import { methodNames } from '../../../shared/contract';
import { uiLanguages } from '../../../shared/languages';
import type { Feature, HostContext } from '../../context';

export function systemFeature(ctx: HostContext): Feature {
  return {
    name: 'system',
    handlers: {
      'system.info': (_input, call) => ({
        name: 'Broadcart Studio',
        version: ctx.options.version,
        dataDir: ctx.options.dataDir,
        runtime: ctx.options.runtime,
        methods: [...methodNames],
        languages: [...uiLanguages],
        scope: call.scope,
      }),
    },
  };
}
