import { z } from 'zod';
import { checkKinds, dealRuleRefs, ruleCategories, ruleFacts } from './vocabulary';

export * from './vocabulary';

/**
 * The rule packs of resources/rules/<pack>.json: what a market's law or a platform's seller rules forbid
 * in a live-selling script, card, deal, announcement or chat reply. Each rule names its source (statute or
 * platform rule, with the article) and the day it applies from; the pack is checked against this schema
 * when the host loads it, so a typo in a pack is an error naming the file, the rule and the field.
 */

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as 2022-05-28');

/**
 * A term: matched on word boundaries in Latin (and other spaced) scripts, as a substring in scripts
 * written without spaces (Chinese, Japanese, Thai), where `notAfter`/`notBefore` rule out the words the
 * term is merely part of (第一 in 第一次, "the first time").
 */
export const termSpec = z.union([
  z.string().trim().min(1, 'a term is empty').max(80),
  z
    .object({
      term: z.string().trim().min(1, 'a term is empty').max(80),
      notAfter: z.array(z.string().min(1)).optional(),
      notBefore: z.array(z.string().min(1)).optional(),
    })
    .strict(),
]);
export type TermSpec = z.infer<typeof termSpec>;

const termsMatcher = z
  .object({ type: z.literal('terms'), terms: z.array(termSpec).min(1, 'a terms matcher needs at least one term') })
  .strict();

/** A regular expression, for claims with numbers ("30% off"); Latin scripts only (it is matched with the u and i flags). */
const patternMatcher = z
  .object({
    type: z.literal('pattern'),
    pattern: z
      .string()
      .min(1)
      .max(500)
      .refine((source) => {
        try {
          new RegExp(source, 'giu');
          return true;
        } catch {
          return false;
        }
      }, 'is not a valid regular expression'),
  })
  .strict();

/** A phrase the text must hold: always, or once one of the `when` terms appears (a health food needs its disclaimer). */
const requiresMatcher = z
  .object({
    type: z.literal('requires'),
    when: z.array(termSpec).optional(),
    phrases: z.array(termSpec).min(1, 'a requires matcher needs at least one phrase'),
  })
  .strict();

/** A deal rule the studio checks elsewhere, reported here when a deal breaks it. */
const dealRuleMatcher = z.object({ type: z.literal('dealRule'), rule: z.enum(dealRuleRefs) }).strict();

export const matcherSpec = z.discriminatedUnion('type', [termsMatcher, patternMatcher, requiresMatcher, dealRuleMatcher]);
export type MatcherSpec = z.infer<typeof matcherSpec>;

/**
 * For a disclosure rule of a market whose source asks for a disclosure during the live itself: when the
 * host is reminded to say and show it (at the start when `upfront`, then every `repeatMinutes`), and the
 * default words per language (BCP 47: en, es, zh-CN...), which Settings can replace.
 */
export const liveReminderSpec = z
  .object({
    upfront: z.boolean(),
    /** null: the source asks for no repeat (the host can still set one). */
    repeatMinutes: z.number().positive().max(120).nullable(),
    /** `required`: the source says to repeat; `advised`: the studio's default (viewers join mid-stream). */
    repeat: z.enum(['required', 'advised']),
    texts: z
      .record(z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'must be a language tag such as en, es or zh-CN'), z.string().trim().min(1).max(300))
      .refine((t) => 'en' in t, 'needs an English text (en), the fallback for other languages'),
  })
  .strict();
export type LiveReminderSpec = z.infer<typeof liveReminderSpec>;

