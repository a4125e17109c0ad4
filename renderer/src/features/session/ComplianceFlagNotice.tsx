import { useTranslation } from 'react-i18next';
import { useStudio } from '../../store';
import { whereText } from './PreflightFindings';

/**
 * A card pinned or a deal started during the live that has warnings for its market (errors are refused
 * before, unless overridden): what was found, where, and its source, until the host dismisses it. The
 * session log keeps it either way (compliance.flagged).
 */
export function ComplianceFlagNotice() {
  const { t } = useTranslation('compliance');
  const flag = useStudio((s) => s.complianceFlag);
  const dismiss = useStudio((s) => s.dismissComplianceFlag);
  if (!flag) return null;
  return (
    <section className="panel compliance-flag" role="status" data-testid="compliance-flag" data-what={flag.what}>
      <div className="compliance-flag-text">
        <strong>{t(flag.what === 'card' ? 'flag.card' : 'flag.deal', { market: flag.market })}</strong>
        <ul className="preflight-list">
          {flag.findings.map((f, i) => (
            <li key={i} className={f.severity} data-rule={f.ruleId}>
              <span className="preflight-where">{whereText(t, f)}</span>
              <span className="preflight-message">{t(`rules.${f.messageKey}`, { ...f.params, defaultValue: f.message })}</span>
              <span className="lint-source">{t('editor.source', { source: f.source })}</span>
            </li>
          ))}
        </ul>
        <span className="muted small">{t('flag.note')}</span>
      </div>
      <button type="button" onClick={dismiss} data-testid="compliance-flag-dismiss">
        {t('flag.dismiss')}
      </button>
    </section>
  );
}
