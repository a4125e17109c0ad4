import fs from 'node:fs';
import path from 'node:path';
import type { ServerResponse } from 'node:http';
import { pageSecurityHeaders } from './request-guards';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
};

/** The Content-Type a built UI file is served with (pages, module scripts and styles need the right one). */
export function contentTypeFor(file: string): string {
  return contentTypes[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Resolves a URL path to a file inside `root`, or null. Anything that would leave the folder (`..`,
 * encoded slashes, absolute paths, NUL bytes) resolves to null and answers 404, like a missing file.
 * A path without an extension is a page: `/prompter` serves `prompter.html`, `/` serves `index.html`.
 */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const rootResolved = path.resolve(root);
  let relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  if (path.extname(relative) === '') relative = `${relative.replace(/\/+$/, '')}.html`;
  const full = path.resolve(rootResolved, relative);
  if (full !== rootResolved && !full.startsWith(rootResolved + path.sep)) return null;
  try {
    const real = fs.realpathSync(full);
    if (!real.startsWith(fs.realpathSync(rootResolved) + path.sep)) return null;
    return fs.statSync(real).isFile() ? real : null;
  } catch {
    return null;
  }
}

/**
 * Addresses browsers and tablets ask for by themselves, whatever the page links: the app icon
 * (resources/icons, copied next to the pages by the build). A PNG answers /favicon.ico in every browser.
 */
const iconAliases: Record<string, string> = {
  '/favicon.ico': '/256x256.png',
  '/apple-touch-icon.png': '/256x256.png',
  '/apple-touch-icon-precomposed.png': '/256x256.png',
};

export function serveStatic(root: string, urlPath: string, res: ServerResponse, headOnly: boolean): boolean {
  const file = resolveStaticPath(root, iconAliases[urlPath] ?? urlPath);
  if (!file) return false;
  const ext = path.extname(file);
  const headers: Record<string, string> = {
    'Content-Type': contentTypeFor(file),
    'Cache-Control': ext === '.html' ? 'no-store' : 'public, max-age=3600',
    ...pageSecurityHeaders,
  };
  res.writeHead(200, headers);
  if (headOnly) {
    res.end();
    return true;
  }
  fs.createReadStream(file).pipe(res);
  return true;
}
