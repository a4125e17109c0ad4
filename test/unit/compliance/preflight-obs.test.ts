import { describe, expect, it } from 'vitest';
import { RuleBook } from '../../../electron/shared/compliance/check';
import { englishRuleMessages, loadRulePacks } from '../../../electron/core/features/compliance/rule-packs';
import { Preflight } from '../../../electron/core/features/compliance/preflight';

/**
 * How the pre-flight reads OBS's outputs for a TikTok Shop LIVE. The one-stream and relay cases run
 * against real OBS (test/integration/obs/preflight-outputs.test.ts); Debian ships no multistream plugin,
 * so a second stream output is given here as obs-websocket lists one: the real `simple_stream` entry
 * OBS 29 answered, beside an `rtmp_output` a plugin such as obs-multi-rtmp adds.
 */
const simpleStream = {
  outputName: 'simple_stream',
  outputKind: 'ffmpeg_mpegts_muxer',
  outputActive: true,
  outputFlags: { OBS_OUTPUT_AUDIO: true, OBS_OUTPUT_ENCODED: true, OBS_OUTPUT_MULTI_TRACK: true, OBS_OUTPUT_SERVICE: true, OBS_OUTPUT_VIDEO: true },
};
const recording = { ...simpleStream, outputName: 'simple_file_output', outputKind: 'ffmpeg_muxer', outputActive: false, outputFlags: { ...simpleStream.outputFlags, OBS_OUTPUT_SERVICE: false } };
const pluginOutput = (active: boolean) => ({ outputName: 'multi-rtmp YouTube', outputKind: 'rtmp_output', outputActive: active, outputFlags: { OBS_OUTPUT_SERVICE: true } });

function preflightWith(outputs: object[] | Error, connected = true) {
  const book = new RuleBook(
    loadRulePacks().map((l) => l.pack),
    englishRuleMessages,
  );
  return new Preflight({
    book,
    catalog: { get: () => { throw new Error('no products here'); } },
    obs: {
      isConnected: () => connected,
      request: async <T,>(type: string): Promise<T> => {
        if (type === 'GetOutputList') {
          if (outputs instanceof Error) throw outputs;
          return { outputs } as T;
        }
        return { streamServiceType: 'rtmp_custom', streamServiceSettings: { server: 'rtmp://push.tiktok.example/live' } } as T;
      },
    },
    check: async () => ({ findings: [], exempted: [] }),
    ask: async () => null,
  });
}
const run = (p: Preflight) => p.run({ market: 'CN', languages: [], platforms: ['tiktok-shop'] });

describe('pre-flight: OBS outputs of a TikTok Shop LIVE', () => {
  it('a second stream output active (a multistream plugin) is an error naming the outputs, under the no-simulcast rule', async () => {
    const report = await run(preflightWith([simpleStream, recording, pluginOutput(true)]));
    expect(report.errorCount).toBe(1);
    expect(report.findings[0]).toMatchObject({
      ruleId: 'tiktok.live.no_simulcast',
      severity: 'error',
      messageKey: 'preflight_obs_multistream',
      source: 'TikTok Shop LIVE policy, a TikTok Shop LIVE may not be streamed to other platforms at the same time',
      where: { kind: 'obs', outputs: ['simple_stream', 'multi-rtmp YouTube'] },
    });
    expect(report.findings[0]!.message).toContain('(simple_stream, multi-rtmp YouTube)');
  });

  it("a plugin's stream output that is not active yet is a warning (it may start with the stream)", async () => {
    const report = await run(preflightWith([recording, pluginOutput(false)]));
    expect(report.findings).toEqual([expect.objectContaining({ severity: 'warning', messageKey: 'preflight_obs_extra_outputs', where: { kind: 'obs', outputs: ['multi-rtmp YouTube'] } })]);
  });

  it('only OBS own stream output: nothing to say', async () => {
    expect((await run(preflightWith([simpleStream, recording]))).findings).toEqual([]);
  });

  it('OBS not connected, or an obs-websocket without the outputs requests: a warning asks the host to confirm', async () => {
    for (const p of [preflightWith([], false), preflightWith(new Error('unknown request type 204'))]) {
      const report = await run(p);
      expect(report.checked.obs.state).toBe('not_connected');
      expect(report.findings).toEqual([expect.objectContaining({ severity: 'warning', messageKey: 'preflight_obs_not_connected' })]);
    }
  });
});
