import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { dealCodePattern } from '../../../../electron/shared/contract/deal-limits';
import type { Deal, PriceViolation } from '../../../../electron/shared/contract/deals';
import { HostError } from '../../../../electron/shared/contract/errors';
import { formatPrice, marketCodes, markets } from '../../../../electron/shared/markets';
import { pickLocalized } from '../../../../electron/shared/languages';
import { parsePriceText } from '../../../../electron/shared/money';
import { shownPrice } from '../../../../electron/shared/price-display';
import { useStudio } from '../../store';
import { DealCountdown } from './DealCountdown';
import { DealPlatforms } from './DealPlatforms';
import { EndDealDialog, OverrideDialog } from './DealDialogs';
import { useShowFailure } from '../../store/run-action';
import { refusalOf } from '../../store/compliance-slice';

const money = (minor: number, currency: string, market: string) =>
  formatPrice(minor, currency, markets[market as keyof typeof markets]?.locale ?? 'en-US');

/** A price rule stops a create or a start: the dialog asks for a reason, then the call is made again with it. */
type Override = { violations: PriceViolation[]; currency: string; market: string; action: 'create' | 'start'; retry(reason: string): Promise<unknown> };

const violationsOf = (e: unknown): PriceViolation[] | null =>
  e instanceof HostError ? ((e.details as { violations?: PriceViolation[] } | undefined)?.violations ?? null) : null;

/**
 * The pinned card, and flash deals for a product: create (with a code for script cues), start (with an
 * override reason when a price rule says no), end (after a confirmation), cancel, sell. The deal form's
 * product is the one chosen in the table or in the form's own product list, else the pinned product.
 */
