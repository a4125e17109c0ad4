import { useTranslation } from 'react-i18next';
import type { PreflightFinding, PreflightReport } from '../../../../electron/shared/contract/compliance';

const groups = ['script', 'card', 'deal', 'obs'] as const;

/**
 * The pre-flight of a session (compliance.preflight, the same check session.start runs): its findings
 * grouped by what they were found in (script lines, cards, deals, OBS), each with its rule, message,
 * source and where; and what was checked, so "nothing found" is not mistaken for "nothing checked".
 */
export function PreflightFindings({ report, checking }: { report: PreflightReport | null; checking: boolean }) {
  const { t } = useTranslation('compliance');
  if (!report) {
    return (
      <p className="muted preflight-status" data-testid="preflight-status" data-state="checking">
        {t('preflight.checking')}
      </p>
    );
  }
  const { checked } = report;
  return (
    <section className="preflight" data-testid="preflight" data-errors={report.errorCount} data-warnings={report.warningCount} aria-busy={checking}>
      <h3>
        {t('preflight.title', { market: report.market })}{' '}
        <span className={report.errorCount > 0 ? 'badge preflight-count error' : 'badge preflight-count'} data-testid="preflight-counts">
          {t('preflight.counts', { errors: report.errorCount, warnings: report.warningCount })}
        </span>
      </h3>
      <p className="muted preflight-checked" data-testid="preflight-checked">
        {t('preflight.checked', { scripts: checked.scripts.length, cards: checked.cards.length, deals: checked.deals.length })}{' '}
        {checked.obs.state !== 'not_needed' && t(`preflight.obs_${checked.obs.state}`, { outputs: streamNames(report) || t('preflight.noStreamOutput') })}
      </p>
      {groups.map((kind) => {
        const found = report.findings.filter((f) => f.where.kind === kind);
        if (found.length === 0) return null;
        return (
          <div key={kind} className="preflight-group" data-testid={`preflight-group-${kind}`}>
            <h4>{t(`preflight.group.${kind}`)}</h4>
            <ul className="lint-list preflight-list">
              {found.map((f, i) => (
                <li key={i} className={f.severity} data-testid="preflight-finding" data-rule={f.ruleId} data-severity={f.severity}>
                  <span className="preflight-where">{whereText(t, f)}</span>
                  <span>
                    <span className="badge preflight-severity">{t(`severity.${f.severity}`)}</span> <span className="mono preflight-rule">{f.ruleId}</span>
                  </span>
                  <span className="preflight-message">{t(`rules.${f.messageKey}`, { ...f.params, defaultValue: f.message })}</span>
                  <span className="lint-source">{t('editor.source', { source: f.source })}</span>
                </li>
              ))}
            </ul>
          </div>
        );
      })}
    </section>
  );
}

function streamNames(report: PreflightReport): string {
  return report.checked.obs.outputs
    .filter((o) => o.streaming)
    .map((o) => `${o.name}${o.active ? ' ●' : ''}`)
    .join(', ');
}

export function whereText(t: (key: string, params?: Record<string, unknown>) => string, f: PreflightFinding): string {
  const w = f.where;
  if (w.kind === 'script') return t('preflight.where.script', { title: w.scriptTitle ?? '', language: w.language ?? '', line: f.line, column: f.column });
  if (w.kind === 'card') return t('preflight.where.card', { sku: w.sku ?? '', field: t(`preflight.field.${w.field ?? 'name'}`), language: w.language ?? '' });
  if (w.kind === 'deal') return t('preflight.where.deal', { code: w.dealCode ?? '', sku: w.sku ?? '' });
  return w.outputs && w.outputs.length > 0 ? t('preflight.where.obsOutputs', { outputs: w.outputs.join(', ') }) : t('preflight.where.obs');
}
