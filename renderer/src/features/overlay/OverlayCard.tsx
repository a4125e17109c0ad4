import type { CardView } from '../../../../electron/shared/contract/cards';
import { fillTemplate } from '../../../../electron/shared/template';
import { Countdown } from './Countdown';

/**
 * The card as viewers see it, in the market's language (its words come with the card from the host).
 * Every text is rendered by React as text (escaped); nothing is ever injected as HTML, so a product
 * name like "<img onerror=...>" shows literally.
 */
export function OverlayCard({ card }: { card: CardView }) {
  const l = card.texts;
  const deal = card.deal;
  const counting = deal?.state === 'countdown' && deal.countdownEndsAt !== null;
  const live = deal?.state === 'live' && deal.endsAt !== null;
  return (
    <article className={`card${live ? ' card-deal' : ''}`} data-testid="overlay-card" data-sku={card.sku} data-deal-state={deal?.state ?? 'none'} lang={l.language}>
      <div className="card-body">
        <h1 className="card-name" data-testid="overlay-name" lang={card.language}>
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
        {counting ? <Countdown key={`c-${deal.dealId}`} until={deal.countdownEndsAt!} total={deal.countdownEndsAt! - card.pinnedAt} label={l.dealStartsIn} /> : null}
        {live ? (
          <>
            <Countdown key={`l-${deal.dealId}`} until={deal.endsAt!} total={deal.endsAt! - Math.min(deal.endsAt!, Date.now())} label={l.dealEndsIn} />
            <div className="stock" data-testid="overlay-stock">
              {fillTemplate(l.stockLeft, { stock: deal.stock, total: deal.stockInitial })}
            </div>
          </>
        ) : null}
        {card.shippingTime ? (
          <div className="shipping">
            {fillTemplate(l.shipping, { time: card.shippingTime })}
          </div>
        ) : null}
      </div>
      {card.qrImage ? (
        <figure className="card-qr">
          <img src={card.qrImage} alt={l.scanToBuy} width={160} height={160} />
          <figcaption>{l.scanToBuy}</figcaption>
        </figure>
      ) : null}
    </article>
  );
}
