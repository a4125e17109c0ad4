import os from 'node:os';
import type { IncomingMessage } from 'node:http';

/**
 * Host names this server answers to. A browser page on another site can make a victim's browser talk to
 * 127.0.0.1 through DNS rebinding (evil.example resolving to 127.0.0.1); such requests still carry
 * `Host: evil.example`, so anything outside this list is refused.
 */
export function allowedHostNames(lan: boolean): Set<string> {
  const names = new Set(['127.0.0.1', 'localhost', '[::1]']);
  if (lan) {
    names.add(os.hostname().toLowerCase());
    names.add(`${os.hostname().toLowerCase()}.local`);
    for (const list of Object.values(os.networkInterfaces())) {
      for (const addr of list ?? []) names.add(addr.family === 'IPv6' ? `[${addr.address}]` : addr.address);
    }
  }
  return names;
}

/** Splits a Host header into name and port; null when it is malformed. */
export function parseHostHeader(host: string | undefined): { name: string; port: string | null } | null {
  if (!host) return null;
  const match = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?$/.exec(host.trim());
  if (!match) return null;
  return { name: match[1]!.toLowerCase(), port: match[2] ?? null };
}

export function isAllowedHost(host: string | undefined, allowed: Set<string>, port: number): boolean {
  const parsed = parseHostHeader(host);
  if (!parsed) return false;
  if (parsed.port !== null && Number(parsed.port) !== port) return false;
  return allowed.has(parsed.name);
}

/**
 * WebSocket upgrades carry an Origin when a browser makes them. A page may connect only from this
 * server's own origin; clients without an Origin (Companion, scripts, Electron's main) still need a token.
 */
export function isAllowedOrigin(origin: string | undefined, allowed: Set<string>, port: number): boolean {
  if (origin === undefined) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  return isAllowedHost(url.host, allowed, port);
}

/** The token from `Authorization: Bearer`, or from `?token=` (for links and WebSocket URLs). */
export function tokenOf(req: IncomingMessage, url: URL): string | null {
  const auth = req.headers.authorization;
  if (auth) {
    const match = /^Bearer\s+(\S+)$/i.exec(auth);
    return match ? match[1]! : null;
  }
  return url.searchParams.get('token');
}

export const pageSecurityHeaders: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
};
