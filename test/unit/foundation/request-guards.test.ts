import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allowedHostNames, isAllowedHost, isAllowedOrigin, parseHostHeader } from '../../../electron/core/server/request-guards';
import { resolveStaticPath } from '../../../electron/core/server/static-files';
import { tempDir } from '../../support/temp';

describe('Host header check (DNS rebinding)', () => {
  const local = allowedHostNames(false);
  it('accepts the loopback names on the bound port', () => {
    expect(isAllowedHost('127.0.0.1:7420', local, 7420)).toBe(true);
    expect(isAllowedHost('localhost:7420', local, 7420)).toBe(true);
    expect(isAllowedHost('[::1]:7420', local, 7420)).toBe(true);
  });
  it('refuses foreign names, other ports, and malformed headers', () => {
    expect(isAllowedHost('evil.example', local, 7420)).toBe(false);
    expect(isAllowedHost('evil.example:7420', local, 7420)).toBe(false);
    expect(isAllowedHost('127.0.0.1:9999', local, 7420)).toBe(false);
    expect(isAllowedHost('127.0.0.1.evil.example:7420', local, 7420)).toBe(false);
    expect(isAllowedHost(undefined, local, 7420)).toBe(false);
    expect(isAllowedHost('a b', local, 7420)).toBe(false);
    expect(parseHostHeader('LOCALHOST:80')).toEqual({ name: 'localhost', port: '80' });
  });
  it('checks WebSocket origins the same way, and lets origin-less clients through to the token check', () => {
    expect(isAllowedOrigin('http://127.0.0.1:7420', local, 7420)).toBe(true);
    expect(isAllowedOrigin('https://evil.example', local, 7420)).toBe(false);
    expect(isAllowedOrigin('null', local, 7420)).toBe(false);
    expect(isAllowedOrigin('file://', local, 7420)).toBe(false);
    expect(isAllowedOrigin(undefined, local, 7420)).toBe(true);
  });
});

describe('static files', () => {
  it('serve pages from the folder and nothing outside it', () => {
    const t = tempDir();
    const root = path.join(t.dir, 'www');
    fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(root, 'index.html'), 'index');
    fs.writeFileSync(path.join(root, 'prompter.html'), 'prompter');
    fs.writeFileSync(path.join(root, 'assets', 'a.js'), 'js');
    fs.writeFileSync(path.join(t.dir, 'secret.txt'), 'secret');
    fs.symlinkSync(path.join(t.dir, 'secret.txt'), path.join(root, 'link.txt'));

    expect(resolveStaticPath(root, '/')).toBe(fs.realpathSync(path.join(root, 'index.html')));
    expect(resolveStaticPath(root, '/prompter')).toBe(fs.realpathSync(path.join(root, 'prompter.html')));
    expect(resolveStaticPath(root, '/assets/a.js')).toBe(fs.realpathSync(path.join(root, 'assets', 'a.js')));
    for (const evil of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..\\secret.txt', '/link.txt', '/%00', '/%E0%A4%A']) {
      expect(resolveStaticPath(root, evil), evil).toBeNull();
    }
    t.cleanup();
  });
});
