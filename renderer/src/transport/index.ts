import type { HostClient } from './host-client';
import { createIpcClient } from './ipc-transport';
import { createWsClient } from './ws-transport';

let client: HostClient | null = null;

/**
 * The page's link to the host: IPC when the preload is there (Electron), otherwise the WebSocket of
 * the host that served the page, with the token from the address (`?token=`).
 */
export function hostClient(): HostClient {
  if (client) return client;
  if (window.broadcart) {
    client = createIpcClient(window.broadcart);
  } else {
    const token = new URLSearchParams(window.location.search).get('token') ?? '';
    client = createWsClient(window.location.origin, token);
  }
  return client;
}

export type { AnyHostEvent, HostClient, LinkState } from './host-client';
