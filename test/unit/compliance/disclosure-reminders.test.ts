import { describe, expect, it } from 'vitest';
import { EventBus } from '../../../electron/core/bus';
import { DisclosureReminders, textFor, type ArmTimer } from '../../../electron/core/features/compliance/disclosure-reminders';
import { loadRulePacks } from '../../../electron/core/features/compliance/rule-packs';
import { parsePack, RulePackError } from '../../../electron/shared/compliance/pack-schema';
import type { DisclosureReminderSetting } from '../../../electron/shared/contract/compliance';
import type { HostEvent } from '../../../electron/shared/contract';

/** A host clock and timers moved by hand: `advance` fires what is due, in order. */
function manualTime(start = Date.UTC(2026, 11, 2, 12)) {
  let now = start;
  let timers: { at: number; fire: () => void }[] = [];
  const timer: ArmTimer = (delayMs, fire) => {
    const entry = { at: now + delayMs, fire };
    timers.push(entry);
    return () => (timers = timers.filter((t) => t !== entry));
  };
  return {
    timer,
    now: () => now,
    armed: () => timers.length,
    advance(ms: number) {
      const until = now + ms;
      for (;;) {
        const due = timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        timers = timers.filter((t) => t !== due);
        now = Math.max(now, due.at);
        due.fire();
      }
      now = until;
    },
    /** The host clock jumps without the timers knowing (a test host's clock, a suspended laptop). */
    setNow(value: number) {
      now = value;
    },
  };
}

function setup(settings: Record<string, DisclosureReminderSetting> = {}) {
  const time = manualTime();
  const bus = new EventBus();
  const events: HostEvent[] = [];
  bus.subscribeAll((e) => events.push(e));
  const reminders = new DisclosureReminders({ bus, now: time.now, packs: loadRulePacks().map((l) => l.pack), settings: () => settings, timer: time.timer });
  const named = (name: string) => events.filter((e) => e.name === name);
  const start = (market: string, languages: string[] = [], id = '11111111-1111-4111-8111-111111111111') => {
    reminders.sessionStarted(id);
    reminders.sessionChanged({ id, market, languages });
  };
  return { time, reminders, events, named, start, settings };
}

const minute = 60_000;

