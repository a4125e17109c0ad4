import { useTranslation } from 'react-i18next';
import type { ProductSummaryRow } from '../../../../electron/shared/contract/session';
import { useStudio } from '../../store';
import { formatDuration, formatMoney } from './format';

/** Per-product figures from the host's SQL summary; names come from the catalog when it has them. */
export function ProductTable({ rows }: { rows: ProductSummaryRow[] }) {
  const { t, i18n } = useTranslation('sessions');
  const products = useStudio((s) => s.products);
  if (rows.length === 0) return <p className="muted">{t('products.none')}</p>;
  const nameOf = (id: string) => {
    const product = products.find((p) => p.id === id);
    const names = product?.name as Record<string, string> | undefined;
    return names?.[i18n.language] ?? names?.en ?? id;
  };
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
            <td>{nameOf(r.productId)}</td>
            <td className="num mono">{formatDuration(r.onAirMs)}</td>
            <td className="num mono">{r.timesPinned}</td>
            <td className="num mono">{r.dealsRun}</td>
            <td className="num mono">{r.unitsSold}</td>
            <td className="num mono">{r.revenue.length === 0 ? '—' : r.revenue.map((x) => formatMoney(x.amountMinor, x.currency, i18n.language)).join(' + ')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
