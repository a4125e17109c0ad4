import os from 'node:os';
import QRCode from 'qrcode';

/**
 * The address a co-host's device opens: the prompter page as a follower lane in their language, with
 * the follow-only token (it can read the script and follow the host, nothing else). On a host bound to
 * 127.0.0.1 the link works on this computer only; with --lan it uses this machine's LAN address.
 */
export async function coHostLink(options: { port: number; lan: boolean; followToken: string; language: string }) {
  const hostName = options.lan ? (lanAddress() ?? '127.0.0.1') : '127.0.0.1';
  const url = new URL(`http://${hostName}:${options.port}/prompter`);
  url.searchParams.set('token', options.followToken);
  url.searchParams.set('lane', 'follower');
  url.searchParams.set('lang', options.language);
  const href = url.toString();
  const qrSvg = await QRCode.toString(href, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  return { url: href, qrSvg, lanAccess: options.lan };
}

function lanAddress(): string | null {
  for (const list of Object.values(os.networkInterfaces())) {
    for (const addr of list ?? []) if (addr.family === 'IPv4' && !addr.internal) return addr.address;
  }
  return null;
}
