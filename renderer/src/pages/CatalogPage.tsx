import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { pickLocalized } from '../../../electron/shared/languages';
import { formatPrice, markets } from '../../../electron/shared/markets';
import { shownPrice } from '../../../electron/shared/price-display';
import type { Product } from '../../../electron/shared/contract/catalog';
import { useStudio } from '../store';
import { CardControls } from '../features/catalog/CardControls';
import { ImportExport, ImportReport } from '../features/catalog/ImportExport';
import { CardOutputsPanel } from '../features/catalog/CardOutputsPanel';
import { PriceHistory } from '../features/catalog/PriceHistory';
import { ProductEditor } from '../features/catalog/ProductEditor';
import { RundownPanel } from '../features/catalog/RundownPanel';
import '../features/catalog/catalog.css';
import { useShowFailure } from '../store/run-action';
import { refusalOf } from '../store/compliance-slice';

/** Text in the UI language, falling back to its base language, English, then any language it has. */
export function localized(text: Record<string, string>, language: string): string {
  return pickLocalized(text, language).text;
}

/** Each market's price as its viewers see it (VAT added to a net price where the market shows gross prices). */
function PriceList({ product }: { product: Product }) {
  return (
    <ul className="prices">
      {product.prices.map((p) => {
        const locale = markets[p.market as keyof typeof markets]?.locale ?? 'en-US';
        return (
          <li key={p.market}>
            <span className="market">{p.market}</span> {formatPrice(shownPrice(p, Date.now()).amountMinor, p.currency, locale)}
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
  const fail = useShowFailure();
  const loadCards = useStudio((s) => s.loadCards);
  const loadHistory = useStudio((s) => s.loadPriceHistory);
  const pin = useStudio((s) => s.pin);
  const pins = useStudio((s) => s.pins);
  const defaultMarket = useStudio((s) => s.settings?.general.defaultMarket ?? 'US');
  const liveSession = useStudio((s) => s.liveSession);
  const updateSettings = useStudio((s) => s.updateSettings);
  const { t: tc } = useTranslation('cards');
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const [editing, setEditing] = useState<Product | 'new' | null>(null);
  const askRefusalReason = useStudio((s) => s.askRefusalReason);
  // A pin refused mid-live for a rule of the market: the host may pin it anyway with a reason, which is logged.
  const pinOrAsk = (productId: string, market: string) =>
    pin({ productId, market }).catch((e: unknown) => {
      const refusal = refusalOf(e);
      if (refusal) askRefusalReason(refusal);
      else fail(e);
    });
  // Pins and deals are for the live session's market; another market picked during the session holds
  // for that session only. Without a session the choice is the default market, kept by the host.
  const [sessionChoice, setSessionChoice] = useState<{ sessionId: string; market: string } | null>(null);
  const pinMarket = (liveSession && sessionChoice?.sessionId === liveSession.id ? sessionChoice.market : null) ?? liveSession?.market ?? defaultMarket;
  const chooseMarket = (market: string) => {
    if (liveSession) setSessionChoice({ sessionId: liveSession.id, market });
    else updateSettings({ general: { defaultMarket: market } }).catch(fail);
  };

  useEffect(() => {
    loadCards().catch(fail);
  }, [loadCards, showError]);

  useEffect(() => {
    const timer = setTimeout(() => load(query || undefined).catch(fail), 150);
    return () => clearTimeout(timer);
  }, [query, load, showError]);

  const pinnedIds = new Set(pins.map((p) => p.productId));
  return (
    <div className="commerce">
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
        <div className="toolbar">
          <ImportExport />
          <span className="spacer" />
          <button onClick={() => setEditing('new')}>{t('newProduct')}</button>
        </div>
        <ImportReport />
        {loaded && products.length === 0 ? <p className="muted">{t('empty')}</p> : null}
        <table className="table" data-testid="product-table">
          <thead>
            <tr>
              <th>{t('sku')}</th>
              <th>{t('name')}</th>
              <th>{t('pitch')}</th>
              <th>{t('prices')}</th>
              <th>{t('actions')}</th>
            </tr>
          </thead>
          <tbody>
            {products.map((p) => (
              <tr
                key={p.id}
                data-sku={p.sku}
                className={pinnedIds.has(p.id) ? 'on-air-row' : selected === p.id ? 'selected-row' : undefined}
                onClick={() => setSelected(p.id)}
                aria-selected={selected === p.id}
              >
                <td className="mono">{p.sku}</td>
                {/* Product texts may be in another direction than the UI (English names in an Arabic UI): isolated. */}
                <td className="product-name">
                  <bdi>{localized(p.name, i18n.language)}</bdi>
                </td>
                <td className="muted">
                  <bdi>{localized(p.pitch, i18n.language)}</bdi>
                </td>
                <td>
                  <PriceList product={p} />
                </td>
                <td>
                  <div className="row-actions">
                    <button
                      className={pinnedIds.has(p.id) ? 'danger' : 'primary'}
                      data-testid={`pin-${p.sku}`}
                      onClick={(e) => {
                        e.stopPropagation();
                        setSelected(p.id);
                        void pinOrAsk(p.id, pinMarket);
                      }}
                    >
                      {pinnedIds.has(p.id) ? t('pinned') : t('pin')}
                    </button>
                    <button
                      aria-pressed={selected === p.id}
                      data-testid={`select-${p.sku}`}
                      onClick={(e) => (e.stopPropagation(), setSelected(p.id))}
                    >
                      {selected === p.id ? t('selected') : t('select')}
                    </button>
                    <button onClick={(e) => (e.stopPropagation(), setEditing(p))}>{t('edit')}</button>
                    <button onClick={(e) => (e.stopPropagation(), void loadHistory(p.id).catch(fail))}>
                      {t('history')}
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {editing ? <ProductEditor key={editing === 'new' ? 'new' : editing.id} product={editing === 'new' ? null : editing} onClose={() => setEditing(null)} /> : null}
      <PriceHistory />
      <div className="commerce-grid">
        <div className="commerce-side">
          <CardControls productId={selected} market={pinMarket} onMarket={chooseMarket} onSelect={setSelected} />
          <RundownPanel productId={selected} />
        </div>
        <div className="commerce-side" aria-label={tc('outputsTitle')}>
          <CardOutputsPanel />
        </div>
      </div>
    </div>
  );
}
