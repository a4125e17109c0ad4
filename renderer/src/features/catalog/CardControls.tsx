import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Deal } from '../../../../electron/shared/contract/cards';
import { HostError } from '../../../../electron/shared/contract/errors';
import { formatPrice, marketCodes, markets } from '../../../../electron/shared/markets';
import { pickLocalized } from '../../../../electron/shared/languages';
import { useStudio } from '../../store';
import { DealCountdown } from './DealCountdown';

const money = (minor: number, currency: string, market: string) =>
  formatPrice(minor, currency, markets[market as keyof typeof markets]?.locale ?? 'en-US');

/** The pinned card, and flash deals for the selected product: create, start (with override), end, cancel, sell. */
export function CardControls({ productId, market, onMarket }: { productId: string | null; market: string; onMarket(m: string): void }) {
  const { t, i18n } = useTranslation('cards');
  const products = useStudio((s) => s.products);
  const pins = useStudio((s) => s.pins);
  const deals = useStudio((s) => s.deals);
  const unpin = useStudio((s) => s.unpin);
  const call = useStudio((s) => s.call);
  const showError = useStudio((s) => s.showError);
  const [form, setForm] = useState({ price: '', stock: '50', perBuyer: '2', duration: '300', leadIn: '10' });
  const product = products.find((p) => p.id === productId) ?? null;
  const pinned = pins[0] ? products.find((p) => p.id === pins[0]!.productId) : null;
  const regular = product?.prices.find((p) => p.market === market);

  const fail = (e: unknown) => showError((e as Error).message);
  const createDeal = async () => {
    if (!product || !regular) return;
    const digits = new Intl.NumberFormat('en', { style: 'currency', currency: regular.currency }).resolvedOptions().maximumFractionDigits ?? 2;
    try {
      await call('deal.create', {
        productId: product.id,
        market,
        dealPriceMinor: Math.round(Number(form.price) * 10 ** digits),
        stock: Number(form.stock),
        perBuyerLimit: Number(form.perBuyer) || undefined,
        durationS: Number(form.duration),
        leadInS: Number(form.leadIn) || 0,
      });
    } catch (e) {
      fail(e);
    }
  };
  const start = async (deal: Deal) => {
    try {
      await call('deal.start', { dealId: deal.id });
    } catch (e) {
      // A price rule blocks the start: the host may start it anyway with a reason, which is logged.
      if (e instanceof HostError && e.code === 'invalid_state' && (e.details as { violations?: unknown[] })?.violations) {
        const reason = window.prompt(t('overridePrompt', { message: e.message }));
        if (reason && reason.trim().length >= 3) await call('deal.start', { dealId: deal.id, overrideReason: reason.trim() }).catch(fail);
      } else fail(e);
    }
  };

  return (
    <section className="panel" data-testid="card-controls">
      <div className="panel-head">
        <h2>{t('cardTitle')}</h2>
        <label className="inline">
          {t('pinMarket')}
          <select value={market} onChange={(e) => onMarket(e.target.value)} data-testid="pin-market">
            {marketCodes.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </label>
      </div>
      {pinned ? (
        <div className="on-air" data-testid="pinned-card">
          <span className="tally">●</span>
          <strong>{pickLocalized(pinned.name, i18n.language).text}</strong>
          <span className="muted">
            {pins.map((p) => p.output).join(' + ')} · {pins[0]!.market}
          </span>
          <button onClick={() => void unpin().catch(fail)} data-testid="unpin">
            {t('unpin')}
          </button>
        </div>
      ) : (
        <p className="muted">{t('nothingPinned')}</p>
      )}

      <h2>{t('dealsTitle')}</h2>
      {product && regular ? (
        <div className="deal-form">
          <div className="muted">
            {pickLocalized(product.name, i18n.language).text} · {money(regular.amountMinor, regular.currency, market)}
          </div>
          <label>
            {t('dealPrice')} ({regular.currency})
            <input value={form.price} onChange={(e) => setForm({ ...form, price: e.target.value })} inputMode="decimal" data-testid="deal-price" />
          </label>
          <label>
            {t('stock')}
            <input value={form.stock} onChange={(e) => setForm({ ...form, stock: e.target.value })} inputMode="numeric" />
          </label>
          <label>
            {t('perBuyer')}
            <input value={form.perBuyer} onChange={(e) => setForm({ ...form, perBuyer: e.target.value })} inputMode="numeric" />
          </label>
          <label>
            {t('duration')}
            <input value={form.duration} onChange={(e) => setForm({ ...form, duration: e.target.value })} inputMode="numeric" />
          </label>
          <label>
            {t('leadIn')}
            <input value={form.leadIn} onChange={(e) => setForm({ ...form, leadIn: e.target.value })} inputMode="numeric" />
          </label>
          <button className="primary" onClick={() => void createDeal()} data-testid="create-deal">
            {t('createDeal')}
          </button>
        </div>
      ) : null}
      {deals.length === 0 ? <p className="muted">{t('noDeals')}</p> : null}
      <ul className="deal-list" data-testid="deal-list">
        {deals.map((d) => (
          <li key={d.id} className={`deal deal-${d.state}`} data-state={d.state}>
            <span className={`state-badge state-${d.state}`}>{t(`state_${d.state}`)}</span>
            <span className="mono">{d.sku}</span>
            <span className="deal-money">{money(d.dealPriceMinor, d.currency, d.market)}</span>
            <span className="muted">{t('left', { stock: d.stock, total: d.stockInitial })}</span>
            {d.state === 'countdown' ? <DealCountdown until={d.countdownEndsAt} /> : null}
            {d.state === 'live' ? <DealCountdown until={d.endsAt} /> : null}
            <span className="spacer" />
            {d.state === 'scheduled' ? <button className="primary" onClick={() => void start(d)} data-testid="deal-start">{t('start')}</button> : null}
            {d.state === 'live' ? <button onClick={() => void call('deal.adjustStock', { dealId: d.id, sold: 1 }).catch(fail)}>{t('sold')}</button> : null}
            {d.state === 'live' || d.state === 'countdown' ? <button className="danger" onClick={() => void call('deal.end', { dealId: d.id }).catch(fail)}>{t('end')}</button> : null}
            {d.state === 'scheduled' || d.state === 'countdown' || d.state === 'live' ? (
              <button onClick={() => void call('deal.cancel', { dealId: d.id }).catch(fail)}>{t('cancelDeal')}</button>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
