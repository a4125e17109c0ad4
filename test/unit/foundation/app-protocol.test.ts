import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  appPageUrl,
  appProtocolResponse,
  appSchemePrivileges,
  resolveAppRequest,
} from '../../../electron/main/app-protocol';
import { pageSecurityHeaders } from '../../../electron/core/server/request-guards';
import { tempDir } from '../../support/temp';

// A renderer folder like the built one, plus a secret file beside it that no request may reach.
const temp = tempDir('broadcart-app-protocol-');
afterAll(() => temp.cleanup());
const renderer = path.join(temp.dir, 'renderer');
fs.mkdirSync(path.join(renderer, 'assets'), { recursive: true });
fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>Broadcart</title>');
fs.writeFileSync(path.join(renderer, 'prompter.html'), '<!doctype html><title>Prompter</title>');
fs.writeFileSync(path.join(renderer, 'assets', 'index-abc.js'), 'export const x = 1;');
fs.writeFileSync(path.join(renderer, 'assets', 'index-abc.css'), 'body{}');
fs.writeFileSync(path.join(renderer, 'assets', 'logo.svg'), '<svg/>');
fs.writeFileSync(path.join(renderer, 'assets', 'font.woff2'), 'w');
fs.writeFileSync(path.join(renderer, 'assets', 'blob.bin'), 'b');
fs.writeFileSync(path.join(temp.dir, 'secret.txt'), 'password');
fs.symlinkSync(path.join(temp.dir, 'secret.txt'), path.join(renderer, 'assets', 'link.txt'));

describe('the broadcart:// app protocol', () => {
  it('is registered standard and secure, and closed to other origins', () => {
    expect(appSchemePrivileges).toMatchObject({ standard: true, secure: true });
    expect(appSchemePrivileges).not.toHaveProperty('corsEnabled');
    expect(appSchemePrivileges).not.toHaveProperty('bypassCSP');
  });

  it('builds page addresses with their query', () => {
    expect(appPageUrl('index.html')).toBe('broadcart://app/index.html');
    expect(appPageUrl('prompter.html', { lane: 'follower', lang: 'zh-CN' })).toBe('broadcart://app/prompter.html?lane=follower&lang=zh-CN');
  });

  it('serves the pages and assets of the renderer folder with the right content types', () => {
    const cases: [string, string, string][] = [
      ['broadcart://app/index.html', 'index.html', 'text/html; charset=utf-8'],
      ['broadcart://app/', 'index.html', 'text/html; charset=utf-8'],
      ['broadcart://app/prompter.html?lane=lead', 'prompter.html', 'text/html; charset=utf-8'],
      ['broadcart://app/assets/index-abc.js', 'assets/index-abc.js', 'text/javascript; charset=utf-8'],
      ['broadcart://app/assets/index-abc.css', 'assets/index-abc.css', 'text/css; charset=utf-8'],
      ['broadcart://app/assets/logo.svg', 'assets/logo.svg', 'image/svg+xml'],
      ['broadcart://app/assets/font.woff2', 'assets/font.woff2', 'font/woff2'],
      ['broadcart://app/assets/blob.bin', 'assets/blob.bin', 'application/octet-stream'],
    ];
    for (const [url, file, type] of cases) {
      expect(resolveAppRequest(renderer, url), url).toEqual({ ok: true, file: fs.realpathSync(path.join(renderer, file)), contentType: type });
    }
  });

  it('refuses every path that leaves the renderer folder, other hosts and schemes, and writes', () => {
    for (const url of [
      'broadcart://app/../secret.txt',
      'broadcart://app/%2e%2e/secret.txt',
      'broadcart://app/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      'broadcart://app/..%5csecret.txt',
      'broadcart://app/assets/..%2F..%2Fsecret.txt',
      'broadcart://app/%00index.html',
      'broadcart://app/%E0%A4%A',
      'broadcart://app/assets/link.txt',
      `broadcart://app/${encodeURIComponent(path.join(temp.dir, 'secret.txt'))}`,
      'broadcart://app/missing.js',
      'broadcart://other/index.html',
      'file:///etc/passwd',
      'https://app/index.html',
      'not a url',
    ]) {
      expect(resolveAppRequest(renderer, url), url).toEqual({ ok: false, status: 404 });
    }
    expect(resolveAppRequest(renderer, 'broadcart://app/index.html', 'POST')).toEqual({ ok: false, status: 405 });
  });

  it('answers with the file, its content type and the CSP; 404 without a body from outside', async () => {
    const page = await appProtocolResponse(renderer, { url: 'broadcart://app/assets/index-abc.js', method: 'GET' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(pageSecurityHeaders['Content-Security-Policy']);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toBe('export const x = 1;');

    const html = await appProtocolResponse(renderer, { url: 'broadcart://app/index.html', method: 'GET' });
    expect(html.headers.get('cache-control')).toBe('no-store');

    const head = await appProtocolResponse(renderer, { url: 'broadcart://app/index.html', method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');

    const escape = await appProtocolResponse(renderer, { url: 'broadcart://app/%2e%2e/secret.txt', method: 'GET' });
    expect(escape.status).toBe(404);
    expect(await escape.text()).not.toContain('password');
  });
});