export function CardControls({
  productId,
  market,
  onMarket,
  onSelect,
}: {
  productId: string | null;
  market: string;
  onMarket(m: string): void;
  onSelect(productId: string | null): void;
}) {
  const { t, i18n } = useTranslation('cards');
  const products = useStudio((s) => s.products);
  const pins = useStudio((s) => s.pins);
  const deals = useStudio((s) => s.deals);
  const unpin = useStudio((s) => s.unpin);
  const requestDeal = useStudio((s) => s.createDeal);
  const startDeal = useStudio((s) => s.startDeal);
  const endDeal = useStudio((s) => s.endDeal);
  const cancelDeal = useStudio((s) => s.cancelDeal);
  const sellDealUnit = useStudio((s) => s.sellDealUnit);
  const fail = useShowFailure();
  const askRefusalReason = useStudio((s) => s.askRefusalReason);
  const [form, setForm] = useState({ price: '', code: '', stock: '50', perBuyer: '2', duration: '300', leadIn: '10' });
  const [override, setOverride] = useState<Override | null>(null);
  const [ending, setEnding] = useState<Deal | null>(null);
  const pinned = pins[0] ? products.find((p) => p.id === pins[0]!.productId) : null;
  const product = products.find((p) => p.id === productId) ?? pinned ?? null;
  const regular = product?.prices.find((p) => p.market === market);
  const code = form.code.trim().toUpperCase();
  const codeInvalid = code !== '' && !dealCodePattern.test(code);

  const createDeal = async () => {
    if (!product || !regular || codeInvalid) return;
    // Read as the market writes prices, in the currency's own digits (¥1,980 is 1980; 17,99 € is 1799).
    const dealPriceMinor = parsePriceText(form.price, regular.currency, markets[market as keyof typeof markets]?.locale ?? 'en');
    if (typeof dealPriceMinor !== 'number') return fail(new Error(t(`issue.${dealPriceMinor.code}`, { ...dealPriceMinor.params, ns: 'catalog' })));
    const input = {
      productId: product.id,
      market,
      dealPriceMinor,
      ...(code ? { code } : {}),
      stock: Number(form.stock),
      perBuyerLimit: Number(form.perBuyer) || undefined,
      durationS: Number(form.duration),
      leadInS: Number(form.leadIn) || 0,
    };
    try {
      await requestDeal(input);
      setForm((f) => ({ ...f, code: '' }));
    } catch (e) {
      const violations = violationsOf(e);
      if (!violations) return fail(e);
      setOverride({
        violations,
        currency: regular.currency,
        market,
        action: 'create',
        retry: async (overrideReason) => {
          await requestDeal({ ...input, overrideReason });
          setForm((f) => ({ ...f, code: '' }));
        },
      });
    }
  };
  const start = async (deal: Deal) => {
    try {
      await startDeal({ dealId: deal.id });
    } catch (e) {
      // A price rule (or, during a session, a rule of the market) blocks the start: the host may start it anyway with a reason, which is logged.
      const refusal = refusalOf(e);
      if (refusal) return askRefusalReason(refusal);
      const violations = violationsOf(e);
      if (!violations) return fail(e);
      setOverride({
        violations,
        currency: deal.currency,
        market: deal.market,
        action: 'start',
        retry: (overrideReason) => startDeal({ dealId: deal.id, overrideReason }),
      });
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
            <span data-testid="pinned-outputs">{pins.map((p) => t(`outputShort.${p.output}`)).join(' + ')}</span> · {pins[0]!.market}
          </span>
          <button onClick={() => void unpin().catch(fail)} data-testid="unpin">
            {t('unpin')}
          </button>
        </div>
      ) : (
        <p className="muted">{t('nothingPinned')}</p>
      )}

      <h2>{t('dealsTitle')}</h2>
      <label className="deal-product">
        {t('dealProduct')}
        <select value={product?.id ?? ''} onChange={(e) => onSelect(e.target.value || null)} data-testid="deal-product">
          <option value="">{t('chooseProduct')}</option>
          {products.map((p) => (
            <option key={p.id} value={p.id}>
              {p.sku} · {pickLocalized(p.name, i18n.language).text}
            </option>
          ))}
        </select>
      </label>
      {product && !regular ? <p className="muted">{t('noPriceInMarket', { market })}</p> : null}
      {product && regular ? (
        <div className="deal-form" data-testid="deal-form">
          <div className="muted">
            {pickLocalized(product.name, i18n.language).text} · {t('regularPrice')} {money(shownPrice(regular, Date.now()).amountMinor, regular.currency, market)}
          </div>
          <label>
            {t('dealPrice')} ({regular.currency})
            <input value={form.price} onChange={(e) => setForm({ ...form, price: e.target.value })} inputMode="decimal" data-testid="deal-price" />
          </label>
          <label>
            {t('dealCode')}
            <input
              value={form.code}
              onChange={(e) => setForm({ ...form, code: e.target.value })}
              placeholder={t('dealCodeAuto')}
              maxLength={16}
              aria-invalid={codeInvalid}
              aria-describedby="deal-code-hint"
              className="mono"
              data-testid="deal-code"
            />
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
          <button className="primary" onClick={() => void createDeal()} disabled={codeInvalid} data-testid="create-deal">
            {t('createDeal')}
          </button>
          <p id="deal-code-hint" className={codeInvalid ? 'dialog-error deal-code-hint' : 'muted deal-code-hint'}>
            {codeInvalid ? t('dealCodeInvalid') : t('dealCodeHint', { cue: `[[deal:${code || 'CODE'}]]` })}
          </p>
        </div>
      ) : null}
      {deals.length === 0 ? <p className="muted">{t('noDeals')}</p> : null}
      <ul className="deal-list" data-testid="deal-list">
        {deals.map((d) => (
          <li key={d.id} className={`deal deal-${d.state}`} data-state={d.state}>
            <span className={`state-badge state-${d.state}`}>{t(`state_${d.state}`)}</span>
            <span className="deal-code mono" title={t('dealCodeTitle', { cue: `[[deal:${d.code}]]` })} data-testid="deal-code-label">
              {d.code}
            </span>
            <span className="mono muted small">{d.sku}</span>
            <span className="deal-money">{money(d.dealPriceMinor, d.currency, d.market)}</span>
            <span className="muted">{t('left', { stock: d.stock, total: d.stockInitial })}</span>
            {d.state === 'countdown' ? <DealCountdown until={d.countdownEndsAt} /> : null}
            {d.state === 'live' ? <DealCountdown until={d.endsAt} /> : null}
            <span className="deal-actions">
            {d.state === 'scheduled' ? <button className="primary" onClick={() => void start(d)} data-testid="deal-start">{t('start')}</button> : null}
            {d.state === 'live' ? <button onClick={() => void sellDealUnit(d.id).catch(fail)}>{t('sold')}</button> : null}
            {d.state === 'live' || d.state === 'countdown' ? (
              <button className="danger" onClick={() => setEnding(d)} data-testid="deal-end">
                {t('end')}
              </button>
            ) : null}
            {d.state === 'scheduled' || d.state === 'countdown' || d.state === 'live' ? (
              <button onClick={() => void cancelDeal(d.id).catch(fail)}>{t('cancelDeal')}</button>
            ) : null}
            </span>
            <DealPlatforms deal={d} />
          </li>
        ))}
      </ul>
      {override ? (
        <OverrideDialog
          violations={override.violations}
          money={(minor) => money(minor, override.currency, override.market)}
          action={override.action}
          onConfirm={async (reason) => {
            await override.retry(reason);
            setOverride(null);
          }}
          onCancel={() => setOverride(null)}
        />
      ) : null}
      {ending ? (
        <EndDealDialog
          label={`${ending.code} · ${ending.sku} · ${money(ending.dealPriceMinor, ending.currency, ending.market)}`}
          onConfirm={() => {
            const deal = ending;
            setEnding(null);
            void endDeal(deal.id).catch(fail);
          }}
          onCancel={() => setEnding(null)}
        />
      ) : null}
    </section>
  );
}
