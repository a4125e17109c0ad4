import { useTranslation } from 'react-i18next';
import { useStudio } from '../../store';
import { useShowFailure } from '../../store/run-action';

/** Each output's state, the overlay page links for OBS, and the webhook deliveries with their status. */
export function CardOutputsPanel() {
  const { t, i18n } = useTranslation('cards');
  const { t: tc } = useTranslation('common');
  const { t: ts } = useTranslation('settings');
  const sessionMarket = useStudio((s) => s.liveSession?.market ?? null);
  // Where these outputs are set up, named as the Settings page names it, in the UI language.
  const place = `${tc('nav.settings')} > ${ts('webhook')}`;
  const outputs = useStudio((s) => s.outputs);
  const deliveries = useStudio((s) => s.deliveries);
  const pending = useStudio((s) => s.deliveriesPending);
  const failed = useStudio((s) => s.deliveriesFailed);
  const retryDeliveries = useStudio((s) => s.retryDeliveries);
  const fail = useShowFailure();
  return (
    <section className="panel" data-testid="outputs">
      <div className="panel-head">
        <h2>{t('outputsTitle')}</h2>
      </div>
      <ul className="output-list">
        {outputs?.outputs.map((o) => (
          <li key={o.id} data-output={o.id} data-state={o.state}>
            <span className={`dot state-${o.state}`} />
            <strong>{t(`output.${o.id}`, { defaultValue: o.label })}</strong>
            <span className="muted">{o.detailCode ? t(`outputDetail.${o.detailCode}`, { ...o.detailParams, place, defaultValue: o.detail }) : o.detail}</span>
          </li>
        ))}
      </ul>
      <h2>{t('overlayLinks')}</h2>
      <ul className="link-list">
        {outputs?.overlayLinks.map((l) => (
          <li key={l.market} data-market={l.market}>
            <span className="market">{l.market}</span>
            {l.market === sessionMarket ? <span className="session-market-chip">{t('sessionMarket')}</span> : null}
            <input readOnly dir="ltr" value={l.url} onFocus={(e) => e.target.select()} aria-label={t('overlayLinkLabel', { market: l.market })} />
            <button onClick={() => void navigator.clipboard?.writeText(l.url)}>{t('copy')}</button>
          </li>
        ))}
      </ul>
      <div className="panel-head">
        <h2>{t('deliveriesTitle')}</h2>
        <span className="muted" data-testid="delivery-summary">
          {t('deliveriesSummary', { pending, failed })}
        </span>
        {failed > 0 ? <button onClick={() => void retryDeliveries().catch(fail)}>{t('retry')}</button> : null}
      </div>
      {deliveries.length === 0 ? <p className="muted">{t('noDeliveries')}</p> : null}
      <table className="table compact" data-testid="deliveries">
        <tbody>
          {deliveries.map((d) => (
            <tr key={d.key} data-status={d.status}>
              <td>
                <span className={`state-badge delivery-${d.status}`}>{t(`delivery_${d.status}`)}</span>
              </td>
              <td className="mono">{d.event}</td>
              <td className="muted">{new Date(d.createdAt).toLocaleTimeString(i18n.language)}</td>
              <td className="muted">
                {t('attempts', { count: d.attempts })}
                {d.lastHttpStatus ? ` · HTTP ${d.lastHttpStatus}` : ''}
                {d.lastError && d.status !== 'delivered' ? ` · ${d.lastError}` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
