import { useTranslation } from 'react-i18next';
import type { ProductSummaryRow } from '../../../../electron/shared/contract/session';
import { formatMoney } from '../../../../electron/shared/money';
import { formatDuration, productText } from './format';

/** Per-product figures from the host's SQL summary, by SKU and name; money as the session's market writes it. */
export function ProductTable({ rows, market }: { rows: ProductSummaryRow[]; market: string }) {
  const { t, i18n } = useTranslation('sessions');
  if (rows.length === 0) return <p className="muted">{t('products.none')}</p>;
  return (
    <table className="table" data-testid="product-summary">
      <thead>
        <tr>
          <th>{t('products.product')}</th>
          <th className="num">{t('products.onAir')}</th>
          <th className="num">{t('products.pinned')}</th>
          <th className="num">{t('products.deals')}</th>
          <th className="num">{t('products.units')}</th>
          <th className="num">{t('products.revenue')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.productId}>
            <td title={r.productId}>{productText(r, r.productId, i18n.language)}</td>
            <td className="num mono">{formatDuration(r.onAirMs)}</td>
            <td className="num mono">{r.timesPinned}</td>
            <td className="num mono">{r.dealsRun}</td>
            <td className="num mono">{r.unitsSold}</td>
            <td className="num mono" data-testid="product-revenue">
              {r.revenue.length === 0 ? '—' : r.revenue.map((x) => formatMoney(x.amountMinor, x.currency, market)).join(' + ')}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
