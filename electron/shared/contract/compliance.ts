import { rule } from './validation-texts';
import { z } from 'zod';
import { event, method, noInput } from './define';
import { languageTagPattern } from '../languages';
import { platformId } from './platform';
import { checkKinds, ruleCategories } from '../compliance/pack-schema';

/**
 * Compliance: the rules of the markets a studio sells into (resources/rules/<pack>.json) checked against
 * what the host says and shows. One check for every place (script editor, cards, announcements, REST).
 */

const market = z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, rule('market_code'));
const severity = z.enum(['error', 'warning']);
const category = z.enum(ruleCategories);

export const complianceFinding = z.object({
  ruleId: z.string(),
  severity,
  category,
  /** 1-based, in the text as given (a script variant's source lines). */
  line: z.number().int(),
  column: z.number().int(),
  /** Characters the finding covers; 0 for something missing (a disclosure) or a deal rule. */
  length: z.number().int(),
  /** The words found ('' for a missing phrase or a deal rule). */
  term: z.string(),
  /** In English; `messageKey` and `params` let a UI say it in its language (rules.<key> of compliance.json). */
  message: z.string(),
  messageKey: z.string(),
  params: z.record(z.string(), z.string()),
  /** The statute or platform rule, with its article. */
  source: z.string(),
  /** The text marks this term as exempt, but the rule allows no exemption: the reason it gave. */
  exemptionRefused: z.string().optional(),
});
export type ComplianceFinding = z.infer<typeof complianceFinding>;

/** Where a pre-flight or mid-live finding was found: a line of a script variant, a card field, a deal, OBS's outputs. */
export const preflightWhere = z.object({
  kind: z.enum(['script', 'card', 'deal', 'obs']),
  scriptId: z.string().optional(),
  scriptTitle: z.string().optional(),
  /** The script variant's or card text's language. */
  language: z.string().optional(),
  productId: z.string().optional(),
  sku: z.string().optional(),
  /** The card field: its name, pitch or a badge (bullet). */
  field: z.enum(['name', 'pitch', 'badges']).optional(),
  dealId: z.string().optional(),
  dealCode: z.string().optional(),
  /** OBS output names the finding is about. */
  outputs: z.array(z.string()).optional(),
});
export type PreflightWhere = z.infer<typeof preflightWhere>;

export const preflightFinding = complianceFinding.extend({ where: preflightWhere });
export type PreflightFinding = z.infer<typeof preflightFinding>;

/** An OBS output as obs-websocket lists it (GetOutputList), and whether the pre-flight counts it as a stream. */
export const obsOutputSeen = z.object({ name: z.string(), kind: z.string(), active: z.boolean(), streaming: z.boolean() });

export const preflightReport = z.object({
  market: z.string(),
  /** Platforms of the studio's connections that sell in the market (a platform pack applies there). */
  platforms: z.array(z.string()),
  /** The languages whose texts were checked (every one when the session names none). */
  languages: z.array(z.string()),
  findings: z.array(preflightFinding),
  errorCount: z.number().int(),
  warningCount: z.number().int(),
  /** What was looked at, so "no findings" is not mistaken for "nothing checked". */
  checked: z.object({
    scripts: z.array(z.object({ scriptId: z.string(), title: z.string(), languages: z.array(z.string()) })),
    cards: z.array(z.object({ productId: z.string(), sku: z.string() })),
    deals: z.array(z.object({ dealId: z.string(), code: z.string() })),
    /**
     * OBS's outputs for a TikTok Shop LIVE: `checked` (the outputs OBS lists), `not_connected` (the host
     * must confirm), `not_needed` (no TikTok Shop connection serves the market).
     */
    obs: z.object({ state: z.enum(['checked', 'not_connected', 'not_needed']), outputs: z.array(obsOutputSeen) }),
  }),
});
export type PreflightReport = z.infer<typeof preflightReport>;

export const customTerm = z
  .object({
    market,
    term: z.string().trim().min(1, rule('custom_term_empty')).max(80),
    severity: severity.default('error'),
    category: category.default('absolute_claim'),
  })
  .strict();
export type CustomTermInput = z.input<typeof customTerm>;

