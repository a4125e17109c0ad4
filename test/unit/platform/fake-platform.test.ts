import { afterEach, describe, expect, it } from 'vitest';
import { PlatformHttp, NetworkError } from '../../../electron/core/features/platform/platform-http';
import { FakePlatform } from '../../support/platforms/fake-platform';

describe('fake platform base and the adapters\' HTTP client', () => {
  const http = new PlatformHttp();
  let fake: FakePlatform;
  afterEach(async () => {
    await fake.stop();
  });

  it('answers through its handler, records the exact body, and can go down and come back on the same port', async () => {
    fake = new FakePlatform('echo', (req) => ({ status: 200, body: { path: req.path, q: req.query.get('a') } }));
    const base = await fake.start();
    const first = await http.request({ method: 'POST', url: `${base}/x?a=1`, body: '{"k": 1}' });
    expect(first.status).toBe(200);
    expect(JSON.parse(first.text)).toEqual({ path: '/x', q: '1' });
    expect(fake.requests[0]?.body).toBe('{"k": 1}');

    await fake.takeDown();
    await expect(http.request({ method: 'GET', url: `${base}/x` })).rejects.toBeInstanceOf(NetworkError);
    await fake.bringBack();
    expect(fake.base).toBe(base);
    expect((await http.request({ method: 'GET', url: `${base}/y` })).status).toBe(200);
  });

  it('injects a throttled answer, and drops an answer after acting on the request', async () => {
    let handled = 0;
    fake = new FakePlatform('count', () => ({ status: 200, body: { handled: ++handled } }));
    const base = await fake.start();
    fake.inject(() => true, { kind: 'respond', response: { status: 429, headers: { 'retry-after': '2' }, body: { error: 'slow down' } } });
    const throttled = await http.request({ method: 'GET', url: `${base}/a` });
    expect(throttled.status).toBe(429);
    expect(throttled.headers['retry-after']).toBe('2');
    expect(handled).toBe(0);

    fake.inject((r) => r.path === '/b', { kind: 'dropAfterHandling' });
    await expect(http.request({ method: 'GET', url: `${base}/b` })).rejects.toBeInstanceOf(NetworkError);
    expect(handled).toBe(1);
    const again = await http.request({ method: 'GET', url: `${base}/b` });
    expect(JSON.parse(again.text)).toEqual({ handled: 2 });
  });

  it('holds an answer until released, and lets a test await a request', async () => {
    fake = new FakePlatform('hold', () => ({ status: 200, body: 'ok' }));
    const base = await fake.start();
    const held = fake.hold((r) => r.path === '/slow');
    const call = http.request({ method: 'GET', url: `${base}/slow` });
    const arrived = await held.arrived;
    expect(arrived.path).toBe('/slow');
    held.release();
    expect((await call).text).toBe('ok');
    const later = fake.waitFor((r) => r.path === '/later');
    await http.request({ method: 'GET', url: `${base}/later` });
    expect((await later).method).toBe('GET');
  });
});
