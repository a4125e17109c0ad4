/**
 * The app's own URL scheme: the Electron windows load the built UI from `broadcart://app/...` instead
 * of file://, so the pages have a real origin the CSP ('self') and the navigation and IPC sender checks
 * hold on to, and no page gets file://'s extra privileges. Pure Node (no Electron import), so the path
 * checks and content types are unit-tested; electron/main/index.ts registers it with `protocol.handle`.
 */
import fs from 'node:fs/promises';
import { pageSecurityHeaders } from '../core/server/request-guards';
import { contentTypeFor, resolveStaticPath } from '../core/server/static-files';

export const appScheme = 'broadcart';
export const appHost = 'app';
/** Every page and asset of the app starts with this. */
export const appUrlPrefix = `${appScheme}://${appHost}/`;

/**
 * Registered before the app is ready. standard: relative URLs, a real origin and web storage;
 * secure: treated like https (no mixed content); supportFetchAPI: module scripts load (Vite's pages are
 * ES modules). corsEnabled stays off, so no other origin can read the app's files.
 */
export const appSchemePrivileges = { standard: true, secure: true, supportFetchAPI: true } as const;

export function appPageUrl(page: string, query: Record<string, string> = {}): string {
  const url = new URL(page, appUrlPrefix);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  return url.href;
}

export type AppRequestTarget = { ok: true; file: string; contentType: string } | { ok: false; status: 404 | 405 };

/**
 * Which file of the renderer folder a request gets. Another host, a path that leaves the folder
 * (`..`, encoded slashes, symlinks out, NUL bytes) or a missing file are 404, like the local server.
 */
export function resolveAppRequest(rendererDir: string, requestUrl: string, method = 'GET'): AppRequestTarget {
  if (method !== 'GET' && method !== 'HEAD') return { ok: false, status: 405 };
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { ok: false, status: 404 };
  }
  if (url.protocol !== `${appScheme}:` || url.host !== appHost) return { ok: false, status: 404 };
  const file = resolveStaticPath(rendererDir, url.pathname);
  return file ? { ok: true, file, contentType: contentTypeFor(file) } : { ok: false, status: 404 };
}

/** The protocol handler: the file with its content type and the same security headers as the server. */
export async function appProtocolResponse(rendererDir: string, request: { url: string; method: string }): Promise<Response> {
  const target = resolveAppRequest(rendererDir, request.url, request.method);
  if (!target.ok) {
    return new Response(target.status === 405 ? 'Method not allowed' : 'Not found', {
      status: target.status,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', ...pageSecurityHeaders },
    });
  }
  const headers = {
    'Content-Type': target.contentType,
    'Cache-Control': target.contentType.startsWith('text/html') ? 'no-store' : 'public, max-age=3600',
    ...pageSecurityHeaders,
  };
  const body = request.method === 'HEAD' ? null : await fs.readFile(target.file);
  return new Response(body, { status: 200, headers });
}
