import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStudio } from '../../store';
import { pickLocalized } from '../../../../electron/shared/languages';
import type { ProductLabel } from '../../../../electron/shared/contract/session';
import { productText } from '../session/format';
import { Amounts } from './Amounts';

// The chart library (uPlot) comes only once there is a curve to draw: most first loads of the Live page have none.
const ViewersChart = lazy(async () => ({ default: (await import('./ViewersChart')).ViewersChart }));

/** The product's name in the UI language (the SKU, then a short id, when the catalog has no name). */
function productName(label: ProductLabel | null | undefined, productId: string, lang: string): string {
  const name = label ? pickLocalized(label.name, lang).text : '';
  return name || label?.sku || `${productId.slice(0, 8)}…`;
}

const collapsedKey = 'broadcart.salesPanel.collapsed';

function readCollapsed(): boolean {
  try {
    return window.localStorage.getItem(collapsedKey) === '1';
  } catch {
    return false;
  }
}

/**
 * The live session's sales at a glance, kept current by `sales.changed`: revenue per currency, orders,
 * units, viewers now and their curve, chat pace, open questions, conversion, and the top products.
 * Collapsible (remembered on this device), so a small screen keeps the scenes and their tally in view.
 */
export function SalesPanel() {
  const { t, i18n } = useTranslation('live');
  const lang = i18n.language;
  const summary = useStudio((s) => s.salesSummary);
  const names = useStudio((s) => s.salesProducts);
  const live = useStudio((s) => s.liveSession);
  const [collapsed, setCollapsed] = useState(readCollapsed);
  const toggle = () => {
    setCollapsed(!collapsed);
    try {
      window.localStorage.setItem(collapsedKey, collapsed ? '0' : '1');
    } catch {
      // Private mode: the panel just opens expanded next time.
    }
  };
  const number = (n: number, digits = 0) => new Intl.NumberFormat(lang, { maximumFractionDigits: digits }).format(n);

  const cells = summary
    ? [
        { key: 'orders', label: t('sales.orders'), value: number(summary.orders) },
        { key: 'units', label: t('sales.units'), value: number(summary.units) },
        {
          key: 'viewers',
          label: t('sales.viewersNow'),
          value: summary.viewersNow === null ? '—' : number(summary.viewersNow),
          note: summary.peakViewers === null ? undefined : t('sales.peak', { count: summary.peakViewers, value: number(summary.peakViewers) }),
        },
        { key: 'comments', label: t('sales.commentsPerMinute'), value: number(summary.commentsPerMinute, 1) },
        { key: 'questions', label: t('sales.openQuestions'), value: number(summary.openQuestions) },
        {
          key: 'conversion',
          label: t('sales.conversion'),
          value: summary.conversion === null ? '—' : number(summary.conversion, 2),
          note: t('sales.conversionUnit'),
        },
      ]
    : [];

  return (
    <section className={`panel sales-panel ${collapsed ? 'collapsed' : ''}`} data-testid="sales-panel" data-updated-at={summary?.updatedAt ?? ''} aria-labelledby="sales-panel-title">
      <div className="sales-head">
        <h2 id="sales-panel-title">{t('sales.title')}</h2>
        {collapsed && summary && (
          <span className="muted small sales-short">
            {t('sales.ordersShort', { count: summary.orders, value: number(summary.orders) })}
            {summary.viewersNow !== null && ` · ${t('sales.viewersShort', { count: summary.viewersNow, value: number(summary.viewersNow) })}`}
          </span>
        )}
        <button type="button" className="sales-toggle" aria-expanded={!collapsed} aria-controls="sales-panel-body" onClick={toggle} data-testid="sales-toggle">
          {collapsed ? t('sales.expand') : t('sales.collapse')}
        </button>
      </div>
      {summary && (
        <div className="sales-revenue" title={t('sales.revenueHint')}>
          <span className="sales-label">{t('sales.revenue')}</span>
          <Amounts amounts={summary.revenue} locale={lang} testId="sales-revenue" />
        </div>
      )}
      {!collapsed && (
        <div id="sales-panel-body" className="sales-body">
          {!summary && <p className="muted">{t('sales.loading')}</p>}
          {summary && !live && <p className="muted small sales-note">{t('sales.noSession')}</p>}
          {summary && (
            <>
              <div className="sales-cells">
                {cells.map((c) => (
                  <div key={c.key} className="sales-cell" data-testid={`sales-${c.key}`}>
                    <span className="sales-label">{c.label}</span>
                    <span className="sales-value">{c.value}</span>
                    {c.note && <span className="sales-note-line">{c.note}</span>}
                  </div>
                ))}
              </div>
              <div className="sales-lower">
                <div className="sales-top">
                  <h3>{t('sales.topProducts')}</h3>
                  {summary.topProducts.length === 0 ? (
                    <p className="muted small">{t('sales.noOrders')}</p>
                  ) : (
                    <ol className="sales-top-list" data-testid="sales-top-products">
                      {summary.topProducts.slice(0, 3).map((p) => {
                        const label = names[p.productId];
                        return (
                          <li key={p.productId} data-testid="sales-top-product" data-product-id={p.productId}>
                            <span className="sales-top-name" title={productText(label ?? undefined, p.productId, lang)}>
                              {productName(label, p.productId, lang)}
                            </span>
                            <span className="sales-top-figures">
                              <span className="sales-top-units">{t('sales.unitsCount', { count: p.units, value: number(p.units) })}</span>
                              <Amounts amounts={p.revenue} locale={lang} />
                            </span>
                          </li>
                        );
                      })}
                    </ol>
                  )}
                </div>
                <div className="sales-curve">
                  <h3>{t('sales.viewersCurve')}</h3>
                  {summary.viewersCurve.length < 2 ? (
                    <p className="muted small">{t('sales.noViewers')}</p>
                  ) : (
                    <Suspense fallback={<div className="sales-curve-loading" style={{ height: 90 }} />}>
                      <ViewersChart points={summary.viewersCurve} label={t('sales.viewersCurve')} locale={lang} height={90} />
                    </Suspense>
                  )}
                </div>
              </div>
            </>
          )}
        </div>
      )}
    </section>
  );
}
