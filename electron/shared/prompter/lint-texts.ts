import { errorTerms, type TermList } from '../contract/error-terms';
import { fillTemplate } from '../template';

/**
 * Every message of the script check, by a stable code: its English template (the diagnostic's `message`,
 * for REST clients and the host's logs). The UI says `lint.<code>` of locales/<lang>/prompter.json with the
 * diagnostic's `params` instead (a unit test keeps both files in step with this list). `terms` names params
 * that are words of a list in contract/error-terms.ts, said in the reader's language.
 */
export interface LintText {
  en: string;
  terms?: Readonly<Record<string, TermList>>;
}

export const lintTexts = {
  // Parsing one variant
  cue_unclosed: { en: 'This cue has no closing "]]" on the same line. Close it, or write "\\[" for a literal bracket.' },
  strong_unclosed: { en: 'This "**" (strong) is never closed in its paragraph; add the closing "**".' },
  em_unclosed: { en: 'This "*" (emphasis) is never closed in its paragraph; add the closing "*".' },
  cue_no_type: { en: 'This cue has no type. Write one of: {{forms}}.' },
  cue_unknown_type: { en: 'Unknown cue type "{{type}}". Use one of: {{types}}.' },
  cue_takes_no_argument: { en: '[[{{type}}]] takes no argument; remove ":{{argument}}".' },
  cue_needs_scene_name: { en: '[[{{type}}:…]] needs an OBS scene name after the colon.' },
  cue_needs_sku: { en: '[[{{type}}:…]] needs a product SKU after the colon.' },
  cue_needs_deal_id: { en: '[[{{type}}:…]] needs a deal id after the colon.' },
  cue_needs_label: { en: '[[{{type}}:…]] needs a label after the colon.' },
  cue_needs_text: { en: '[[{{type}}:…]] needs a text after the colon.' },
  cue_argument_too_long: { en: "This cue's argument is longer than {{max}} characters; shorten it." },
  cue_id_invalid: { en: 'The cue id "#{{id}}" may use only letters, digits, "-" and "_" (1 to 64 of them).' },
  cue_id_twice: { en: 'The cue id "#{{id}}" is used twice; give each cue its own id.' },
  allow_needs_term: { en: 'An exemption needs the term it allows: [[allow:term | reason]].' },
  allow_needs_reason: { en: 'An exemption needs a reason after "|" (the trademark, the award, the time, place and source of the fact): [[allow:term | reason]].' },

  // The compliance check of the markets the script is used in (compliance.check)
  compliance_finding: { en: '{{market}}: {{message}}' },

  // Aligning the variants with the lead language
  cue_missing: { en: 'Cue {{cue}} (id "{{id}}") is in {{languages}} but not in this variant; add it so every lane stays in step.' },
  cue_order: { en: 'Cue {{cue}} comes in a different order than in {{lead}}; lanes would jump here. Move it to match.' },
  cue_type_mismatch: { en: 'Cue id "{{id}}" is a {{type}} cue here but a {{leadType}} cue in {{lead}}; use one type for one id.' },
  cue_argument_mismatch: { en: 'Cue "{{id}}" says "{{argument}}" here but "{{leadArgument}}" in {{lead}}; the lead language\'s {{type}} is the one used.' },

  // What the lead variant's cues point at (the host's check)
  scene_case: {
    en: 'OBS has no scene "{{scene}}", but it has "{{suggestion}}" (scene names are case-sensitive): write [[scene:{{suggestion}}]].',
  },
  scene_missing: {
    en: 'OBS has no scene "{{scene}}" (its scenes: {{scenes}}). Create a scene with this name in OBS (Scenes dock, +), or change the cue to one of its scenes.',
  },
  scene_missing_more: {
    en: 'OBS has no scene "{{scene}}" (its scenes: {{scenes}}, and {{more}} more). Create a scene with this name in OBS (Scenes dock, +), or change the cue to one of its scenes.',
  },
  scene_missing_none: {
    en: 'OBS has no scene "{{scene}}" (its scenes: none). Create a scene with this name in OBS (Scenes dock, +), or change the cue to one of its scenes.',
  },
  card_missing: { en: 'No product with SKU "{{sku}}" in the catalog: add it on the Catalog page, or correct the SKU.' },
  deal_missing: { en: 'No deal has the code "{{code}}": create a deal with this code on the Catalog page before the show, or correct the code.' },
  deal_finished: {
    en: 'The deal {{code}} is already {{state}}: create a new deal with the code {{code}} for this show.',
    terms: { state: 'dealState' },
  },
} as const satisfies Record<string, LintText>;

export type LintCode = keyof typeof lintTexts;

/** The English message of a script-check code, with term params in their English words. */
export function lintMessage(code: LintCode, params: Readonly<Record<string, string>> = {}): string {
  const spec: LintText = lintTexts[code];
  const words: Record<string, string> = { ...params };
  for (const [name, list] of Object.entries(spec.terms ?? {})) {
    const table: Readonly<Record<string, string>> = errorTerms[list];
    const value = params[name];
    if (value !== undefined && Object.hasOwn(table, value)) words[name] = table[value]!;
  }
  return fillTemplate(spec.en, words);
}
