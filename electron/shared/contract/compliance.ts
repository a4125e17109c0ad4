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
};
