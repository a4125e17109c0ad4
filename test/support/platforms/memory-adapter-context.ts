import type { PlatformId } from '../../../electron/shared/contract/platform';
import type { AdapterContext, StoredCredentials } from '../../../electron/core/features/platform/adapters/adapter';
import { PlatformHttp } from '../../../electron/core/features/platform/platform-http';

/**
 * A real AdapterContext for adapter tests: a real PlatformHttp, credentials in a plain object (saved as
 * the secret store would: merged, through JSON), and every save recorded for assertions.
 */
export interface MemoryAdapterContext {
  ctx: AdapterContext;
  /** The credentials as stored now. */
  stored(): StoredCredentials;
  /** Every saveCredentials update, in order. */
  readonly saves: StoredCredentials[];
  close(): void;
}

export function memoryAdapterContext(options: {
  platform: PlatformId;
  apiBase: string;
  authBase: string;
  credentials: StoredCredentials;
  redirectUri?: () => string;
  now?: () => number;
}): MemoryAdapterContext {
  let stored: StoredCredentials = JSON.parse(JSON.stringify(options.credentials)) as StoredCredentials;
  const saves: StoredCredentials[] = [];
  const http = new PlatformHttp();
  const ctx: AdapterContext = {
    config: { id: `${options.platform}-test`, platform: options.platform, label: `${options.platform} (test)`, markets: ['US'], apiBase: options.apiBase, authBase: options.authBase },
    credentials: () => stored,
    saveCredentials: async (update) => {
      saves.push(update);
      stored = JSON.parse(JSON.stringify({ ...stored, ...update })) as StoredCredentials;
    },
    http,
    now: options.now ?? (() => Date.now()),
    redirectUri: options.redirectUri ?? (() => 'http://127.0.0.1:1/oauth/callback'),
  };
  return { ctx, stored: () => stored, saves, close: () => http.close() };
}
