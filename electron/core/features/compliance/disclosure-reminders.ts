import { HostError } from '../../../shared/contract';
import type { DisclosureMarket, DisclosureReminderSetting, DisclosureState } from '../../../shared/contract/compliance';
import type { Session } from '../../../shared/contract/session';
import type { PackSpec, RuleSpec } from '../../../shared/compliance/pack-schema';
import { markets } from '../../../shared/markets';
import type { EventBus } from '../../bus';

/** Arms a one-shot timer; returns what cancels it. Tests hand in their own to drive time by hand. */
export type ArmTimer = (delayMs: number, fire: () => void) => () => void;

export const realTimer: ArmTimer = (delayMs, fire) => {
  const timer = setTimeout(fire, Math.max(0, delayMs));
  timer.unref?.();
  return () => clearTimeout(timer);
};

export interface DisclosureDeps {
  bus: EventBus;
  /** The host clock: every due time is computed from it, and a timer that fires early is armed again. */
  now(): number;
  packs: readonly PackSpec[];
  settings(): Readonly<Record<string, DisclosureReminderSetting>>;
  timer?: ArmTimer;
}

interface MarketRule {
  market: string;
  rule: RuleSpec & { liveReminder: NonNullable<RuleSpec['liveReminder']> };
  validFromMs: number;
  validUntilMs: number;
}

type LiveSession = Pick<Session, 'id' | 'market' | 'languages'>;

/** The text for a language tag among texts keyed by tag: the same tag, else the same base language (es-MX finds es), else null. */
export function textFor(texts: Readonly<Record<string, string>>, language: string): { language: string; text: string } | null {
  if (texts[language]) return { language, text: texts[language] };
  const base = language.split('-')[0]!.toLowerCase();
  const key = texts[base] ? base : Object.keys(texts).find((k) => k.split('-')[0]!.toLowerCase() === base);
  return key ? { language: key, text: texts[key]! } : null;
}

/**
 * Disclosure reminders during a live. For a market whose disclosure rule carries a `liveReminder` (the US
 * FTC: repeat periodically in a live stream; the UK CAP code: an upfront "Ad" label), while a session in
 * that market is live the host is reminded to say and show the disclosure: at the start when the label
 * must be upfront, then every interval after the last reminder or acknowledgement. Each reminder and each
 * acknowledgement is a logged event, so the session review shows when the host disclosed.
 */
export class DisclosureReminders {
  private readonly rules: MarketRule[] = [];
  private readonly timer: ArmTimer;
  private session: LiveSession | null = null;
  /** The session the last `session.started` named: a fresh start gets the upfront reminder, a resume does not. */
  private startedId: string | null = null;
  private pending: DisclosureState['pending'] = null;
  /** The time the next reminder is counted from: the last reminder or acknowledgement, or the start. */
  private countFrom = 0;
  private nextAt: number | null = null;
  private cancel: (() => void) | null = null;
  private sequence = 0;

  constructor(private readonly deps: DisclosureDeps) {
    this.timer = deps.timer ?? realTimer;
    for (const pack of deps.packs) {
      for (const rule of pack.rules) {
        if (!rule.liveReminder) continue;
        for (const market of rule.markets) {
          if (!/^[A-Z]{2}$/.test(market)) continue;
          this.rules.push({
            market,
            rule: rule as MarketRule['rule'],
            validFromMs: Date.parse(`${rule.validFrom}T00:00:00Z`),
            validUntilMs: rule.validUntil ? Date.parse(`${rule.validUntil}T00:00:00Z`) : Infinity,
          });
        }
      }
    }
  }

  /** Every market with a reminder in force, with the studio's settings applied (Settings > Compliance). */
  markets(): DisclosureMarket[] {
    const now = this.deps.now();
    const own = this.deps.settings();
    return this.rules
      .filter((r) => now >= r.validFromMs && now < r.validUntilMs)
      .map(({ market, rule }) => {
        const spec = rule.liveReminder;
        const mine = own[market] ?? {};
        const defaultIntervalSeconds = spec.repeatMinutes === null ? null : Math.round(spec.repeatMinutes * 60);
        return {
          market,
          ruleId: rule.id,
          source: rule.source,
          upfront: spec.upfront,
          repeat: spec.repeat,
          enabled: mine.enabled ?? true,
          intervalSeconds: mine.intervalSeconds ?? defaultIntervalSeconds,
          defaultIntervalSeconds,
          onCard: mine.onCard ?? false,
          texts: { ...spec.texts, ...(mine.texts ?? {}) },
          defaultTexts: { ...spec.texts },
        };
      });
  }