export const complianceRule = z.object({
  id: z.string(),
  markets: z.array(z.string()),
  languages: z.array(z.string()),
  category,
  severity,
  kinds: z.array(z.enum(checkKinds)),
  /** The terms or phrases it looks for (empty for a deal rule). */
  terms: z.array(z.string()),
  /** For a deal rule: the check the deals already make, by name (cards/price-rules.ts, platform/flash-deal-rules.ts). */
  dealRule: z.string().nullable(),
  exemptions: z.array(z.string()),
  messageKey: z.string(),
  source: z.object({ law: z.string(), article: z.string(), url: z.string().optional() }),
  validFrom: z.string(),
  validUntil: z.string().nullable(),
  /** In force today (validFrom reached, validUntil not passed). */
  inForce: z.boolean(),
});

export const compliancePack = z.object({
  id: z.string(),
  file: z.string(),
  title: z.string(),
  platforms: z.array(z.string()).nullable(),
  rules: z.array(complianceRule),
});

/**
 * The host's own choices for one market's disclosure reminder during a live (settings
 * compliance.disclosureReminders); what is left out takes the rule pack's default.
 */
export const disclosureReminderSetting = z
  .object({
    enabled: z.boolean().optional(),
    /** Seconds between two reminders (the Settings page edits it in minutes). */
    intervalSeconds: z.number().int().min(1, rule('disclosure_interval')).max(7200, rule('disclosure_interval')).optional(),
    /** Also put the disclosure on the stream card (overlay page and OBS scene) while the session is live. */
    onCard: z.boolean().optional(),
    /** The words to say and show, per language of the session (en, es, zh-CN...). */
    texts: z.record(z.string().regex(languageTagPattern, rule('language_tag')), z.string().trim().min(1).max(300)).optional(),
  })
  .strict();
export type DisclosureReminderSetting = z.infer<typeof disclosureReminderSetting>;

const disclosureText = z.object({ language: z.string(), text: z.string() });

/** A market whose disclosure rule asks the host to disclose during the live, with the studio's choices applied. */
export const disclosureMarket = z.object({
  market: z.string(),
  ruleId: z.string(),
  source: z.object({ law: z.string(), article: z.string(), url: z.string().optional() }),
  /** The first reminder comes as the session starts (an upfront label). */
  upfront: z.boolean(),
  /** Whether the source itself asks for repeats (`required`) or the pack advises them (`advised`). */
  repeat: z.enum(['required', 'advised']),
  enabled: z.boolean(),
  /** null: no repeat (upfront only). */
  intervalSeconds: z.number().int().nullable(),
  defaultIntervalSeconds: z.number().int().nullable(),
  onCard: z.boolean(),
  /** The words per language: the pack's defaults with the studio's own texts over them. */
  texts: z.record(z.string(), z.string()),
  defaultTexts: z.record(z.string(), z.string()),
});
export type DisclosureMarket = z.infer<typeof disclosureMarket>;

const disclosureReason = z.enum(['upfront', 'repeat']);

/** A reminder the host has not acknowledged yet. */
export const pendingDisclosure = z.object({
  reminderId: z.string(),
  reason: disclosureReason,
  shownAt: z.number(),
});

/** What the live session asks of the host about disclosure now (null fields: no live session, or none needed). */
export const disclosureState = z.object({
  sessionId: z.string().nullable(),
  market: z.string().nullable(),
  /** The live session's market needs reminders and they are on. */
  active: z.boolean(),
  /** The disclosure in the session's languages (its first language first). */
  texts: z.array(disclosureText),
  onCard: z.boolean(),
  intervalSeconds: z.number().int().nullable(),
  /** When the next reminder comes (host clock), null when none is scheduled. */
  nextAt: z.number().nullable(),
  pending: pendingDisclosure.nullable(),
});
export type DisclosureState = z.infer<typeof disclosureState>;

