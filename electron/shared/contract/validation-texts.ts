/**
 * The contract's own wording for inputs that fail a rule of its schemas (a refine, a pattern, a required
 * text): the English is zod's issue message, so REST clients read it as before; the UI finds the rule by
 * that message and says `validation.rule_<name>` of locales/<lang>/errors.json instead. Schemas take their
 * message from here (`rule('give_product')`), never a literal: a unit test keeps the files complete.
 */
export const validationRules = {
  give_product: 'give a productId or a sku',
  give_name: 'give a name in at least one language',
  give_id_or_sku: 'give an id or a sku',
  currency_code: 'must be an ISO 4217 code such as USD',
  deal_code: 'a deal code is 2 to 16 letters, digits or dashes (not at either end), such as TEA10',
  lead_in: 'the lead-in countdown is 0 or 10 to 300 seconds',
  give_deal_or_code: 'give either dealId or code',
  give_sold_or_stock: 'give either sold or stock',
  give_scene_name: 'give the OBS scene name',
  obs_url: 'must be a ws:// or wss:// address such as ws://127.0.0.1:4455',
  fleet_url: 'must be a PostgreSQL URL such as postgres://studio1@db.example.com:5432/broadcart?sslmode=verify-full',
  give_item_or_source: 'give sceneItemId or sourceName',
  webhook_secret: 'must be whsec_ followed by base64 of at least 24 bytes',
  language_tag: 'must be a language tag such as en, zh-CN or es',
  script_too_long: 'a script variant may be at most 2,000,000 characters',
  give_one_target: 'give exactly one of cueId, cueIndex, mark, position or to',
  script_title: 'a script needs a title',
  script_language: 'a script needs at least one language',
  give_script_or_variants: 'give either scriptId or variants',
  give_variants_or_versions: 'give either variants (the first version) or versions (all of them)',
  version_name: 'a version name is 1 to 40 letters, digits, spaces, dots, dashes or underscores, such as A or B',
  version_names_unique: 'each version needs its own name',
  give_value_or_delta: 'give either value (with an optional unit) or delta',
  product_item: 'a product item needs a productId or a sku',
  segment_title: 'a segment needs a title',
  session_title: 'give the session a title, for example "Tea launch, US"',
  note_empty: 'the note is empty',
  market_code: 'must be a two-letter market code such as CN, US or DE',
  custom_term_empty: 'the term is empty',
  api_base_url: 'must start with https:// (or http:// for a local test server)',
  shop_domain: 'must be the shop domain, such as my-shop.myshopify.com',
  give_sku_or_product: 'give either sku or productId',
  chat_platform: 'must be a platform name in lower case such as tiktok, youtube or instagram',
  give_author_id_or_key: 'give either authorId or authorKey',
  amount_minor_whole:
    "must be a whole number of the currency's minor units (cents; JPY, KRW, VND and IDR have none: ¥1,980 is 1980)",
  vat_rate_range: 'a VAT rate is a percentage from 0 to 30 with at most two decimals, such as 19 or 5.5',
  delivery_whole_days: 'delivery days are whole days, such as 5',
  delivery_min_max: 'the earliest delivery day (min) must not be after the latest (max)',
  net_quantity_positive: 'the net quantity must be more than 0, such as 100 (g)',
  net_quantity_pieces: 'a number of pieces is a whole number',
  net_price_without_rate:
    'this market shows prices including taxes and has no single VAT rate: enter the price viewers pay (tax included) or give the VAT rate',
  disclosure_interval: 'the disclosure reminder interval is 1 to 7200 seconds (2 hours)',
} as const;

export type ValidationRule = keyof typeof validationRules;

/**
 * How the UI says an issue zod found, per issue code (and per what was measured for sizes): the English
 * UI texts (locales/en/errors.json `validation`, beside one `rule_<name>` per rule above).
 */
export const validationPhrases = {
  /** One wrong field: where, then what is wrong. */
  field: '{{path}}: {{problem}}',
  separator: '; ',
  /** The path of an issue about the whole input. */
  input: 'input',
  required: 'is required',
  invalid_type: 'must be {{expected}}',
  too_small_string: 'must have at least {{minimum}} characters',
  too_small_array: 'must have at least {{minimum}} items',
  too_small_number: 'must be at least {{minimum}}',
  too_small_number_exclusive: 'must be more than {{minimum}}',
  too_small: 'is too small (at least {{minimum}})',
  too_big_string: 'may have at most {{maximum}} characters',
  too_big_array: 'may have at most {{maximum}} items',
  too_big_number: 'may be at most {{maximum}}',
  too_big_number_exclusive: 'must be less than {{maximum}}',
  too_big: 'is too big (at most {{maximum}})',
  invalid_format: 'is not a valid {{format}}',
  invalid_format_regex: 'does not have the expected form',
  invalid_value: 'must be one of: {{values}}',
  unrecognized_keys: 'has fields this call does not take: {{keys}}',
  invalid_union: 'matches none of the accepted forms',
  invalid_key: 'has a key that is not valid',
  invalid_element: 'has an element that is not valid',
  not_multiple_of: 'must be a multiple of {{divisor}}',
} as const;

export type ValidationPhrase = keyof typeof validationPhrases;

/** A schema rule's message. */
export function rule(name: ValidationRule): string {
  return validationRules[name];
}

const ruleByMessage = new Map<string, ValidationRule>(
  Object.entries(validationRules).map(([name, message]) => [message, name as ValidationRule]),
);

/** Which rule an issue's message is, if it is one of the contract's. */
export function ruleOfMessage(message: string): ValidationRule | undefined {
  return ruleByMessage.get(message);
}

/**
 * One failed check of an input, as `request.invalid_input` carries it in `details`: zod's code and English
 * message, the field's path, and the facts a UI phrases it from (a minimum, the expected type, the options).
 */
export interface ValidationIssue {
  path: (string | number)[];
  code: string;
  message: string;
  expected?: string;
  origin?: string;
  minimum?: number;
  maximum?: number;
  inclusive?: boolean;
  format?: string;
  values?: (string | number)[];
  keys?: string[];
  divisor?: number;
  /** invalid_type on a field the input does not have at all. */
  missing?: boolean;
}
