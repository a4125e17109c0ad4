import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MarketPrice, Product, QuantityUnit } from '../../../../electron/shared/contract/catalog';
import { currencyDigits, formatMinorPlain, parsePriceText } from '../../../../electron/shared/money';
import { formatPrice, marketCodes, marketInfo, vatRateOn } from '../../../../electron/shared/markets';
import { shownPrice } from '../../../../electron/shared/price-display';
import { useStudio } from '../../store';
import { useShowFailure } from '../../store/run-action';
import { CardCompliance } from './CardCompliance';

interface PriceDraft {
  market: string;
  currency: string;
  amount: string;
  taxInclusive: boolean;
  /** Empty: the market's standard rate. */
  vatRate: string;
  deliveryMin: string;
  deliveryMax: string;
  shippingTime: string;
  purchaseUrl: string;
}

const languages = ['en', 'zh-CN', 'es'];
const units: QuantityUnit[] = ['g', 'kg', 'ml', 'l', 'piece'];

function toDraft(p: Product['prices'][number]): PriceDraft {
  return {
    market: p.market,
    currency: p.currency,
    amount: formatMinorPlain(p.amountMinor, p.currency),
    taxInclusive: p.taxInclusive,
    vatRate: p.vatRate === undefined ? '' : String(p.vatRate),
    deliveryMin: p.deliveryDays ? String(p.deliveryDays.min) : '',
    deliveryMax: p.deliveryDays ? String(p.deliveryDays.max) : '',
    shippingTime: p.shippingTime ?? '',
    purchaseUrl: p.purchaseUrl ?? '',
  };
}

function newDraft(market: string): PriceDraft {
  const info = marketInfo(market);
  // Prices are entered as viewers see them where the market shows prices with tax.
  return { market, currency: info?.currency ?? 'USD', amount: '', taxInclusive: info?.grossPrices ?? false, vatRate: '', deliveryMin: '', deliveryMax: '', shippingTime: '', purchaseUrl: '' };
}

/** A number field as the contract takes it: undefined when empty, NaN kept so the host says what is wrong. */
const numberOrUndefined = (text: string) => (text.trim() === '' ? undefined : Number(text.replace(',', '.')));

