import type { EventPayload } from '../../../electron/shared/contract';
// ws-transport directly, not the transport index: the overlay has no IPC, and stays plain DOM and small.
import { createWsClient } from '../transport/ws-transport';

type OverlayCard = EventPayload<'card.state'>['card'];
type PinnedComment = EventPayload<'chat.pinned'>['comment'];

/**
 * What the OBS overlay page (read-only overlay token) hears from the host: the card pushed for its
 * market and the comment pinned on stream, and each time the link is (back) up, the card and comment shown now. No store library: the overlay is plain
 * DOM, loaded by every OBS browser source (100 KB budget, test/e2e/page-weight.spec.ts).
 */
export function followOverlayCard(
  token: string,
  market: string,
  on: {
    pushed(card: OverlayCard, revision: number, at: number): void;
    current(card: OverlayCard): void;
    /** The pinned comment changed (null: unpinned), pushed or asked for after a (re)connect. */
    comment(comment: PinnedComment): void;
  },
): void {
  const client = createWsClient(window.location.origin, token);
  client.onEvent((event) => {
    if (event.name === 'chat.pinned') on.comment(event.payload.comment);
    if (event.name !== 'card.state') return;
    const { output, market: forMarket, card, revision } = event.payload;
    if (output === 'overlay' && forMarket === market) on.pushed(card, revision, event.at);
  });
  client.onLinkState((state) => {
    if (state !== 'online') return;
    // A failed ask leaves the page as it is; the next reconnect asks again.
    void client.call('card.current', { output: 'overlay', market }).then(({ card }) => on.current(card), () => {});
    void client.call('chat.pinned').then(({ comment }) => on.comment(comment), () => {});
  });
}
