import i18next from 'i18next';
import type { ScriptDiagnostic } from '../../../electron/shared/contract/prompter';
import { lintTexts, type LintCode, type LintText } from '../../../electron/shared/prompter';
import { translateTerm } from './translate-error';

/**
 * A script-check message in the UI language: `lint.<code>` of locales/<lang>/prompter.json with the
 * diagnostic's values (a deal state in the reader's words); the host's English for a code this UI does not know.
 */
export function translateLint(diagnostic: ScriptDiagnostic): string {
  if (diagnostic.code === 'compliance_finding') return translateComplianceLint(diagnostic);
  if (!Object.hasOwn(lintTexts, diagnostic.code)) return diagnostic.message;
  const spec: LintText = lintTexts[diagnostic.code as LintCode];
  const params: Record<string, string> = { ...diagnostic.params };
  for (const [name, list] of Object.entries(spec.terms ?? {})) params[name] = translateTerm(list, diagnostic.params[name]) ?? diagnostic.params[name] ?? '';
  return i18next.t(`lint.${diagnostic.code}`, { ...params, ns: 'prompter', defaultValue: diagnostic.message });
}

/**
 * A compliance finding in the script check: the rule's own message (`rules.<messageKey>` of
 * locales/<lang>/compliance.json) inside `lint.compliance_finding`, which adds the market and the source.
 */
function translateComplianceLint(diagnostic: ScriptDiagnostic): string {
  const { messageKey, exemptionRefused, ...params } = diagnostic.params;
  let message = i18next.t(`rules.${messageKey}`, { ...params, ns: 'compliance', defaultValue: params.message ?? diagnostic.message });
  if (exemptionRefused !== undefined) message += ' ' + i18next.t('exemptionRefused', { ns: 'compliance', reason: exemptionRefused });
  return i18next.t('lint.compliance_finding', { ...params, message, ns: 'prompter', defaultValue: diagnostic.message });
}