export const ruleSpec = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(?:[._-][a-z0-9]+)*$/, 'must be lower case words joined by dots, such as cn.ad_law.absolute_terms'),
    /** Market codes; "EU" stands for every EU market; "*" for every market (platform packs). */
    markets: z.array(z.string().regex(/^(\*|EU|[A-Z]{2})$/, 'must be a market code such as CN, "EU" or "*"')).min(1),
    /** Languages the rule's terms are in (base tags: zh, en, de...), or "*" for every language. */
    languages: z.array(z.string().regex(/^(\*|[a-z]{2,3})$/, 'must be a base language tag such as zh, en or "*"')).min(1),
    category: z.enum(ruleCategories),
    severity: z.enum(['error', 'warning']),
    /** What it checks; every kind when left out. */
    kinds: z.array(z.enum(checkKinds)).min(1).optional(),
    matcher: matcherSpec,
    /** Checked against facts of a card or deal (its price history, its end); without them the rule says it can only remind. */
    fact: z.enum(ruleFacts).optional(),
    /** Grounds the source names for using a term anyway ([[allow:term | reason]] in a script); none: no exemption. */
    exemptions: z.array(z.string().regex(/^[a-z0-9_]+$/, 'must be a key of locales/en/compliance.json exemptionGrounds')).optional(),
    /** Key of the message in locales/<lang>/compliance.json (rules.<key>). */
    message: z.string().regex(/^[a-z0-9_]+$/, 'must be a key of locales/en/compliance.json rules'),
    /** For a fact rule checked without its facts (a script): a reminder, always a warning. Left out: nothing is said. */
    unverifiedMessage: z.string().regex(/^[a-z0-9_]+$/, 'must be a key of locales/en/compliance.json rules').optional(),
    source: z
      .object({
        law: z.string().min(3),
        article: z.string().min(1),
        url: z.string().url().optional(),
      })
      .strict(),
    validFrom: isoDate,
    validUntil: isoDate.optional(),
    /** Disclosure rules only: remind the host to disclose during the live (see liveReminderSpec). */
    liveReminder: liveReminderSpec.optional(),
  })
  .strict();
export type RuleSpec = z.infer<typeof ruleSpec>;

export const packSpec = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    title: z.string().min(3),
    /** Only when the studio sells on one of these platforms (a platform's seller rules). */
    platforms: z.array(z.string()).optional(),
    rules: z.array(ruleSpec).min(1),
  })
  .strict();
export type PackSpec = z.infer<typeof packSpec>;

/** A pack that does not meet the schema: the file, the rule (id or position) and the field, said in one line. */
export class RulePackError extends Error {
  constructor(
    readonly file: string,
    readonly rule: string | null,
    readonly field: string,
    readonly problem: string,
  ) {
    super(`Rule pack ${file}${rule ? `, rule ${rule}` : ''}, field ${field}: ${problem}`);
    this.name = 'RulePackError';
  }
}

/** Validates one pack file's content; throws a RulePackError naming the file, rule and field on the first problem. */
export function parsePack(file: string, content: unknown, messageKeys?: ReadonlySet<string>, groundKeys?: ReadonlySet<string>): PackSpec {
  const result = packSpec.safeParse(content);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const path = issue.path;
    let rule: string | null = null;
    let field = path.join('.') || '(the file)';
    if (path[0] === 'rules' && typeof path[1] === 'number') {
      const raw = (content as { rules?: { id?: unknown }[] }).rules?.[path[1]];
      rule = typeof raw?.id === 'string' ? raw.id : `#${path[1] + 1}`;
      field = path.slice(2).join('.') || '(the rule)';
    }
    throw new RulePackError(file, rule, field, issue.message);
  }
  const pack = result.data;
  const seen = new Set<string>();
  for (const rule of pack.rules) {
    if (seen.has(rule.id)) throw new RulePackError(file, rule.id, 'id', 'is used by two rules');
    seen.add(rule.id);
    if (messageKeys && !messageKeys.has(rule.message)) {
      throw new RulePackError(file, rule.id, 'message', `"${rule.message}" is not a key of locales/en/compliance.json rules`);
    }
    const unknownGround = groundKeys ? rule.exemptions?.find((g) => !groundKeys.has(g)) : undefined;
    if (unknownGround !== undefined) {
      throw new RulePackError(file, rule.id, 'exemptions', `"${unknownGround}" is not a key of locales/en/compliance.json exemptionGrounds`);
    }
    if (messageKeys && rule.unverifiedMessage && !messageKeys.has(rule.unverifiedMessage)) {
      throw new RulePackError(file, rule.id, 'unverifiedMessage', `"${rule.unverifiedMessage}" is not a key of locales/en/compliance.json rules`);
    }
    if (rule.liveReminder && rule.category !== 'disclosure') {
      throw new RulePackError(file, rule.id, 'liveReminder', 'only a disclosure rule can carry a live reminder');
    }
    if (rule.fact === 'percent_off_prior_price' && rule.matcher.type !== 'pattern') {
      throw new RulePackError(file, rule.id, 'matcher', 'percent_off_prior_price needs a pattern whose first group is the percent');
    }
  }
  return pack;
}
