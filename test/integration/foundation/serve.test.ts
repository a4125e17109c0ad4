import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import { assertFreshBuild } from '../../support/build-freshness';
import { startServedHost, type ServedHost } from '../../support/served-host';
import { tempDir } from '../../support/temp';

const repo = path.resolve(import.meta.dirname, '../../..');
// These tests run out/main/serve.js: a stale build would test old code.
beforeAll(() => assertFreshBuild(repo));
const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function served(args: string[] = []): Promise<{ host: ServedHost; dataDir: string }> {
  const t = tempDir();
  cleanups.push(t.cleanup);
  const host = await startServedHost(t.dir, args);
  cleanups.push(() => host.kill());
  return { host, dataDir: t.dir };
}

describe('npm run serve', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`prints one line with the address and token, and shuts down cleanly on ${signal}`, async () => {
      const { host, dataDir } = await served();
      expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/);
      const res = await fetch(`${host.baseUrl}/api/v1/system.info`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${host.token}` },
      });
      expect(res.status).toBe(200);
      expect(await host.stop(signal)).toBe(0);
      // A cleanly closed WAL database leaves no -wal file behind and passes an integrity check.
      expect(fs.existsSync(path.join(dataDir, 'broadcart.db-wal'))).toBe(false);
      const db = new BetterSqlite3(path.join(dataDir, 'broadcart.db'), { readonly: true });
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      db.close();
    });
  }

  it('keeps its token across restarts and serves the built UI with security headers', async () => {
    const { host, dataDir } = await served();
    const page = await fetch(`${host.baseUrl}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await fetch(`${host.baseUrl}/../../etc/passwd`)).status).toBe(404);
    expect((await fetch(`${host.baseUrl}/%2e%2e/%2e%2e/package.json`)).status).toBe(404);
    await host.stop();
    const again = await startServedHost(dataDir);
    cleanups.push(() => again.kill());
    expect(again.token).toBe(host.token);
  });

  it('binds 127.0.0.1 only unless --lan is given', async () => {
    const { host } = await served();
    const listening = fs.readFileSync('/proc/net/tcp', 'utf8');
    const portHex = host.port.toString(16).toUpperCase().padStart(4, '0');
    expect(listening).toContain(`0100007F:${portHex}`);
    expect(listening).not.toContain(`00000000:${portHex}`);
  });

  it('survives bad requests: malformed JSON, wrong token, unknown method, huge body', async () => {
    const { host } = await served();
    const post = (name: string, body: string, token = host.token) =>
      fetch(`${host.baseUrl}/api/v1/${name}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body,
      });
    expect((await post('system.info', '{', host.token)).status).toBe(400);
    expect((await post('system.info', '{}', 'nope')).status).toBe(401);
    expect((await post('nope.nothing', '{}')).status).toBe(404);
    const huge = await post('system.info', `{"x":"${'a'.repeat(17 * 1024 * 1024)}"}`).catch(() => null);
    if (huge) expect(huge.status).toBe(413);
    expect((await post('system.info', '{}')).status).toBe(200);
  });

  it('refuses bad flags and a data folder it cannot use, with a clear message', () => {
    const run = (args: string[]) => spawnSync(process.execPath, ['out/main/serve.js', ...args], { cwd: repo, encoding: 'utf8' });
    const badPort = run(['--port', 'abc']);
    expect(badPort.status).toBe(1);
    expect(badPort.stderr).toMatch(/--port must be a number/);
    const badLang = run(['--lang', 'xx']);
    expect(badLang.stderr).toMatch(/--lang must be one of en, zh-CN/);
    const t = tempDir();
    fs.writeFileSync(path.join(t.dir, 'broadcart.db'), 'garbage '.repeat(100));
    const corrupt = run(['--port', '0', '--data-dir', t.dir]);
    expect(corrupt.status).toBe(1);
    expect(corrupt.stderr).toContain(path.join(t.dir, 'broadcart.db'));
    t.cleanup();
  });

  it('applies --lang to the UI language setting', async () => {
    const { host } = await served(['--lang', 'zh-CN']);
    const res = await fetch(`${host.baseUrl}/api/v1/settings.get`, { method: 'POST', headers: { Authorization: `Bearer ${host.token}` } });
    expect((await res.json()).general.language).toBe('zh-CN');
  });
});
