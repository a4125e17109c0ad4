import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { methodNames, methods, scopeAllows, type Scope } from '../../../electron/shared/contract';
import { startTestHost, type TestHost } from '../../support/host';

// Over real HTTP, with each scope's real token: what a co-host device or an OBS overlay can learn and open.
let h: TestHost;
beforeAll(async () => {
  h = await startTestHost();
});
afterAll(() => h.stop());

const tokenOf = (scope: Scope) => h.host.context.tokens.token(scope);
async function info(scope: Scope) {
  const res = await fetch(`${h.baseUrl}/api/v1/system.info`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${tokenOf(scope)}`, 'Content-Type': 'application/json' },
    body: '{}',
  });
  expect(res.status).toBe(200);
  const text = await res.text();
  return { text, body: JSON.parse(text) as { dataDir?: string; methods: string[]; scope: Scope } };
}
const open = (path: string, headers: Record<string, string> = {}) => fetch(`${h.baseUrl}${path}`, { redirect: 'manual', headers });

describe('system.info for each token scope', () => {
  it('gives the control token the data folder and every method', async () => {
    const { body } = await info('control');
    expect(body.scope).toBe('control');
    expect(body.dataDir).toBe(h.dataDir);
    expect(body.methods).toEqual([...methodNames]);
  });

  for (const scope of ['follow', 'overlay'] as const) {
    it(`gives the ${scope} token no host path, and only the methods it may call`, async () => {
      const { body, text } = await info(scope);
      expect(body.scope).toBe(scope);
      expect(body).not.toHaveProperty('dataDir');
      expect(text).not.toContain(h.dataDir);
      const allowed = methodNames.filter((name) => scopeAllows(methods[name], scope));
      expect(body.methods).toEqual(allowed);
      expect(body.methods).toContain('system.info');
      expect(body.methods).not.toContain('settings.set');
      // Every listed method is really callable with this token (none answers 403).
      for (const name of body.methods) {
        const res = await fetch(`${h.baseUrl}/api/v1/${name}`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${tokenOf(scope)}`, 'Content-Type': 'application/json' },
          body: '{}',
        });
        expect(res.status, name).not.toBe(403);
      }
    });
  }
});

describe('the control room address opened with a narrower token', () => {
  it("sends a follow token to its prompter lane in the link's language", async () => {
    const token = tokenOf('follow');
    const res = await open(`/?token=${token}&lang=es`);
    expect(res.status).toBe(302);
    const target = new URL(res.headers.get('location')!, h.baseUrl);
    expect(target.pathname).toBe('/prompter');
    expect(Object.fromEntries(target.searchParams)).toEqual({ token, lane: 'follower', lang: 'es' });
    expect((await open(`/index.html?token=${token}&lang=es`)).headers.get('location')).toBe(res.headers.get('location'));
  });

  it("falls back to the browser's language, then English", async () => {
    const token = tokenOf('follow');
    const zh = await open(`/?token=${token}`, { 'Accept-Language': 'zh-CN,zh;q=0.9,en;q=0.8' });
    expect(new URL(zh.headers.get('location')!, h.baseUrl).searchParams.get('lang')).toBe('zh-CN');
    const plain = await open(`/?token=${token}&lang=<script>`);
    expect(new URL(plain.headers.get('location')!, h.baseUrl).searchParams.get('lang')).toBe('en');
  });

  it('sends an overlay token to the overlay, keeping its market', async () => {
    const token = tokenOf('overlay');
    const res = await open(`/?token=${token}&market=DE`);
    expect(res.status).toBe(302);
    const target = new URL(res.headers.get('location')!, h.baseUrl);
    expect(target.pathname).toBe('/overlay');
    expect(Object.fromEntries(target.searchParams)).toEqual({ token, market: 'DE' });
  });

  it('leaves the control token, a wrong token and the prompter page alone', async () => {
    for (const path of [`/?token=${tokenOf('control')}`, '/?token=wrong', '/', `/prompter?token=${tokenOf('follow')}&lane=follower&lang=es`]) {
      expect((await open(path)).status, path).not.toBe(302);
    }
  });
});
