import type { Finding } from '../compliance/check';
import { lintMessage } from './lint-texts';
import type { Diagnostic } from './types';

/**
 * A compliance finding (compliance.check) as a diagnostic of the script check: at the finding's line
 * and column, with its rule, source and market; the UI says the rule's own message (compliance.json
 * rules.<messageKey>) inside lint.compliance_finding.
 */
export function complianceDiagnostic(
  finding: Pick<Finding, 'ruleId' | 'severity' | 'line' | 'column' | 'length' | 'message' | 'messageKey' | 'params' | 'source' | 'exemptionRefused'>,
  market: string,
  language: string,
): Diagnostic {
  const params: Record<string, string> = { ...finding.params, market, message: finding.message, source: finding.source, messageKey: finding.messageKey };
  if (finding.exemptionRefused !== undefined) params.exemptionRefused = finding.exemptionRefused;
  return {
    severity: finding.severity,
    line: finding.line,
    column: finding.column,
    language,
    code: 'compliance_finding',
    params,
    message: lintMessage('compliance_finding', params),
    length: finding.length,
    ruleId: finding.ruleId,
    source: finding.source,
    market,
  };
}
