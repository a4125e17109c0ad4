import type { OBSWebSocket } from 'obs-websocket-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeTikTokShop } from '../../support/platforms/tiktok-shop';
import { startTestHost, type TestHost } from '../../support/host';
import { startObs, type ObsInstance } from '../../support/obs';
import { waitFor } from './wait';

/**
 * The pre-flight of a TikTok Shop LIVE reads OBS's outputs (obs-websocket 5 GetOutputList) from a real OBS:
 * what obs-websocket can tell is which outputs exist, their kind, flags (a service output streams to a
 * server) and whether they are active, and the stream server address (a relay such as Restream).
 * OBS's own stream output exists only once the stream has started.
 */
let obs: ObsInstance;
let host: TestHost;
let observer: OBSWebSocket;
let tiktok: FakeTikTokShop;

beforeAll(async () => {
  obs = await startObs();
  host = await startTestHost();
  observer = await obs.connectClient();
  tiktok = new FakeTikTokShop();
  await tiktok.start();
  await host.call('platform.save', {
    platform: 'tiktok-shop',
    label: 'TikTok CN',
    markets: ['CN'],
    apiBase: tiktok.base,
    authBase: tiktok.base,
    credentials: { appKey: tiktok.appKey, appSecret: tiktok.appSecret },
  });
  expect((await host.call('obs.connect', { url: obs.url })).connection.state).toBe('connected');
});
afterAll(async () => {
  await observer?.disconnect();
  await host?.stop();
  await tiktok?.stop();
  await obs?.dispose();
});

describe('OBS outputs at pre-flight for a TikTok Shop LIVE', () => {
  it('before streaming: OBS is checked, it lists only its recording output, no finding', async () => {
    const report = await host.call('compliance.preflight', { market: 'CN' });
    expect(report.platforms).toEqual(['tiktok-shop']);
    expect(report.checked.obs).toEqual({ state: 'checked', outputs: [{ name: 'simple_file_output', kind: 'ffmpeg_muxer', active: false, streaming: false }] });
    expect(report.findings.filter((f) => f.where.kind === 'obs')).toEqual([]);
  });

  it('while OBS streams on its one stream output: no multistream error', async () => {
    await host.call('obs.startStream');
    try {
      await waitFor(async () => (await observer.call('GetStreamStatus')).outputActive, 'OBS to stream');
      const report = await host.call('compliance.preflight', { market: 'CN' });
      expect(report.checked.obs.state).toBe('checked');
      const streams = report.checked.obs.outputs.filter((o) => o.streaming);
      expect(streams).toEqual([{ name: 'simple_stream', kind: expect.any(String), active: true, streaming: true }]);
      expect(report.findings.filter((f) => f.where.kind === 'obs')).toEqual([]);
      // A session starts (a market without a TikTok connection does not look at OBS at all).
      expect((await host.call('compliance.preflight', { market: 'US' })).checked.obs.state).toBe('not_needed');
    } finally {
      await host.call('obs.stopStream');
      await waitFor(async () => !(await observer.call('GetStreamStatus')).outputActive, 'OBS to stop streaming');
    }
  });

  it('a stream server of a relay service (Restream) is a warning: it may forward the LIVE elsewhere', async () => {
    const before = await observer.call('GetStreamServiceSettings');
    await observer.call('SetStreamServiceSettings', {
      streamServiceType: 'rtmp_custom',
      streamServiceSettings: { server: 'rtmp://live.restream.io/live', key: 're_123' },
    });
    try {
      const report = await host.call('compliance.preflight', { market: 'CN' });
      expect(report.findings).toEqual([
        expect.objectContaining({ ruleId: 'tiktok.live.no_simulcast', severity: 'warning', messageKey: 'preflight_obs_relay', params: expect.objectContaining({ server: 'live.restream.io' }) }),
      ]);
    } finally {
      await observer.call('SetStreamServiceSettings', before as never);
    }
  });
});