describe('disclosure reminders follow the host clock', () => {
  it('US: none at the start, one every 10 minutes (the pack default) while nobody acknowledges', () => {
    const s = setup();
    s.start('US', ['en']);
    expect(s.named('compliance.disclosureReminder')).toHaveLength(0);
    expect(s.reminders.state().nextAt).toBe(s.time.now() + 10 * minute);
    s.time.advance(10 * minute - 1);
    expect(s.named('compliance.disclosureReminder')).toHaveLength(0);
    s.time.advance(1);
    expect(s.named('compliance.disclosureReminder')).toHaveLength(1);
    s.time.advance(10 * minute);
    const shown = s.named('compliance.disclosureReminder');
    expect(shown).toHaveLength(2);
    // The newer reminder is the one waiting.
    expect(s.reminders.state().pending?.reminderId).toBe((shown[1]!.payload as { reminderId: string }).reminderId);
  });

  it('an acknowledgement restarts the count; a changed interval counts from the last reminder', () => {
    const s = setup({ US: { intervalSeconds: 300 } });
    s.start('US');
    s.time.advance(5 * minute);
    s.time.advance(2 * minute);
    s.reminders.acknowledge(undefined, 'prompter');
    expect(s.reminders.state()).toMatchObject({ pending: null, nextAt: s.time.now() + 5 * minute });
    expect(s.named('compliance.disclosureAcknowledged')[0]!.payload).toMatchObject({ from: 'prompter', afterMs: 2 * minute });
    s.time.advance(3 * minute);
    // Shorter now: 2 minutes from the acknowledgement three minutes ago is already past, so it comes at once.
    s.settings.US = { intervalSeconds: 120 };
    s.reminders.settingsChanged();
    s.time.advance(0);
    expect(s.named('compliance.disclosureReminder')).toHaveLength(2);
  });

  it('a timer that fires before the host clock says it is due is armed again for the rest', () => {
    const s = setup({ US: { intervalSeconds: 60 } });
    s.start('US');
    const due = s.reminders.state().nextAt!;
    s.time.setNow(due - 30_000); // the timer's delay ran out, but the host clock is 30 s behind it
    s.time.advance(30_000 - 1);
    expect(s.named('compliance.disclosureReminder')).toHaveLength(0);
    s.time.advance(1);
    expect(s.named('compliance.disclosureReminder')).toHaveLength(1);
  });

  it('GB: the upfront label at the start; a resumed session does not repeat it; an ended one arms nothing', () => {
    const s = setup();
    s.start('GB', ['en-GB']);
    const [first] = s.named('compliance.disclosureReminder');
    expect(first!.payload).toMatchObject({ market: 'GB', reason: 'upfront', texts: [{ language: 'en', text: 'Ad: this live stream advertises the products shown.' }] });
    s.reminders.sessionChanged(null);
    expect(s.time.armed()).toBe(0);
    expect(s.reminders.state()).toMatchObject({ active: false, pending: null, sessionId: null });
    // Resumed after a crash (no session.started): counted from now, no upfront reminder again.
    s.reminders.sessionChanged({ id: '11111111-1111-4111-8111-111111111111', market: 'GB', languages: [] });
    expect(s.named('compliance.disclosureReminder')).toHaveLength(1);
    expect(s.reminders.state().nextAt).toBe(s.time.now() + 15 * minute);
  });

  it('CN and a market turned off in Settings get nothing', () => {
    const cn = setup();
    cn.start('CN', ['zh-CN']);
    cn.time.advance(120 * minute);
    expect(cn.named('compliance.disclosureReminder')).toHaveLength(0);
    expect(cn.time.armed()).toBe(0);
    const off = setup({ US: { enabled: false } });
    off.start('US');
    off.time.advance(120 * minute);
    expect(off.named('compliance.disclosureReminder')).toHaveLength(0);
  });

  it('the words: the session languages, the studio own text over the pack default, English for a language without one', () => {
    const s = setup({ US: { texts: { es: 'Publicidad: colaboración pagada.' } } });
    s.start('US', ['es-MX', 'zh-CN', 'th', 'en-US']);
    expect(s.reminders.state().texts).toEqual([
      { language: 'es', text: 'Publicidad: colaboración pagada.' },
      { language: 'zh-CN', text: expect.stringMatching(/^广告/) },
      { language: 'en', text: expect.stringMatching(/^Ad: /) },
    ]);
    expect(textFor({ 'zh-CN': 'x' }, 'zh')).toEqual({ language: 'zh-CN', text: 'x' });
    expect(textFor({ en: 'x' }, 'de')).toBeNull();
  });

  it('the pack schema: a live reminder needs an English text and belongs to a disclosure rule only', () => {
    const rule = (extra: object) => ({
      id: 'x.rule',
      markets: ['US'],
      languages: ['en'],
      category: 'disclosure',
      severity: 'warning',
      matcher: { type: 'terms', terms: ['gifted'] },
      message: 'us_endorsement_disclosure',
      source: { law: 'Some law', article: '§ 1' },
      validFrom: '2023-01-01',
      ...extra,
    });
    const pack = (r: object) => ({ id: 'x', title: 'Test pack', rules: [r] });
    const reminder = { upfront: false, repeatMinutes: 10, repeat: 'required', texts: { es: 'Anuncio' } };
    expect(() => parsePack('x.json', pack(rule({ liveReminder: reminder })))).toThrow(/liveReminder.texts: needs an English text/);
    const wrong = rule({ category: 'price_claim', liveReminder: { ...reminder, texts: { en: 'Ad' } } });
    expect(() => parsePack('x.json', pack(wrong))).toThrow(RulePackError);
    expect(() => parsePack('x.json', pack(wrong))).toThrow(/only a disclosure rule/);
  });
});
