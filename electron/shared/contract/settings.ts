import { rule } from './validation-texts';
import { z } from 'zod';
import { event, method, noInput } from './define';
import { uiLanguages } from '../languages';
import { prompterSettingsDefaults } from '../prompter/display-defaults';
import { customTerm, disclosureReminderSetting } from './compliance';

/**
 * Settings are grouped in sections; each feature owns its section. A section declares its fields once,
 * with a complete set of defaults, so a fresh data folder and an older stored row both give a complete
 * object. Patches are the same fields, all optional, with no defaults (so a patch never resets a field).
 */
function section<S extends z.ZodRawShape>(shape: S, defaults: z.infer<z.ZodObject<S>>) {
  const complete = z.object(shape);
  return { complete, patch: complete.partial().strict(), defaults };
}

export const settingsSectionsSpec = {
  general: section(
    {
      language: z.enum(uiLanguages),
      /** Market the control room formats prices for by default. */
      defaultMarket: z.string().min(2).max(8),
    },
    { language: 'en', defaultMarket: 'US' },
  ),
  obs: section(
    {
      url: z.string().regex(/^wss?:\/\/[^\s]+$/, rule('obs_url')),
      /** Connect when the host starts, and keep reconnecting. */
      autoConnect: z.boolean(),
      /** Alarm thresholds, in percent of frames skipped (render/encoder) or dropped (network). */
      skippedFramesAlarmPct: z.number().min(0).max(100),
      droppedFramesAlarmPct: z.number().min(0).max(100),
    },
    { url: 'ws://127.0.0.1:4455', autoConnect: false, skippedFramesAlarmPct: 0.3, droppedFramesAlarmPct: 0.1 },
  ),
  sessionLog: section(
    {
      /** Days to keep ended sessions; null keeps them forever. */
      retentionDays: z.number().int().positive().nullable(),
    },
    { retentionDays: null },
  ),
  prompter: section(
    {
      wordsPerMinute: z.number().min(20).max(600),
      fontSizePx: z.number().min(16).max(200),
      lineHeight: z.number().min(1).max(3),
      marginPct: z.number().min(0).max(40),
      readingLinePct: z.number().min(5).max(95),
      countdownSeconds: z.number().int().min(0).max(30),
      highContrast: z.boolean(),
    },
    prompterSettingsDefaults,
  ),
  cards: section(
    {
      /** Where pins, unpins and deal changes are POSTed (signed); null sends nothing. */
      webhookUrl: z.string().url().nullable(),
      /** Longest wait between two retries of a failed push. */
      webhookMaxBackoffMs: z.number().int().min(100).max(3_600_000),
      /** Markets that get an overlay page. */
      overlayMarkets: z.array(z.string().min(2).max(8)),
      /** Build the card as an OBS scene (for OBS without the browser source). */
      obsNativeEnabled: z.boolean(),
      obsSceneName: z.string().min(1).max(100),
    },
    {
      webhookUrl: null,
      webhookMaxBackoffMs: 60_000,
      overlayMarkets: ['US'],
      obsNativeEnabled: false,
      obsSceneName: 'Broadcart Card',
    },
  ),
  studio: section(
    {
      /** This studio's name, shown in the fleet's central review (the studio id is fixed per data folder). */
      name: z.string().trim().max(100),
    },
    { name: '' },
  ),
  compliance: section(
    {
      /** Markets the script editor checks scripts for; empty: the default market (general.defaultMarket). */
      markets: z.array(z.string().regex(/^[A-Z]{2}$/)).max(20),
      /** The user's own terms per market (compliance.setCustomTerms). */
      customTerms: z.array(customTerm).max(500),
      /**
       * Per market (US, GB...), the studio's own choices for the disclosure reminder during a live:
       * on or off, interval, a line on the stream card, the words. Left out: the rule pack's defaults.
       */
      disclosureReminders: z.record(z.string().regex(/^[A-Z]{2}$/, rule('market_code')), disclosureReminderSetting),
    },
    { markets: [], customTerms: [], disclosureReminders: {} },
  ),
};

type Spec = typeof settingsSectionsSpec;
export type SettingsSection = keyof Spec;
export const settingsSections = Object.keys(settingsSectionsSpec) as SettingsSection[];

export const settingsSchema = z.object({
  general: settingsSectionsSpec.general.complete,
  obs: settingsSectionsSpec.obs.complete,
  sessionLog: settingsSectionsSpec.sessionLog.complete,
  prompter: settingsSectionsSpec.prompter.complete,
  cards: settingsSectionsSpec.cards.complete,
  compliance: settingsSectionsSpec.compliance.complete,
  studio: settingsSectionsSpec.studio.complete,
});
export type Settings = z.infer<typeof settingsSchema>;

export const settingsPatch = z
  .object({
    general: settingsSectionsSpec.general.patch,
    obs: settingsSectionsSpec.obs.patch,
    sessionLog: settingsSectionsSpec.sessionLog.patch,
    prompter: settingsSectionsSpec.prompter.patch,
    cards: settingsSectionsSpec.cards.patch,
    compliance: settingsSectionsSpec.compliance.patch,
    studio: settingsSectionsSpec.studio.patch,
  })
  .partial()
  .strict();
export type SettingsPatch = z.infer<typeof settingsPatch>;

export function defaultSettings(): Settings {
  return structuredClone({
    general: settingsSectionsSpec.general.defaults,
    obs: settingsSectionsSpec.obs.defaults,
    sessionLog: settingsSectionsSpec.sessionLog.defaults,
    prompter: settingsSectionsSpec.prompter.defaults,
    cards: settingsSectionsSpec.cards.defaults,
    compliance: settingsSectionsSpec.compliance.defaults,
    studio: settingsSectionsSpec.studio.defaults,
  });
}

export const settingsMethods = {
  'settings.get': method({
    summary: 'All settings, with defaults filled in. Secrets are never returned.',
    input: noInput,
    output: settingsSchema,
    mutates: false,
  }),
  'settings.set': method({
    summary: 'Change some settings; answers the full settings after the change.',
    input: settingsPatch,
    output: settingsSchema,
    mutates: true,
  }),
};

export const settingsEvents = {
  'settings.changed': event({
    summary: 'Settings after a change.',
    payload: settingsSchema,
    logged: false,
  }),
};
