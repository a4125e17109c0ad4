import { useTranslation } from 'react-i18next';
import { pickLocalized } from '../../../../electron/shared/languages';
import { useStudio } from '../../store';
import { whereText } from '../session/PreflightFindings';
import { OverrideDialog } from './DealDialogs';

/**
 * Under the top bar on every page: a card pin or a deal start refused during the live for rules of its
 * market, whoever asked for it (a click, a prompter cue, a Stream Deck over REST). Without it a refused cue
 * pin would leave the host talking about a card that is not on air. The host can go ahead with a reason
 * (logged) or let it be.
 */
export function ComplianceRefusal() {
  const { t, i18n } = useTranslation('compliance');
  const refusal = useStudio((s) => s.complianceRefusal);
  const products = useStudio((s) => s.products);
  const ask = useStudio((s) => s.askRefusalReason);
  const dismiss = useStudio((s) => s.dismissRefusal);
  const override = useStudio((s) => s.overrideRefusal);
  if (!refusal) return null;
  if (refusal.asking) {
    return (
      <OverrideDialog
        violations={[]}
        findings={refusal.findings}
        money={(minor) => String(minor)}
        action={refusal.what === 'card' ? 'pin' : 'start'}
        onConfirm={override}
        onCancel={dismiss}
      />
    );
  }
  const product = products.find((p) => p.id === refusal.productId);
  const name = product ? pickLocalized(product.name, i18n.language).text : t('refused.unknownProduct');
  return (
    <section className="panel compliance-flag refused" role="alert" data-testid="compliance-refused" data-what={refusal.what}>
      <div className="compliance-flag-text">
        <strong>{t(refusal.what === 'card' ? 'refused.card' : 'refused.deal', { market: refusal.market, product: name })}</strong>
        <ul className="preflight-list">
          {refusal.findings.map((f, i) => (
            <li key={i} className={f.severity} data-rule={f.ruleId}>
              <span className="preflight-where">{whereText(t, f)}</span>
              <span className="preflight-message">{t(`rules.${f.messageKey}`, { ...f.params, defaultValue: f.message })}</span>
              <span className="lint-source">{t('editor.source', { source: f.source })}</span>
            </li>
          ))}
        </ul>
      </div>
      <div className="compliance-refused-actions">
        <button type="button" className="danger" onClick={() => ask(refusal)} data-testid="compliance-refused-override">
          {t(refusal.what === 'card' ? 'refused.pinAnyway' : 'refused.startAnyway')}
        </button>
        <button type="button" onClick={dismiss} data-testid="compliance-refused-dismiss">
          {t('refused.dismiss')}
        </button>
      </div>
    </section>
  );
}
