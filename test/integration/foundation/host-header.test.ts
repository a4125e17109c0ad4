import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestHost, type TestHost } from '../../support/host';

// A real host listening on a real port: the DNS-rebinding guard is checked where a browser would meet it,
// not only in the request-guards unit test (a server that forgot to call the guard passed that one).
let h: TestHost;
beforeAll(async () => {
  h = await startTestHost();
});
afterAll(() => h.stop());

/** A raw HTTP request with a Host header of our choosing (fetch would set its own). */
function request(path: string, host: string, init: { method?: string; body?: string; token?: string } = {}) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: h.host.server.port,
        path,
        method: init.method ?? 'GET',
        headers: {
          host,
          ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
          ...(init.body ? { 'content-type': 'application/json' } : {}),
        },
      },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

describe('the running server and the Host header', () => {
  const foreignHosts = () => ['evil.example', `evil.example:${h.host.server.port}`, `127.0.0.1:${h.host.server.port + 1}`, 'localhost.evil.example'];

  it('refuses a foreign Host with 403 on the API, even with the control token', async () => {
    for (const host of foreignHosts()) {
      const res = await request('/api/v1/system.info', host, { method: 'POST', body: '{}', token: h.token });
      expect(res.status, host).toBe(403);
      expect(JSON.parse(res.body).error).toMatchObject({ code: 'forbidden', message: expect.stringContaining('is not served here') });
    }
  });

  it('refuses a foreign Host with 403 on pages and feature routes', async () => {
    for (const path of ['/', '/index.html', `/prompter.html?token=${h.token}`, `/overlay?token=${h.token}`]) {
      expect((await request(path, 'evil.example')).status, path).toBe(403);
    }
  });

  it('refuses a WebSocket upgrade with a foreign Host with 403', async () => {
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${h.host.server.port}/ws?token=${h.token}`, { headers: { host: 'evil.example' } });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('error', () => {});
      ws.on('open', () => {
        ws.close();
        resolve(101);
      });
    });
    expect(status).toBe(403);
  });

  it('answers its own names', async () => {
    const port = h.host.server.port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, '127.0.0.1']) {
      const res = await request('/api/v1/system.info', host, { method: 'POST', body: '{}', token: h.token });
      expect(res.status, host).toBe(200);
    }
  });
});
