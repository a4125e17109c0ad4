import { rule } from './validation-texts';
import { z } from 'zod';
import { method, noInput } from './define';
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
