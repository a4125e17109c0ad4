import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HostError } from '../../../electron/shared/contract';
import { startTestHost, type TestHost } from '../../support/host';

/** A zh-CN script variant as a host would write it: line 2 has an absolute claim (error), line 3 a word that needs context (warning). */
const badScript = '大家好，欢迎来到直播间！\n这款茉莉银针是全网最低的价格。\n它是我们店里卖得第一的茶。\n';
const warningOnly = '大家好，欢迎来到直播间！\n它是我们店里卖得第一的茶。\n';

async function loadScript(t: TestHost, zh: string) {
  const saved = await t.call('prompter.saveScript', { title: 'Jasmine tea live', leadLanguage: 'zh-CN', variants: { 'zh-CN': zh, en: 'Welcome! Jasmine silver needle tea.' } });
  await t.call('prompter.load', { scriptId: saved.script.id });
  return saved.script.id;
}

/** The session's logged events, read back from the SQLite file after the session ended. */
async function loggedEvents(t: TestHost, id: string) {
  return (await t.call('session.events', { id, limit: 500 })).events;
}

describe('pre-flight at session start', () => {
  let t: TestHost;
  beforeEach(async () => {
    t = await startTestHost();
  });
  afterEach(async () => {
    await t.stop();
  });

  it('refuses a CN session whose loaded script says 全网最低 and 第一, with the rules, their sources and the lines', async () => {
    const scriptId = await loadScript(t, badScript);
    const error: HostError = await t.call('session.start', { title: 'CN live', market: 'CN', languages: ['zh-CN'] }).then(
      () => {
        throw new Error('the session started');
      },
      (e: HostError) => e,
    );
    expect(error.key).toBe('session.preflight_blocked');
    expect(error.code).toBe('invalid_state');
    expect(error.message).toContain('cn.ad_law.absolute_terms (script "Jasmine tea live", zh-CN, line 2, column 8)');
    const findings = (error.details as { findings: { ruleId: string; severity: string; line: number; column: number; term: string; source: string; where: object }[] }).findings;
    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: 'cn.ad_law.absolute_terms',
        severity: 'error',
        term: '全网最低',
        line: 2,
        column: 8,
        source: expect.stringContaining('Advertising Law'),
        where: { kind: 'script', scriptId, scriptTitle: 'Jasmine tea live', language: 'zh-CN' },
      }),
      expect.objectContaining({ ruleId: 'cn.ad_law.absolute_terms_context', severity: 'warning', term: '第一', line: 3, column: 9 }),
    ]);
    expect(findings[0]!.source).toMatch(/Art(icle|\.) ?9/);
    expect((await t.call('session.current', {})).session).toBeNull();

    // The UI asks the same before Start: the same findings.
    const preflight = await t.call('compliance.preflight', { market: 'CN', languages: ['zh-CN'] });
    expect(preflight.findings).toEqual(findings);
    expect(preflight.checked.scripts).toEqual([{ scriptId, title: 'Jasmine tea live', languages: ['zh-CN'] }]);
  });

  it('starts with an override reason, and the log holds the override, its reason and the findings', async () => {
    await loadScript(t, badScript);
    await expect(t.call('session.start', { title: 'CN live', market: 'CN', override: { reason: 'ok' } })).rejects.toMatchObject({ code: 'bad_request' });

    const reason = 'Approved by the brand owner: 全网最低 is the price-match promise of our shop';
    const session = await t.call('session.start', { title: 'CN live', market: 'CN', languages: ['zh-CN'], override: { reason } });
    expect(session.status).toBe('live');
    expect(session.preflight?.errorCount).toBe(1);
    await t.call('session.end', {});

    const events = await loggedEvents(t, session.id);
    const logged = events.find((e) => e.kind === 'session.preflight');
    expect(logged?.payload).toMatchObject({
      sessionId: session.id,
      market: 'CN',
      errorCount: 1,
      warningCount: 1,
      override: { reason },
      findings: [
        expect.objectContaining({ ruleId: 'cn.ad_law.absolute_terms', line: 2, term: '全网最低' }),
        expect.objectContaining({ ruleId: 'cn.ad_law.absolute_terms_context', line: 3, term: '第一' }),
      ],
    });
    expect(events.map((e) => e.kind).slice(0, 2)).toEqual(['session.started', 'session.preflight']);
  });

  it('starts a session with warnings only, answers them, and logs them with no override', async () => {
    await loadScript(t, warningOnly);
    const session = await t.call('session.start', { title: 'CN live', market: 'CN', languages: ['zh-CN'] });
    expect(session.status).toBe('live');
    expect(session.preflight).toMatchObject({ errorCount: 0, warningCount: 1, findings: [expect.objectContaining({ ruleId: 'cn.ad_law.absolute_terms_context', line: 2, severity: 'warning' })] });
    await t.call('session.end', {});
    const logged = (await loggedEvents(t, session.id)).find((e) => e.kind === 'session.preflight');
    expect(logged?.payload).toMatchObject({ errorCount: 0, warningCount: 1, override: null });
  });

  it('checks the variants of the session languages only, for the session market', async () => {
    await loadScript(t, badScript);
    // A US session: Chinese absolute terms are China's rules, not America's.
    const us = await t.call('compliance.preflight', { market: 'US', languages: ['en'] });
    expect(us.errorCount).toBe(0);
    expect(us.checked.scripts[0]!.languages).toEqual(['en', 'zh-CN']); // en asked, zh-CN is the prompter's lead language
  });
});
