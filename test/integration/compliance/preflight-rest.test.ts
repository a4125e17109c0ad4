import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertFreshBuild } from '../../support/build-freshness';
import { startServedHost, type ServedHost } from '../../support/served-host';
import { tempDir } from '../../support/temp';

/** A REST client (automation, Stream Deck) starting a session through the served host gets the pre-flight findings in the error envelope. */
const repo = path.resolve(import.meta.dirname, '../../..');
let host: ServedHost;
const temp = tempDir('broadcart-preflight-rest-');

beforeAll(async () => {
  assertFreshBuild(repo);
  host = await startServedHost(temp.dir);
});
afterAll(async () => {
  await host?.stop();
  temp.cleanup();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- REST bodies read field by field
type Json = Record<string, any>;

async function post(method: string, body: unknown): Promise<{ status: number; json: Json }> {
  const res = await fetch(`${host.baseUrl}/api/v1/${method}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Json };
}

describe('session.start over REST', () => {
  it('answers 409 with the findings (rule, source, line) in error.details, then starts with an override reason', async () => {
    const saved = await post('prompter.saveScript', { title: 'Tea', leadLanguage: 'zh-CN', variants: { 'zh-CN': '欢迎！\n全网最低价格，销量第一。' } });
    expect(saved.status).toBe(200);
    expect((await post('prompter.load', { scriptId: saved.json.script.id })).status).toBe(200);

    const refused = await post('session.start', { title: 'CN live', market: 'CN', languages: ['zh-CN'] });
    expect(refused.status).toBe(409);
    expect(refused.json.error).toMatchObject({
      code: 'invalid_state',
      key: 'session.preflight_blocked',
      message: expect.stringContaining('The pre-flight for market CN found 2 errors'),
      details: {
        market: 'CN',
        errorCount: 2,
        findings: [
          expect.objectContaining({ ruleId: 'cn.ad_law.absolute_terms', term: '全网最低', line: 2, column: 1, source: expect.stringContaining('Advertising Law'), where: expect.objectContaining({ kind: 'script', language: 'zh-CN' }) }),
          expect.objectContaining({ ruleId: 'cn.ad_law.absolute_terms', term: '销量第一', line: 2, column: 8 }),
        ],
      },
    });

    const tooShort = await post('session.start', { title: 'CN live', market: 'CN', override: { reason: 'ok' } });
    expect(tooShort.status).toBe(400);
    expect(JSON.stringify(tooShort.json.error)).toContain('override reason must be at least 10 characters');

    const started = await post('session.start', { title: 'CN live', market: 'CN', languages: ['zh-CN'], override: { reason: 'Brand owner approved the wording in writing' } });
    expect(started.status).toBe(200);
    expect(started.json).toMatchObject({ status: 'live', market: 'CN', preflight: { errorCount: 2 } });
  });
});
