import { followOverlayCard } from '../../store/overlay-link';
import { recordLatency } from './latency';
import { OverlayCard, type CardView } from './overlay-card';
import { PinnedCommentView } from './pinned-comment';

interface Shown {
  card: CardView | null;
  revision: number;
  at: number | null;
}

/**
 * The OBS browser-source overlay: connects with the read-only overlay token, loads the current card and
 * pinned comment, then follows `card.state` pushes for its market and `chat.pinned`. The WebSocket client reconnects by itself; each time it
 * is back online the page asks for the current card again.
 */
export function startOverlay(root: HTMLElement, { token, market }: { token: string; market: string }): void {
  const main = document.createElement('main');
  main.className = 'overlay';
  main.dataset.testid = 'overlay';
  main.dataset.ready = 'false';
  main.dataset.market = market;
  root.append(main);

  const comment = new PinnedCommentView();
  main.append(comment.element);
  let shown: Shown = { card: null, revision: -1, at: null };
  let view: OverlayCard | null = null;

  const show = (next: Shown) => {
    shown = next;
    main.dataset.revision = String(next.revision);
    const card = next.card;
    if (view && (!card || view.productId !== card.productId)) {
      view.destroy();
      view = null;
    }
    if (card) {
      if (!view) {
        view = new OverlayCard(card.productId);
        main.append(view.element);
      }
      view.update(card);
    }
    // The new card is in the DOM now: the push-to-screen time is measured from here.
    if (next.at !== null) recordLatency(next.revision, next.at);
  };
  show(shown);

  followOverlayCard(token, market, {
    pushed(card, revision, at) {
      if (revision > shown.revision || shown.at === null) show({ card, revision, at });
    },
    current(card) {
      if (shown.at === null) show({ card, revision: shown.revision, at: null });
      main.dataset.ready = 'true';
    },
    comment: (pinned) => comment.show(pinned),
  });
}