  state(): DisclosureState {
    const config = this.config();
    return {
      sessionId: this.session?.id ?? null,
      market: this.session?.market ?? null,
      active: config !== null,
      texts: config ? this.textsOf(config) : [],
      onCard: config?.onCard ?? false,
      intervalSeconds: config?.intervalSeconds ?? null,
      nextAt: this.nextAt,
      pending: this.pending,
    };
  }

  /** `session.started` comes just before the `session.changed` that makes it live. */
  sessionStarted(sessionId: string): void {
    this.startedId = sessionId;
  }

  /** The live session changed (started, resumed, ended). */
  sessionChanged(session: LiveSession | null): void {
    if (session?.id === this.session?.id) return;
    this.disarm();
    this.pending = null;
    this.session = session;
    const fresh = session !== null && session.id === this.startedId;
    this.startedId = null;
    this.countFrom = this.deps.now();
    const config = this.config();
    if (config && fresh && config.upfront) this.remind(config, 'upfront');
    else this.arm();
    this.publishState();
  }

  /** The settings changed: a new interval counts from the last reminder, as the old one did. */
  settingsChanged(): void {
    this.arm();
    this.publishState();
  }

  acknowledge(reminderId: string | undefined, from: 'prompter' | 'live' | 'api'): DisclosureState {
    const pending = this.pending;
    if (!pending || !this.session) throw new HostError('compliance.no_disclosure_pending');
    if (reminderId !== undefined && reminderId !== pending.reminderId) throw new HostError('compliance.disclosure_reminder_gone', { id: reminderId });
    const now = this.deps.now();
    this.pending = null;
    this.deps.bus.publish(
      'compliance.disclosureAcknowledged',
      { sessionId: this.session.id, market: this.session.market, reminderId: pending.reminderId, from, afterMs: Math.max(0, now - pending.shownAt) },
      now,
    );
    this.countFrom = now;
    this.arm();
    this.publishState();
    return this.state();
  }

  stop(): void {
    this.disarm();
  }

  private config(): DisclosureMarket | null {
    if (!this.session) return null;
    const market = this.session.market.toUpperCase();
    const config = this.markets().find((m) => m.market === market);
    return config?.enabled ? config : null;
  }

  /** The disclosure in each of the session's languages (the market's own language when the session names none). */
  private textsOf(config: DisclosureMarket): { language: string; text: string }[] {
    const market = config.market as keyof typeof markets;
    const languages = this.session?.languages.length ? this.session.languages : [markets[market]?.locale ?? 'en'];
    const out: { language: string; text: string }[] = [];
    for (const language of languages) {
      const found = textFor(config.texts, language) ?? { language: 'en', text: config.texts.en ?? '' };
      if (found.text && !out.some((t) => t.language === found.language)) out.push(found);
    }
    return out;
  }

  private remind(config: DisclosureMarket, reason: 'upfront' | 'repeat'): void {
    const session = this.session!;
    const now = this.deps.now();
    const reminderId = `${session.id.slice(0, 8)}-${++this.sequence}`;
    this.pending = { reminderId, reason, shownAt: now };
    this.countFrom = now;
    this.deps.bus.publish(
      'compliance.disclosureReminder',
      { sessionId: session.id, market: config.market, ruleId: config.ruleId, reminderId, reason, texts: this.textsOf(config) },
      now,
    );
    this.arm();
  }

  private arm(): void {
    this.disarm();
    const config = this.config();
    if (!config || config.intervalSeconds === null) return;
    const due = this.countFrom + config.intervalSeconds * 1000;
    this.nextAt = due;
    const check = () => {
      this.cancel = null;
      const left = due - this.deps.now();
      // The host clock decides: a timer that fired before the due time is armed again for the rest.
      if (left > 0) {
        this.cancel = this.timer(left, check);
        return;
      }
      const current = this.config();
      if (!current) return;
      this.remind(current, 'repeat');
      this.publishState();
    };
    this.cancel = this.timer(due - this.deps.now(), check);
  }

  private disarm(): void {
    this.cancel?.();
    this.cancel = null;
    this.nextAt = null;
  }

  private publishState(): void {
    this.deps.bus.publish('compliance.disclosureState', this.state(), this.deps.now());
  }
}
