import { methodNames, methods, scopeAllows } from '../../../shared/contract';
import { uiLanguages } from '../../../shared/languages';
import type { Feature, HostContext } from '../../context';

export function systemFeature(ctx: HostContext): Feature {
  return {
    name: 'system',
    handlers: {
      // A narrower token learns only what it needs: the methods it may call, and no host paths.
      'system.info': (_input, call) => ({
        name: 'Broadcart Studio',
        version: ctx.options.version,
        ...(call.scope === 'control' ? { dataDir: ctx.options.dataDir } : {}),
        runtime: ctx.options.runtime,
        methods: methodNames.filter((name) => scopeAllows(methods[name], call.scope)),
        languages: [...uiLanguages],
        scope: call.scope,
      }),
    },
  };
}