export const complianceMethods = {
  'compliance.check': method({
    summary:
      "Check a text (script variant, card, deal, announcement or chat reply) against the rule packs of a market, and the user's own terms. A card or deal named by productId/dealId is also checked against its price history and end.",
    input: z
      .object({
        market,
        language: z.string().regex(languageTagPattern, rule('language_tag')),
        text: z.string().max(2_000_000, rule('script_too_long')),
        kind: z.enum(checkKinds).default('script'),
        /** Platforms the text is used on; by default those of the studio's connections for the market. */
        platforms: z.array(platformId).optional(),
        productId: z.string().optional(),
        dealId: z.string().optional(),
      })
      .strict(),
    output: z.object({
      findings: z.array(complianceFinding),
      /** Findings the text marks as approved exemptions ([[allow:term | reason]]). */
      exempted: z.array(z.object({ ruleId: z.string(), line: z.number().int(), column: z.number().int(), term: z.string(), reason: z.string() })),
    }),
    mutates: false,
  }),
  'compliance.preflight': method({
    summary:
      "Everything the session would go live with, checked for its market before session.start: the scripts loaded in the prompter and the rundown (each variant of the session's languages, with line and column), the pinned cards, the open deals, and, for a TikTok Shop LIVE, OBS's stream outputs (no multistream). session.start runs the same check; errors block it unless overridden.",
    input: z
      .object({
        market,
        /** The session's languages; none means every language of the texts. */
        languages: z.array(z.string().regex(languageTagPattern, rule('language_tag'))).max(20).default([]),
        platforms: z.array(platformId).optional(),
      })
      .strict(),
    output: preflightReport,
    mutates: false,
  }),
  'compliance.packs': method({
    summary: 'The rule packs the host loaded, with every rule, its source and whether it is in force today.',
    input: noInput,
    output: z.object({ packs: z.array(compliancePack) }),
    mutates: false,
  }),
  'compliance.customTerms': method({
    summary: "The user's own terms, per market.",
    input: noInput,
    output: z.object({ terms: z.array(customTerm) }),
    mutates: false,
  }),
  'compliance.setCustomTerms': method({
    summary: "Replace the user's own terms (checked in every text of their market like a pack's rule).",
    input: z.object({ terms: z.array(customTerm).max(500) }).strict(),
    output: z.object({ terms: z.array(customTerm) }),
    mutates: true,
  }),
};

export const complianceEvents = {
  'compliance.flagged': event({
    summary:
      'A card pinned or a deal started during a session broke rules of its market: warnings (shown and logged), or errors the host overrode with a reason.',
    payload: z.object({
      what: z.enum(['card', 'deal']),
      productId: z.string(),
      dealId: z.string().nullable(),
      market: z.string(),
      findings: z.array(preflightFinding),
      overrideReason: z.string().nullable(),
    }),
    logged: true,
  }),
  'compliance.refused': event({
    summary:
      'A card pin or deal start during a session was refused for rules of its market (from the app, a prompter cue, a key or a REST client): the control room offers to go ahead with a reason.',
    payload: z.object({
      /** Also in the refused call's error details, so the client that asked does not show it twice. */
      refusalId: z.string(),
      what: z.enum(['card', 'deal']),
      productId: z.string(),
      dealId: z.string().nullable(),
      market: z.string(),
      findings: z.array(preflightFinding),
    }),
    logged: true,
  }),
};

export const disclosureMethods = {
  'compliance.disclosures': method({
    summary: 'The markets whose disclosure rule asks for reminders during a live, with the interval, card line and words in use (defaults from the rule pack).',
    input: noInput,
    output: z.object({ markets: z.array(disclosureMarket) }),
    mutates: false,
  }),
  'compliance.disclosureState': method({
    summary: 'The live session\'s disclosure reminder: the words, when the next one comes, and the one waiting for the host\'s acknowledgement.',
    input: noInput,
    output: disclosureState,
    mutates: false,
  }),
  'compliance.acknowledgeDisclosure': method({
    summary: 'The host made the disclosure the reminder asked for (said it and showed it): logged in the session, and the next reminder is scheduled from now.',
    input: z
      .object({
        /** The reminder acknowledged (default: the one waiting). */
        reminderId: z.string().optional(),
        /** Where the host acknowledged it, for the session log. */
        from: z.enum(['prompter', 'live', 'api']).default('api'),
      })
      .strict()
      .default({ from: 'api' }),
    output: disclosureState,
    mutates: true,
  }),
};

export const disclosureEvents = {
  'compliance.disclosureReminder': event({
    summary: 'The host is reminded to say and show the sponsorship disclosure (at the start for an upfront label, then at each interval).',
    payload: z.object({
      sessionId: z.string(),
      market: z.string(),
      ruleId: z.string(),
      reminderId: z.string(),
      reason: disclosureReason,
      texts: z.array(disclosureText),
    }),
    logged: true,
  }),
  'compliance.disclosureAcknowledged': event({
    summary: 'The host acknowledged a disclosure reminder (from the prompter, the Live page or the API).',
    payload: z.object({
      sessionId: z.string(),
      market: z.string(),
      reminderId: z.string(),
      from: z.enum(['prompter', 'live', 'api']),
      /** Milliseconds from the reminder to the acknowledgement. */
      afterMs: z.number(),
    }),
    logged: true,
  }),
  'compliance.disclosureState': event({
    summary: 'The disclosure reminder state changed (session started or ended, reminder shown or acknowledged, settings changed).',
    payload: disclosureState,
    logged: false,
  }),
};
