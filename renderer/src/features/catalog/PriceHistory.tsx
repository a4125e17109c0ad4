import { useTranslation } from 'react-i18next';
import { formatPrice, markets } from '../../../../electron/shared/markets';
import { useStudio } from '../../store';

export function PriceHistory() {
  const { t, i18n } = useTranslation('catalog');
  const history = useStudio((s) => s.priceHistory);
  const products = useStudio((s) => s.products);
  const close = useStudio((s) => s.loadPriceHistory);
  if (!history) return null;
  const product = products.find((p) => p.id === history.productId);
  return (
    <section className="panel" data-testid="price-history">
      <div className="panel-head">
        <h2>
          {t('history')} · <span className="mono">{product?.sku}</span>
        </h2>
        <button onClick={() => void close(null)}>{t('dismiss')}</button>
      </div>
      {history.entries.length === 0 ? <p className="muted">{t('historyEmpty')}</p> : null}
      <table className="table compact">
        <thead>
          <tr>
            <th>{t('historyDate')}</th>
            <th>{t('market')}</th>
            <th>{t('historyPrice')}</th>
            <th>{t('historySource')}</th>
          </tr>
        </thead>
        <tbody>
          {[...history.entries].reverse().map((e, i) => (
            <tr key={i}>
              <td>{new Date(e.changedAt).toLocaleString(i18n.language)}</td>
              <td>{e.market}</td>
              <td>{formatPrice(e.amountMinor, e.currency, markets[e.market as keyof typeof markets]?.locale ?? 'en-US')}</td>
              <td className="muted">{e.source}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
