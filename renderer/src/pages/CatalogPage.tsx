import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatPrice, markets } from '../../../electron/shared/markets';
import type { Product } from '../../../electron/shared/contract/catalog';
import { useStudio } from '../store';

/** Text in the UI language, falling back to English, then to any language the product has. */
export function localized(text: Record<string, string>, language: string): string {
  return text[language] ?? text[language.split('-')[0]!] ?? text.en ?? Object.values(text)[0] ?? '';
}

function PriceList({ product }: { product: Product }) {
  return (
    <ul className="prices">
      {product.prices.map((p) => {
        const locale = markets[p.market as keyof typeof markets]?.locale ?? 'en-US';
        return (
          <li key={p.market}>
            <span className="market">{p.market}</span> {formatPrice(p.amountMinor, p.currency, locale)}
          </li>
        );
      })}
    </ul>
  );
}

export function CatalogPage() {
  const { t, i18n } = useTranslation('catalog');
  const products = useStudio((s) => s.products);
  const total = useStudio((s) => s.productsTotal);
  const loaded = useStudio((s) => s.productsLoaded);
  const load = useStudio((s) => s.loadProducts);
  const showError = useStudio((s) => s.showError);
  const [query, setQuery] = useState('');

  useEffect(() => {
    const timer = setTimeout(() => load(query || undefined).catch((e: Error) => showError(e.message)), 150);
    return () => clearTimeout(timer);
  }, [query, load, showError]);

  return (
    <section className="panel">
      <div className="panel-head">
        <h1>{t('title')}</h1>
        <span className="muted">{t('count', { count: total })}</span>
        <input
          className="search"
          type="search"
          placeholder={t('search')}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          aria-label={t('search')}
        />
      </div>
      {loaded && products.length === 0 ? <p className="muted">{t('empty')}</p> : null}
      <table className="table" data-testid="product-table">
        <thead>
          <tr>
            <th>{t('sku')}</th>
            <th>{t('name')}</th>
            <th>{t('pitch')}</th>
            <th>{t('prices')}</th>
          </tr>
        </thead>
        <tbody>
          {products.map((p) => (
            <tr key={p.id} data-sku={p.sku}>
              <td className="mono">{p.sku}</td>
              <td className="product-name">{localized(p.name, i18n.language)}</td>
              <td className="muted">{localized(p.pitch, i18n.language)}</td>
              <td>
                <PriceList product={p} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
