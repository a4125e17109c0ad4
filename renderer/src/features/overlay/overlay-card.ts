import type { EventPayload } from '../../../../electron/shared/contract';
import { isRightToLeft } from '../../../../electron/shared/languages';
import { fillTemplate } from '../../../../electron/shared/template';
import { Countdown, type CountdownProps } from './countdown';
import { el } from './dom';

/** What the host pushes for the overlay (types only: the page carries no contract schemas). */
export type CardView = NonNullable<EventPayload<'card.state'>['card']>;

/**
 * The card as viewers see it, in the market's language (its words come with the card from the host).
 * One instance per product: a newer card of the same product is drawn into the same element (no new
 * entrance animation), and a running countdown of the same deal phase keeps ticking.
 */
export class OverlayCard {
  readonly element = el('article');
  private readonly body = el('div', { className: 'card-body' });
  private qr: { key: string; element: HTMLElement } | null = null;
  private countdown: { key: string; view: Countdown } | null = null;

  constructor(readonly productId: string) {
    this.element.append(this.body);
  }

  update(card: CardView): void {
    const l = card.texts;
    const deal = card.deal;
    const counting = deal?.state === 'countdown' && deal.countdownEndsAt !== null;
    const live = deal?.state === 'live' && deal.endsAt !== null;
    const article = this.element;
    article.className = live ? 'card card-deal' : 'card';
    article.dataset.testid = 'overlay-card';
    article.dataset.sku = card.sku;
    article.dataset.dealState = deal?.state ?? 'none';
    article.lang = l.language;
    // An Arabic card reads right to left: price, notes and QR code mirror with it.
    article.dir = isRightToLeft(l.language) ? 'rtl' : 'ltr';

    const prices =
      deal && (live || counting)
        ? el('div', { className: 'card-prices' }, [
            el('span', { className: 'deal-price', 'data-testid': 'overlay-deal-price' }, [deal.priceText]),
            deal.referencePriceText !== null && el('span', { className: 'was-price', 'data-testid': 'overlay-was-price' }, [deal.referencePriceText]),
            // "-22%" is one token: its minus stays in front in a right-to-left card too.
            deal.percentOff > 0 && el('span', { className: 'percent', dir: 'ltr' }, [`-${deal.percentOff}%`]),
          ])
        : el('div', { className: 'card-prices' }, [
            el('span', { className: 'price', 'data-testid': 'overlay-price' }, [card.priceText]),
            deal?.state === 'sold-out' && el('span', { className: 'sold-out' }, [l.soldOut]),
          ]);
    // The legal small print under the price: "inkl. MwSt." and the unit price of the price shown.
    const unitPrice = deal && (live || counting) ? deal.unitPriceText : card.unitPriceText;
    const priceNotes =
      (card.taxText !== null || unitPrice !== null) &&
      el('div', { className: 'price-notes', 'data-testid': 'overlay-price-notes' }, [
        card.taxText !== null && el('span', { className: 'tax-note', 'data-testid': 'overlay-tax' }, [card.taxText]),
        unitPrice !== null && el('span', { className: 'unit-price', 'data-testid': 'overlay-unit-price' }, [unitPrice]),
      ]);
    const countdown = counting
      ? this.countdownFor(`c-${deal.dealId}`, { until: deal.countdownEndsAt!, total: deal.countdownEndsAt! - card.pinnedAt, label: l.dealStartsIn })
      : live
        ? this.countdownFor(`l-${deal.dealId}`, { until: deal.endsAt!, total: deal.endsAt! - Math.min(deal.endsAt!, Date.now()), label: l.dealEndsIn })
        : this.countdownFor(null);

    this.body.replaceChildren(
      ...[
        el('h1', { className: 'card-name', 'data-testid': 'overlay-name', lang: card.language, dir: isRightToLeft(card.language) ? 'rtl' : 'ltr' }, [card.name]),
        prices,
        priceNotes,
        countdown,
        deal && (live || counting) && deal.discountCode !== null &&
          el('div', { className: 'deal-code', 'data-testid': 'overlay-deal-code' }, [fillTemplate(l.discountCode, { code: deal.discountCode })]),
        live && el('div', { className: 'stock', 'data-testid': 'overlay-stock' }, [fillTemplate(l.stockLeft, { stock: deal.stock, total: deal.stockInitial })]),
        card.deliveryText !== null && el('div', { className: 'shipping', 'data-testid': 'overlay-delivery' }, [card.deliveryText]),
        // The sponsorship disclosure, when the host chose to show it on the card (its words are the host's, in the card's language).
        card.disclosure && el('div', { className: 'card-disclosure', 'data-testid': 'overlay-disclosure', dir: 'auto' }, [card.disclosure]),
      ].filter((node): node is HTMLElement => node instanceof HTMLElement),
    );
    this.drawQr(card.qrImage, l.scanToBuy);
  }

  destroy(): void {
    this.countdownFor(null);
    this.element.remove();
  }

  /** The countdown element for this deal phase: the running one when the key is the same, else a new one. */
  private countdownFor(key: string | null, props?: CountdownProps): HTMLElement | null {
    if (this.countdown && this.countdown.key !== key) {
      this.countdown.view.destroy();
      this.countdown = null;
    }
    if (key === null || !props) return null;
    if (this.countdown) this.countdown.view.update(props);
    else this.countdown = { key, view: new Countdown(props) };
    return this.countdown.view.element;
  }

  /** The QR code stays the same element while its image and caption do (no reload flicker). */
  private drawQr(image: string | null, caption: string): void {
    const key = image === null ? null : `${image}\n${caption}`;
    if (this.qr?.key === key) return;
    this.qr?.element.remove();
    this.qr = null;
    if (image === null || key === null) return;
    const element = el('figure', { className: 'card-qr' }, [
      el('img', { src: image, alt: caption, width: 160, height: 160 }),
      el('figcaption', {}, [caption]),
    ]);
    this.element.append(element);
    this.qr = { key, element };
  }
}
