/** The words of the rule packs, free of zod so pages (Settings > Compliance) can list them without the schemas. */

export const ruleCategories = ['absolute_claim', 'health_claim', 'price_claim', 'urgency_claim', 'disclosure', 'platform_rule'] as const;
export type RuleCategory = (typeof ruleCategories)[number];

export const checkKinds = ['script', 'card', 'deal', 'announcement', 'reply'] as const;
export type CheckKind = (typeof checkKinds)[number];

/** What a rule may rely on besides the text, computed by the host from the catalog and the deals. */
export const ruleFacts = ['percent_off_prior_price', 'offer_really_ends'] as const;
export type RuleFact = (typeof ruleFacts)[number];

/**
 * Deal rules the studio already checks where deals are made (cards/price-rules.ts,
 * platform/flash-deal-rules.ts): a pack refers to them by name instead of restating them.
 */
export const dealRuleRefs = ['below_regular_price', 'omnibus_30_day_low', 'countdown_10_300_s', 'duration_1_20_min', 'below_recent_lowest'] as const;
export type DealRuleRef = (typeof dealRuleRefs)[number];
