import type { PreloadApi } from '../../../electron/shared/ipc';
import { errorFromBody, type AnyHostEvent, type HostClient } from './host-client';

declare global {
  interface Window {
    broadcart?: PreloadApi;
  }
}

/** Inside Electron: the preload's functions, one per contract method. */
export function createIpcClient(api: PreloadApi): HostClient {
  return {
    kind: 'ipc',
    clientId: () => null,
    async call(method, input) {
      const fn = api.methods[method];
      if (!fn) throw errorFromBody({ code: 'unknown_method', message: `The preload has no ${method}.` });
      const envelope = await fn(input);
      if (envelope.ok) return envelope.result as never;
      throw errorFromBody(envelope.error);
    },
    onEvent(listener) {
      return api.onEvent((event) => listener(event as AnyHostEvent));
    },
    onLinkState(listener) {
      listener('online');
      return () => {};
    },
  };
}
