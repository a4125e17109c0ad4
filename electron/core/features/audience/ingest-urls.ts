import os from 'node:os';

/**
 * Where a chat bridge posts comments. On a host bound to 127.0.0.1 the bridge must run on this computer;
 * with --lan the addresses use this machine's LAN address, so a bridge on another PC reaches it.
 */
export function ingestUrls(port: number, lan: boolean): { restUrl: string; wsUrl: string } {
  const host = lan ? (lanAddress() ?? '127.0.0.1') : '127.0.0.1';
  return { restUrl: `http://${host}:${port}/api/v1/chat.ingest`, wsUrl: `ws://${host}:${port}/ws` };
}

export function lanAddress(): string | null {
  for (const list of Object.values(os.networkInterfaces())) {
    for (const addr of list ?? []) if (addr.family === 'IPv4' && !addr.internal) return addr.address;
  }
  return null;
}
