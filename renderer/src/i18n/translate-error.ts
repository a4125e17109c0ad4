import i18next from 'i18next';
import { errorTerms, type TermList } from '../../../electron/shared/contract/error-terms';
import { HostError, errorTexts, type ErrorKey, type ErrorText } from '../../../electron/shared/contract/errors';
import { ruleOfMessage, type ValidationIssue, type ValidationPhrase } from '../../../electron/shared/contract/validation-texts';

const errorsText = (key: string, params: Record<string, unknown> = {}) => i18next.t(key, { ...params, ns: 'errors' });

/** A word of a term list (a deal state, an OS error code...) in the UI language; undefined for a value the list does not have. */
export function translateTerm(list: TermList, value: unknown): string | undefined {
  const words: Readonly<Record<string, string>> = errorTerms[list];
  if (typeof value !== 'string' || !Object.hasOwn(words, value)) return undefined;
  // Some words are sentences with dots: the path is split on a character no word has.
  return i18next.t(['terms', list, value].join('\u0000'), { ns: 'errors', keySeparator: '\u0000', defaultValue: words[value] });
}

const phrase = (name: ValidationPhrase, params: Record<string, unknown> = {}) => errorsText(`validation.${name}`, params);

/** One issue zod found in an input, said in the UI language from its code and facts (zod's English as the last resort). */
export function phraseIssue(issue: ValidationIssue): string {
  const rule = ruleOfMessage(issue.message);
  if (rule) return errorsText(`validation.rule_${rule}`);
  if (issue.missing) return phrase('required');
  const measured = issue.origin === 'string' ? 'string' : issue.origin === 'array' || issue.origin === 'set' ? 'array' : issue.origin === 'number' || issue.origin === 'int' ? 'number' : null;
  switch (issue.code) {
    case 'invalid_type':
      return phrase('invalid_type', { expected: translateTerm('valueType', issue.expected) ?? issue.expected ?? '' });
    case 'too_small':
      if (measured === 'number' && issue.inclusive === false) return phrase('too_small_number_exclusive', { minimum: issue.minimum });
      return phrase(measured ? `too_small_${measured}` : 'too_small', { minimum: issue.minimum });
    case 'too_big':
      if (measured === 'number' && issue.inclusive === false) return phrase('too_big_number_exclusive', { maximum: issue.maximum });
      return phrase(measured ? `too_big_${measured}` : 'too_big', { maximum: issue.maximum });
    case 'invalid_format':
      return issue.format === 'regex' || !issue.format ? phrase('invalid_format_regex') : phrase('invalid_format', { format: issue.format });
    case 'invalid_value':
      return phrase('invalid_value', { values: (issue.values ?? []).map((v) => JSON.stringify(v)).join(', ') });
    case 'unrecognized_keys':
      return phrase('unrecognized_keys', { keys: (issue.keys ?? []).join(', ') });
    case 'invalid_union':
    case 'invalid_key':
    case 'invalid_element':
      return phrase(issue.code);
    case 'not_multiple_of':
      return phrase('not_multiple_of', { divisor: issue.divisor });
    default:
      return issue.message;
  }
}

const isIssueList = (value: unknown): value is ValidationIssue[] =>
  Array.isArray(value) && value.every((i) => typeof i === 'object' && i !== null && Array.isArray(i.path) && typeof i.message === 'string');

/** The wrong fields of an input (at most five, as the host's English lists them), in the UI language. */
export function phraseIssues(issues: readonly ValidationIssue[]): string {
  return issues
    .slice(0, 5)
    .map((issue) => phrase('field', { path: issue.path.length > 0 ? issue.path.join('.') : phrase('input'), problem: phraseIssue(issue) }))
    .join(phrase('separator'));
}

/**
 * The params of a registered text with the English words in them said in the UI language: term words
 * (a deal's state, an OS error from `<name>Code`), nested texts (`<name>Key`), and an invalid input's fields.
 */
function localParams(key: ErrorKey, params: Readonly<Record<string, unknown>>, details: unknown, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = { ...params };
  for (const [name, list] of Object.entries((errorTexts[key] as ErrorText).terms ?? {})) {
    const word = list === 'osError' ? translateTerm('osError', params[`${name}Code`]) : translateTerm(list, params[name]);
    if (word !== undefined) out[name] = word;
  }
  for (const name of Object.keys(params)) {
    const nested = params[`${name}Key`];
    if (depth < 2 && typeof nested === 'string' && nested !== key && nested in errorTexts) {
      out[name] = translateHostText(nested, params, String(params[name]), undefined, depth + 1);
    }
  }
  if (key === 'request.invalid_input' && isIssueList(details) && details.length > 0) out.fields = phraseIssues(details);
  return out;
}

/**
 * A host text in the UI language: its registry key looked up in locales/<lang>/errors.json with the host's
 * parameters; the host's English words when the key is unknown (an older host) or missing.
 */
export function translateHostText(
  key: string | undefined,
  params: Readonly<Record<string, unknown>> | undefined,
  english: string,
  details?: unknown,
  depth = 0,
): string {
  if (!key || !(key in errorTexts)) return english;
  return i18next.t(key, { ...localParams(key as ErrorKey, params ?? {}, details, depth), ns: 'errors', defaultValue: english });
}

/** What to show for a failed host call, in the UI language: the one place a host error becomes words. */
export function translateError(error: unknown): string {
  if (error instanceof HostError) return translateHostText(error.key, error.params, error.message, error.details);
  return error instanceof Error ? error.message : String(error);
}
