import type { CardView } from '../../../../electron/shared/contract/cards';
import { Countdown } from './Countdown';

const labels: Record<string, { startsIn: string; endsIn: string; left: string; soldOut: string; shipping: string; scan: string }> = {
  en: { startsIn: 'Deal starts in', endsIn: 'Ends in', left: 'left', soldOut: 'Sold out', shipping: 'Ships in', scan: 'Scan to buy' },
  de: { startsIn: 'Angebot startet in', endsIn: 'Endet in', left: 'übrig', soldOut: 'Ausverkauft', shipping: 'Lieferung', scan: 'Scannen & kaufen' },
  es: { startsIn: 'La oferta empieza en', endsIn: 'Termina en', left: 'quedan', soldOut: 'Agotado', shipping: 'Envío', scan: 'Escanea para comprar' },
  fr: { startsIn: 'L’offre commence dans', endsIn: 'Se termine dans', left: 'restants', soldOut: 'Épuisé', shipping: 'Livraison', scan: 'Scannez pour acheter' },
  zh: { startsIn: '秒杀倒计时', endsIn: '距结束', left: '剩余', soldOut: '已售罄', shipping: '发货', scan: '扫码购买' },
};

function labelsFor(language: string) {
  return labels[language.split('-')[0]!] ?? labels.en!;
}

/**
 * The card as viewers see it. Every text is rendered by React as text (escaped); nothing is ever
 * injected as HTML, so a product name like "<img onerror=...>" shows literally.
 */
export function OverlayCard({ card }: { card: CardView }) {
  const l = labelsFor(card.language);
  const deal = card.deal;
  const counting = deal?.state === 'countdown' && deal.countdownEndsAt !== null;
  const live = deal?.state === 'live' && deal.endsAt !== null;
  return (
    <article className={`card${live ? ' card-deal' : ''}`} data-testid="overlay-card" data-sku={card.sku} data-deal-state={deal?.state ?? 'none'} lang={card.language}>
      <div className="card-body">
        <h1 className="card-name" data-testid="overlay-name">
          {card.name}
        </h1>
        {deal && (live || counting) ? (
          <div className="card-prices">
            <span className="deal-price" data-testid="overlay-deal-price">
              {deal.priceText}
            </span>
            {deal.referencePriceText !== null ? (
              <span className="was-price" data-testid="overlay-was-price">
                {deal.referencePriceText}
              </span>
            ) : null}
            {deal.percentOff > 0 ? <span className="percent">-{deal.percentOff}%</span> : null}
          </div>
        ) : (
          <div className="card-prices">
            <span className="price" data-testid="overlay-price">
              {card.priceText}
            </span>
            {deal?.state === 'sold-out' ? <span className="sold-out">{l.soldOut}</span> : null}
          </div>
        )}
        {counting ? <Countdown key={`c-${deal.dealId}`} until={deal.countdownEndsAt!} total={deal.countdownEndsAt! - card.pinnedAt} label={l.startsIn} /> : null}
        {live ? (
          <>
            <Countdown key={`l-${deal.dealId}`} until={deal.endsAt!} total={deal.endsAt! - Math.min(deal.endsAt!, Date.now())} label={l.endsIn} />
            <div className="stock" data-testid="overlay-stock">
              {deal.stock} / {deal.stockInitial} {l.left}
            </div>
          </>
        ) : null}
        {card.shippingTime ? (
          <div className="shipping">
            {l.shipping}: {card.shippingTime}
          </div>
        ) : null}
      </div>
      {card.qrImage ? (
        <figure className="card-qr">
          <img src={card.qrImage} alt={l.scan} width={160} height={160} />
          <figcaption>{l.scan}</figcaption>
        </figure>
      ) : null}
    </article>
  );
}