/** Edits one product (or creates one): names and pitch per language, and a price per market. */
export function ProductEditor({ product, onClose }: { product: Product | null; onClose(): void }) {
  const { t } = useTranslation('catalog');
  const save = useStudio((s) => s.saveProduct);
  const fail = useShowFailure();
  const [sku, setSku] = useState(product?.sku ?? '');
  const [name, setName] = useState<Record<string, string>>({ ...(product?.name ?? {}) });
  const [pitch, setPitch] = useState<Record<string, string>>({ ...(product?.pitch ?? {}) });
  const [prices, setPrices] = useState<PriceDraft[]>(product?.prices.map(toDraft) ?? []);
  const [quantity, setQuantity] = useState(product?.netQuantity ? String(product.netQuantity.amount) : '');
  const [unit, setUnit] = useState<QuantityUnit>(product?.netQuantity?.unit ?? 'g');
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
        ...(quantity.trim() !== '' ? { netQuantity: { amount: Number(quantity.replace(',', '.')), unit } } : {}),
        prices: prices.map((p) => {
          const amountMinor = amountOf(p);
          if (typeof amountMinor !== 'number') throw new Error(`${p.market}: ${t(`issue.${amountMinor.code}`, amountMinor.params)}`);
          const vatRate = numberOrUndefined(p.vatRate);
          const min = numberOrUndefined(p.deliveryMin);
          const max = numberOrUndefined(p.deliveryMax) ?? min;
          return {
            market: p.market,
            currency: p.currency,
            amountMinor,
            taxInclusive: p.taxInclusive,
            ...(vatRate !== undefined ? { vatRate } : {}),
            ...(min !== undefined && max !== undefined ? { deliveryDays: { min, max } } : {}),
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

  /** The price field in minor units, read as the market writes prices (¥1,980; 22,90 €; ₫250.000). */
  const amountOf = (p: PriceDraft) => parsePriceText(p.amount, p.currency, marketInfo(p.market)?.locale ?? 'en');
  /** What viewers of the market will see for this row: the gross price where it must be shown with tax. */
  const preview = (p: PriceDraft): string | null => {
    const amountMinor = amountOf(p);
    if (typeof amountMinor !== 'number' || currencyDigits(p.currency) === null) return null;
    const vatRate = numberOrUndefined(p.vatRate);
    const price: Pick<MarketPrice, 'market' | 'amountMinor' | 'taxInclusive' | 'vatRate'> = {
      market: p.market,
      amountMinor,
      taxInclusive: p.taxInclusive,
      ...(vatRate !== undefined && Number.isFinite(vatRate) ? { vatRate } : {}),
    };
    const shown = shownPrice(price, Date.now());
    const text = formatPrice(shown.amountMinor, p.currency, marketInfo(p.market)?.locale ?? 'en-US');
    return shown.vatRate === null ? text : t('viewersSeeWithVat', { price: text, rate: shown.vatRate });
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
        <div className="net-quantity">
          <label>
            {t('netQuantity')}
            <input className="num" value={quantity} onChange={(e) => setQuantity(e.target.value)} inputMode="decimal" placeholder="100" data-testid="edit-net-quantity" />
          </label>
          <label>
            {t('netUnit')}
            <select value={unit} onChange={(e) => setUnit(e.target.value as QuantityUnit)} data-testid="edit-net-unit">
              {units.map((u) => (
                <option key={u} value={u}>
                  {t(`unit.${u}`)}
                </option>
              ))}
            </select>
          </label>
          <p className="muted small">{t('netQuantityHint')}</p>
        </div>
      </div>
      <h3 className="editor-subhead">{t('prices')}</h3>
      <div className="price-rows">
        {prices.map((p, i) => {
          const standard = vatRateOn(p.market, Date.now());
          const shows = preview(p);
          return (
            <fieldset key={i} className="price-row" data-testid={`edit-market-${p.market}`}>
              <legend className="sr-only">{t('market')} {p.market}</legend>
              <label>
                {t('market')}
                <select
                  value={p.market}
                  data-testid="edit-market-select"
                  onChange={(e) => {
                    const info = marketInfo(e.target.value);
                    setPrice(i, { market: e.target.value, currency: info?.currency ?? p.currency, taxInclusive: info?.grossPrices ?? p.taxInclusive });
                  }}
                >
                  {marketCodes.map((m) => (
                    <option key={m}>{m}</option>
                  ))}
                </select>
              </label>
              <label>
                {t('amount')}
                <input className="num" value={p.amount} onChange={(e) => setPrice(i, { amount: e.target.value })} data-testid={`edit-price-${p.market}`} inputMode="decimal" />
              </label>
              <label>
                {t('currency')}
                <input className="short" value={p.currency} onChange={(e) => setPrice(i, { currency: e.target.value.toUpperCase() })} />
              </label>
              <label>
                {t('enteredAs')}
                <select value={p.taxInclusive ? 'gross' : 'net'} onChange={(e) => setPrice(i, { taxInclusive: e.target.value === 'gross' })} data-testid={`edit-entered-${p.market}`}>
                  <option value="gross">{t('enteredGross')}</option>
                  <option value="net">{t('enteredNet')}</option>
                </select>
              </label>
              <label>
                {t('vatRate')}
                <input
                  className="short"
                  value={p.vatRate}
                  onChange={(e) => setPrice(i, { vatRate: e.target.value })}
                  placeholder={standard === null ? '' : String(standard)}
                  inputMode="decimal"
                  data-testid={`edit-vat-${p.market}`}
                />
              </label>
              <label>
                {t('deliveryDays')}
                <span className="day-range">
                  <input className="tiny" value={p.deliveryMin} onChange={(e) => setPrice(i, { deliveryMin: e.target.value })} inputMode="numeric" aria-label={t('deliveryMin')} data-testid={`edit-delivery-min-${p.market}`} />
                  <span aria-hidden="true">–</span>
                  <input className="tiny" value={p.deliveryMax} onChange={(e) => setPrice(i, { deliveryMax: e.target.value })} inputMode="numeric" aria-label={t('deliveryMax')} data-testid={`edit-delivery-max-${p.market}`} />
                </span>
              </label>
              <label className="wide-cell">
                {t('shipping')}
                <input value={p.shippingTime} onChange={(e) => setPrice(i, { shippingTime: e.target.value })} placeholder={t('shippingHint')} />
              </label>
              <label className="wide-cell">
                {t('purchaseUrl')}
                <input value={p.purchaseUrl} onChange={(e) => setPrice(i, { purchaseUrl: e.target.value })} />
              </label>
              <div className="price-row-foot">
                <span className="viewers-see" data-testid={`edit-preview-${p.market}`}>
                  {shows === null ? t('viewersSeeNothing') : t('viewersSee', { price: shows })}
                </span>
                <button onClick={() => setPrices(prices.filter((_, j) => j !== i))}>{t('remove')}</button>
              </div>
            </fieldset>
          );
        })}
      </div>
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
        <button onClick={() => setPrices([...prices, newDraft('US')])}>
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
