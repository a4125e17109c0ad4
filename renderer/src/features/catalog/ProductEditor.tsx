import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Product } from '../../../../electron/shared/contract/catalog';
import { marketCodes, markets } from '../../../../electron/shared/markets';
import { useStudio } from '../../store';
import { useShowFailure } from '../../store/run-action';
import { CardCompliance } from './CardCompliance';

interface PriceDraft {
  market: string;
  currency: string;
  amount: string;
  taxInclusive: boolean;
  shippingTime: string;
  purchaseUrl: string;
}

const languages = ['en', 'zh-CN', 'es'];

function digitsOf(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

function toDraft(p: Product['prices'][number]): PriceDraft {
  const digits = digitsOf(p.currency);
  return {
    market: p.market,
    currency: p.currency,
    amount: (p.amountMinor / 10 ** digits).toFixed(digits),
    taxInclusive: p.taxInclusive,
    shippingTime: p.shippingTime ?? '',
    purchaseUrl: p.purchaseUrl ?? '',
  };
}

/** Edits one product (or creates one): names and pitch per language, and a price per market. */
export function ProductEditor({ product, onClose }: { product: Product | null; onClose(): void }) {
  const { t } = useTranslation('catalog');
  const save = useStudio((s) => s.saveProduct);
  const fail = useShowFailure();
  const [sku, setSku] = useState(product?.sku ?? '');
  const [name, setName] = useState<Record<string, string>>({ ...(product?.name ?? {}) });
  const [pitch, setPitch] = useState<Record<string, string>>({ ...(product?.pitch ?? {}) });
  const [prices, setPrices] = useState<PriceDraft[]>(product?.prices.map(toDraft) ?? []);
  const [busy, setBusy] = useState(false);

  const setPrice = (i: number, patch: Partial<PriceDraft>) => setPrices((ps) => ps.map((p, j) => (j === i ? { ...p, ...patch } : p)));
  const onSave = async () => {
    setBusy(true);
    try {
      const clean = (r: Record<string, string>) => Object.fromEntries(Object.entries(r).filter(([, v]) => v.trim() !== ''));
      await save({
        ...(product ? { id: product.id, bullets: product.bullets, images: product.images } : {}),
        sku,
        name: clean(name),
        pitch: clean(pitch),
        prices: prices.map((p) => {
          const amount = Number(p.amount.replace(',', '.'));
          if (!Number.isFinite(amount) || amount < 0) throw new Error(`${p.market}: "${p.amount}" is not a price such as 24.99.`);
          return {
            market: p.market,
            currency: p.currency,
            amountMinor: Math.round(amount * 10 ** digitsOf(p.currency)),
            taxInclusive: p.taxInclusive,
            ...(p.shippingTime ? { shippingTime: p.shippingTime } : {}),
            ...(p.purchaseUrl ? { purchaseUrl: p.purchaseUrl } : {}),
          };
        }),
      });
      onClose();
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel editor" data-testid="product-editor">
      <div className="panel-head">
        <h2>{product ? `${t('edit')} · ${product.sku}` : t('newProduct')}</h2>
      </div>
      <div className="form-grid">
        <label>
          {t('sku')}
          <input value={sku} onChange={(e) => setSku(e.target.value)} data-testid="edit-sku" />
        </label>
        {languages.map((lang) => (
          <label key={`n-${lang}`}>
            {t('name')} ({lang})
            <input value={name[lang] ?? ''} onChange={(e) => setName({ ...name, [lang]: e.target.value })} data-testid={`edit-name-${lang}`} />
          </label>
        ))}
        {languages.map((lang) => (
          <label key={`p-${lang}`} className="wide">
            {t('pitch')} ({lang})
            <input value={pitch[lang] ?? ''} onChange={(e) => setPitch({ ...pitch, [lang]: e.target.value })} />
          </label>
        ))}
      </div>
      <table className="table compact">
        <thead>
          <tr>
            <th>{t('market')}</th>
            <th>{t('amount')}</th>
            <th>{t('currency')}</th>
            <th>{t('taxInclusive')}</th>
            <th>{t('shipping')}</th>
            <th>{t('purchaseUrl')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {prices.map((p, i) => (
            <tr key={i}>
              <td>
                <select value={p.market} onChange={(e) => setPrice(i, { market: e.target.value, currency: markets[e.target.value as keyof typeof markets]?.currency ?? p.currency })}>
                  {marketCodes.map((m) => (
                    <option key={m}>{m}</option>
                  ))}
                </select>
              </td>
              <td>
                <input className="num" value={p.amount} onChange={(e) => setPrice(i, { amount: e.target.value })} data-testid={`edit-price-${p.market}`} inputMode="decimal" />
              </td>
              <td>
                <input className="short" value={p.currency} onChange={(e) => setPrice(i, { currency: e.target.value.toUpperCase() })} />
              </td>
              <td>
                <input type="checkbox" checked={p.taxInclusive} onChange={(e) => setPrice(i, { taxInclusive: e.target.checked })} />
              </td>
              <td>
                <input value={p.shippingTime} onChange={(e) => setPrice(i, { shippingTime: e.target.value })} />
              </td>
              <td>
                <input value={p.purchaseUrl} onChange={(e) => setPrice(i, { purchaseUrl: e.target.value })} />
              </td>
              <td>
                <button onClick={() => setPrices(prices.filter((_, j) => j !== i))}>{t('remove')}</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <CardCompliance
        productId={product?.id ?? null}
        markets={prices.map((p) => p.market)}
        fields={[
          ...Object.entries(name).map(([language, text]) => ({ field: 'name' as const, language, text })),
          ...Object.entries(pitch).map(([language, text]) => ({ field: 'pitch' as const, language, text })),
          ...Object.entries(product?.bullets ?? {}).flatMap(([language, list]) => list.map((text) => ({ field: 'bullets' as const, language, text }))),
        ]}
      />
      <div className="toolbar">
        <button onClick={() => setPrices([...prices, { market: 'US', currency: 'USD', amount: '', taxInclusive: false, shippingTime: '', purchaseUrl: '' }])}>
          {t('addPrice')}
        </button>
        <span className="spacer" />
        <button onClick={onClose}>{t('cancel')}</button>
        <button className="primary" disabled={busy} onClick={() => void onSave()} data-testid="edit-save">
          {t('save')}
        </button>
      </div>
    </section>
  );
}
