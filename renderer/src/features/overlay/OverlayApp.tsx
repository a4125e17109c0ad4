import { useEffect, useLayoutEffect, useMemo, useState } from 'react';
import type { CardView } from '../../../../electron/shared/contract/cards';
import { createWsClient } from '../../transport/ws-transport';
import { recordLatency } from './latency';
import { OverlayCard } from './OverlayCard';

interface Shown {
  card: CardView | null;
  revision: number;
  at: number | null;
}

/** Connects with the read-only overlay token, loads the current card, then follows `card.state` pushes. */
export function OverlayApp({ token, market }: { token: string; market: string }) {
  const client = useMemo(() => createWsClient(window.location.origin, token), [token]);
  const [shown, setShown] = useState<Shown>({ card: null, revision: -1, at: null });
  const [ready, setReady] = useState(false);

  useEffect(() => {
    const offEvent = client.onEvent((event) => {
      if (event.name !== 'card.state') return;
      const { output, market: forMarket, card, revision } = event.payload as { output: string; market: string; card: CardView | null; revision: number };
      if (output !== 'overlay' || forMarket !== market) return;
      setShown((prev) => (revision > prev.revision || prev.at === null ? { card, revision, at: event.at } : prev));
    });
    const offLink = client.onLinkState((state) => {
      if (state !== 'online') return;
      void client.call('card.current', { output: 'overlay', market }).then(({ card }) => {
        setShown((prev) => (prev.at === null ? { card, revision: prev.revision, at: null } : prev));
        setReady(true);
      });
    });
    return () => {
      offEvent();
      offLink();
    };
  }, [client, market]);

  useLayoutEffect(() => {
    if (shown.at !== null) recordLatency(shown.revision, shown.at);
  }, [shown]);

  return (
    <main className="overlay" data-testid="overlay" data-ready={ready} data-revision={shown.revision} data-market={market}>
      {shown.card ? <OverlayCard key={shown.card.productId} card={shown.card} /> : null}
    </main>
  );
}
